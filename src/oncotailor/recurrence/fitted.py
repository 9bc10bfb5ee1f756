"""The research Cox model fitted on GBSG2 (n=686), evaluated from its table - no lifelines at report time.

    RFS(t | x) = S0(t) ** exp(sum_k beta_k (x_k - mean_k))

with coefficients, centring means and yearly baseline survival from `knowledge/data/recurrence/gbsg2_cox.yaml`
(written by `scripts/fit_recurrence_model.py`). Shown beside the published models, never instead of them;
every estimate carries the held-out C-index and calibration slope in its note.

Its 95 % interval uses the bootstrap covariance shipped in the same table (coefficients and the log baseline
cumulative hazard at the horizon, `fit.bootstrap_covariance`), by the delta method on the log cumulative
hazard: log H(t | x) = log H0(t) + beta . (x - mean), Var = g' Cov g with g = (x - mean, 1), and
S = exp(-exp(log H -/+ z sd)). It covers sampling error of the fit only, not miscalibration.
"""

from __future__ import annotations

import math

from oncotailor.case import Case
from oncotailor.findings import NotAssessed
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import model_base as mb

MODEL = "GBSG2 Cox (research)"
TABLE = "recurrence/gbsg2_cox"
OUTCOME = "recurrence-free survival"
HORIZON = 5


class FitRow(mb.Row):
    kind: str
    name: str
    value: float | None = None
    mean: float | None = None
    year: int | None = None
    observed: float | None = None
    n: int | None = None
    min: float | None = None
    max: float | None = None
    source: str


def survival(x: dict[str, float], rows: list[FitRow]) -> list[tuple[int, float]]:
    lp = sum((r.value or 0.0) * (x[r.name] - (r.mean or 0.0)) for r in rows if r.kind == "coefficient")
    risk = math.exp(lp)
    return [(r.year or 0, (r.value or 0.0) ** risk) for r in rows if r.kind == "baseline"]


def interval(x: dict[str, float], rows: list[FitRow], horizon: int = HORIZON) -> tuple[float, float] | None:
    """95 % interval of survival at `horizon` (percent), or None when the table has no covariance."""
    cov = {r.name: r.value or 0.0 for r in rows if r.kind == "covariance"}
    z = next((r.value for r in rows if r.kind == "metric" and r.name == "interval_z"), None)
    s0 = next((r.value for r in rows if r.kind == "baseline" and r.year == horizon), None)
    if not cov or z is None or s0 is None or not 0 < s0 < 1:
        return None
    g = {r.name: x[r.name] - (r.mean or 0.0) for r in rows if r.kind == "coefficient"}
    g[f"log_H0_{horizon}y"] = 1.0
    names = list(g)
    var = sum(g[a] * g[b] * cov.get(f"{a}|{b}", cov.get(f"{b}|{a}", 0.0)) for a in names for b in names)
    log_h = math.log(-math.log(s0)) + sum(g[r.name] * (r.value or 0.0) for r in rows if r.kind == "coefficient")
    sd = math.sqrt(max(var, 0.0))
    return 100 * math.exp(-math.exp(log_h + z * sd)), 100 * math.exp(-math.exp(log_h - z * sd))


def covariates(case: Case) -> tuple[dict[str, float] | None, list[str]]:
    d = case.diagnosis
    age = mb.age_at_diagnosis(case)
    meno = case.patient.menopausal_status
    fields = {"diagnosis.age_at_diagnosis": age, "patient.menopausal_status": meno,
              "diagnosis.tumor_size_mm": d and d.tumor_size_mm, "diagnosis.grade": d and d.grade,
              "diagnosis.nodes_positive": d and d.nodes_positive, "diagnosis.er": d and d.er, "diagnosis.pr": d and d.pr}
    needed = [k for k, v in fields.items() if v is None]
    if needed or d is None or d.grade is None or d.nodes_positive is None or d.tumor_size_mm is None or age is None:
        return None, needed
    return {"age": age, "postmenopausal": float(meno == "post"), "size_mm": d.tumor_size_mm,
            "grade2": float(d.grade == 2), "grade3": float(d.grade >= 3), "log_nodes": math.log(d.nodes_positive + 1),
            "er_pos": float(d.er in ("positive", "low")), "pr_pos": float(d.pr in ("positive", "low")),
            "tamoxifen": 0.0}, []


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    sp = mb.spec(kb, MODEL)
    out = mb.ModelOutput()
    if not mb.is_breast_invasive(case, sp) or not kb.exists(TABLE):
        return out
    reason = mb.sex_refusal(case, sp)
    if reason is None and mb.metastatic(case):
        reason = "GBSG2 enrolled patients without distant spread"
    if reason is None and mb.had_neoadjuvant(case):
        reason = "GBSG2 patients had surgery first, without treatment before it"
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OUTCOME, reason, horizon_=mb.horizon(HORIZON)))
        return out
    x, needed = covariates(case)
    if x is None:
        out.not_assessed.append(mb.missing(sp, needed))
        return out
    rows = kb.table(TABLE, FitRow)
    if x["log_nodes"] == 0:  # outside the cohort, and not news beside the published models: no refusal line
        out.not_assessed.append(NotAssessed(section=mb.SECTION, reason=f"{sp.label}: GBSG2 enrolled node-positive "
                                            "patients only", needed_input=None))
        return out
    limits = [mb.RangeRow(input=r.name, min=r.min or 0.0, max=r.max or 0.0, reason="outside the GBSG2 data",
                          source=r.source) for r in rows if r.kind == "range"]
    d = case.diagnosis
    reason = mb.out_of_range({"age": x["age"], "size_mm": x["size_mm"],
                              "nodes": float(d.nodes_positive) if d and d.nodes_positive is not None else None}, limits)
    if reason is not None:
        out.estimates.append(mb.refusal(sp, OUTCOME, reason, horizon_=mb.horizon(HORIZON)))
        return out
    metric = {r.name: r.value for r in rows if r.kind == "metric"}
    note = (f"Research model fitted on GBSG2, n={int(metric.get('n') or 0)} (German node-positive patients treated "
            f"1984-89, all with CMF chemotherapy): held-out C-index {metric.get('c_index_test', 0):.2f}, calibration "
            f"slope {metric.get('calibration_slope_test', 0):.2f}. Shown beside the published models, not instead of them.")
    base = survival(x, rows)
    with_tam = survival({**x, "tamoxifen": 1.0}, rows)
    at = dict(base)[HORIZON] * 100
    at_tam = dict(with_tam)[HORIZON] * 100
    ci = interval(x, rows)
    ci_tam = interval({**x, "tamoxifen": 1.0}, rows)
    if ci is not None:
        boot = int(metric.get("bootstrap_replicates") or 0)
        note += (f" Interval: 95 % from a bootstrap of the fit ({boot} resamples; delta method on the log cumulative "
                 "hazard); it covers sampling error only, not the miscalibration above.")
    common = {"note": note, "inputs_used": {k: round(v, 6) for k, v in x.items() if k != "tamoxifen"},
              "approximation": "research model on a historical cohort; ER/PR from receptor levels >= 10 fmol/mg"}
    out.estimates.append(mb.estimate(sp, OUTCOME, mb.horizon(HORIZON), "CMF chemotherapy (as in GBSG-2)", percent=at,
                                     regimen=["CMF chemotherapy"], interval=ci, curve=mb.curve([(y, 100 * s) for y, s in base]),
                                     **common))
    out.estimates.append(mb.estimate(sp, OUTCOME, mb.horizon(HORIZON), "+ tamoxifen", percent=at_tam,
                                     benefit_points=at_tam - at, compared_with="CMF chemotherapy (as in GBSG-2)",
                                     regimen=["CMF chemotherapy", "tamoxifen"], interval=ci_tam,
                                     curve=mb.curve([(y, 100 * s) for y, s in with_tam]), **common))
    return out
