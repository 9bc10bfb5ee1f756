"""Placeholder until the therapy engine lands: says plainly that nothing was assessed."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.findings import Contribution, NotAssessed
from oncotailor.knowledge import KnowledgeBase


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    return Contribution(not_assessed=[NotAssessed(section="therapy", reason="this engine is not built yet")])
