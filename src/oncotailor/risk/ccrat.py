"""NCI Colorectal Cancer Risk Assessment Tool (CCRAT): 5-year and to-age-90 colorectal cancer risk.

Freedman AN et al. J Clin Oncol 2009;27:686-693; validated in NIH-AARP (Park Y et al. JCO 2009).
Three site models (proximal colon, distal colon, rectum) per sex; yearly steps from the current age:
``risk += h/(h+m) · S · (1 − e^{−(h+m)})``, ``S ·= e^{−(h+m)}`` with
``h = Σ_site λ_site(age) · (1 − AR_site) · exp(β_site · x)`` and ``m`` the competing mortality.
Covariates follow the NCI coding (`knowledge/data/risk/ccrat_*.yaml`): colonoscopy/sigmoidoscopy and
polyps in the last 10 years, NSAID use, first-degree relatives, vigorous exercise (inverted 0–3),
vegetables, BMI trend; men: smoking years and cigarettes per day; women: estrogen in the last 2 years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from oncotailor.case import Case
from oncotailor.findings import Evidence
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import model_base as mb
from oncotailor.risk.family import count_first_degree
from oncotailor.risk.race import CCRAT_GROUP, normalise_race

SPEC = mb.ModelSpec(
    name="CCRAT", outcome="colorectal cancer", people="people",
    average_group="of the same age, sex and race or ethnicity",
    evidence=(Evidence(source="NCI Colorectal Cancer Risk Assessment Tool", url="https://ccrisktool.cancer.gov/",
                       date="2009", level="validated model"),
              Evidence(source="PubMed", id="PMID:19114701", note="Freedman AN et al. J Clin Oncol 2009;27:686-693",
                       date="2009-02-10")),
)
HORIZONS = ("5y", "to_age_90")
MIN_AGE, MAX_AGE, END_AGE = 45, 85, 90
SITES = ("rectal", "proximal", "distal")
NOT_FOR = ("The model is not for people with inflammatory bowel disease (ulcerative colitis, Crohn's disease) or a "
           "polyposis syndrome; it assumes neither.")


class CcratRate(mb.Row):
    sex: str
    race: str
    age_lo: int
    age_hi: int
    rectal: float
    proximal: float
    distal: float
    competing_mortality: float
    source: str


class CcratAttributable(mb.Row):
    sex: str
    site: str
    one_minus_ar: float
    source: str


@dataclass(frozen=True)
class CcratCodes:
    """The NCI-coded covariates (see Freedman 2009 and the NCI tool)."""

    sex: str  # male | female
    race: str  # white | black | hispanic | asian
    age: int
    screening: int  # 0 scope, no polyp; 1 no scope; 2 scope with polyp; 3 unknown
    smoking_years_cat: int = 0  # men: 0 never/unknown, 1 <=15 y, 2 >15-35 y, 3 >35 y
    cigarettes_cat: int = 0  # men: 0, 1 (1-10), 2 (11-20), 3 (21+)
    no_nsaid: int = 0  # 1 = neither aspirin nor other NSAIDs regularly
    no_non_aspirin_nsaid: int = 0  # 1 = no regular non-aspirin NSAID
    relatives: int = 0  # first-degree relatives with colorectal cancer (capped at 2)
    exercise_inverted: int = 0  # 3 - category(vigorous hours/week: 0, <=2, <=4, >4)
    veg_lt5: int = 0
    bmi_trend: int = 0  # men 0 <25, 1 25-<30, 2 >=30; women 0 <30, 1 >=30
    no_estrogen: int = 0  # women: 1 = no estrogen and no periods in the last 2 years


def covariates(c: CcratCodes) -> dict[str, float]:
    years, cigs = c.smoking_years_cat, c.cigarettes_cat
    if c.sex == "male" and (years == 0) != (cigs == 0):  # NCI: an incomplete smoking history counts as none
        years, cigs = 0, 0
    return {
        "scope_negative_no_polyp": float(c.screening == 0), "no_scope_screening": float(c.screening == 1),
        "scope_with_polyp": float(c.screening == 2), "scope_unknown": float(c.screening == 3),
        "never_smoked": float(years == 0), "smoked_15_34y": float(years == 2), "smoked_35plus_y": float(years == 3),
        "cigs_per_day_cat_0to3": float(cigs), "no_nsaid_use": float(c.no_nsaid),
        "aspirin_only_or_no_nsaid": float(c.no_non_aspirin_nsaid),
        "any_fdr_crc": float(c.relatives > 0), "n_fdr_crc_0to2": float(min(c.relatives, 2)),
        "vigorous_exercise_inverted_0to3": float(c.exercise_inverted),
        "exercise_0h": float(c.exercise_inverted == 3), "exercise_1_2h": float(c.exercise_inverted == 2),
        "exercise_3_4h": float(c.exercise_inverted == 1), "veg_lt_5_servings_week": float(c.veg_lt5),
        "bmi_trend": float(c.bmi_trend), "no_estrogen_last_2y": float(c.no_estrogen),
        # as coded in the NCI tool: BMI trend × (1 − no_estrogen)
        "bmi_x_no_estrogen": float(c.bmi_trend * (1 - c.no_estrogen)),
    }


def absolute_risk(c: CcratCodes, end_age: int, kb: KnowledgeBase, average: bool = False) -> float:
    """Risk of colorectal cancer in [age, end_age); `average` uses relative risk and 1-AR of 1 (NCI 'average')."""
    bands = {r.age_lo: r for r in kb.table("risk/ccrat_rates", CcratRate) if r.sex == c.sex and r.race == c.race}
    ar = {r.site: r.one_minus_ar for r in kb.table("risk/ccrat_attributable", CcratAttributable) if r.sex == c.sex}
    x = covariates(c)
    rel: dict[str, float] = {}
    for b in kb.table("risk/ccrat_betas", mb.CoefficientRow):
        if b.sex == c.sex:
            rr = 1.0 if average else math.exp(sum(beta * x[k] for k, beta in b.coefficients.items()))
            rel[str(b.site)] = rr
    risk, surv = 0.0, 1.0
    for age in range(c.age, end_age):
        band = bands[45 + 5 * ((age - 45) // 5)]
        distal_ar = ar["distalOver65"] if c.sex == "female" and age >= 65 else ar["distal"]
        one_minus = {"rectal": ar["rectal"], "proximal": ar["proximal"], "distal": distal_ar}
        h = sum(rel[s] * (1.0 if average else one_minus[s]) * float(getattr(band, s)) for s in SITES)
        total = h + band.competing_mortality
        risk += h / total * surv * (1.0 - math.exp(-total))
        surv *= math.exp(-total)
    return risk


def _exercise_cat(hours: float) -> int:
    return 0 if hours <= 0 else 1 if hours <= 2 else 2 if hours <= 4 else 3


def _years_cat(years: float) -> int:
    return 3 if years > 35 else 2 if years > 15 else 1 if years > 0 else 0


def _cigs_cat(cpd: float) -> int:
    return 0 if cpd < 1 else 1 if cpd < 11 else 2 if cpd <= 20 else 3


def _no_estrogen(case: Case) -> int | None:
    """NCI: 1 when a woman neither used estrogen nor had periods in the last 2 years; None when unknown."""
    rf, status = case.risk_factors, case.patient.menopausal_status
    if rf is not None and rf.estrogen_last_2y:
        return 0
    if status is not None and status.value in {"pre", "peri"}:
        return 0
    if status is not None and rf is not None and rf.estrogen_last_2y is False:
        return 1
    return None


def evaluate(case: Case, kb: KnowledgeBase, excluding_genes: frozenset[str] = frozenset()) -> mb.Outcome:
    p, rf = case.patient, case.risk_factors
    stop = mb.gate(SPEC, HORIZONS, case, kb, site="colorectal", excluding_genes=excluding_genes,
                carrier_reason="the model is not for people with a hereditary colorectal cancer syndrome",
                age_range=(MIN_AGE, MAX_AGE))
    if stop is not None:
        return stop
    needed = []
    sex = p.sex.value if p.sex else None
    if sex not in {"male", "female"}:
        needed.append("patient.sex")
    if p.age is None:
        needed.append("patient.age")
    race = CCRAT_GROUP.get(normalise_race(rf.race_ethnicity if rf else None) or "")
    if race is None:
        needed.append("risk_factors.race_ethnicity (white, black, hispanic or an Asian group)")
    needed += mb.absent(rf, ("colonoscopy_last_10y", "regular_aspirin", "regular_nsaid",
                          "vigorous_activity_hours_per_week", "vegetable_servings_per_week", "bmi"))
    relatives = count_first_degree(case, kb, "colorectal")
    if relatives is None:
        needed.append("family_history (an empty list means none known)")
    sm = rf.smoking if rf else None
    if sex == "male":
        if sm is None or sm.status is None:
            needed.append("risk_factors.smoking.status")
        elif sm.status != "never" and (sm.years_smoked is None or sm.cigarettes_per_day is None):
            needed.append("risk_factors.smoking.years_smoked and cigarettes_per_day")
    no_estrogen = _no_estrogen(case) if sex == "female" else 0
    if no_estrogen is None:
        needed.append("risk_factors.estrogen_last_2y and patient.menopausal_status")
    if needed or rf is None or p.age is None or race is None or sex is None or relatives is None or no_estrogen is None:
        return mb.Outcome(missing=mb.Missing(SPEC, needed))
    screening = 1
    if rf.colonoscopy_last_10y:
        screening = 3 if rf.polyp_last_10y is None else (2 if rf.polyp_last_10y else 0)
    years_cat = cigs_cat = 0
    if sex == "male" and sm is not None and sm.status != "never":
        years_cat, cigs_cat = _years_cat(sm.years_smoked or 0.0), _cigs_cat(sm.cigarettes_per_day or 0.0)
    bmi = float(rf.bmi or 0.0)
    bmi_trend = (2 if bmi >= 30 else 1 if bmi >= 25 else 0) if sex == "male" else int(bmi >= 30)
    codes = CcratCodes(
        sex=sex, race=race, age=int(p.age), screening=screening, smoking_years_cat=years_cat,
        cigarettes_cat=cigs_cat, no_nsaid=int(not rf.regular_aspirin and not rf.regular_nsaid),
        no_non_aspirin_nsaid=int(not rf.regular_nsaid), relatives=relatives,
        exercise_inverted=3 - _exercise_cat(float(rf.vigorous_activity_hours_per_week or 0.0)),
        veg_lt5=int(float(rf.vegetable_servings_per_week or 0.0) < 5), bmi_trend=bmi_trend, no_estrogen=no_estrogen,
    )
    inputs: dict[str, mb.InputValue] = {k: v for k, v in codes.__dict__.items()}
    out = mb.Outcome()
    for horizon, end in (("5y", min(codes.age + 5, END_AGE)), ("to_age_90", END_AGE)):
        out.results.append(mb.result(SPEC, horizon, absolute_risk(codes, end, kb),
                                  absolute_risk(codes, end, kb, average=True), inputs, NOT_FOR))
    return out
