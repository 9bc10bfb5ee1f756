"""Pharmacogenomic results, CPIC-style."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding


class PgxRecommendation(Finding):
    drug: str
    text: str
    patient_text: str
    strength: str | None = Field(None, description="CPIC strength, e.g. Strong, Moderate, Optional")
    action: Literal["standard", "adjust_dose", "avoid", "caution", "monitor", "consider_alternative", "insufficient"] | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class PgxResult(Finding):
    gene: str
    diplotypes: list[str] = Field(default_factory=list, description="every call with the top score")
    alternatives: list[str] = Field(default_factory=list, description="lower-scoring calls that matter")
    call_status: Literal["called", "partial", "not_called"]
    phenotype: str | None = None
    activity_score: float | None = None
    missing_positions: list[str] = Field(default_factory=list)
    source: Literal["vcf", "outside_call"]
    research_grade: bool = False
    notes: list[str] = Field(default_factory=list)
    recommendations: list[PgxRecommendation] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
