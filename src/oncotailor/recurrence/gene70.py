"""The 70-gene signature as a correlation classifier (van 't Veer et al., Nature 2002;415:530).

A tumour's values on the signature's reporters are correlated (Pearson) with the average profile of
good-prognosis tumours; above the published threshold (0.4) the tumour is called good prognosis, else poor.
The template holds log10 ratios of tumour to a reference pool, so the classifier reads reference-relative
values (`tumor.expression.scale: log2_ratio`; the log base does not change a correlation). Reporters are
matched by id, else by gene symbol; 15 of the 70 reporters have no gene, so gene-level input uses the 55
named reporters and is labelled an approximation. This is a research re-implementation, not MammaPrint.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from oncotailor.case import Case
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import expression as ex
from oncotailor.recurrence import model_base as mb

MODEL = "GENE70"
OUTCOME = "distant-metastasis-free survival (signature group average)"
TABLE, RULE = "recurrence/gene70", "recurrence/gene70_rule"
RATIO_SCALES = ("log2_ratio",)


class ReporterRow(mb.Row):
    reporter: str
    gene: str | None
    published_symbol: str | None
    entrez: int | None
    template: float
    outcome_correlation: float
    source: str


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


def classify(correlation: float, threshold: float) -> str:
    return "good" if correlation > threshold else "poor"


def match(values: dict[str, float], reporters: list[ReporterRow]) -> tuple[list[float], list[float], list[str], int]:
    """Paired (value, template) over matched reporters; named genes not found; count of unnamed reporters skipped."""
    xs, ts, missing, skipped = [], [], [], 0
    for r in reporters:
        v = values.get(r.reporter)
        if v is None and r.gene:
            v = ex.find(values, r.gene, [r.published_symbol] if r.published_symbol else [])
        if v is None:
            if r.gene:
                missing.append(r.gene)
            else:
                skipped += 1
            continue
        xs.append(v)
        ts.append(r.template)
    return xs, ts, sorted(set(missing)), skipped


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    sp, out, expr = ex.signature_start(case, kb, MODEL, OUTCOME,
                                       "tumor.expression (70-gene reporters, log2 ratio to a reference)")
    if expr is None:
        return out
    reporters = kb.table(TABLE, ReporterRow)
    values = ex.by_symbol(expr)
    xs, ts, missing, skipped = match(values, reporters)
    named = {r.gene for r in reporters if r.gene}
    if len(named) - len(missing) < len(named) / 2:
        out.not_assessed.append(mb.missing(sp, ["tumor.expression (70-gene reporters, log2 ratio to a reference)"],
                                           "the expression table does not cover the 70-gene signature"))
        return out
    if expr.scale not in RATIO_SCALES:
        reason = (f"the 70-gene template is defined on tumour/reference ratios; values on scale '{expr.scale}' "
                  "cannot be correlated with it")
        out.estimates.append(mb.refusal(sp, OUTCOME, reason))
        out.not_assessed.append(mb.missing(sp, ["tumor.expression.scale: log2_ratio"], reason))
        return out
    if missing:
        return mb.incomplete_panel(out, sp, OUTCOME, "70-gene", missing)
    rule = mb.named_values(kb, RULE)
    r = pearson(xs, ts)
    if math.isnan(r):
        out.estimates.append(mb.refusal(sp, OUTCOME, "the values do not vary across the signature genes"))
        return out
    group = classify(r, rule["good_if_correlation_above"])
    pct, se = rule[f"{group}.dmfs_10y"], rule[f"{group}.dmfs_10y_se"]
    approx = ["research re-implementation of the 70-gene classifier, not the MammaPrint assay"]
    if skipped:
        approx.append(f"{len(xs)} of {len(reporters)} reporters used ({skipped} reporters have no gene symbol)")
    if expr.platform not in ("microarray", "unknown"):
        approx.append(f"the template comes from two-colour microarrays; these values are {expr.platform}")
    out.estimates.append(mb.estimate(
        sp, OUTCOME, "10y", "as treated in van de Vijver 2002", percent=pct,
        interval=(round(pct - 1.96 * se, 1), round(pct + 1.96 * se, 1)), score=round(r, 4), group=group,
        approximation="; ".join(approx),
        note=(f"Correlation {r:.2f} with the good-prognosis profile ({'above' if group == 'good' else 'not above'} "
              f"{rule['good_if_correlation_above']:g}): {group}-prognosis signature. In the 295 patients of van de "
              f"Vijver 2002 about {pct:g} in 100 of this group were free of distant metastasis at 10 years."),
        inputs_used={"reporters_used": len(xs), "correlation": round(r, 6)}))
    return out
