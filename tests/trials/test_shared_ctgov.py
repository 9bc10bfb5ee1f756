"""Validation on the 100 real CT.gov v2 NSCLC studies and the NCI CTS records (skips without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

from oncotailor.trials.importers import read_trials
from oncotailor.trials.store import TrialStore, import_path


def test_ctgov_100_studies_import_idempotently(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "trials" / "ctgov_v2_nsclc_2025" / "ctg-studies.json"
    store = TrialStore(f"sqlite:///{tmp_path / 's.sqlite'}")
    first = import_path(store, path)
    again = import_path(store, path)
    assert (first.added, again.unchanged, store.count()) == (100, 100, 100)
    assert store.version() == "snapshot 2025-12-09 (100 trials)"
    trials = store.all()
    assert sum(t.status == "recruiting" for t in trials) == 26  # SOURCE.md: RECRUITING 26
    assert sum(1 for t in trials for s in t.sites if s.lat is not None) == 941  # 941 of 959 sites geocoded
    assert all(t.oncotree_codes for t in trials)
    items = {(t.nct_id, c.text) for t in trials for c in t.criteria if c.origin == "text"}
    typed = {(t.nct_id, c.text) for t in trials for c in t.criteria if c.origin == "text" and c.typed}
    assert len(items) > 2000 and len(typed) / len(items) > 0.40  # measured 0.44; the rest is "needs review"
    assert sum(1 for t in trials if t.biomarker_genes()) >= 20


def test_nci_cts_full_records_import(shared_data: Path, tmp_path: Path) -> None:
    """The 14 full CTS records (biomarkers + criteria lines); the 345 search hits are skipped to stay fast."""
    folder = shared_data / "trials" / "nci_cts_v2_mock"
    ids = set((folder / "full_record_nct_ids.txt").read_text().split())
    lines = [ln for ln in (folder / "trials.jsonl").read_text().splitlines()
             if any(f'"nct_id": "{i}"' in ln for i in ids)]
    (tmp_path / "full.jsonl").write_text("\n".join(lines) + "\n")
    trials = list(read_trials(tmp_path / "full.jsonl"))
    assert {t.nct_id for t in trials} == ids
    assert all(t.source_format == "nci_cts_v2" and t.snapshot_date for t in trials)
    assert sum(1 for t in trials if t.oncotree_codes) >= 12
    assert sum(1 for t in trials for c in t.criteria if c.origin == "text") > 100
