"""The risk engine: hereditary findings, risk models and the screening plan for one case.

Order matters: germline findings first (a carrier is refused by the models that do not describe
carriers, and gets the high-risk schedules), then the models, then the screening plan, which reads
the model results and outside scores (Tyrer-Cuzick, CanRisk) as measures.
"""

from __future__ import annotations

from collections.abc import Callable

from oncotailor.case import Case
from oncotailor.findings import Contribution, Evidence, NotAssessed, Question, RiskModelResult
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import bcrat, ccrat, hereditary, plcom2012, premm5, screening
from oncotailor.risk.family import count_first_degree
from oncotailor.risk.model_base import Outcome

Evaluate = Callable[[Case, KnowledgeBase, frozenset[str]], Outcome]
MODELS: tuple[tuple[str, Evaluate], ...] = (
    ("BCRAT", bcrat.evaluate), ("CCRAT", ccrat.evaluate), ("PREMM5", premm5.evaluate),
    ("PLCOm2012", plcom2012.evaluate),
)
OUTSIDE_SCORES = (
    ("tyrer_cuzick_lifetime", "Tyrer-Cuzick (IBIS), entered", "lifetime"),
    ("tyrer_cuzick_10y", "Tyrer-Cuzick (IBIS), entered", "10y"),
    ("canrisk_lifetime", "CanRisk (BOADICEA), entered", "lifetime"),
    ("canrisk_10y", "CanRisk (BOADICEA), entered", "10y"),
)
LYNCH_GENES = frozenset({"MLH1", "MSH2", "MSH6", "PMS2", "EPCAM"})


def _relevant(name: str, case: Case) -> bool:
    """Whether a model's missing inputs are worth asking for (its population includes this person)."""
    age, sex = case.patient.age, case.patient.sex.value if case.patient.sex else None
    if screening.metastatic(case):
        return name == "PREMM5"
    if name == "BCRAT":
        return sex != "male" and (age is None or 35 <= age <= 85)
    if name == "CCRAT":
        return age is None or 45 <= age <= 85
    if name == "PLCOm2012":
        sm = case.risk_factors.smoking if case.risk_factors else None
        return sm is not None and sm.status in {"current", "former"}
    return True


def _attempted(name: str, case: Case) -> bool:
    """Whether the case gives any input specific to the model: only then is an age-range refusal news."""
    rf = case.risk_factors
    if rf is None:
        return False
    fields = {
        "BCRAT": ("age_at_menarche", "age_at_first_live_birth", "breast_biopsies", "first_degree_relatives_breast_cancer"),
        "CCRAT": ("colonoscopy_last_10y", "vegetable_servings_per_week", "vigorous_activity_hours_per_week",
                  "regular_aspirin", "regular_nsaid"),
        "PLCOm2012": ("smoking", "education", "copd"),
    }.get(name)
    return fields is None or any(getattr(rf, f) is not None for f in fields)


def _outside_scores(case: Case) -> list[RiskModelResult]:
    scores = case.risk_factors.scores if case.risk_factors else None
    out = []
    for field, model, horizon in OUTSIDE_SCORES:
        value = getattr(scores, field) if scores else None
        if value is None:
            continue
        when = "in the next 10 years" if horizon == "10y" else "in their lifetime"
        out.append(RiskModelResult(
            model=model, outcome="breast cancer", horizon=horizon, percent=value, average_percent=None, valid=True,
            inputs_used={field: value},
            interpretation=f"Out of 100 women like you, about {round(value)} will get breast cancer {when} "
                           "(score entered from an outside calculation, not computed here).",
            evidence=[Evidence(source="outside calculation", note="Tyrer-Cuzick: Tyrer J et al. Stat Med 2004;23:1111; "
                               "CanRisk/BOADICEA: Lee A et al. Genet Med 2019;21:1708")]))
    return out


def _measures(case: Case, kb: KnowledgeBase, results: list[RiskModelResult]) -> dict[str, float | None]:
    def pick(model: str, horizon: str) -> float | None:
        return next((r.percent for r in results if r.model == model and r.horizon == horizon and r.valid), None)

    scores = case.risk_factors.scores if case.risk_factors else None
    lifetime = [v for v in ((scores.tyrer_cuzick_lifetime, scores.canrisk_lifetime) if scores else ()) if v is not None]
    sm = case.risk_factors.smoking if case.risk_factors else None
    pack_years = quit_years = None
    if sm is not None:
        if sm.status == "never":
            pack_years, quit_years = 0.0, None
        else:
            pack_years = sm.pack_years
            if pack_years is None and sm.cigarettes_per_day is not None and sm.years_smoked is not None:
                pack_years = sm.cigarettes_per_day / 20.0 * sm.years_smoked
            quit_years = 0.0 if sm.status == "current" else sm.years_since_quit
    fdr = count_first_degree(case, kb, "colorectal")
    return {
        "lifetime_breast_risk": max(lifetime) if lifetime else None,
        "gail_5y": pick("BCRAT", "5y"), "premm5": pick("PREMM5", "current"), "plcom2012_6y": pick("PLCOm2012", "6y"),
        "pack_years": pack_years, "years_since_quit": quit_years if sm is None or sm.status != "never" else 0.0,
        "fdr_colorectal": None if fdr is None else float(fdr),
    }


def _lynch_question(case: Case, carriers: frozenset[str]) -> list[Question]:
    """dMMR/MSI-high tumour without a known Lynch variant → ask about germline testing (NCCN universal testing)."""
    bm = case.tumor.biomarkers if case.tumor else None
    if bm is None or not (bm.mmr == "deficient" or bm.msi == "high") or carriers & LYNCH_GENES:
        return []
    return [Question(text="My tumour is mismatch-repair deficient: should I have a germline test for Lynch syndrome?",
                     why="About 1 in 3 to 1 in 5 such tumours come from an inherited Lynch variant (unless MLH1 promoter "
                         "methylation or BRAF V600E explains it); the answer changes screening for you and relatives.",
                     topic="hereditary",
                     evidence=[Evidence(source="NCCN", id="Genetic/Familial High-Risk Assessment: Colorectal, "
                                        "Endometrial, and Gastric", date="2025")])]


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    out = Contribution()
    her = hereditary.assess(case, kb)
    out.hereditary.extend(her.findings)
    out.questions.extend(her.questions)
    out.not_assessed.extend(her.not_assessed)
    for name, evaluate in MODELS:
        excluding = frozenset(r.gene for r in her.carrier_rows if name in r.excludes_models and r.gene in her.carrier_keys)
        res = evaluate(case, kb, excluding)
        if _attempted(name, case) or any(r.valid for r in res.results):
            out.risk_models.extend(res.results)
        if res.missing is not None and _relevant(name, case):
            out.not_assessed.append(NotAssessed(section="risk_models", reason=res.missing.reason_text(),
                                                needed_input="; ".join(res.missing.needed)))
    out.risk_models.extend(_outside_scores(case))
    measures = _measures(case, kb, out.risk_models)
    items, undecided = screening.plan(case, kb, screening.Facts(her.carrier_keys, measures))
    out.screening.extend(items)
    out.not_assessed.extend(undecided)
    out.questions.extend(_lynch_question(case, her.carrier_keys))
    if measures["lifetime_breast_risk"] is not None and measures["lifetime_breast_risk"] >= 20:
        out.questions.append(Question(text="Should I add a yearly breast MRI to my mammograms?",
                                      why="A lifetime breast cancer risk of 20 % or more from a family-history model "
                                          "is the usual threshold for adding MRI.", topic="screening"))
    return out
