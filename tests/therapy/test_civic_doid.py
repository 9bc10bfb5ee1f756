"""The DOID → OncoTree table: well formed, codes in the bundled OncoTree, names agree with CIViC's."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oncotailor.vocab import doid
from oncotailor.vocab.tumor_types import all_codes


def test_table_loads_with_codes_from_the_bundled_oncotree() -> None:
    table = doid.table()
    assert len(table.terms) >= 150
    codes = set(all_codes())
    for term in table.terms.values():
        assert term.tumor_agnostic or term.oncotree in codes, term
    meta = table.meta
    assert "Disease Ontology" in meta["source"] and "CC0" in meta["licence"]
    assert meta["oncotree_version"] == "oncotree_2025_10_03"


@pytest.mark.parametrize(("value", "code"), [
    ("3910", "LUAD"), ("1909", "MEL"), ("9256", "COADREAD"), ("1612", "BREAST"), ("3908", "NSCLC"),
    ("DOID:8923", "SKCM"), ("0060079", "BRCA"), ("9119", "AML"), ("8552", "CML"),
])
def test_common_civic_diseases(value: str, code: str) -> None:
    term = doid.lookup(value)
    assert term is not None and term.oncotree == code


@pytest.mark.parametrize(("value", "expected"), [
    ("3910", "DOID:3910"), (" DOID:3910 ", "DOID:3910"), ("doid_0060079", "DOID:0060079"),
    ("0060079", "DOID:0060079"), (3910, "DOID:3910"), ("", None), (None, None), ("C3910", None), (True, None),
])
def test_normalize_doid(value: object, expected: str | None) -> None:
    assert doid.normalize_doid(value) == expected


def test_leading_zeros_are_part_of_the_id() -> None:
    assert doid.lookup("0060079") is not None and doid.lookup("60079") is None


def test_oncotree_codes_exist_in_the_shared_release(shared_data: Path) -> None:
    with (shared_data / "vocab" / "oncotree_2025_10_03.tsv").open(encoding="utf-8", newline="") as fh:
        shared = {r["code"] for r in csv.DictReader(fh, delimiter="\t")}
    missing = [t.doid for t in doid.table().terms.values() if t.oncotree and t.oncotree not in shared]
    assert not missing


def test_names_agree_with_the_civic_sample(shared_data: Path) -> None:
    """Every mapped DOID that the CIViC sample uses carries the same disease name there."""
    civic = shared_data / "civic"
    seen = 0
    for name in ("01-Aug-2024-ClinicalEvidenceSummaries.sample.tsv", "01-Aug-2024-AssertionSummaries.sample.tsv"):
        with (civic / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                term = doid.lookup(row.get("doid"))
                if term is None:
                    continue
                seen += 1
                assert any(doid.same_name(row["disease"], n) for n in term.names()), (row["doid"], row["disease"])
    assert seen > 100
