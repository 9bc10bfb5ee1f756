"""Counting relatives with a given cancer, the way the risk models count them.

`family_history: []` means "none known" (count 0); `None` means "not asked" (count unknown → None).
"""

from __future__ import annotations

from oncotailor.case import Case, FamilyMember
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.sites import site_of


def relatives_with(case: Case, kb: KnowledgeBase, site: str, degree: int,
                   sexes: frozenset[str] | None = None) -> list[FamilyMember] | None:
    """Relatives of the given degree with a cancer of `site`; None when family history was not asked."""
    if case.family_history is None:
        return None
    out = []
    for m in case.family_history:
        if m.degree != degree or not m.cancer or site_of(m.cancer, kb) != site:
            continue
        if sexes is not None and _sex(m) not in sexes:
            continue
        out.append(m)
    return out


_FEMALE = frozenset({"mother", "sister", "daughter", "grandmother", "aunt", "niece", "half_sister"})
_MALE = frozenset({"father", "brother", "son", "grandfather", "uncle", "nephew", "half_brother"})


def _sex(m: FamilyMember) -> str | None:
    if m.sex is not None:
        return m.sex.value
    if m.relation in _FEMALE:
        return "female"
    if m.relation in _MALE:
        return "male"
    return None


def count_first_degree(case: Case, kb: KnowledgeBase, site: str, sexes: frozenset[str] | None = None) -> int | None:
    rel = relatives_with(case, kb, site, 1, sexes)
    return None if rel is None else len(rel)
