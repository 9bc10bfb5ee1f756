"""A cohort run is the single-case matcher applied in batch: same answers, chunked or not, local or Dask."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from oncotailor.cli import main
from oncotailor.cohort.run import match_study
from oncotailor.cohort.study import read_study
from oncotailor.knowledge import KnowledgeBase

STUDY = Path(__file__).parent / "fixtures" / "study"


def _levels(matches: pl.DataFrame, sample: str) -> dict[str, str]:
    rows = matches.filter((pl.col("sample_id") == sample) & (pl.col("status") == "met"))
    return {r["drugs"]: r["level"] for r in rows.iter_rows(named=True)}


def test_study_frames_are_built_from_all_files() -> None:
    study = read_study(STUDY)
    assert study.samples == 7
    alts = study.alterations
    assert set(alts["kind"].unique()) == {"mutation", "copy_number", "fusion"}
    assert "T790=" not in alts["alteration"].to_list()  # silent changes are not therapy-relevant
    egfr = alts.filter(pl.col("gene") == "EGFR").row(0, named=True)
    assert (egfr["alteration"], egfr["protein_start"], egfr["exon"]) == ("L858R", 858, 21)
    assert study.patients.filter(pl.col("patient_id") == "S-TMBH")["tmb"][0] == 25.0


def test_expected_matches_and_negatives() -> None:
    m = match_study(read_study(STUDY), KnowledgeBase())
    egfr = _levels(m, "S-LUAD-EGFR")
    assert egfr.get("osimertinib") == "1"
    assert any("alectinib" in d or "lorlatinib" in d for d in _levels(m, "S-NSCLC-ALK"))
    crc = m.filter(pl.col("sample_id") == "S-CRC-KRAS")
    assert not crc.filter((pl.col("effect") == "sensitive") & pl.col("drugs").str.contains("cetuximab|panitumumab")).height
    assert crc.filter((pl.col("effect") == "resistant") & pl.col("drugs").str.contains("cetuximab|panitumumab")).height
    assert any("pembrolizumab" in d for d in _levels(m, "S-TMBH"))
    assert m.filter(pl.col("sample_id") == "S-EMPTY").filter(pl.col("effect") == "sensitive").height == 0


def test_chunking_does_not_change_results() -> None:
    study = read_study(STUDY)
    kb = KnowledgeBase()
    whole = match_study(study, kb)
    chunked = match_study(study, kb, chunk_size=2)
    assert whole.sort(whole.columns).equals(chunked.sort(chunked.columns))


def test_dask_backend_gives_the_same_results() -> None:
    pytest.importorskip("dask")
    study = read_study(STUDY)
    kb = KnowledgeBase()
    local = match_study(study, kb, chunk_size=3)
    dask = match_study(study, kb, chunk_size=3, backend="dask")
    assert local.sort(local.columns).equals(dask.sort(dask.columns))


def test_cli_writes_tables_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["cohort", str(STUDY), "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["samples"] == 7 and manifest["samples_with_level_1"] >= 2
    assert any(k.startswith("therapy/") for k in manifest["knowledge_versions"])
    summary = pl.read_csv(out / "summary.tsv", separator="\t")
    assert summary.filter(pl.col("sample_id") == "S-LUAD-EGFR")["highest_level"][0] == "1"


def test_missing_clinical_file_and_bad_column_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cohort", str(tmp_path), "-o", str(tmp_path / "o")]) == 2
    assert "data_clinical_sample.txt" in capsys.readouterr().err
    (tmp_path / "data_clinical_sample.txt").write_text("SAMPLE_ID\tCANCER\nS1\tLUAD\n")
    assert main(["cohort", str(tmp_path), "-o", str(tmp_path / "o")]) == 2
    assert "ONCOTREE_CODE" in capsys.readouterr().err
