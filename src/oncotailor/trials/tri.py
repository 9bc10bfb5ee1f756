"""Three-valued (Kleene) AND / OR over (value, evidence) pairs: True, False or None (unknown).

The deciding branch's evidence is kept, so a verdict can say *why*.
"""

from __future__ import annotations

Tri = bool | None
Judged = tuple[Tri, str]


def tri_or(results: list[Judged]) -> Judged:
    """True if any is True; else unknown if any is unknown; else False."""
    for r in results:
        if r[0] is True:
            return r
    unknown = [r for r in results if r[0] is None]
    if unknown:
        return None, unknown[0][1]
    return False, "; ".join(dict.fromkeys(r[1] for r in results)) if results else "nothing to compare"


def tri_and(results: list[Judged]) -> Judged:
    """False if any is False; else unknown if any is unknown; else True."""
    for r in results:
        if r[0] is False:
            return r
    unknown = [r for r in results if r[0] is None]
    if unknown:
        return None, unknown[0][1]
    return True, "; ".join(r[1] for r in results if r[1])
