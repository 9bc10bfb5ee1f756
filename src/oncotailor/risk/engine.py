"""Placeholder until the risk engine lands: says plainly that nothing was assessed."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.findings import Contribution, NotAssessed
from oncotailor.knowledge import KnowledgeBase


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    return Contribution(not_assessed=[NotAssessed(section="risk", reason="this engine is not built yet")])
