"""PREDICT Breast v3 (with progesterone receptor), reported beside v2.1, never instead of it.

The model of the Winton Centre's v3.2 function (`benefits32`, R package predictv30r 0.3.2, MIT) with the PR
terms of Grootes et al., Eur J Cancer 2022. With `a = age - 24` and `u = t / 10` (t in years 1..15):

    PI_t (ER+) = b1 (a/100)^-0.5 + b2 (a/100)^2 + b3 (1 - exp(-size/20)) + b4 ln(nodes+1) + b5 grade
                 + b6 screen + b7 (year - 2000) + HER2_t + Ki67 + PR + offset_rt
    PI   (ER-) = b1 a/100 + b2 (a/100) ln(a/100) + b3 ln(size) + b4 ln(nodes+1) + b5 grade + b6 screen
                 + b7 (year - 2000) + HER2 + PR + offset_rt
    MI         = c1 (a/100)^3 + c2 (a/100)^3 ln(a/100) + c3 (year - 2000) + offset_rt + smoking
                 [+ ln(1.02) * heart Gy with radiotherapy] [+ ln(1.2) with chemotherapy]

In ER-positive disease the HER2 effect fades year by year (to 0 by year 10), and hormone therapy extended to
10 years adds a further term in years 11-15, so the hazards are summed year by year: the breast death
hazard of year t is `(H_bc(t) - H_bc(t-1)) * exp(PI_t + treatment_t)` (likewise other-cause death with MI),
`S = exp(-cumulative sum)`, and overall survival and breast cancer death follow the competing-risk split
shared with v2.1 (`predict.competing_risks`). The year of diagnosis is fixed at 2017 as in the web tool.

Unknown inputs are coded as the model code does: grade -> 2.13 (both ER groups; grade is linear in v3),
detection -> 0.204, HER2, Ki-67 and PR -> no term. Smoking has no unknown code in the model: unknown counts
as never/former smoker and the interval covers current smoking. The case file gives no heart dose, so the
radiotherapy step assumes 2 Gy (the average the model's baseline assumes) and says so. All constants are in
`knowledge/data/recurrence/predict_v3.yaml`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from oncotailor.case import Case
from oncotailor.findings import Question
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import model_base as mb
from oncotailor.recurrence import predict
from oncotailor.recurrence.predict import BCSM, OS, YEARS, Step, StepChain, Survival, indicator

TABLE = "recurrence/predict_v3"
LIMITS = predict.LIMITS  # same input ranges as v2.1 (PREDICT web tool limits)
MODEL = "PREDICT v3"

__all__ = ["BCSM", "MODEL", "OS", "Regimen", "V3Inputs", "evaluate", "survival"]


@dataclass(frozen=True)
class V3Inputs(predict.PredictInputs):
    """v2.1's inputs plus the progesterone receptor and current smoking."""

    pr: bool | None = None
    smoker: bool | None = None


@dataclass(frozen=True)
class Regimen:
    hormone_years: int = 0  # 0, 5 or 10
    chemo: int = 0  # 0 none, 2 second generation, 3 third generation
    trastuzumab: bool = False
    bisphosphonate: bool = False
    radiotherapy: bool = False
    heart_gy: float = 0.0


def _age(x: V3Inputs, c: dict[str, float]) -> float:
    return (x.age - c["age_offset"]) / 100


def prognostic_index(x: V3Inputs, c: dict[str, float], years: int = YEARS) -> list[float]:
    """Breast cancer death index for each year 1..years, before treatment."""
    a = _age(x, c)
    yr = c["year_of_diagnosis"] - c["year_centre"]
    grade = c["grade_unknown"] if x.grade is None else x.grade
    screen = c["screen_unknown"] if x.screen is None else float(x.screen)
    if x.er:
        pi = (c["erpos.age1"] * a ** -0.5 + c["erpos.age2"] * a ** 2
              + c["erpos.size"] * (1 - math.exp(-x.size_mm / c["erpos.size_scale"]))
              + c["erpos.nodes"] * math.log(x.nodes + 1) + c["erpos.grade"] * grade + c["erpos.screen"] * screen
              + c["erpos.year"] * yr + indicator(x.ki67, c["erpos.ki67_pos"], c["erpos.ki67_neg"])
              + indicator(x.pr, c["erpos.pr_pos"], c["erpos.pr_neg"]) + c["erpos.rt_baseline"])
        return [pi + indicator(x.her2, c[f"erpos.her2_pos.y{t}"], c[f"erpos.her2_neg.y{t}"])
                for t in range(1, years + 1)]
    pi = (c["erneg.age1"] * a + c["erneg.age2"] * a * math.log(a) + c["erneg.size"] * math.log(x.size_mm)
          + c["erneg.nodes"] * math.log(x.nodes + 1) + c["erneg.grade"] * grade + c["erneg.screen"] * screen
          + c["erneg.year"] * yr + indicator(x.her2, c["erneg.her2_pos"], c["erneg.her2_neg"])
          + indicator(x.pr, c["erneg.pr_pos"], c["erneg.pr_neg"]) + c["erneg.rt_baseline"])
    return [pi] * years


def treatment_log_hr(x: V3Inputs, rx: Regimen, c: dict[str, float], years: int = YEARS) -> list[float]:
    """Treatment log hazard ratios on breast cancer death for each year; hormone therapy counts in ER+ only,
    trastuzumab in HER2+ only; extended (10-year) hormone therapy adds its term after year 10."""
    hormone = c["rx.hormone"] if rx.hormone_years and x.er else 0.0
    extended = c["rx.hormone_extended"] if rx.hormone_years >= c["rx.hormone_years"] and x.er else 0.0
    rest = {0: 0.0, 2: c["rx.chemo_2nd"], 3: c["rx.chemo_3rd"]}[rx.chemo]
    rest += c["rx.trastuzumab"] if rx.trastuzumab and x.her2 else 0.0
    rest += c["rx.bisphosphonate"] if rx.bisphosphonate else 0.0
    rest += math.log(c["rx.radiotherapy_hr"]) if rx.radiotherapy else 0.0
    return [hormone + rest + (extended if t > c["rx.hormone_years"] else 0.0) for t in range(1, years + 1)]


def smoking_term(smoker: bool | None, c: dict[str, float]) -> float:
    """Other-cause log relative risk against a population with 10 % smokers; unknown counts as non-smoker."""
    share, rr, prevalence = c["smoking.share"], c["smoking.rr"], c["smoking.prevalence"]
    rr_all = share * rr + 1 - share
    return math.log((rr_all if smoker else 1.0) / (1 - prevalence + rr_all * prevalence))


def other_index(x: V3Inputs, rx: Regimen, c: dict[str, float]) -> float:
    """Other-cause death index, with the radiotherapy heart dose and chemotherapy effects of the regimen."""
    a = _age(x, c)
    mi = (c["other.age1"] * a ** 3 + c["other.age2"] * a ** 3 * math.log(a)
          + c["other.year"] * (c["year_of_diagnosis"] - c["year_centre"]) + c["other.rt_baseline"]
          + smoking_term(x.smoker, c))
    if rx.radiotherapy:
        mi += math.log(c["rx.radiotherapy_other_hr_per_gy"]) * rx.heart_gy
    if rx.chemo:
        mi += math.log(c["rx.chemo_other_hr"])
    return mi


def _baseline_bc(er: bool, t: float, c: dict[str, float]) -> float:
    u = t / 10
    if er:
        return math.exp(c["base.erpos.i"] + c["base.erpos.t1"] * u ** -0.5 + c["base.erpos.t2"] * u ** -0.5 * math.log(u))
    return math.exp(c["base.erneg.i"] + c["base.erneg.t1"] / u + c["base.erneg.t2"] / u * math.log(u))


def _baseline_other(t: float, c: dict[str, float]) -> float:
    u = t / 10
    return math.exp(c["base.other.i"] + c["base.other.t1"] * math.log(u) + c["base.other.t2"] * u)


def _cumulative_survival(baseline: Callable[[int], float], log_rr: Sequence[float]) -> list[float]:
    """exp(-sum of yearly baseline increments times the year's relative risk), from year 0."""
    s, total, previous = [1.0], 0.0, 0.0
    for t, lr in enumerate(log_rr, start=1):
        h = baseline(t)
        total += (h - previous) * math.exp(lr)
        previous = h
        s.append(math.exp(-total))
    return s


def survival(x: V3Inputs, rx: Regimen, c: dict[str, float], years: int = YEARS) -> Survival:
    pi = prognostic_index(x, c, years)
    trt = treatment_log_hr(x, rx, c, years)
    s_bc = _cumulative_survival(lambda t: _baseline_bc(x.er, t, c), [p + r for p, r in zip(pi, trt, strict=True)])
    s_oth = _cumulative_survival(lambda t: _baseline_other(t, c), [other_index(x, rx, c)] * years)
    return predict.competing_risks(s_bc, s_oth)


# ── reading the case ──

def read_inputs(case: Case, c: dict[str, float]) -> tuple[V3Inputs | None, list[str]]:
    """v2.1's inputs plus PR and smoking (age, ER, size and nodes have no model default)."""
    base, needed = predict.read_inputs(case, c)
    if base is None:
        return None, needed
    d = case.diagnosis
    rf = case.risk_factors
    status = rf.smoking.status if rf is not None and rf.smoking is not None else None
    return V3Inputs(**vars(base), pr=predict.receptor(d.pr if d else None),
                    smoker=None if status is None else status == "current"), []


def _inputs_used(x: V3Inputs, c: dict[str, float]) -> dict[str, mb.InputValue]:
    def known(v: bool | None, yes: str, no: str, unknown: str) -> str:
        return unknown if v is None else (yes if v else no)
    return {
        "age": x.age, "size_mm": x.size_mm, "nodes": x.nodes, "er": "positive" if x.er else "negative",
        "grade": x.grade if x.grade is not None else f"unknown (model uses {c['grade_unknown']:g})",
        "her2": known(x.her2, "positive", "negative", "unknown (no HER2 term)"),
        "ki67": ("not used (ER-negative)" if not x.er else known(x.ki67, "positive", "negative", "unknown (no Ki-67 term)")),
        "pr": known(x.pr, "positive", "negative", "unknown (no PR term)"),
        "detection": known(x.screen, "screening", "symptoms", f"unknown (model uses {c['screen_unknown']:g})"),
        "smoking": known(x.smoker, "current smoker", "never/former smoker",
                         "unknown (counted as never/former; the interval includes current smoking)"),
        "year_of_diagnosis": int(c["year_of_diagnosis"]),
        "radiotherapy_heart_dose_gy": f"{c['rx.heart_gy_assumed']:g} (assumed; used only by the radiotherapy step)",
    }


def treatment_steps(x: V3Inputs, post_menopausal: bool | None, c: dict[str, float]) -> list[Step[Regimen]]:
    """v2.1's systemic steps (5-year hormone therapy), then two alternatives v3 adds: hormone therapy extended to
    10 years (against 5 years) and radiotherapy (against surgery only, with the assumed heart dose)."""
    chain = StepChain(Regimen())
    surgery = chain.last
    five = predict.standard_steps(chain, x.er, x.her2, post_menopausal, {"hormone_years": 5},
                                  "hormone therapy (5 years)")
    if five is not None:
        chain.add("+ hormone therapy to 10 years", "hormone therapy extended to 10 years",
                  {"hormone_years": int(c["rx.hormone_years"])}, main=False, base=five)
    gy = c["rx.heart_gy_assumed"]
    chain.add("+ radiotherapy", f"radiotherapy (heart dose {gy:g} Gy assumed)",
              {"radiotherapy": True, "heart_gy": gy}, main=False, base=surgery)
    return chain.steps


UNKNOWN_CHOICES: dict[str, tuple[object, ...]] = {**predict.UNKNOWN_CHOICES, "pr": (True, False), "smoker": (True, False)}


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    """Runs whenever v2.1 would: the same people, refusals and required inputs."""
    post = predict.post_menopausal(case)
    r = predict.run(case, kb, MODEL, TABLE, read_inputs, _inputs_used,
                    lambda x, c: treatment_steps(x, post, c), survival, UNKNOWN_CHOICES)
    if r.x is None:
        return r.out
    extra = [name for name, v in (("my tumour's progesterone receptor (PR) status", r.x.pr),
                                  ("whether I smoke now", r.x.smoker)) if v is None]
    if extra:
        r.out.questions.append(Question(topic="recurrence", evidence=list(r.sp.evidence),
                                        text=f"PREDICT v3 also uses {' and '.join(extra)}: can that be added to my "
                                             "estimate?",
                                        why="PREDICT v3 shows a range over the unknown inputs; knowing them narrows "
                                            "it."))
    return r.out
