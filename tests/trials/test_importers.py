"""The three formats import to the same model; bad files fail with the file, record and field named."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from oncotailor.errors import InputError
from oncotailor.trials.importers import read_trials
from oncotailor.trials.model import BiomarkerP, CtmlP

FIX = Path(__file__).parent / "fixtures"


def _one(name: str):  # type: ignore[no-untyped-def]
    trials = list(read_trials(FIX / name))
    assert len(trials) == 1
    return trials[0]


@pytest.mark.parametrize("name", ["ctgov_study.json", "cts_trial.jsonl", "ctml_trial.yaml"])
def test_each_format_gives_the_same_core_trial(name: str) -> None:
    t = _one(name)
    assert t.nct_id == "NCT09990001"
    assert t.title.startswith("Test Drug in EGFR-mutant NSCLC")
    assert t.status == "recruiting" and t.is_open
    assert t.phase == "2"
    assert t.oncotree_codes == ["NSCLC"]
    assert t.snapshot_date is not None and t.snapshot_date.isoformat() == "2026-11-01"
    assert t.biomarker_genes() == frozenset({"EGFR"})
    assert t.source_format in ("ctgov_v2", "nci_cts_v2", "ctml")


def test_ctgov_and_cts_share_sites_age_and_sex() -> None:
    a, b = _one("ctgov_study.json"), _one("cts_trial.jsonl")
    assert (a.min_age, a.max_age, a.sex) == (b.min_age, b.max_age, b.sex) == (18.0, None, "all")
    assert (a.sites[0].lat, a.sites[0].lon, a.sites[0].postcode) == (b.sites[0].lat, b.sites[0].lon, "10117")
    assert a.sites[0].contact and "+49 30 1111" in a.sites[0].contact
    kinds_a = {c.predicate.kind for c in a.criteria}
    kinds_b = {c.predicate.kind for c in b.criteria}
    assert {"cancer_type", "stage", "performance", "brain_metastases", "biomarker"} <= kinds_a & kinds_b


def test_ctml_keeps_the_match_tree_per_arm() -> None:
    t = _one("ctml_trial.yaml")
    (crit,) = t.criteria
    assert isinstance(crit.predicate, CtmlP)
    assert [a.label for a in crit.predicate.arms] == ["A"]
    assert crit.predicate.arms[0].tree and "and" in crit.predicate.arms[0].tree


def test_cts_biomarker_becomes_an_inclusion_predicate() -> None:
    t = _one("cts_trial.jsonl")
    bm = [c for c in t.criteria if isinstance(c.predicate, BiomarkerP)]
    assert bm and not bm[0].exclusion and bm[0].predicate.alternatives[0].gene == "EGFR"


def test_bulk_array_api_page_and_zip(tmp_path: Path) -> None:
    study = json.loads((FIX / "ctgov_study.json").read_text())
    second = json.loads(json.dumps(study))
    second["protocolSection"]["identificationModule"]["nctId"] = "NCT09990002"
    (tmp_path / "bulk.json").write_text(json.dumps([study, second]))
    (tmp_path / "page.json").write_text(json.dumps({"studies": [study, second], "nextPageToken": None}))
    with zipfile.ZipFile(tmp_path / "studies.zip", "w") as zf:
        zf.writestr("NCT09990001.json", json.dumps(study))
        zf.writestr("NCT09990002.json", json.dumps(second))
    for f in ("bulk.json", "page.json", "studies.zip"):
        assert [t.nct_id for t in read_trials(tmp_path / f)] == ["NCT09990001", "NCT09990002"]


def test_truncated_array_names_file_and_record(tmp_path: Path) -> None:
    study = (FIX / "ctgov_study.json").read_text()
    text = "[" + study + "," + study[: len(study) // 2]
    (tmp_path / "cut.json").write_text(text)
    with pytest.raises(InputError) as e:
        list(read_trials(tmp_path / "cut.json"))
    assert "cut.json" in str(e.value) and "record 1" in str(e.value)


def test_unknown_record_shape_names_the_index(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text('{"hello": 1}\n')
    with pytest.raises(InputError) as e:
        list(read_trials(tmp_path / "x.jsonl"))
    assert "record 0" in str(e.value) and "x.jsonl" in str(e.value)


def test_study_without_nct_id_names_the_field(tmp_path: Path) -> None:
    study = json.loads((FIX / "ctgov_study.json").read_text())
    del study["protocolSection"]["identificationModule"]["nctId"]
    (tmp_path / "s.json").write_text(json.dumps([study]))
    with pytest.raises(InputError) as e:
        list(read_trials(tmp_path / "s.json"))
    assert e.value.field == "protocolSection.identificationModule.nctId"


def test_garbage_yaml_names_line(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("treatment_list: [unclosed\n  - x: : :\n")
    with pytest.raises(InputError) as e:
        list(read_trials(tmp_path / "t.yaml"))
    assert e.value.line is not None
