"""PREMM5: probability of carrying a Lynch syndrome variant (MLH1, MSH2/EPCAM, MSH6, PMS2).

Kastrinos F et al. J Clin Oncol 2017;35:2165-2172. Polytomous logistic model: for each gene g,
``lp_g = β0 + Σ βk·Vk`` and ``p_g = exp(lp_g) / (1 + Σ exp(lp))``; the reported figure is p_any = Σ p_g.
Variables (V0…V10, see `knowledge/data/risk/premm5.yaml`): sex, the person's colorectal (1 / ≥2),
endometrial and other Lynch cancers, family scores for first- and second-degree relatives, the sums of
(youngest age at diagnosis − 45) for colorectal and endometrial cancer, and current age; ages are
clamped to the model's limits (`premm5_ages`). NCCN: p_any ≥ 2.5 % → offer germline testing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from oncotailor.case import Case
from oncotailor.findings import Evidence
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.family import relatives_with
from oncotailor.risk.model_base import (
    CoefficientRow,
    InputValue,
    Missing,
    ModelSpec,
    Outcome,
    Row,
    refused,
    result,
)
from oncotailor.risk.sites import personal_history_known, personal_sites

SPEC = ModelSpec(
    name="PREMM5", outcome="a Lynch syndrome gene variant", people="people",
    event_phrase="will be found to carry a Lynch syndrome gene variant",
    evidence=(Evidence(source="PubMed", id="PMID:28489507", url="https://pmc.ncbi.nlm.nih.gov/articles/PMC5493047/",
                       note="Kastrinos F et al. J Clin Oncol 2017;35:2165-2172", date="2017-07-01",
                       level="validated model"),
              Evidence(source="NCCN", id="Genetic/Familial High-Risk Assessment: Colorectal, Endometrial, and Gastric",
                       note="PREMM5 ≥ 2.5 % → offer germline multigene testing", date="2024")),
)
HORIZONS = ("current",)
MIN_AGE = 18.0  # adults; current age is clamped to the model's limits (22-83)
THRESHOLD_AGE = 25.0  # the 2.5 % testing threshold was evaluated from this age
TESTING_THRESHOLD = 2.5
OTHER_LYNCH_SITES = frozenset({"ovarian", "stomach", "small_bowel", "urinary_tract", "kidney", "biliary", "pancreas",
                               "brain", "sebaceous"})


class AgeLimit(Row):
    variable: str
    person: str
    min_age: float
    max_age: float
    source: str


@dataclass
class Premm5Inputs:
    """The model's answers. Youngest ages are None when nobody in that group had that cancer."""

    male: bool
    age: float
    crc_count: int  # the person's own colorectal cancers
    endometrial: bool
    other_lynch: bool
    fdr_crc: int = 0
    sdr_crc: int = 0
    fdr_ec: int = 0
    sdr_ec: int = 0
    fdr_other: bool = False
    sdr_other: bool = False
    youngest_crc: dict[str, float | None] = field(default_factory=dict)  # proband/fdr/sdr → age
    youngest_ec: dict[str, float | None] = field(default_factory=dict)


def _family_score(n_first: int, n_second: int) -> float:
    return (1.0 if n_first == 1 else 2.0 if n_first >= 2 else 0.0) + (0.5 if n_second == 1 else 1.0 if n_second >= 2 else 0.0)


def variables(x: Premm5Inputs, limits: list[AgeLimit]) -> dict[str, float]:
    lim = {(r.variable, r.person): (r.min_age, r.max_age) for r in limits}

    def clamp(var: str, who: str, age: float) -> float:
        lo, hi = lim.get((var, who), (-math.inf, math.inf))
        return min(max(age, lo), hi)

    def age_sum(var: str, youngest: dict[str, float | None]) -> float:
        return sum(clamp(var, who, a) - 45.0 for who, a in youngest.items() if a is not None)

    return {
        "intercept": 1.0,
        "V0_male": float(x.male),
        "V1_one_crc": float(x.crc_count == 1),
        "V2_two_plus_crc": float(x.crc_count >= 2),
        "V3_endometrial": float(x.endometrial),
        "V4_other_ls_cancer": float(x.other_lynch),
        "V5_crc_family_score": _family_score(x.fdr_crc, x.sdr_crc),
        "V6_ec_family_score": _family_score(x.fdr_ec, x.sdr_ec),
        "V7_other_ls_family_score": (1.0 if x.fdr_other else 0.0) + (0.5 if x.sdr_other else 0.0),
        "V8_sum_crc_age_minus_45": age_sum("V8", x.youngest_crc),
        "V9_sum_ec_age_minus_45": age_sum("V9", x.youngest_ec),
        "V10_current_age": clamp("V10", "proband", x.age),
    }


def probabilities(x: Premm5Inputs, kb: KnowledgeBase) -> dict[str, float]:
    """Per-gene carrier probabilities and 'any' (0-1)."""
    v = variables(x, kb.table("risk/premm5_ages", AgeLimit))
    lps = {str(r.gene): sum(c * v[k] for k, c in r.coefficients.items()) for r in kb.table("risk/premm5", CoefficientRow)}
    denom = 1.0 + sum(math.exp(lp) for lp in lps.values())
    probs = {g: math.exp(lp) / denom for g, lp in lps.items()}
    probs["any"] = sum(probs.values())
    return probs


def _youngest(ages: list[float | None]) -> float | None:
    known = [a for a in ages if a is not None]
    return min(known) if known else None


def evaluate(case: Case, kb: KnowledgeBase, excluding_genes: frozenset[str] = frozenset()) -> Outcome:
    p = case.patient
    if excluding_genes:
        return refused(SPEC, HORIZONS, f"a pathogenic variant in {', '.join(sorted(excluding_genes))} is already "
                       "known: carrier probability no longer applies")
    if p.age is not None and p.age < MIN_AGE:
        return refused(SPEC, HORIZONS, f"age {p.age:g} is below {MIN_AGE:g}: PREMM5 is a model for adults",
                       {"age": p.age})
    needed = []
    if p.sex is None or p.sex.value == "other":
        needed.append("patient.sex")
    if p.age is None:
        needed.append("patient.age")
    if not personal_history_known(case):
        needed.append("patient.prior_cancers (or diagnosis)")
    if case.family_history is None:
        needed.append("family_history (an empty list means none known)")
    if needed or p.age is None or p.sex is None:
        return Outcome(missing=Missing(SPEC, needed))
    own = personal_sites(case, kb)
    crc = [a for s, a in own if s == "colorectal"]
    ec = [a for s, a in own if s == "endometrial"]

    def rel(site: str, degree: int) -> list[float | None]:
        return [m.age_at_diagnosis for m in relatives_with(case, kb, site, degree) or []]

    other_fdr = any(relatives_with(case, kb, s, 1) for s in OTHER_LYNCH_SITES)
    other_sdr = any(relatives_with(case, kb, s, 2) for s in OTHER_LYNCH_SITES)
    x = Premm5Inputs(
        male=p.sex.value == "male", age=p.age, crc_count=len(crc), endometrial=bool(ec),
        other_lynch=any(s in OTHER_LYNCH_SITES for s, _ in own),
        fdr_crc=len(rel("colorectal", 1)), sdr_crc=len(rel("colorectal", 2)),
        fdr_ec=len(rel("endometrial", 1)), sdr_ec=len(rel("endometrial", 2)),
        fdr_other=other_fdr, sdr_other=other_sdr,
        youngest_crc={"proband": _youngest(crc), "fdr": _youngest(rel("colorectal", 1)),
                      "sdr": _youngest(rel("colorectal", 2))},
        youngest_ec={"proband": _youngest(ec), "fdr": _youngest(rel("endometrial", 1)),
                     "sdr": _youngest(rel("endometrial", 2))},
    )
    probs = probabilities(x, kb)
    inputs: dict[str, InputValue] = {
        "male": x.male, "age": x.age, "own_colorectal_cancers": x.crc_count, "own_endometrial": x.endometrial,
        "own_other_lynch_cancer": x.other_lynch, "fdr_colorectal": x.fdr_crc, "sdr_colorectal": x.sdr_crc,
        "fdr_endometrial": x.fdr_ec, "sdr_endometrial": x.sdr_ec, "fdr_other_lynch": x.fdr_other,
        "sdr_other_lynch": x.sdr_other,
        **{f"p_{g}": round(100 * v, 4) for g, v in probs.items() if g != "any"},
    }
    missing_ages = sum(1 for s, a in own if s in {"colorectal", "endometrial"} and a is None)
    missing_ages += sum(1 for m in case.family_history or [] if m.degree <= 2 and m.age_at_diagnosis is None
                        and m.cancer and m.cancer.strip())
    above = "at or above" if 100 * probs["any"] >= TESTING_THRESHOLD else "below"
    note = f"This is {above} the {TESTING_THRESHOLD} % level at which germline testing for Lynch syndrome is offered."
    if p.age < THRESHOLD_AGE:
        note += f" Below {THRESHOLD_AGE:g} the threshold is less certain; early colorectal cancer alone justifies a Lynch evaluation."
    if missing_ages:
        note += f" {missing_ages} cancer(s) had no age at diagnosis; the model counted them without an age term."
    return Outcome(results=[result(SPEC, "current", probs["any"], None, inputs, note)])
