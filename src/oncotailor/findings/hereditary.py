"""Hereditary predisposition, model-based risk and screening findings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding


class HereditaryFinding(Finding):
    gene: str
    variant: str
    classification: str
    classification_basis: str | None = Field(None, description="'lab report', 'rule: null variant in LoF gene', …")
    syndrome: str | None = None
    cancers: list[str] = Field(default_factory=list)
    management: list[str] = Field(default_factory=list)
    therapy_relevance: str | None = None
    cascade_testing: str | None = None
    risk_reducing: list[str] = Field(default_factory=list, description="risk-reducing surgery or medication to discuss")
    evidence: list[Evidence] = Field(default_factory=list)


class RiskModelResult(Finding):
    model: str
    outcome: str
    horizon: str
    percent: float | None = None
    average_percent: float | None = None
    valid: bool
    refusal_reason: str | None = None
    inputs_used: dict[str, str | float | int | bool | None] = Field(default_factory=dict)
    interpretation: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ScreeningItem(Finding):
    cancer: str
    test: str
    start_age: float | None = None
    stop_age: float | None = None
    interval: str | None = None
    reason: str
    risk_category: Literal["average", "increased", "high"]
    patient_text: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
