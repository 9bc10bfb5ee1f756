"""Which cancer site a name means ("colon cancer", "COAD", "uterine") — the risk models count by site.

Table `risk/cancer_sites`: whole-word terms first, then the OncoTree lineage of the resolved type.
Unknown names give None (the caller treats the relative as "cancer of another site"), never an error:
a family-history entry that we cannot place must not stop the report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from oncotailor.case import Case
from oncotailor.errors import OncoTailorError
from oncotailor.knowledge import KnowledgeBase


class SiteRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    site: str
    terms: list[str]
    oncotree_codes: list[str]
    source: str


@lru_cache(maxsize=4096)
def _lineage(name: str) -> tuple[str, ...]:
    try:
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        return resolve_cancer_type(name).lineage
    except (OncoTailorError, ValueError, KeyError):
        return ()


def site_of(name: str | None, kb: KnowledgeBase) -> str | None:
    """The site key for a cancer name or OncoTree code, or None when it cannot be placed."""
    if not name:
        return None
    rows = kb.table("risk/cancer_sites", SiteRow)
    text = " " + re.sub(r"[^a-z0-9]+", " ", name.lower()) + " "
    for row in rows:
        if any(f" {t} " in text for t in row.terms):
            return row.site
    lineage = _lineage(name.strip())
    for row in rows:
        if any(code in lineage for code in row.oncotree_codes):
            return row.site
    return None


def personal_sites(case: Case, kb: KnowledgeBase) -> list[tuple[str | None, float | None]]:
    """(site, age at diagnosis) for the current diagnosis and every prior cancer of the person."""
    out: list[tuple[str | None, float | None]] = []
    d = case.diagnosis
    if d and (d.oncotree_code or d.cancer_type):
        out.append((site_of(d.cancer_type, kb) or site_of(d.oncotree_code, kb), d.age_at_diagnosis))
    for pc in case.patient.prior_cancers or []:
        out.append((site_of(pc.cancer, kb), pc.age_at_diagnosis))
    return out


def personal_history_known(case: Case) -> bool:
    """True when we know the person's cancer history: a diagnosis, or prior_cancers given (even [])."""
    return case.diagnosis is not None or case.patient.prior_cancers is not None


def has_had(case: Case, kb: KnowledgeBase, site: str) -> bool:
    return any(s == site for s, _ in personal_sites(case, kb))
