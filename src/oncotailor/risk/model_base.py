"""What every risk model shares: its identity, refusal, missing inputs, horizons and the result shape.

A model module does two things: compute from plain numbers (pure functions the tests call directly)
and read its inputs from a `Case`. Reading ends in one of three outcomes, so the engine never guesses:
results (`RiskModelResult`, valid), a refusal (valid=False with the reason, no number), or `Missing`
(the inputs that would let it run → `NotAssessed` plus a question).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from oncotailor.case import Case
from oncotailor.findings import Evidence, RiskModelResult
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.sites import has_had

InputValue = str | float | int | bool | None


class Row(BaseModel):
    """Base of the models' constant-table rows (unknown keys rejected)."""

    model_config = ConfigDict(extra="forbid")


class CoefficientRow(Row):
    """One equation's named coefficients (PREMM5 per gene, CCRAT per sex and site)."""

    coefficients: dict[str, float]
    source: str
    gene: str | None = None
    sex: str | None = None
    site: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    """Identity of one model: name, outcome, who it describes, and where it comes from."""

    name: str
    outcome: str  # e.g. "invasive breast cancer"
    people: str  # plural noun for the icon array sentence: "women", "men", "people"
    evidence: tuple[Evidence, ...]
    event_phrase: str = ""  # e.g. "will get breast cancer"; defaults to "will get <outcome>"
    average_group: str = "of the same age"  # who the average comparator describes

    def phrase(self) -> str:
        return self.event_phrase or f"will get {self.outcome}"


@dataclass
class Missing:
    """The model could run if these inputs were known (names as in the case file)."""

    spec: ModelSpec
    needed: list[str]
    reason: str = ""

    def reason_text(self) -> str:
        return self.reason or f"{self.spec.name} needs: {', '.join(self.needed)}"


@dataclass
class NotApplicable:
    """The model is not meant for this person at all (e.g. a lung model for a never-smoker); nothing to report."""

    spec: ModelSpec
    reason: str


@dataclass
class Outcome:
    results: list[RiskModelResult] = field(default_factory=list)
    missing: Missing | None = None
    not_applicable: NotApplicable | None = None


def horizon_words(horizon: str) -> str:
    """'5y' → 'in the next 5 years'; 'to_age_90' → 'by age 90'."""
    if horizon.endswith("y") and horizon[:-1].isdigit():
        return f"in the next {horizon[:-1]} years"
    if horizon.startswith("to_age_"):
        return f"by age {horizon.removeprefix('to_age_')}"
    if horizon == "current":
        return "when tested"
    return horizon.replace("_", " ")


def interpretation(spec: ModelSpec, horizon: str, percent: float, average: float | None) -> str:
    """The icon-array sentence, in whole people out of 100 (below 1 in 100 said as 'fewer than 1')."""
    n = round(percent)
    count = "fewer than 1" if n < 1 else f"about {n}"
    text = f"Out of 100 {spec.people} like you, {count} {spec.phrase()} {horizon_words(horizon)}."
    if average is not None:
        a = round(average)
        avg = "fewer than 1" if a < 1 else f"about {a}"
        text += f" For {spec.people} {spec.average_group} in general it is {avg} in 100."
    return text


def result(spec: ModelSpec, horizon: str, fraction: float, average_fraction: float | None,
           inputs: dict[str, InputValue], note: str | None = None) -> RiskModelResult:
    """A valid result; fractions (0–1) become percents, kept unrounded so they match the reference tools."""
    pct = 100.0 * fraction
    avg = None if average_fraction is None else 100.0 * average_fraction
    text = interpretation(spec, horizon, pct, avg)
    if note:
        text += " " + note
    return RiskModelResult(model=spec.name, outcome=spec.outcome, horizon=horizon, percent=pct, average_percent=avg,
                           valid=True, inputs_used=dict(inputs), interpretation=text, evidence=list(spec.evidence))


def refusal(spec: ModelSpec, horizon: str, reason: str, inputs: dict[str, InputValue] | None = None) -> RiskModelResult:
    """The model does not apply as asked: say why, give no number."""
    return RiskModelResult(model=spec.name, outcome=spec.outcome, horizon=horizon, percent=None, average_percent=None,
                           valid=False, refusal_reason=reason, inputs_used=dict(inputs or {}),
                           interpretation=f"{spec.name} was not used: {reason}", evidence=list(spec.evidence))


def refused(spec: ModelSpec, horizons: tuple[str, ...], reason: str,
            inputs: dict[str, InputValue] | None = None) -> Outcome:
    return Outcome(results=[refusal(spec, h, reason, inputs) for h in horizons])


def absent(obj: Any, names: tuple[str, ...], prefix: str = "risk_factors.") -> list[str]:
    """Case-file names of the fields of `obj` that are not given (all of them when `obj` is None)."""
    return [f"{prefix}{n}" for n in names if obj is None or getattr(obj, n) is None]


def gate(spec: ModelSpec, horizons: tuple[str, ...], case: Case, kb: KnowledgeBase, *, site: str,
         excluding_genes: frozenset[str], carrier_reason: str, age_range: tuple[float, float],
         age_reason: str = "the model's range") -> Outcome | None:
    """The refusals every model shares: cancer of the predicted organ, a carrier it does not describe, age."""
    if has_had(case, kb, site):
        return refused(spec, horizons, f"a personal history of {site} cancer: follow-up is surveillance, not risk "
                       "prediction")
    if excluding_genes:
        return refused(spec, horizons, f"a pathogenic variant in {', '.join(sorted(excluding_genes))}: {carrier_reason}")
    age = case.patient.age
    lo, hi = age_range
    if age is not None and not lo <= age <= hi:
        return refused(spec, horizons, f"age {age:g} is outside {lo:g}-{hi:g} years, {age_reason}", {"age": age})
    return None
