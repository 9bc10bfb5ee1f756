"""Gail / NCI BCRAT: an independent transcription of the NCI algorithm, published examples, refusals.

The reference below re-implements the BCRA/NCI method separately from `risk/bcrat.py`: it reads the NCI
constants straight from ../shared/data (not our tables), recodes with its own rules and integrates over
whole 5-year age bands (the production code steps year by year).
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import bcrat
from oncotailor.risk.bcrat import GailInputs
from tests.risk.conftest import make_case

NCI_RACE = {
    "white": "White", "black": "Black", "hispanic_us_born": "US Hispanic", "hispanic_foreign_born": "Foreign Hispanic",
    "chinese": "Chinese", "japanese": "Japanese", "filipino": "Filipino", "hawaiian": "Hawaiian",
    "other_pacific_islander": "Islander", "other_asian": "Asian", "other": "Other",
}


# ───────────── independent reference (NCI / CRAN BCRA algorithm, band integration) ─────────────

def _load(shared: Path) -> tuple[dict[str, list[float]], dict[tuple[str, str], list[tuple[float, ...]]]]:
    betas = {}
    with (shared / "risk/nci_bcrat/bcrat_log_relative_risk_betas.csv").open() as fh:
        for r in csv.DictReader(fh):
            betas[r["race"]] = [float(r[k]) for k in ("beta_agemen_cat", "beta_nbiop_cat", "beta_age1st_cat",
                                                      "beta_nrels_cat", "beta_nbiop_x_age_ge50", "beta_age1st_x_nrels")]
    rates: dict[tuple[str, str], list[tuple[float, ...]]] = {}
    with (shared / "risk/nci_bcrat/bcrat_age_specific_rates.csv").open() as fh:
        for r in csv.DictReader(fh):
            rates.setdefault((r["race"], r["rate_set"]), []).append(
                (float(r["age_lo"]), float(r["age_hi_excl"]), float(r["lambda1_breast_cancer_incidence"]),
                 float(r["lambda2_competing_mortality"]), float(r["one_minus_attributable_risk"])))
    return betas, rates


def _ref_categories(x: GailInputs) -> tuple[int, int, int, int, float]:
    """CRAN BCRA recode.check, with 99 = unknown written as None."""
    race = x.race
    am = 99 if x.age_at_menarche is None else x.age_at_menarche
    men = 0 if (am == 99 or am >= 14) else 1 if am >= 12 else 2
    nb = 99 if x.biopsies is None else x.biopsies
    biop = 0 if nb in (0, 99) else 1 if nb == 1 else 2
    hyp = 99 if x.atypical_hyperplasia is None else int(x.atypical_hyperplasia)
    r_hyp = 1.0 if biop == 0 else {0: 0.93, 1: 1.82, 99: 1.0}[hyp]
    fb = x.age_at_first_live_birth
    a1 = 99 if fb is None else 98 if fb == "nulliparous" else fb
    first = 0 if (a1 == 99 or a1 < 20) else 1 if a1 < 25 else 2 if (a1 < 30 or a1 == 98) else 3
    nr = 99 if x.relatives is None else x.relatives
    rel = 0 if nr in (0, 99) else 1 if nr == 1 else 2
    if race == "black":
        men = 1 if men == 2 else men
        first = 0
    if race == "hispanic_us_born":
        men = 0
    if race in ("hispanic_us_born", "hispanic_foreign_born"):
        biop = 1 if biop == 2 else biop
        if a1 != 98:
            first = {2: 1, 3: 2}.get(first, first)
        rel = 1 if rel == 2 else rel
    if race in ("chinese", "japanese", "filipino", "hawaiian", "other_pacific_islander", "other_asian"):
        rel = 1 if rel == 2 else rel
    return men, biop, first, rel, r_hyp


def reference_risk(x: GailInputs, t2: float, betas: dict, rates: dict, average: bool = False) -> float:
    race = NCI_RACE[x.race]
    b = betas[race]
    men, biop, first, rel, r_hyp = _ref_categories(x)
    lp1 = b[0] * men + b[1] * biop + b[2] * first + b[3] * rel + b[5] * first * rel
    rr = {False: math.exp(lp1) * r_hyp, True: math.exp(lp1 + b[4] * biop) * r_hyp}
    bands = rates[(race, "Average" if average else "Absolute")]
    total, cum = 0.0, 0.0
    for lo, hi, l1, l2, f in bands:
        span = max(0.0, min(hi, t2) - max(lo, x.age))
        if span == 0.0:
            continue
        h1 = l1 if average else l1 * f * rr[lo >= 50]
        h = h1 + l2
        total += h1 / h * math.exp(-cum) * (1 - math.exp(-h * span))
        cum += h * span
    return total


def _grid(n: int, seed: int = 20261129) -> list[GailInputs]:
    rng = random.Random(seed)
    out = []
    for race in NCI_RACE:
        for age in (35, 35.5, 40, 44.2, 47, 49, 49.9, 50, 52, 57, 63, 69, 74.5, 80, 84, 85):
            for _ in range(n):
                biop = rng.choice([None, 0, 1, 2, 3])
                menarche = rng.choice([None, 9, 11, 12, 13, 14, 16])
                first = rng.choice([None, "nulliparous", 15, 19, 20, 24, 25, 29, 30, 34])
                if isinstance(first, int) and first > age:
                    first = None
                if menarche is not None and isinstance(first, int) and first < menarche:
                    first = "nulliparous"
                out.append(GailInputs(age=float(age), race=race, age_at_menarche=menarche,
                                      age_at_first_live_birth=first, biopsies=biop,
                                      atypical_hyperplasia=rng.choice([None, True, False]) if biop else None,
                                      relatives=rng.choice([None, 0, 1, 2, 4])))
    return out


def test_matches_independent_nci_reference_on_grid(shared_data: Path, kb: KnowledgeBase) -> None:
    betas, rates = _load(shared_data)
    grid = _grid(12)
    worst = 0.0
    for x in grid:
        for t2 in (min(x.age + 5, 90.0), 90.0):
            own, avg, _, _ = bcrat.compute(x, kb, t2)
            worst = max(worst, abs(own - reference_risk(x, t2, betas, rates)),
                        abs(avg - reference_risk(x, t2, betas, rates, average=True)))
    assert len(grid) == 11 * 16 * 12
    assert worst < 1e-12, worst  # in probability units; the brief's bar is 1e-6


def test_grid_covers_recoding_rules(shared_data: Path, kb: KnowledgeBase) -> None:
    """Every race model's collapses and the age/biopsy interactions are exercised and distinguishable."""
    base = dict(age=45.0, age_at_menarche=11, age_at_first_live_birth=32, biopsies=2, atypical_hyperplasia=True,
                relatives=2)
    cats = {race: bcrat.recode(GailInputs(race=race, **base)) for race in NCI_RACE}  # type: ignore[arg-type]
    assert (cats["white"].menarche, cats["white"].first_birth, cats["white"].relatives) == (2, 3, 2)
    assert (cats["black"].menarche, cats["black"].first_birth) == (1, 0)
    assert (cats["hispanic_us_born"].menarche, cats["hispanic_us_born"].biopsies,
            cats["hispanic_us_born"].first_birth, cats["hispanic_us_born"].relatives) == (0, 1, 2, 1)
    assert (cats["hispanic_foreign_born"].menarche, cats["hispanic_foreign_born"].first_birth) == (2, 2)
    assert cats["chinese"].relatives == 1 and cats["chinese"].biopsies == 2
    assert bcrat.recode(GailInputs(race="hispanic_foreign_born", **{**base, "age_at_first_live_birth": "nulliparous"})
                        ).first_birth == 2
    # hyperplasia multiplier 1.82 / 0.93 / 1.00 and only with a biopsy
    rr = {h: bcrat.recode(GailInputs(race="white", **{**base, "atypical_hyperplasia": h})).hyperplasia_rr
          for h in (True, False, None)}
    assert rr == {True: 1.82, False: 0.93, None: 1.0}
    # biopsy × age >= 50 interaction: White RR drops at 50, Asian (no interaction) does not
    for race, drops in (("white", True), ("other_asian", False)):
        beta = next(b for b in kb.table("risk/bcrat_betas", bcrat.BetaRow) if b.race == race)
        r1, r2 = bcrat.relative_risks(cats[race], beta)
        assert (r2 < r1) is drops


# NCI BCRAT outputs for four women (research notes A1: CRAN BCRA 2.1.2 and NCI code agree to 1e-13)
PUBLISHED = [
    (GailInputs(40, "white", 12, 25, 1, False, 1), 45, 4.78094, 3.58441, 1.72951, 0.5787),
    (GailInputs(52, "white", 11, "nulliparous", 2, True, 2), 57, 31.0624, 17.4600, 11.3702, 1.3676),
    (GailInputs(47, "black", 14, 19, 0, None, 0), 90, 1.0, 1.0, 7.00554, 9.2908),
    (GailInputs(60, "other_asian", 13, 31, 1, None, 1), 65, 9.47478, 9.47478, 3.80823, 0.8112),
]


@pytest.mark.parametrize(("x", "t2", "rr1", "rr2", "risk", "avg"), PUBLISHED)
def test_published_nci_examples(kb: KnowledgeBase, x: GailInputs, t2: float, rr1: float, rr2: float,
                                risk: float, avg: float) -> None:
    own, average, _, rr = bcrat.compute(x, kb, t2)
    assert rr[0] == pytest.approx(rr1, abs=1e-4) and rr[1] == pytest.approx(rr2, abs=1e-4)
    assert 100 * own == pytest.approx(risk, rel=5e-6)  # published to 6 significant digits
    assert 100 * average == pytest.approx(avg, abs=1e-4)


def test_tables_match_nci_constants(shared_data: Path, kb: KnowledgeBase) -> None:
    betas, rates = _load(shared_data)
    for b in kb.table("risk/bcrat_betas", bcrat.BetaRow):
        assert [b.menarche, b.biopsies, b.first_birth, b.relatives, b.biopsies_age_ge50,
                b.first_birth_x_relatives] == betas[NCI_RACE[b.race]]
    ours = kb.table("risk/bcrat_rates", bcrat.RateRow)
    assert len(ours) == sum(len(v) for v in rates.values()) == 11 * 2 * 14


# ───────────── reading a case: results, refusals, missing inputs ─────────────

WOMAN = {"patient": {"age": 50, "sex": "female"}, "family_history": [{"relation": "mother", "cancer": "breast"}],
         "risk_factors": {"race_ethnicity": "white", "age_at_menarche": 12, "age_at_first_live_birth": 27,
                          "breast_biopsies": 1, "atypical_hyperplasia": True}}


def _with(**changes: dict) -> dict:
    case = {k: (dict(v) if isinstance(v, dict) else v) for k, v in WOMAN.items()}
    for key, value in changes.items():
        case[key] = {**case.get(key, {}), **value} if isinstance(value, dict) else value
    return case


def test_case_gives_five_year_and_lifetime_with_icon_numbers(kb: KnowledgeBase) -> None:
    out = bcrat.evaluate(make_case(**WOMAN), kb)
    assert [r.horizon for r in out.results] == ["5y", "to_age_90"]
    five, life = out.results
    x = GailInputs(50.0, "white", 12, 27, 1, True, 1)
    assert five.percent == pytest.approx(100 * bcrat.compute(x, kb, 55.0)[0], abs=1e-12)
    assert life.percent > five.percent > five.average_percent > 0
    assert five.interpretation.startswith("Out of 100 women like you, about ")
    assert five.inputs_used["first_degree_relatives"] == 1  # counted from family_history (mother)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"patient": {"age": 30}}, "outside 35-85"),
    ({"patient": {"age": 86}}, "outside 35-85"),
    ({"patient": {"prior_cancers": [{"cancer": "DCIS", "age_at_diagnosis": 44}]}}, "personal history of breast cancer"),
    ({"diagnosis": {"cancer_type": "breast cancer"}}, "personal history of breast cancer"),
    ({"risk_factors": {"chest_radiation_before_30": True}}, "chest radiation"),
    ({"history": {"radiotherapy": [{"site": "mantle field (Hodgkin lymphoma)"}]}}, "chest radiation"),
    ({"risk_factors": {"age_at_menarche": 13, "age_at_first_live_birth": 11}}, "earlier than the age at menarche"),
    ({"risk_factors": {"breast_biopsies": 0, "atypical_hyperplasia": True}}, "biopsies is 0"),
])
def test_refuses_with_reason(kb: KnowledgeBase, changes: dict, reason: str) -> None:
    out = bcrat.evaluate(make_case(**_with(**changes)), kb)
    assert out.results and all(not r.valid and r.percent is None for r in out.results)
    assert reason in (out.results[0].refusal_reason or "")


def test_refuses_known_brca_carrier(kb: KnowledgeBase) -> None:
    out = bcrat.evaluate(make_case(**WOMAN), kb, excluding_genes=frozenset({"BRCA1"}))
    assert not out.results[0].valid and "BRCA1" in (out.results[0].refusal_reason or "")


def test_refuses_via_engine_for_germline_brca2(kb: KnowledgeBase) -> None:
    from oncotailor.risk.engine import assess

    res = assess(make_case(**WOMAN, germline={"variants": ["BRCA2 c.5946delT pathogenic"]}), kb)
    gail = [r for r in res.risk_models if r.model == "BCRAT"]
    assert gail and all(not r.valid and "BRCA2" in (r.refusal_reason or "") for r in gail)


def test_men_are_not_applicable_and_missing_inputs_are_named(kb: KnowledgeBase) -> None:
    assert bcrat.evaluate(make_case(patient={"age": 50, "sex": "male"}), kb).not_applicable is not None
    out = bcrat.evaluate(make_case(patient={"age": 50, "sex": "female"}), kb)
    assert out.missing is not None and not out.results
    needed = " ".join(out.missing.needed)
    for name in ("age_at_menarche", "age_at_first_live_birth", "breast_biopsies", "race_ethnicity",
                 "first_degree_relatives_breast_cancer"):
        assert name in needed
    plain_hispanic = _with(risk_factors={"race_ethnicity": "hispanic"})
    assert "hispanic_us_born" in " ".join(bcrat.evaluate(make_case(**plain_hispanic), kb).missing.needed)  # type: ignore[union-attr]
