"""Clinical trial matches with per-criterion verdicts."""

from __future__ import annotations

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding


class CriterionVerdict(Finding):
    criterion: str = Field(description="the trial's sentence")
    evidence: str = Field(description="what in the case decided it, or what is missing")
    kind: str | None = Field(None, description="predicate type, e.g. ecog, biomarker, lab")
    exclusion: bool = False
    settle_with: str | None = Field(None, description="the input that would settle an unknown")


class TrialSite(Finding):
    facility: str | None = None
    city: str | None = None
    country: str | None = None
    distance_km: float | None = None
    contact: str | None = None


class TrialMatch(Finding):
    nct_id: str
    title: str
    status: str
    phase: str | None = None
    score: float
    biomarker_selected: bool = False
    met: list[CriterionVerdict] = Field(default_factory=list)
    not_met: list[CriterionVerdict] = Field(default_factory=list)
    unknown: list[CriterionVerdict] = Field(default_factory=list)
    nearest_site: TrialSite | None = None
    reasons: list[str] = Field(default_factory=list, description="why it ranks where it does")
    questions: list[str] = Field(default_factory=list, description="inputs that would settle its unknowns")
    snapshot_date: str | None = None
    url: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
