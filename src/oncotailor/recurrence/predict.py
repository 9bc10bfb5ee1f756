"""PREDICT Breast v2.1: survival after surgery for early invasive breast cancer, and what each treatment adds.

Equations of Candido dos Reis et al., Breast Cancer Res 2017;19:58 with the v2.1 update (Ki-67,
bisphosphonates). Two competing risks: breast cancer death with an ER-specific prognostic index `PI` and
baseline cumulative hazard, and other-cause death with index `MI`:

    S_bc(t) = exp(-H_bc(t) * exp(PI + log HR of treatments)),  S_oth(t) = exp(-H_oth(t) * exp(MI))
    OS(t) = S_bc(t) * S_oth(t)
    BCSM(T) = sum over years t <= T of m_bc(t) / (m_bc(t) + m_oth(t)) * m_all(t)   (m = yearly increments of 1 - S)

Unknown inputs are coded as the model's script does: grade -> 2.13 (ER-positive; in ER-negative the grade
indicator is then 0), detection -> 0.204, HER2 and Ki-67 -> no term. All constants come from
`knowledge/data/recurrence/predict_v2_1.yaml`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from oncotailor.case import Case
from oncotailor.findings import Question
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import model_base as mb

TABLE = "recurrence/predict_v2_1"
LIMITS = "recurrence/predict_validity"
MODEL = "PREDICT v2.1"
HORIZONS = (5, 10, 15)
YEARS = 15
OS, BCSM = "overall survival", "breast cancer death"


@dataclass(frozen=True)
class PredictInputs:
    age: float
    size_mm: float
    nodes: float
    er: bool
    grade: int | None = None
    her2: bool | None = None
    ki67: bool | None = None
    screen: bool | None = None


@dataclass(frozen=True)
class Regimen:
    hormone: bool = False
    chemo: int = 0  # 0 none, 2 second generation, 3 third generation
    trastuzumab: bool = False
    bisphosphonate: bool = False


@dataclass(frozen=True)
class Survival:
    """Fractions per year 0..YEARS: overall survival and cumulative breast cancer death."""

    os: tuple[float, ...]
    bcsm: tuple[float, ...]


def _indicator(flag: bool | None, pos: float, neg: float) -> float:
    return 0.0 if flag is None else (pos if flag else neg)


def prognostic_index(x: PredictInputs, c: dict[str, float]) -> float:
    """Breast-cancer mortality index before treatment."""
    her2 = _indicator(x.her2, c["her2_pos"], c["her2_neg"])
    if x.er:
        a = x.age / 10
        grade = c["erpos.grade_unknown"] if x.grade is None else x.grade
        screen = c["screen_unknown"] if x.screen is None else float(x.screen)
        return (c["erpos.age1"] * (a ** -2 - c["erpos.age1_centre"])
                + c["erpos.age2"] * (a ** -2 * math.log(a) - c["erpos.age2_centre"])
                + c["erpos.size"] * (math.log(x.size_mm / 100) + c["erpos.size_centre"])
                + c["erpos.nodes"] * (math.log((x.nodes + 1) / 10) + c["erpos.nodes_centre"])
                + c["erpos.grade"] * grade + c["erpos.screen"] * screen
                + _indicator(x.ki67, c["erpos.ki67_pos"], c["erpos.ki67_neg"]) + her2)
    high_grade = 1.0 if x.grade in (2, 3) else 0.0
    return (c["erneg.age"] * (x.age - c["erneg.age_centre"])
            + c["erneg.size"] * ((x.size_mm / 100) ** 0.5 - c["erneg.size_centre"])
            + c["erneg.nodes"] * (math.log((x.nodes + 1) / 10) + c["erneg.nodes_centre"])
            + c["erneg.grade"] * high_grade + her2)


def treatment_log_hr(x: PredictInputs, rx: Regimen, c: dict[str, float]) -> float:
    """Sum of treatment log hazard ratios; hormone therapy counts in ER-positive, trastuzumab in HER2-positive only."""
    h = c["rx.hormone"] if rx.hormone and x.er else 0.0
    h += {0: 0.0, 2: c["rx.chemo_2nd"], 3: c["rx.chemo_3rd"]}[rx.chemo]
    h += c["rx.trastuzumab"] if rx.trastuzumab and x.her2 else 0.0
    h += c["rx.bisphosphonate"] if rx.bisphosphonate else 0.0
    return h


def _baseline_bc(er: bool, t: float, c: dict[str, float]) -> float:
    if er:
        return math.exp(c["base.erpos.a"] + c["base.erpos.b"] / math.sqrt(t) + c["base.erpos.c"] * math.log(t) / math.sqrt(t))
    return math.exp(c["base.erneg.a"] + c["base.erneg.b"] / t ** 2 + c["base.erneg.c"] / t)


def _baseline_other(t: float, c: dict[str, float]) -> float:
    return math.exp(c["base.other.a"] + c["base.other.b"] * math.log(t) + c["base.other.c"] * math.sqrt(t))


def survival(x: PredictInputs, rx: Regimen, c: dict[str, float], years: int = YEARS) -> Survival:
    risk_bc = math.exp(prognostic_index(x, c) + treatment_log_hr(x, rx, c))
    risk_oth = math.exp(c["other.age"] * ((x.age / 10) ** 2 - c["other.age_centre"]))
    s_bc, s_oth = [1.0], [1.0]
    for t in range(1, years + 1):
        s_bc.append(math.exp(-_baseline_bc(x.er, t, c) * risk_bc))
        s_oth.append(math.exp(-_baseline_other(t, c) * risk_oth))
    os_ = [b * o for b, o in zip(s_bc, s_oth, strict=True)]
    bcsm = [0.0]
    for t in range(1, years + 1):
        m_bc, m_oth, m_all = s_bc[t - 1] - s_bc[t], s_oth[t - 1] - s_oth[t], os_[t - 1] - os_[t]
        bcsm.append(bcsm[-1] + m_bc / (m_bc + m_oth) * m_all)
    return Survival(tuple(os_), tuple(bcsm))


# ── reading the case ──

def _receptor(value: str | None) -> bool | None:
    return None if value is None else value in ("positive", "low")


def _her2(value: str | None) -> bool | None:
    return {"positive": True, "negative": False, "low": False, "ultralow": False}.get(value or "")


def _ki67(value: str | float | None, cut: float) -> bool | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value == "positive"
    return value > cut


def read_inputs(case: Case, c: dict[str, float]) -> tuple[PredictInputs | None, list[str]]:
    """The model inputs, or the case-file fields still needed (age, ER, size, nodes have no model default)."""
    d = case.diagnosis
    age = mb.age_at_diagnosis(case)
    needed = [name for name, v in (("diagnosis.age_at_diagnosis", age), ("diagnosis.er", d and d.er),
                                   ("diagnosis.tumor_size_mm", d and d.tumor_size_mm),
                                   ("diagnosis.nodes_positive", d and d.nodes_positive)) if v is None]
    if needed or d is None or age is None or d.er is None or d.tumor_size_mm is None or d.nodes_positive is None:
        return None, needed
    screen = {"screening": True, "symptoms": False}.get(d.detected_by or "")
    grade = d.grade if d.grade in (1, 2, 3) else None
    return PredictInputs(age=age, size_mm=d.tumor_size_mm, nodes=d.nodes_positive, er=bool(_receptor(d.er)),
                         grade=grade, her2=_her2(d.her2), ki67=_ki67(d.ki67, c["ki67_positive_above_percent"]),
                         screen=screen), []


def _inputs_used(x: PredictInputs, c: dict[str, float]) -> dict[str, mb.InputValue]:
    def known(v: bool | None, yes: str, no: str, unknown: str) -> str:
        return unknown if v is None else (yes if v else no)
    return {
        "age": x.age, "size_mm": x.size_mm, "nodes": x.nodes, "er": "positive" if x.er else "negative",
        "grade": x.grade if x.grade is not None else (f"unknown (model uses {c['erpos.grade_unknown']:g})" if x.er
                                                      else "unknown (model counts it as grade 1)"),
        "her2": known(x.her2, "positive", "negative", "unknown (no HER2 term)"),
        "ki67": ("not used (ER-negative)" if not x.er else known(x.ki67, "positive", "negative", "unknown (no Ki-67 term)")),
        "detection": known(x.screen, "screening", "symptoms", f"unknown (model uses {c['screen_unknown']:g})"),
    }


@dataclass(frozen=True)
class Step:
    label: str
    regimen: Regimen
    names: tuple[str, ...]
    compared_with: str | None


def treatment_steps(x: PredictInputs, post_menopausal: bool | None) -> list[Step]:
    """Options stacked as the PREDICT tool shows them; 2nd-generation chemotherapy is an alternative step."""
    steps = [Step("surgery only", Regimen(), (), None)]
    prev = steps[0]

    def add(label: str, name: str, main: bool = True, **change: object) -> None:
        nonlocal prev
        step = Step(label, replace(prev.regimen, **change), (*prev.names, name), prev.label)  # type: ignore[arg-type]
        steps.append(step)
        if main:
            prev = step
    if x.er:
        add("+ hormone therapy", "hormone therapy", hormone=True)
    add("+ chemotherapy (2nd generation)", "chemotherapy, 2nd generation (anthracycline)", main=False, chemo=2)
    add("+ chemotherapy (3rd generation)", "chemotherapy, 3rd generation (anthracycline + taxane)", chemo=3)
    if x.her2:
        add("+ trastuzumab", "trastuzumab", trastuzumab=True)
    if post_menopausal:
        add("+ bisphosphonates", "bisphosphonates", bisphosphonate=True)
    return steps


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    sp = mb.spec(kb, MODEL)
    out = mb.ModelOutput()
    applies = mb.is_breast_invasive(case, sp)
    if not applies:
        return out
    c = mb.named_values(kb, TABLE)
    reason = mb.sex_refusal(case, sp)
    if reason is None and mb.metastatic(case):
        reason = "the cancer has spread (stage IV / metastatic sites): PREDICT describes early breast cancer after surgery"
    if reason is None and mb.had_neoadjuvant(case):
        reason = "treatment before surgery (neoadjuvant) changes the tumour measures PREDICT relies on; it is not validated there"
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OS, reason))
        return out
    x, needed = read_inputs(case, c)
    if x is None:
        out.not_assessed.append(mb.missing(sp, needed))
        out.questions.append(Question(topic="recurrence", evidence=list(sp.evidence),
                                      text="Can you tell me my tumour size, number of affected lymph nodes and "
                                           "receptor status, so my survival after surgery can be estimated?",
                                      why="PREDICT needs: " + ", ".join(needed)))
        return out
    used = _inputs_used(x, c)
    reason = mb.out_of_range({"age": x.age, "size_mm": x.size_mm, "nodes": x.nodes}, mb.ranges(kb, LIMITS))
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OS, reason, used))
        return out
    menopause = case.patient.menopausal_status
    post = None if menopause is None else menopause.value == "post"
    steps = treatment_steps(x, post)
    curves = {s.label: survival(x, s.regimen, c) for s in steps}
    for step in steps:
        cur = curves[step.label]
        ref = curves[step.compared_with] if step.compared_with else None
        for outcome in (OS, BCSM):
            series, ref_series = (cur.os, ref.os if ref else None) if outcome == OS else (cur.bcsm, ref.bcsm if ref else None)
            for h in HORIZONS:
                pct = 100 * series[h]
                benefit = None
                if ref_series is not None:
                    diff = 100 * (series[h] - ref_series[h])
                    benefit = diff if outcome == OS else -diff
                line = mb.curve([(t, 100 * v) for t, v in enumerate(cur.os)]) if (outcome == OS and h == 10) else []
                out.estimates.append(mb.estimate(sp, outcome, mb.horizon(h), step.label, percent=pct,
                                                 benefit_points=benefit, compared_with=step.compared_with,
                                                 regimen=list(step.names), inputs_used=used, curve=line))
    if x.her2 is None:
        out.not_assessed.append(mb.missing(sp, ["diagnosis.her2"], "trastuzumab benefit not shown, HER2 status unknown"))
    if post is None:
        out.not_assessed.append(mb.missing(sp, ["patient.menopausal_status"],
                                           "bisphosphonate benefit (post-menopausal women only) not shown"))
    unknown = [k for k in ("grade", "her2", "ki67", "detection") if isinstance(used[k], str) and "unknown" in str(used[k])]
    if unknown:
        out.questions.append(Question(topic="recurrence", evidence=list(sp.evidence),
                                      text=f"Is my tumour's {', '.join(unknown)} known? It would make my survival "
                                           "estimate more precise.",
                                      why="PREDICT used an average value for the unknown inputs."))
    return out
