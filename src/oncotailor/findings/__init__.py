"""The output model: what every engine returns and every renderer reads."""

from oncotailor.findings.alterations import AlterationItem
from oncotailor.findings.common import Evidence, NotAssessed, Question, ReportWarning
from oncotailor.findings.hereditary import HereditaryFinding, RiskModelResult, ScreeningItem
from oncotailor.findings.pgx import PgxRecommendation, PgxResult
from oncotailor.findings.recurrence import CurvePoint, RecurrenceEstimate
from oncotailor.findings.report import DISCLAIMER, CaseSummary, Contribution, Report
from oncotailor.findings.therapy import Condition, PgxNote, ResistanceMatch, TherapyMatch
from oncotailor.findings.trials import CriterionVerdict, TrialMatch, TrialSite

__all__ = [
    "DISCLAIMER", "AlterationItem", "CaseSummary", "Condition", "Contribution", "CriterionVerdict", "CurvePoint",
    "Evidence", "HereditaryFinding", "NotAssessed", "PgxNote", "PgxRecommendation", "PgxResult", "Question",
    "RecurrenceEstimate", "Report", "ReportWarning", "ResistanceMatch", "RiskModelResult", "ScreeningItem",
    "TherapyMatch", "TrialMatch", "TrialSite",
]
