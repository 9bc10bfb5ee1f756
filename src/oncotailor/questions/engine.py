"""Questions generated from the merged findings (placeholder until the reports work lands)."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.knowledge import KnowledgeBase


def assess(case: Case, merged: Contribution, kb: KnowledgeBase) -> Contribution:
    return merged
