"""NCI CCRAT: an independent transcription of the NCI yearly recursion on a grid, case coding, refusals.

The reference reads the NCI constants from ../shared/data, builds the covariate vector in the NCI index
order (0-19) and runs the NCI recursion; production code uses our tables and named covariates.
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import ccrat
from oncotailor.risk.ccrat import CcratCodes
from tests.risk.conftest import make_case


def _load(shared: Path) -> tuple[dict, dict, dict]:
    d = shared / "risk/nci_ccrat"
    betas: dict[tuple[str, str], list[float]] = {}
    with (d / "ccrat_log_relative_risk_betas.csv").open() as fh:
        for r in csv.DictReader(fh):
            betas.setdefault((r["sex"], r["site"]), [0.0] * 20)[int(r["covariate_index"])] = float(r["beta"])
    ar = {}
    with (d / "ccrat_one_minus_attributable_risk.csv").open() as fh:
        for r in csv.DictReader(fh):
            ar[(r["sex"], r["site"])] = float(r["one_minus_attributable_risk"])
    rates: dict[tuple[str, str], list[dict]] = {}
    with (d / "ccrat_age_specific_rates.csv").open() as fh:
        for r in csv.DictReader(fh):
            rates.setdefault((r["sex"], r["race"]), []).append(r)
    return betas, ar, rates


def _vector(c: CcratCodes) -> list[float]:
    years, cigs = c.smoking_years_cat, c.cigarettes_cat
    if c.sex == "male" and years == 0 and cigs > 0:
        years = cigs = 0
    if c.sex == "male" and years > 0 and cigs == 0:
        years = cigs = 0
    e = c.exercise_inverted
    return [c.screening == 0, c.screening == 1, c.screening == 2, c.screening == 3, years == 0, years == 2, years == 3,
            cigs, c.no_nsaid, c.no_non_aspirin_nsaid, c.relatives > 0, 2 if c.relatives > 2 else c.relatives, e,
            e == 3, e == 2, e == 1, c.veg_lt5, c.bmi_trend, c.no_estrogen, c.bmi_trend * (1 - c.no_estrogen)]


def reference(c: CcratCodes, end: int, loaded: tuple[dict, dict, dict], average: bool = False) -> float:
    betas, ar, rates = loaded
    sex, race = c.sex.capitalize(), c.race.capitalize()
    x = [float(v) for v in _vector(c)]
    rel = {s: 1.0 if average else math.exp(sum(a * b for a, b in zip(x, betas[(sex, s)], strict=True)))
           for s in ("rectal", "proximal", "distal")}
    f = {k[1]: (1.0 if average else v) for k, v in ar.items() if k[0] == sex}
    table = rates[(sex, race)]
    risk, surv = 0.0, 1.0
    for age in range(c.age, end):
        row = table[(age - 45) // 5]
        h = (rel["rectal"] * f["rectal"] * float(row["rectal_incidence"])
             + rel["proximal"] * f["proximal"] * float(row["proximal_colon_incidence"]))
        distal_f = f["distalOver65"] if sex == "Female" and age >= 65 else f["distal"]
        h += rel["distal"] * float(row["distal_colon_incidence"]) * distal_f
        tot = h + float(row["competing_mortality"])
        risk += h / tot * surv * (1 - math.exp(-tot))
        surv *= math.exp(-tot)
    return risk


def _grid(n: int, seed: int = 7) -> list[CcratCodes]:
    rng = random.Random(seed)
    out = []
    for sex in ("male", "female"):
        for race in ("white", "black", "hispanic", "asian"):
            for age in (45, 49, 50, 58, 64, 65, 66, 72, 80, 85):
                for _ in range(n):
                    out.append(CcratCodes(
                        sex=sex, race=race, age=age, screening=rng.randrange(4),
                        smoking_years_cat=rng.randrange(4) if sex == "male" else 0,
                        cigarettes_cat=rng.randrange(4) if sex == "male" else 0, no_nsaid=rng.randrange(2),
                        no_non_aspirin_nsaid=rng.randrange(2), relatives=rng.randrange(4),
                        exercise_inverted=rng.randrange(4), veg_lt5=rng.randrange(2),
                        bmi_trend=rng.randrange(3) if sex == "male" else rng.randrange(2),
                        no_estrogen=rng.randrange(2) if sex == "female" else 0))
    return out


def test_matches_independent_nci_reference_on_grid(shared_data: Path, kb: KnowledgeBase) -> None:
    loaded = _load(shared_data)
    grid = _grid(15)
    worst = 0.0
    for c in grid:
        for end in (min(c.age + 5, 90), 90):
            worst = max(worst, abs(ccrat.absolute_risk(c, end, kb) - reference(c, end, loaded)),
                        abs(ccrat.absolute_risk(c, end, kb, average=True) - reference(c, end, loaded, average=True)))
    assert len(grid) == 2 * 4 * 10 * 15
    assert worst < 1e-12, worst


MAN = {"patient": {"age": 60, "sex": "male"}, "family_history": [{"relation": "brother", "cancer": "colon cancer"}],
       "risk_factors": {"race_ethnicity": "other_asian", "colonoscopy_last_10y": True, "polyp_last_10y": True,
                        "regular_aspirin": True, "regular_nsaid": False, "vigorous_activity_hours_per_week": 3,
                        "vegetable_servings_per_week": 4, "bmi": 31,
                        "smoking": {"status": "former", "years_smoked": 20, "cigarettes_per_day": 15}}}


def test_case_coding_follows_nci(kb: KnowledgeBase) -> None:
    out = ccrat.evaluate(make_case(**MAN), kb)
    five, life = out.results
    codes = CcratCodes(sex="male", race="asian", age=60, screening=2, smoking_years_cat=2, cigarettes_cat=2,
                       no_nsaid=0, no_non_aspirin_nsaid=1, relatives=1, exercise_inverted=1, veg_lt5=1, bmi_trend=2)
    assert five.percent == pytest.approx(100 * ccrat.absolute_risk(codes, 65, kb), abs=1e-12)
    assert life.percent == pytest.approx(100 * ccrat.absolute_risk(codes, 90, kb), abs=1e-12)
    assert five.average_percent == pytest.approx(100 * ccrat.absolute_risk(codes, 65, kb, average=True), abs=1e-12)


def test_woman_estrogen_coding(kb: KnowledgeBase) -> None:
    woman = {"patient": {"age": 66, "sex": "female", "menopausal_status": "post"}, "family_history": [],
             "risk_factors": {**MAN["risk_factors"], "estrogen_last_2y": False, "race_ethnicity": "black"}}
    out = ccrat.evaluate(make_case(**woman), kb)
    assert out.results[0].inputs_used["no_estrogen"] == 1 and out.results[0].inputs_used["bmi_trend"] == 1
    pre = {**woman, "patient": {"age": 50, "sex": "female", "menopausal_status": "pre"}}
    assert ccrat.evaluate(make_case(**pre), kb).results[0].inputs_used["no_estrogen"] == 0
    unknown = {**woman, "patient": {"age": 66, "sex": "female"}}
    assert ccrat.evaluate(make_case(**unknown), kb).missing is not None


@pytest.mark.parametrize(("patch", "reason"), [
    ({"patient": {"age": 44, "sex": "male"}}, "outside 45-85"),
    ({"patient": {"age": 86, "sex": "male"}}, "outside 45-85"),
    ({"diagnosis": {"cancer_type": "READ"}}, "colorectal cancer"),
])
def test_refusals(kb: KnowledgeBase, patch: dict, reason: str) -> None:
    out = ccrat.evaluate(make_case(**{**MAN, **patch}), kb)
    assert out.results and all(not r.valid and r.percent is None for r in out.results)
    assert reason in (out.results[0].refusal_reason or "")


def test_lynch_carrier_refused_and_unknown_race(kb: KnowledgeBase) -> None:
    assert not ccrat.evaluate(make_case(**MAN), kb, frozenset({"MLH1"})).results[0].valid
    other = {**MAN, "risk_factors": {**MAN["risk_factors"], "race_ethnicity": "american_indian"}}
    assert "race_ethnicity" in " ".join(ccrat.evaluate(make_case(**other), kb).missing.needed)  # type: ignore[union-attr]
