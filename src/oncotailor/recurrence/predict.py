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

PREDICT publishes no parameter covariance, so no confidence interval is made up: when inputs are unknown,
each estimate's `interval` is the range of the estimate over every possible value of those inputs, and its
note says so (or, all inputs known, gives the published validation from `predict_validation`).

The pieces every PREDICT release shares live here and are used by `predict_v3` too: the competing-risk
split (`competing_risks`), the treatment steps (`StepChain`, `standard_steps`), the ranges over unknown
inputs (`variants`, `unknown_ranges`), the estimates (`step_estimates`) and who PREDICT describes
(`early_breast_refusal`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, cast

from oncotailor.case import Case
from oncotailor.findings import Evidence, Question, RecurrenceEstimate
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import model_base as mb

TABLE = "recurrence/predict_v2_1"
LIMITS = "recurrence/predict_validity"
VALIDATION = "recurrence/predict_validation"
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


def indicator(flag: bool | None, pos: float, neg: float) -> float:
    return 0.0 if flag is None else (pos if flag else neg)


def prognostic_index(x: PredictInputs, c: dict[str, float]) -> float:
    """Breast-cancer mortality index before treatment."""
    her2 = indicator(x.her2, c["her2_pos"], c["her2_neg"])
    if x.er:
        a = x.age / 10
        grade = c["erpos.grade_unknown"] if x.grade is None else x.grade
        screen = c["screen_unknown"] if x.screen is None else float(x.screen)
        return (c["erpos.age1"] * (a ** -2 - c["erpos.age1_centre"])
                + c["erpos.age2"] * (a ** -2 * math.log(a) - c["erpos.age2_centre"])
                + c["erpos.size"] * (math.log(x.size_mm / 100) + c["erpos.size_centre"])
                + c["erpos.nodes"] * (math.log((x.nodes + 1) / 10) + c["erpos.nodes_centre"])
                + c["erpos.grade"] * grade + c["erpos.screen"] * screen
                + indicator(x.ki67, c["erpos.ki67_pos"], c["erpos.ki67_neg"]) + her2)
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


def competing_risks(s_bc: Sequence[float], s_oth: Sequence[float]) -> Survival:
    """Overall survival and cumulative breast cancer death from the two cause-specific survival series.

    Both series start at year 0 (1.0). Each year's all-cause deaths are split by the share of the two
    cause-specific yearly death fractions, as every PREDICT release does; shared with `predict_v3`.
    """
    os_ = [b * o for b, o in zip(s_bc, s_oth, strict=True)]
    bcsm = [0.0]
    for t in range(1, len(os_)):
        m_bc, m_oth, m_all = s_bc[t - 1] - s_bc[t], s_oth[t - 1] - s_oth[t], os_[t - 1] - os_[t]
        bcsm.append(bcsm[-1] + m_bc / (m_bc + m_oth) * m_all)
    return Survival(tuple(os_), tuple(bcsm))


def survival(x: PredictInputs, rx: Regimen, c: dict[str, float], years: int = YEARS) -> Survival:
    risk_bc = math.exp(prognostic_index(x, c) + treatment_log_hr(x, rx, c))
    risk_oth = math.exp(c["other.age"] * ((x.age / 10) ** 2 - c["other.age_centre"]))
    s_bc, s_oth = [1.0], [1.0]
    for t in range(1, years + 1):
        s_bc.append(math.exp(-_baseline_bc(x.er, t, c) * risk_bc))
        s_oth.append(math.exp(-_baseline_other(t, c) * risk_oth))
    return competing_risks(s_bc, s_oth)


# ── reading the case ──

def receptor(value: str | None) -> bool | None:
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
    return PredictInputs(age=age, size_mm=d.tumor_size_mm, nodes=d.nodes_positive, er=bool(receptor(d.er)),
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


R = TypeVar("R")
X = TypeVar("X")
Key = tuple[str, str, int]  # step label, outcome, horizon in years


@dataclass(frozen=True)
class Step(Generic[R]):
    label: str
    regimen: R
    names: tuple[str, ...]
    compared_with: str | None


class StepChain(Generic[R]):
    """Treatment options stacked as the PREDICT tool shows them.

    A main step adds one treatment to the previous main step; an alternative (`main=False`) is measured
    against its base and not built on. Shared by v2.1 and v3.
    """

    def __init__(self, start: R) -> None:
        self.steps: list[Step[R]] = [Step("surgery only", start, (), None)]
        self.last = self.steps[0]

    def add(self, label: str, name: str, change: Mapping[str, object], *, main: bool = True,
            base: Step[R] | None = None) -> Step[R]:
        b = base or self.last
        step = Step(label, cast(R, replace(cast(Any, b.regimen), **change)), (*b.names, name), b.label)
        self.steps.append(step)
        if main:
            self.last = step
        return step


def standard_steps(chain: StepChain[R], er: bool, her2: bool | None, post_menopausal: bool | None,
                   hormone: Mapping[str, object], hormone_name: str = "hormone therapy") -> Step[R] | None:
    """The systemic steps every PREDICT release stacks: + hormone therapy (ER+), chemotherapy (2nd generation as
    an alternative, then 3rd), + trastuzumab (HER2+), + bisphosphonates (post-menopausal). Returns the hormone step."""
    hormone_step = chain.add("+ hormone therapy", hormone_name, hormone) if er else None
    chain.add("+ chemotherapy (2nd generation)", "chemotherapy, 2nd generation (anthracycline)", {"chemo": 2}, main=False)
    chain.add("+ chemotherapy (3rd generation)", "chemotherapy, 3rd generation (anthracycline + taxane)", {"chemo": 3})
    if her2:
        chain.add("+ trastuzumab", "trastuzumab", {"trastuzumab": True})
    if post_menopausal:
        chain.add("+ bisphosphonates", "bisphosphonates", {"bisphosphonate": True})
    return hormone_step


def treatment_steps(x: PredictInputs, post_menopausal: bool | None) -> list[Step[Regimen]]:
    """Options stacked as the PREDICT tool shows them; 2nd-generation chemotherapy is an alternative step."""
    chain = StepChain(Regimen())
    standard_steps(chain, x.er, x.her2, post_menopausal, {"hormone": True})
    return chain.steps


# ── honest uncertainty: the range over what is not known ──

def variants(x: X, choices: dict[str, tuple[object, ...]]) -> list[X]:
    """Every completion of the unknown (None) inputs named in `choices` by their possible values."""
    open_ = [(name, values) for name, values in choices.items() if getattr(x, name) is None]
    if not open_:
        return []
    return [cast(X, replace(cast(Any, x), **dict(zip([n for n, _ in open_], combo, strict=True))))
            for combo in itertools.product(*(values for _, values in open_))]


def unknown_ranges(completions: Iterable[dict[str, Survival]],
                   horizons: Sequence[int] = HORIZONS) -> dict[Key, tuple[float, float]]:
    """Lowest and highest percent of each step, outcome and horizon over the completed inputs.

    The point estimate (unknowns at the model's own codes) is not added: it lies inside because survival
    and breast cancer death are monotone in each coded input, which the tests check on a grid.
    """
    out: dict[Key, tuple[float, float]] = {}
    for curves in completions:
        for label, cur in curves.items():
            for outcome, series in ((OS, cur.os), (BCSM, cur.bcsm)):
                for h in horizons:
                    v = 100 * series[h]
                    lo, hi = out.get((label, outcome, h), (v, v))
                    out[(label, outcome, h)] = (min(lo, v), max(hi, v))
    return out


class ValidationRow(mb.Row):
    """`recurrence/predict_validation`: a published external validation, in our words, with its citation."""

    model: str
    text: str
    citation: mb.Citation


def validation(kb: KnowledgeBase, model: str) -> tuple[str, list[Evidence]]:
    rows = [r for r in kb.table(VALIDATION, ValidationRow) if r.model == model]
    return " ".join(r.text for r in rows if r.text), [Evidence(**r.citation.model_dump()) for r in rows]


def uncertainty_note(unknown: Sequence[str], validated: str) -> str:
    """Why there is (or is no) interval: PREDICT publishes no parameter uncertainty, so none is invented."""
    if unknown:
        head = ("Interval = lowest to highest estimate over every possible value of the unknown inputs ("
                + ", ".join(unknown) + "); it is not a confidence interval, as PREDICT publishes no parameter "
                "uncertainty.")
    else:
        head = "All inputs known, so no range; PREDICT publishes no parameter uncertainty, so no confidence interval."
    return f"{head} Published validation: {validated}" if validated else head


def step_estimates(sp: mb.ModelSpec, steps: Sequence[Step[R]], curves: dict[str, Survival],
                   used: dict[str, mb.InputValue], *, intervals: dict[Key, tuple[float, float]] | None = None,
                   note: str | None = None, evidence: Sequence[Evidence] = ()) -> list[RecurrenceEstimate]:
    """One estimate per step, outcome and horizon; benefit against the step it builds on; curves on 10-year OS."""
    out = []
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
                e = mb.estimate(sp, outcome, mb.horizon(h), step.label, percent=pct, benefit_points=benefit,
                                compared_with=step.compared_with, regimen=list(step.names), inputs_used=used,
                                curve=line, interval=intervals.get((step.label, outcome, h)) if intervals else None,
                                note=note)
                e.evidence.extend(evidence)
                out.append(e)
    return out


def early_breast_refusal(case: Case, sp: mb.ModelSpec) -> str | None:
    """Who PREDICT (every release) does not describe: men, metastatic disease, treatment before surgery."""
    reason = mb.sex_refusal(case, sp)
    if reason is None and mb.metastatic(case):
        reason = "the cancer has spread (stage IV / metastatic sites): PREDICT describes early breast cancer after surgery"
    if reason is None and mb.had_neoadjuvant(case):
        reason = "treatment before surgery (neoadjuvant) changes the tumour measures PREDICT relies on; it is not validated there"
    return reason


def post_menopausal(case: Case) -> bool | None:
    menopause = case.patient.menopausal_status
    return None if menopause is None else menopause.value == "post"


UNKNOWN_CHOICES: dict[str, tuple[object, ...]] = {
    "grade": (1, 2, 3), "her2": (True, False), "ki67": (True, False), "screen": (True, False)}
UNKNOWN_NAMES = {"grade": "grade 1-3", "her2": "HER2 +/-", "ki67": "Ki-67 +/-", "screen": "detection screen/symptoms",
                 "pr": "PR +/-", "smoker": "current smoker yes/no"}


@dataclass(frozen=True)
class Run(Generic[X]):
    """What the shared flow of a PREDICT release produced: `x` is None unless estimates were made."""

    out: mb.ModelOutput
    sp: mb.ModelSpec
    x: X | None = None
    used: dict[str, mb.InputValue] | None = None
    needed: list[str] | None = None


def run(case: Case, kb: KnowledgeBase, model: str, table: str,
        read: Any, inputs_used: Any, steps_of: Any, survive: Any, choices: dict[str, tuple[object, ...]]) -> Run[Any]:
    """The flow every PREDICT release shares: who it describes, its inputs, their ranges, the treatment steps,
    the ranges over unknown inputs and the validation note. `read(case, c)`, `inputs_used(x, c)`,
    `steps_of(x, c)` and `survive(x, regimen, c)` are the release's own."""
    sp = mb.spec(kb, model)
    out = mb.ModelOutput()
    if not mb.is_breast_invasive(case, sp):
        return Run(out, sp)
    c = mb.named_values(kb, table)
    reason = early_breast_refusal(case, sp)
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OS, reason))
        return Run(out, sp)
    x, needed = read(case, c)
    if x is None:
        out.not_assessed.append(mb.missing(sp, needed))
        return Run(out, sp, needed=needed)
    used = inputs_used(x, c)
    reason = mb.out_of_range({"age": x.age, "size_mm": x.size_mm, "nodes": x.nodes}, mb.ranges(kb, LIMITS))
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OS, reason, used))
        return Run(out, sp)
    steps = steps_of(x, c)
    curves = {s.label: survive(x, s.regimen, c) for s in steps}
    live = {k: v for k, v in choices.items() if x.er or k != "ki67"}
    intervals = unknown_ranges({s.label: survive(v, s.regimen, c) for s in steps} for v in variants(x, live))
    unknown = [UNKNOWN_NAMES[k] for k in live if getattr(x, k) is None]
    validated, cites = validation(kb, model)
    out.estimates.extend(step_estimates(sp, steps, curves, used, intervals=intervals if unknown else None,
                                        note=uncertainty_note(unknown, validated), evidence=cites))
    return Run(out, sp, x, used)


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    post = post_menopausal(case)
    r = run(case, kb, MODEL, TABLE, read_inputs, _inputs_used, lambda x, c: treatment_steps(x, post), survival,
            UNKNOWN_CHOICES)
    out, sp = r.out, r.sp
    if r.needed:
        out.questions.append(Question(topic="recurrence", evidence=list(sp.evidence),
                                      text="Can you tell me my tumour size, number of affected lymph nodes and "
                                           "receptor status, so my survival after surgery can be estimated?",
                                      why="PREDICT needs: " + ", ".join(r.needed)))
    if r.x is None or r.used is None:
        return out
    if r.x.her2 is None:
        out.not_assessed.append(mb.missing(sp, ["diagnosis.her2"], "trastuzumab benefit not shown, HER2 status unknown"))
    if post is None:
        out.not_assessed.append(mb.missing(sp, ["patient.menopausal_status"],
                                           "bisphosphonate benefit (post-menopausal women only) not shown"))
    unknown_inputs = [k for k in ("grade", "her2", "ki67", "detection")
                      if isinstance(r.used[k], str) and "unknown" in str(r.used[k])]
    if unknown_inputs:
        out.questions.append(Question(topic="recurrence", evidence=list(sp.evidence),
                                      text=f"Is my tumour's {', '.join(unknown_inputs)} known? It would make my "
                                           "survival estimate more precise.",
                                      why="PREDICT used an average value for the unknown inputs."))
    return out
