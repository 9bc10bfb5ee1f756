"""Validation on the 100 real CT.gov v2 NSCLC studies and the NCI CTS records (skips without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

from oncotailor.trials.importers import read_trials
from oncotailor.trials.store import TrialStore, import_path


def test_ctgov_100_studies_import_idempotently(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "trials" / "ctgov_v2_nsclc_2025" / "ctg-studies.json"
    store = TrialStore(f"sqlite:///{tmp_path / 's.sqlite'}")
    first = import_path(store, path)
    trials = store.all()
    again = store.upsert(trials)
    assert (first.added, again.unchanged, store.count()) == (100, 100, 100)
    assert store.version() == "snapshot 2025-12-09 (100 trials)"
    assert sum(t.status == "recruiting" for t in trials) == 26  # SOURCE.md: RECRUITING 26
    assert sum(1 for t in trials for s in t.sites if s.lat is not None) == 941  # 941 of 959 sites geocoded
    assert all(t.oncotree_codes for t in trials)
    items = {(t.nct_id, c.text) for t in trials for c in t.criteria if c.origin == "text"}
    typed = {(t.nct_id, c.text) for t in trials for c in t.criteria if c.origin == "text" and c.typed}
    assert len(items) > 2000 and len(typed) / len(items) > 0.40  # measured 0.44; the rest is "needs review"
    assert sum(1 for t in trials if t.biomarker_genes()) >= 20


def test_nci_cts_full_records_import(shared_data: Path, tmp_path: Path) -> None:
    """Six of the 14 full CTS records (biomarkers + criteria lines); the rest are skipped to stay fast."""
    folder = shared_data / "trials" / "nci_cts_v2_mock"
    ids = set(sorted((folder / "full_record_nct_ids.txt").read_text().split())[:6])
    lines = []
    with (folder / "trials.jsonl").open(encoding="utf-8") as fh:
        for ln in fh:
            head = ln[ln.find('"nct_id": "'):][:24]
            if any(i in head for i in ids):
                lines.append(ln.rstrip("\n"))
    (tmp_path / "full.jsonl").write_text("\n".join(lines) + "\n")
    trials = list(read_trials(tmp_path / "full.jsonl"))
    assert {t.nct_id for t in trials} == ids
    assert all(t.source_format == "nci_cts_v2" and t.snapshot_date for t in trials)
    assert sum(1 for t in trials if t.oncotree_codes) >= 5
    assert sum(1 for t in trials for c in t.criteria if c.origin == "text") > 30
