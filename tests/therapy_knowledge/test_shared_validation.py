"""Cross-checks the therapy tables against the public reference data in ../shared/data/vocab.

Independent of our own vocabulary tables: genes must be approved HGNC symbols in the HGNC export and
tumor types must be OncoTree 2025 codes. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

from oncotailor.knowledge.schemas.therapy import NoTargetedOption, TherapyRule


def _column(path: Path, name: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row[name] for row in csv.DictReader(fh, delimiter="\t")}


def test_genes_are_approved_hgnc_symbols(shared_data: Path, all_rules: list[TherapyRule]) -> None:
    symbols = _column(shared_data / "vocab" / "hgnc_complete_set.trimmed.tsv", "symbol")
    genes = {g for r in all_rules for b in (*r.all_of, *r.none_of) for g in (b.gene, b.partner) if g}
    assert genes and not genes - symbols, sorted(genes - symbols)


def test_codes_are_oncotree_2025(shared_data: Path, all_rules: list[TherapyRule],
                                 no_option_rows: list[NoTargetedOption]) -> None:
    codes = _column(shared_data / "vocab" / "oncotree_2025_10_03.tsv", "code")
    used = {c for r in all_rules for c in (*r.cancer_types, *r.exclude_cancer_types)}
    used |= {r.cancer_type for r in no_option_rows}
    assert not used - codes, sorted(used - codes)
