"""The canonical report: every DESIGN.md top-level key, always present."""

from __future__ import annotations

from pydantic import Field

from oncotailor.findings.alterations import AlterationItem
from oncotailor.findings.common import Finding, NotAssessed, Question, ReportWarning
from oncotailor.findings.hereditary import HereditaryFinding, RiskModelResult, ScreeningItem
from oncotailor.findings.pgx import PgxResult
from oncotailor.findings.recurrence import RecurrenceEstimate
from oncotailor.findings.therapy import ResistanceMatch, TherapyMatch
from oncotailor.findings.trials import TrialMatch

DISCLAIMER = (
    "OncoTailor supports decisions made by qualified clinicians. It does not replace them: "
    "every finding must be reviewed by the care team before it changes care."
)


class Contribution(Finding):
    """What one engine adds to the report; `analyze` concatenates contributions in engine order."""

    alterations: list[AlterationItem] = Field(default_factory=list)
    therapies: list[TherapyMatch] = Field(default_factory=list)
    resistance: list[ResistanceMatch] = Field(default_factory=list)
    pgx: list[PgxResult] = Field(default_factory=list)
    hereditary: list[HereditaryFinding] = Field(default_factory=list)
    risk_models: list[RiskModelResult] = Field(default_factory=list)
    screening: list[ScreeningItem] = Field(default_factory=list)
    recurrence: list[RecurrenceEstimate] = Field(default_factory=list)
    trials: list[TrialMatch] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    not_assessed: list[NotAssessed] = Field(default_factory=list)
    warnings: list[ReportWarning] = Field(default_factory=list)


class CaseSummary(Finding):
    """The few facts about the case a reader of the report needs to see (no free text, no name)."""

    cancer_type: str | None = None
    oncotree_code: str | None = None
    cancer_type_name: str | None = None
    stage: str | None = None
    age: float | None = None
    sex: str | None = None
    specimen: str | None = None
    panel: str | None = None
    tested_genes_known: bool = False
    markers: dict[str, str | float] = Field(
        default_factory=dict, description="tumor markers and receptors as given (tmb, msi, pdl1_tps, er, her2 …)")


class Report(Contribution):
    case_id: str
    generated_at: str
    software_version: str
    knowledge_versions: dict[str, str] = Field(default_factory=dict)
    as_of: str
    input_sha256: str | None = None
    disclaimer: str = DISCLAIMER
    summary: CaseSummary = Field(default_factory=CaseSummary)
