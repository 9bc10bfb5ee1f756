"""Ranking: TrialGPT-style score, biomarker-matched trials first, failures last, distance and phase."""

from __future__ import annotations

import pytest

from oncotailor.case import Case
from oncotailor.trials.facts import facts_of
from oncotailor.trials.model import (
    AltSpec,
    BiomarkerP,
    BrainMetsP,
    Criterion,
    PerformanceP,
    ReviewP,
    Site,
)
from oncotailor.trials.rank import haversine_km, match, score_trial
from tests.trials.conftest import make_trial

ECOG1 = Criterion(text="ECOG ≤ 1", predicate=PerformanceP(scale="ecog", op="<=", value=1))
ECOG0 = Criterion(text="ECOG 0", predicate=PerformanceP(scale="ecog", op="<=", value=0))
REVIEW = Criterion(text="informed consent", predicate=ReviewP())
EGFR = Criterion(text="EGFR L858R", predicate=BiomarkerP(alternatives=[AltSpec(gene="EGFR", protein_change="L858R",
                                                                               category="mutation")]))
ALK = Criterion(text="ALK fusion", predicate=BiomarkerP(alternatives=[AltSpec(gene="ALK", category="fusion")]))
BRAIN_EXCL = Criterion(text="active brain metastases", exclusion=True, predicate=BrainMetsP(status="active"))


def test_haversine_berlin_munich() -> None:
    assert haversine_km((52.52, 13.405), (48.137, 11.575)) == pytest.approx(504, abs=5)


def test_trialgpt_score(case: Case) -> None:
    f = facts_of(case)
    # inclusions: cancer type (met), ECOG (met), review (unknown) → 2/3; no failures
    assert score_trial(make_trial("A", [ECOG1, REVIEW]), f).score == pytest.approx(2 / 3)
    # a failed inclusion costs 1
    assert score_trial(make_trial("B", [ECOG0, REVIEW]), f).score == pytest.approx(1 / 3 - 1)
    # a met exclusion costs 1; a passed exclusion does not count as an inclusion
    active = facts_of(case.model_copy(update={"diagnosis": case.diagnosis.model_copy(  # type: ignore[union-attr]
        update={"brain_metastases": "active"})}))
    assert score_trial(make_trial("C", [ECOG1, BRAIN_EXCL]), active).score == pytest.approx(1 - 1)
    assert score_trial(make_trial("D", [ECOG1, BRAIN_EXCL]), f).score == pytest.approx(1.0)


def test_biomarker_matched_first_failures_last(case: Case) -> None:
    trials = [
        make_trial("PLAIN", [ECOG1]),
        make_trial("ALK", [ALK, ECOG1]),
        make_trial("EGFR", [EGFR, ECOG1, REVIEW]),
        make_trial("FAIL", [ECOG0]),
    ]
    ranked = [m.nct_id for m in match(case, trials)]
    assert ranked[0] == "EGFR"  # matched biomarker beats a higher plain score
    assert ranked[-2:] == ["ALK", "FAIL"] or set(ranked[-2:]) == {"ALK", "FAIL"}
    top = match(case, trials)[0]
    assert top.biomarker_selected and top.reasons[0].startswith("biomarker-selected trial matching")
    assert [v.criterion for v in top.met][:1] == ["conditions: NSCLC"]
    assert top.unknown and top.unknown[0].kind == "needs_review" and "needs review" in top.unknown[0].evidence


def test_open_before_closed_and_nearer_first(case: Case) -> None:
    near = make_trial("NEAR", [ECOG1], sites=[Site(facility="Berlin", lat=52.5, lon=13.4, contact="desk")])
    far = make_trial("FAR", [ECOG1], sites=[Site(facility="Munich", lat=48.1, lon=11.6)])
    closed = make_trial("CLOSED", [ECOG1], status="completed")
    ranked = match(case, [closed, far, near])
    assert [m.nct_id for m in ranked] == ["NEAR", "FAR", "CLOSED"]
    assert ranked[0].nearest_site and ranked[0].nearest_site.distance_km is not None
    assert ranked[0].nearest_site.distance_km < 5 and ranked[0].nearest_site.contact == "desk"
    assert [m.nct_id for m in match(case, [far, near], radius_km=100)] == ["NEAR"]


def test_later_phase_breaks_ties(case: Case) -> None:
    p1 = make_trial("P1", [ECOG1], phase="1")
    p3 = make_trial("P3", [ECOG1], phase="3")
    assert [m.nct_id for m in match(case, [p1, p3])] == ["P3", "P1"]


def test_questions_come_from_unknowns() -> None:
    from tests.trials.conftest import make_case

    unknown_ecog = make_case(patient={"ecog": None})
    (m,) = match(unknown_ecog, [make_trial("Q", [ECOG1])])
    assert m.questions == ["ECOG performance status"]
    assert m.evidence[0].id == "Q"
