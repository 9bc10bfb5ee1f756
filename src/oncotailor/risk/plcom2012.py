"""PLCOm2012: 6-year probability of lung cancer for people who have ever smoked.

Tammemägi MC et al. Selection criteria for lung-cancer screening. N Engl J Med 2013;368:728-736.
Logistic model, each continuous term centred: ``logit = β0 + Σ βk·(xk − ck)`` with smoking intensity
entered as ``(cigarettes per day / 10)^-1``; years since quitting is 0 for current smokers.
Coefficients: `knowledge/data/risk/plcom2012.yaml`. A 6-year risk ≥ 1.51 % is the threshold several
screening programmes use (Tammemägi 2014, PLCOm2012 validation); USPSTF 2021 uses age and pack-years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from oncotailor.case import Case
from oncotailor.findings import Evidence
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import model_base as mb
from oncotailor.risk.family import count_first_degree
from oncotailor.risk.race import PLCOM_GROUP, normalise_race
from oncotailor.risk.sites import personal_history_known, personal_sites

SPEC = mb.ModelSpec(
    name="PLCOm2012", outcome="lung cancer", people="people",
    evidence=(Evidence(source="PubMed", id="PMID:23425165", url="https://pubmed.ncbi.nlm.nih.gov/23425165/",
                       note="Tammemägi MC et al. N Engl J Med 2013;368:728-736", date="2013-02-21",
                       level="validated model"),),
)
HORIZONS = ("6y",)
MIN_AGE, MAX_AGE = 50.0, 80.0
SCREENING_THRESHOLD = 1.51  # percent over 6 years

# education levels of the PLCO questionnaire (1 … 6)
EDUCATION = {
    "less_than_high_school": 1, "high_school": 2, "post_high_school_training": 3, "some_college": 4,
    "college": 5, "college_graduate": 5, "bachelor": 5, "postgraduate": 6, "graduate": 6, "professional": 6,
}


class TermRow(mb.Row):
    term: str
    coefficient: float
    centre: float | None
    coding: str | None
    source: str


@dataclass(frozen=True)
class PlcoInputs:
    age: float
    race_term: str  # e.g. race_black
    education: int  # 1..6
    bmi: float
    copd: bool
    personal_history_cancer: bool
    family_history_lung_cancer: bool
    current_smoker: bool
    cigarettes_per_day: float
    years_smoked: float
    years_since_quit: float  # 0 for current smokers


def probability(x: PlcoInputs, kb: KnowledgeBase) -> float:
    """The 6-year lung cancer probability (0-1)."""
    t = {r.term: r for r in kb.table("risk/plcom2012", TermRow)}

    def centred(term: str, value: float) -> float:
        row = t[term]
        return row.coefficient * (value - (row.centre or 0.0))

    logit = (t["intercept"].coefficient
             + centred("age", x.age)
             + t[x.race_term].coefficient
             + centred("education", x.education)
             + centred("bmi", x.bmi)
             + t["copd"].coefficient * x.copd
             + t["personal_history_cancer"].coefficient * x.personal_history_cancer
             + t["family_history_lung_cancer"].coefficient * x.family_history_lung_cancer
             + t["current_smoker"].coefficient * x.current_smoker
             + centred("smoking_intensity", 1.0 / (x.cigarettes_per_day / 10.0))
             + centred("smoking_duration", x.years_smoked)
             + centred("years_since_quit", 0.0 if x.current_smoker else x.years_since_quit))
    return 1.0 / (1.0 + math.exp(-logit))


def education_level(value: str | None) -> int | None:
    if value is None:
        return None
    s = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if s.isdigit() and 1 <= int(s) <= 6:
        return int(s)
    return EDUCATION.get(s)


def evaluate(case: Case, kb: KnowledgeBase, excluding_genes: frozenset[str] = frozenset()) -> mb.Outcome:
    p, rf = case.patient, case.risk_factors
    sm = rf.smoking if rf else None
    if sm is not None and sm.status == "never":
        return mb.Outcome(not_applicable=mb.NotApplicable(SPEC, "PLCOm2012 is for people who have ever smoked"))
    stop = mb.gate(SPEC, HORIZONS, case, kb, site="lung", excluding_genes=excluding_genes, carrier_reason="",
                age_range=(MIN_AGE, MAX_AGE), age_reason="the ages for which the model is used to select people "
                "for lung screening")
    if stop is not None:
        return stop
    needed: list[str] = []
    if p.age is None:
        needed.append("patient.age")
    race_term = PLCOM_GROUP.get(normalise_race(rf.race_ethnicity if rf else None) or "")
    if race_term is None:
        needed.append("risk_factors.race_ethnicity")
    edu = education_level(rf.education if rf else None)
    if edu is None:
        needed.append("risk_factors.education (less_than_high_school … postgraduate)")
    needed += mb.absent(rf, ("bmi", "copd"))
    personal = rf.personal_history_cancer if rf else None
    if personal is None and personal_history_known(case):
        personal = bool(personal_sites(case, kb))
    if personal is None:
        needed.append("risk_factors.personal_history_cancer (or patient.prior_cancers)")
    fam = rf.family_history_lung_cancer if rf else None
    if fam is None:
        n = count_first_degree(case, kb, "lung")
        fam = None if n is None else n > 0
    if fam is None:
        needed.append("risk_factors.family_history_lung_cancer (or family_history)")
    if sm is None or sm.status is None:
        needed.append("risk_factors.smoking.status")
    else:
        if sm.cigarettes_per_day is None:
            needed.append("risk_factors.smoking.cigarettes_per_day")
        if sm.years_smoked is None:
            needed.append("risk_factors.smoking.years_smoked")
        if sm.status == "former" and sm.years_since_quit is None:
            needed.append("risk_factors.smoking.years_since_quit")
    if needed:
        return mb.Outcome(missing=mb.Missing(SPEC, needed))
    assert rf is not None and sm is not None and p.age is not None and race_term and edu and rf.bmi is not None
    assert sm.cigarettes_per_day is not None and sm.years_smoked is not None
    if sm.cigarettes_per_day <= 0:
        return mb.refused(SPEC, HORIZONS, "cigarettes per day must be above 0 for someone who has smoked")
    x = PlcoInputs(age=p.age, race_term=race_term, education=edu, bmi=rf.bmi, copd=bool(rf.copd),
                   personal_history_cancer=bool(personal), family_history_lung_cancer=bool(fam),
                   current_smoker=sm.status == "current", cigarettes_per_day=sm.cigarettes_per_day,
                   years_smoked=sm.years_smoked, years_since_quit=sm.years_since_quit or 0.0)
    prob = probability(x, kb)
    inputs: dict[str, mb.InputValue] = {k: v for k, v in x.__dict__.items()}
    above = "at or above" if 100 * prob >= SCREENING_THRESHOLD else "below"
    note = (f"This is {above} the {SCREENING_THRESHOLD} % six-year risk that several screening programmes use to "
            "offer yearly low-dose CT.")
    return mb.Outcome(results=[mb.result(SPEC, "6y", prob, None, inputs, note)])
