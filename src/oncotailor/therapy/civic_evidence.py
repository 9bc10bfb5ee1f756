"""CIViC predictive evidence for the case's alterations (placeholder until the import lands)."""

from __future__ import annotations

import polars as pl

from oncotailor.case import Case
from oncotailor.findings import TherapyMatch
from oncotailor.knowledge import KnowledgeBase


def civic_matches(case: Case, kb: KnowledgeBase, code: str | None, alts: pl.DataFrame,
                  curated: set[str | None]) -> list[TherapyMatch]:
    return []
