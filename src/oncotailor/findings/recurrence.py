"""Recurrence and survival estimates from validated models."""

from __future__ import annotations

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding


class CurvePoint(Finding):
    year: float
    percent: float


class RecurrenceEstimate(Finding):
    model: str
    outcome: str
    horizon: str
    treatment: str = Field(description="'surgery only' or the treatment(s) added")
    percent: float | None = None
    score: float | None = None
    group: str | None = None
    benefit_points: float | None = Field(None, description="absolute gain over the previous treatment step, in points")
    interval: tuple[float, float] | None = Field(None, description="uncertainty interval, percent")
    valid: bool
    refusal_reason: str | None = None
    approximation: str | None = Field(None, description="why the number is an approximation, if it is")
    curve: list[CurvePoint] = Field(default_factory=list)
    regimen: list[str] = Field(default_factory=list, description="every treatment this estimate assumes")
    compared_with: str | None = Field(None, description="the step `benefit_points` is measured against")
    inputs_used: dict[str, str | float | int | bool | None] = Field(
        default_factory=dict, description="model inputs as used, unknowns shown as the model codes them")
    note: str | None = Field(None, description="context in plain words (trial results, research-use labels)")
    evidence: list[Evidence] = Field(default_factory=list)
