"""Importers: CT.gov API v2, NCI CTS v2 and CTML records → the one Trial model (format detected per record)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from oncotailor.errors import InputError
from oncotailor.trials.importers.common import load_records
from oncotailor.trials.importers.ctgov import from_ctgov, is_ctgov
from oncotailor.trials.importers.ctml import from_ctml, is_ctml
from oncotailor.trials.importers.cts import from_cts, is_cts
from oncotailor.trials.model import Trial


def to_trial(rec: Any, *, file: str | None = None, index: int | None = None) -> Trial:
    """One record of any supported format → Trial; InputError names the file, record index and field."""
    if is_ctgov(rec):
        return from_ctgov(rec, file=file, index=index)
    if is_ctml(rec):
        return from_ctml(rec, file=file, index=index)
    if is_cts(rec):
        return from_cts(rec, file=file, index=index)
    raise InputError(f"record {index}: not a CT.gov v2 study, NCI CTS v2 trial or CTML document", file=file,
                     hint="expected protocolSection, treatment_list or nct_id + eligibility")


def read_trials(path: Path) -> Iterator[Trial]:
    """Every trial in a file (JSON, JSON array, JSONL, YAML, CT.gov API page, or a zip of these)."""
    for label, index, rec in load_records(path):
        try:
            yield to_trial(rec, file=label, index=index)
        except InputError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as e:
            raise InputError(f"record {index}: malformed record ({type(e).__name__}: {str(e)[:120]})",
                             file=label) from None
