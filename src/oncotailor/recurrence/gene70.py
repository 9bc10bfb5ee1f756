"""placeholder"""
from oncotailor.case import Case
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence.model_base import ModelOutput


def evaluate(case: Case, kb: KnowledgeBase) -> ModelOutput:
    return ModelOutput()
