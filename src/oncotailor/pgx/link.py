"""Attach each patient's PGx result to the therapies that name an affected drug (placeholder)."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.knowledge import KnowledgeBase


def assess(case: Case, merged: Contribution, kb: KnowledgeBase) -> Contribution:
    return merged
