"""The engine: honest 'not assessed' without a store; ranked matches and a recorded store version with one."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.trials.engine import assess
from oncotailor.trials.store import TrialStore, import_path
from tests.trials.conftest import make_case

FIX = Path(__file__).parent / "fixtures"


def test_no_store_is_not_assessed_never_no_trials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCOTAILOR_DB", f"sqlite:///{tmp_path / 'absent.sqlite'}")
    out = assess(make_case(), KnowledgeBase())
    assert out.trials == []
    assert out.not_assessed[0].reason.startswith("no trial store")
    assert not (tmp_path / "absent.sqlite").exists()


def test_matches_from_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    monkeypatch.setenv("ONCOTAILOR_DB", url)
    import_path(TrialStore(url), FIX / "ctgov_study.json")
    kb = KnowledgeBase()
    out = assess(make_case(), kb)
    (m,) = out.trials
    assert m.nct_id == "NCT09990001" and m.biomarker_selected
    assert any("L858R" in v.evidence for v in m.met)
    assert m.nearest_site and m.nearest_site.city == "Berlin"
    assert kb.versions()["trials"] == "snapshot 2026-11-01 (1 trials)"
    assert out.questions and all(q.topic == "trials" for q in out.questions)
    breast = make_case(diagnosis={"cancer_type": "BRCA", "oncotree_code": "BRCA"})
    out2 = assess(breast, kb)
    assert out2.trials == [] and "none of the 1 stored trials" in out2.not_assessed[0].reason
