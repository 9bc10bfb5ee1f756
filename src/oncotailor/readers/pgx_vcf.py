"""Genotypes at the PGx positions of a germline VCF (placeholder until the PGx work lands)."""

from __future__ import annotations

from pathlib import Path

from oncotailor.readers.common import ReadResult


def read_pgx_genotypes(path: Path, *, sample: str | None = None) -> ReadResult:
    return ReadResult()
