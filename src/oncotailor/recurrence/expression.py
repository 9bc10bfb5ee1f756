"""Reading `tumor.expression` for the signature models: keys to HGNC symbols, log2 where needed.

Keys that are not gene symbols (array probe ids such as ``NM_003748`` or ``Contig32125_RC``) are kept as
given so signatures defined on reporters can still find them.
"""

from __future__ import annotations

import math

from oncotailor.case import Case, Expression
from oncotailor.errors import InputError, OncoTailorError
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import model_base as mb


def expression(case: Case) -> Expression | None:
    t = case.tumor
    return t.expression if t is not None and t.expression is not None and t.expression.values else None


def by_symbol(expr: Expression) -> dict[str, float]:
    """Values keyed by current HGNC symbol (unknown keys kept verbatim); linear values become log2(x + 1).

    A value that is not a finite number (or is negative on the linear scale) is an input error naming its key.
    """
    from oncotailor.vocab.genes import normalise_gene

    out: dict[str, float] = {}
    for key, value in expr.values.items():
        if not math.isfinite(value) or (expr.scale == "linear" and value < 0):
            raise InputError("must be a finite number" + (" >= 0 on the linear scale" if expr.scale == "linear" else ""),
                             field=f"tumor.expression.values.{key}")
        try:
            symbol = normalise_gene(key)
        except OncoTailorError:
            symbol = key
        v = math.log2(value + 1) if expr.scale == "linear" else value
        out.setdefault(symbol, v)
        out.setdefault(key, v)
    return out


def find(values: dict[str, float], name: str, aliases: list[str] | tuple[str, ...] = ()) -> float | None:
    for key in (name, *aliases):
        if key in values:
            return values[key]
    return None


def signature_start(case: Case, kb: KnowledgeBase, model: str, outcome: str,
                    needed: str) -> tuple[mb.ModelSpec, mb.ModelOutput, Expression | None]:
    """The opening every expression signature shares: who it describes, no table, spread disease.

    Returns the expression table only when the model should go on; otherwise the output already says why
    (a `not_assessed` asking for the table in early ER-positive disease, or a refusal for spread disease).
    """
    sp = mb.spec(kb, model)
    out = mb.ModelOutput()
    if not mb.is_breast_invasive(case, sp):
        return sp, out, None
    try:
        expr = expression(case)
        if expr is not None:
            by_symbol(expr)  # checks every value once, with the case file named
    except InputError as exc:
        raise exc.at(file=case.source_file) from None
    d = case.diagnosis
    if expr is None:
        if d is not None and d.er in ("positive", "low") and not mb.metastatic(case):
            out.not_assessed.append(mb.missing(sp, [needed], "no tumour expression values given"))
        return sp, out, None
    if mb.metastatic(case):
        out.estimates.append(mb.refusal(sp, outcome, "the signature describes early breast cancer, not spread disease"))
        return sp, out, None
    return sp, out, expr
