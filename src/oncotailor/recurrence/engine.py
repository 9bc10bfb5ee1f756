"""The recurrence engine: validated prognostic models for one case, beside (never instead of) each other.

Each model module returns estimates, refusals and the inputs it lacked; this module only merges them and
adds the one question every patient with early cancer asks.
"""

from __future__ import annotations

from collections.abc import Callable

from oncotailor.case import Case
from oncotailor.findings import Contribution, NotAssessed, Question
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import fitted, gene70, predict, predict_v3, rs21
from oncotailor.recurrence.model_base import SECTION, ModelOutput

MODELS: tuple[Callable[[Case, KnowledgeBase], ModelOutput], ...] = (
    predict.evaluate, predict_v3.evaluate, rs21.evaluate, gene70.evaluate, fitted.evaluate,
)


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    out = ModelOutput()
    for evaluate in MODELS:
        out.extend(evaluate(case, kb))
    questions = list(out.questions)
    if any(e.valid for e in out.estimates):
        evidence = next(e.evidence for e in out.estimates if e.valid)
        questions.insert(0, Question(
            topic="recurrence", evidence=list(evidence),
            text="What is my chance of the cancer coming back, and how much does chemotherapy change it?",
            why="The estimates below show the chance with surgery alone and what each treatment adds."))
    not_assessed = list(out.not_assessed)
    if not out.estimates and not not_assessed:
        cancer = case.diagnosis.oncotree_code if case.diagnosis and case.diagnosis.oncotree_code else None
        reason = (f"no validated recurrence model is available here for {cancer}" if cancer
                  else "no cancer diagnosis in the case")
        not_assessed.append(NotAssessed(section=SECTION, reason=reason,
                                        needed_input=None if cancer else "diagnosis.cancer_type"))
    return Contribution(recurrence=out.estimates, questions=questions, not_assessed=not_assessed)
