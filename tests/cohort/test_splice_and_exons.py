"""Cohort MAFs without exon numbers, and splice-site rows, match as the same changes in a case file do."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from oncotailor.cohort.run import match_study
from oncotailor.cohort.study import read_study
from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess
from tests.therapy.conftest import make_case

STUDY = Path(__file__).parent / "fixtures" / "study"
# a cBioPortal-style MAF: no Exon_Number column; splice sites as X<codon>_splice with the cDNA change
MAF = """Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\tHGVSp_Short\tHGVSc
EGFR\tS-LUAD-EGFR\tIn_Frame_Del\tp.E746_A750del\tc.2235_2249del
MET\tS-NSCLC-ALK\tSplice_Site\tp.X1010_splice\tc.3028+1G>T
KRAS\tS-CRC-KRAS\tMissense_Mutation\tp.G12D\tc.35G>A
"""


@pytest.fixture(scope="module")
def matches(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    folder = tmp_path_factory.mktemp("study")
    for f in STUDY.iterdir():
        if f.name != "data_mutations.txt":
            shutil.copy(f, folder / f.name)
    (folder / "data_mutations.txt").write_text(MAF, encoding="utf-8")
    study = read_study(folder)
    rows = {r["gene"]: r for r in study.alterations.filter(pl.col("kind") == "mutation").iter_rows(named=True)}
    assert (rows["EGFR"]["exon"], rows["MET"]["exon"], rows["MET"]["intron"]) == (19, 14, 14)
    assert rows["KRAS"]["intron"] is None
    return match_study(study, KnowledgeBase())


def _sensitive(m: pl.DataFrame, sample: str) -> set[str]:
    rows = m.filter((pl.col("sample_id") == sample) & (pl.col("effect") == "sensitive") & (pl.col("level") == "1"))
    return set(rows["drugs"].to_list())


def test_exon_19_deletion_without_exon_number(matches: pl.DataFrame) -> None:
    assert "osimertinib" in _sensitive(matches, "S-LUAD-EGFR")


def test_met_splice_site_reads_as_exon_14_skipping(matches: pl.DataFrame) -> None:
    assert {"capmatinib", "tepotinib"} <= _sensitive(matches, "S-NSCLC-ALK")


@pytest.mark.parametrize("change", ["MET X1010_splice", "MET p.X1010_splice", "MET c.3028+1G>T", "MET c.2888-2A>G"])
def test_case_file_splice_notations_match_exon_14_skipping(change: str) -> None:
    out = assess(make_case("LUAD", [change], diagnosis={"stage": "IV"}), KnowledgeBase())
    assert {"capmatinib", "tepotinib"} <= {t.drugs[0] for t in out.therapies if t.level == "1"}


@pytest.mark.parametrize("change", ["MET c.2500+1G>T", "MET D1009N"])
def test_other_met_changes_do_not(change: str) -> None:
    out = assess(make_case("LUAD", [change], diagnosis={"stage": "IV"}), KnowledgeBase())
    assert not [t for t in out.therapies if "capmatinib" in t.drugs]


def test_a_deep_intronic_change_is_only_possibly_skipping() -> None:
    """c.3028+5 is outside the canonical site: the biomarker stays unknown (RNA testing decides), not met."""
    out = assess(make_case("LUAD", ["MET c.3028+5G>A"], diagnosis={"stage": "IV"}), KnowledgeBase())
    found = [t for t in out.therapies if "capmatinib" in t.drugs]
    assert found and all(t.biomarker_status == "unknown" for t in found)
