"""Reading `tumor.expression` for the signature models: keys to HGNC symbols, log2 where needed.

Keys that are not gene symbols (array probe ids such as ``NM_003748`` or ``Contig32125_RC``) are kept as
given so signatures defined on reporters can still find them.
"""

from __future__ import annotations

import math

from oncotailor.case import Case, Expression
from oncotailor.errors import OncoTailorError


def expression(case: Case) -> Expression | None:
    t = case.tumor
    return t.expression if t is not None and t.expression is not None and t.expression.values else None


def by_symbol(expr: Expression) -> dict[str, float]:
    """Values keyed by current HGNC symbol (unknown keys kept verbatim); linear values become log2(x + 1)."""
    from oncotailor.vocab.genes import normalise_gene

    out: dict[str, float] = {}
    for key, value in expr.values.items():
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
