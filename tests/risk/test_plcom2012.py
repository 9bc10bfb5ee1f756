"""PLCOm2012: an independent grid from the published equation (Tammemägi 2013), table check, refusals."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import plcom2012
from oncotailor.risk.plcom2012 import PlcoInputs
from tests.risk.conftest import make_case

# Coefficients as printed in Tammemägi MC et al. NEJM 2013;368:728 (Table 2 / supplement), typed here by hand.
RACE = {"race_white": 0.0, "race_black": 0.3944778, "race_hispanic": -0.7434744, "race_asian": -0.466585,
        "race_american_indian_alaska_native": 0.0, "race_native_hawaiian_pacific_islander": 1.027152}


def reference(x: PlcoInputs) -> float:
    logit = (-4.532506 + 0.0778868 * (x.age - 62) + RACE[x.race_term] - 0.0812744 * (x.education - 4)
             - 0.0274194 * (x.bmi - 27) + 0.3553063 * x.copd + 0.4589971 * x.personal_history_cancer
             + 0.587185 * x.family_history_lung_cancer + 0.2597431 * x.current_smoker
             - 1.822606 * ((x.cigarettes_per_day / 10) ** -1 - 0.4021541613) + 0.0317321 * (x.years_smoked - 27)
             - 0.0308572 * ((0 if x.current_smoker else x.years_since_quit) - 10))
    return math.exp(logit) / (1 + math.exp(logit))


def test_matches_published_equation_on_grid(kb: KnowledgeBase) -> None:
    worst, n = 0.0, 0
    for age, race, edu, bmi, flags, current, cpd, years, quit in itertools.product(
            (50, 55, 62, 70, 80), RACE, (1, 4, 6), (18.5, 27, 35), ((0, 0, 0), (1, 1, 1), (1, 0, 1)),
            (True, False), (5, 20, 40), (10, 27, 45), (0, 8, 20)):
        x = PlcoInputs(age=age, race_term=race, education=edu, bmi=bmi, copd=bool(flags[0]),
                       personal_history_cancer=bool(flags[1]), family_history_lung_cancer=bool(flags[2]),
                       current_smoker=current, cigarettes_per_day=cpd, years_smoked=years, years_since_quit=quit)
        worst = max(worst, abs(plcom2012.probability(x, kb) - reference(x)))
        n += 1
    assert n == 5 * 6 * 3 * 3 * 3 * 2 * 3 * 3 * 3
    assert worst < 1e-12, worst


def test_reference_person_is_the_intercept(kb: KnowledgeBase) -> None:
    """At every centring value the logit is the intercept: a check on the centring constants themselves."""
    x = PlcoInputs(age=62, race_term="race_white", education=4, bmi=27, copd=False, personal_history_cancer=False,
                   family_history_lung_cancer=False, current_smoker=False, cigarettes_per_day=10 / 0.4021541613,
                   years_smoked=27, years_since_quit=10)
    assert plcom2012.probability(x, kb) == pytest.approx(1 / (1 + math.exp(4.532506)), abs=1e-15)


def test_table_matches_publication_file(shared_data: Path, kb: KnowledgeBase) -> None:
    with (shared_data / "risk/published_coefficients/plcom2012_coefficients.csv").open() as fh:
        published = {r["term"]: float(r["coefficient"]) for r in csv.DictReader(fh)}
    ours = {r.term: r.coefficient for r in kb.table("risk/plcom2012", plcom2012.TermRow)}
    assert ours == published
    assert ours["race_hispanic"] == -0.7434744  # not the -0.734744 typo of one R copy


SMOKER = {"patient": {"age": 65, "sex": "male", "prior_cancers": []}, "family_history": [],
          "risk_factors": {"race_ethnicity": "black", "education": "high_school", "bmi": 24, "copd": True,
                           "smoking": {"status": "current", "cigarettes_per_day": 20, "years_smoked": 40}}}


def test_case_reading_and_threshold_note(kb: KnowledgeBase) -> None:
    out = plcom2012.evaluate(make_case(**SMOKER), kb)
    (r,) = out.results
    x = PlcoInputs(65, "race_black", 2, 24, True, False, False, True, 20, 40, 0)
    assert r.valid and r.horizon == "6y" and r.percent == pytest.approx(100 * reference(x), abs=1e-10)
    assert "1.51 %" in (r.interpretation or "")


@pytest.mark.parametrize(("patch", "reason"), [
    ({"patient": {"age": 45, "sex": "male", "prior_cancers": []}}, "outside 50-80"),
    ({"patient": {"age": 82, "sex": "male", "prior_cancers": []}}, "outside 50-80"),
    ({"diagnosis": {"cancer_type": "LUAD"}}, "lung cancer"),
])
def test_refusals(kb: KnowledgeBase, patch: dict, reason: str) -> None:
    out = plcom2012.evaluate(make_case(**{**SMOKER, **patch}), kb)
    assert out.results and not out.results[0].valid and out.results[0].percent is None
    assert reason in (out.results[0].refusal_reason or "")


def test_never_smoker_and_zero_cigarettes(kb: KnowledgeBase) -> None:
    never = {**SMOKER, "risk_factors": {**SMOKER["risk_factors"], "smoking": {"status": "never"}}}
    assert plcom2012.evaluate(make_case(**never), kb).not_applicable is not None
    zero = {**SMOKER, "risk_factors": {**SMOKER["risk_factors"],
                                       "smoking": {"status": "current", "cigarettes_per_day": 0, "years_smoked": 5}}}
    assert not plcom2012.evaluate(make_case(**zero), kb).results[0].valid


def test_missing_inputs_named(kb: KnowledgeBase) -> None:
    out = plcom2012.evaluate(make_case(patient={"age": 60}, risk_factors={"smoking": {"status": "former"}}), kb)
    needed = " ".join(out.missing.needed)  # type: ignore[union-attr]
    for name in ("education", "bmi", "copd", "personal_history_cancer", "family_history_lung_cancer",
                 "cigarettes_per_day", "years_smoked", "years_since_quit", "race_ethnicity"):
        assert name in needed
