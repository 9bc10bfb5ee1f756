"""The store: idempotent re-import, snapshot dates, all-or-nothing imports, SQL prefilter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncotailor.errors import InputError
from oncotailor.trials.facts import facts_of
from oncotailor.trials.prefilter import TrialIndex, keys_of
from oncotailor.trials.store import TrialStore, import_path
from tests.trials.conftest import make_case, make_trial

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> TrialStore:
    return TrialStore(f"sqlite:///{tmp_path / 'db.sqlite'}")


def _study(nct: str, snapshot: str, title: str = "t") -> dict:  # type: ignore[type-arg]
    s = json.loads((FIX / "ctgov_study.json").read_text())
    s["protocolSection"]["identificationModule"].update(nctId=nct, briefTitle=title)
    s["derivedSection"]["miscInfoModule"]["versionHolder"] = snapshot
    return s


def test_reimport_is_idempotent(store: TrialStore) -> None:
    r1 = import_path(store, FIX / "ctgov_study.json")
    r2 = import_path(store, FIX / "ctgov_study.json")
    assert (r1.added, r2.added, r2.unchanged) == (1, 0, 1)
    assert store.count() == 1
    t = store.get("NCT09990001")
    assert t is not None and t.snapshot_date is not None and t.snapshot_date.isoformat() == "2026-11-01"
    assert t.eligibility_text and t.eligibility_text.startswith("Inclusion Criteria:")
    assert store.version() == "snapshot 2026-11-01 (1 trials)"


def test_newer_snapshot_replaces_older_is_kept(store: TrialStore, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([_study("NCT1", "2026-01-01", "old")]))
    (tmp_path / "b.json").write_text(json.dumps([_study("NCT1", "2026-06-01", "new")]))
    import_path(store, tmp_path / "a.json")
    assert import_path(store, tmp_path / "b.json").updated == 1
    assert import_path(store, tmp_path / "a.json").kept_newer == 1
    t = store.get("NCT1")
    assert t is not None and t.title == "new"


def test_failed_import_keeps_what_was_stored(store: TrialStore, tmp_path: Path) -> None:
    import_path(store, FIX / "ctgov_study.json")
    good = json.dumps(_study("NCT2", "2026-01-01"))
    (tmp_path / "bad.json").write_text("[" + good + "," + good[:200])
    with pytest.raises(InputError) as e:
        import_path(store, tmp_path / "bad.json")
    assert "bad.json" in str(e.value) and "record 1" in str(e.value)
    assert store.count() == 1 and store.get("NCT2") is None


def test_prefilter_by_cancer_type_and_gene(store: TrialStore) -> None:
    from oncotailor.trials.model import AltSpec, BiomarkerP, Criterion

    alk = Criterion(text="ALK", predicate=BiomarkerP(alternatives=[AltSpec(gene="ALK", category="fusion")]))
    egfr = Criterion(text="EGFR", predicate=BiomarkerP(alternatives=[AltSpec(gene="EGFR")]))
    trials = [
        make_trial("NSCLC", []), make_trial("LUNG", [], codes=("LUNG",)), make_trial("LUSC", [], codes=("LUSC",)),
        make_trial("BREAST", [], codes=("BREAST",)), make_trial("SOLID", [], codes=("_SOLID_",)),
        make_trial("LIQUID", [], codes=("_LIQUID_",)), make_trial("ALK", [alk]), make_trial("EGFR", [egfr]),
        make_trial("CLOSED", [], status="completed"), make_trial("UNMAPPED", [], codes=()),
    ]
    store.upsert(trials)
    f = facts_of(make_case())  # LUAD, EGFR L858R, ALK tested negative
    expected = {"NSCLC", "LUNG", "SOLID", "EGFR", "UNMAPPED"}
    assert {t.nct_id for t in store.candidates(keys_of(f))} == expected
    assert {t.nct_id for t in TrialIndex(trials).candidates(keys_of(f))} == expected
    untested = facts_of(make_case(tumor={"alterations": [], "tested_genes": None}))
    assert "ALK" in {t.nct_id for t in store.candidates(keys_of(untested))}  # not tested → kept, unknown
    nsclc = facts_of(make_case(diagnosis={"cancer_type": "NSCLC", "oncotree_code": "NSCLC"}))
    assert "LUSC" in {t.nct_id for t in store.candidates(keys_of(nsclc))}  # narrower trial kept
    assert {t.nct_id for t in store.candidates(keys_of(f), genes=["EGFR"])} == {"EGFR"}


def test_postcode_resolves_from_stored_sites(store: TrialStore) -> None:
    import_path(store, FIX / "ctgov_study.json")
    assert store.postcode_location("10117") == pytest.approx((52.52, 13.39))
    assert store.postcode_location("99999") is None
