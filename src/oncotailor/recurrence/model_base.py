"""What every recurrence model shares: identity and citations, who it describes, refusals, horizons, result shape.

Each model module computes from plain numbers (pure functions the tests call directly) and reads its
inputs from a `Case` into a `ModelOutput`: estimates (valid numbers, or a refusal that says why and gives
no number) plus `NotAssessed` entries naming the inputs that would let it run. The engine only merges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from oncotailor.case import Case
from oncotailor.findings import CurvePoint, Evidence, NotAssessed, Question, RecurrenceEstimate
from oncotailor.knowledge import KnowledgeBase

SECTION = "recurrence"
InputValue = str | float | int | bool | None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(Row):
    source: str
    id: str | None = None
    url: str | None = None
    date: str | None = None
    note: str | None = None


class ModelRow(Row):
    """`recurrence/models`: one model's identity, population and citations."""

    model: str
    label: str
    applies_to: list[str]
    excludes: list[str] = Field(default_factory=list)
    sexes: list[str]
    sex_reason: str | None = None
    citations: list[Citation]


class NamedValue(Row):
    """A named constant (coefficient, centring value, threshold) with its source."""

    name: str
    value: float
    term: str | None = None
    source: str


class RangeRow(Row):
    """A valid input range; outside it the model refuses."""

    input: str
    min: float
    max: float
    reason: str
    source: str


@dataclass(frozen=True)
class ModelSpec:
    model: str
    label: str
    applies_to: tuple[str, ...]
    excludes: tuple[str, ...]
    sexes: tuple[str, ...]
    sex_reason: str | None
    evidence: tuple[Evidence, ...]


@dataclass
class ModelOutput:
    estimates: list[RecurrenceEstimate] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    def extend(self, other: ModelOutput) -> None:
        self.estimates.extend(other.estimates)
        self.not_assessed.extend(other.not_assessed)
        self.questions.extend(other.questions)


def spec(kb: KnowledgeBase, model: str) -> ModelSpec:
    for row in kb.table("recurrence/models", ModelRow):
        if row.model == model:
            return ModelSpec(row.model, row.label, tuple(row.applies_to), tuple(row.excludes), tuple(row.sexes),
                             row.sex_reason, tuple(Evidence(**c.model_dump()) for c in row.citations))
    raise KeyError(model)


def named_values(kb: KnowledgeBase, table: str) -> dict[str, float]:
    return {r.name: r.value for r in kb.table(table, NamedValue)}


def ranges(kb: KnowledgeBase, table: str) -> list[RangeRow]:
    return kb.table(table, RangeRow)


def out_of_range(values: dict[str, float | None], rows: list[RangeRow]) -> str | None:
    """The first range a known value breaks, as the refusal reason (unknown values are not judged here)."""
    for r in rows:
        v = values.get(r.input)
        if v is not None and not r.min <= v <= r.max:
            return f"{r.input.replace('_', ' ')} {v:g} is outside {r.min:g}-{r.max:g}: {r.reason}"
    return None


def horizon(years: int) -> str:
    return f"{years}y"


def estimate(sp: ModelSpec, outcome: str, horizon_: str, treatment: str, **fields: object) -> RecurrenceEstimate:
    """A valid estimate carrying the model's citations."""
    return RecurrenceEstimate(model=sp.model, outcome=outcome, horizon=horizon_, treatment=treatment, valid=True,
                              evidence=list(sp.evidence), **fields)


def refusal(sp: ModelSpec, outcome: str, reason: str, inputs: dict[str, InputValue] | None = None,
            horizon_: str = "10y") -> RecurrenceEstimate:
    """The model does not apply: the reason, no number."""
    return RecurrenceEstimate(model=sp.model, outcome=outcome, horizon=horizon_, treatment="surgery only", valid=False,
                              refusal_reason=reason, inputs_used=dict(inputs or {}), evidence=list(sp.evidence))


def missing(sp: ModelSpec, needed: list[str], what: str = "") -> NotAssessed:
    return NotAssessed(section=SECTION, reason=f"{sp.label}: {what or 'not computed, inputs missing'}",
                       needed_input=", ".join(needed))


def incomplete_panel(out: ModelOutput, sp: ModelSpec, outcome: str, panel: str, genes: list[str]) -> ModelOutput:
    """Refuse an expression score whose gene panel is incomplete, naming the genes the case lacks."""
    reason = f"the {panel} panel is incomplete; missing: " + ", ".join(genes)
    out.estimates.append(refusal(sp, outcome, reason))
    out.not_assessed.append(missing(sp, [f"tumor.expression.values.{g}" for g in genes], reason))
    return out


def curve(years_percent: list[tuple[int, float]]) -> list[CurvePoint]:
    return [CurvePoint(year=float(y), percent=p) for y, p in years_percent]


# ── who a model describes ──

def is_breast_invasive(case: Case, sp: ModelSpec) -> bool | None:
    """True when the diagnosis falls under the model's cancer types; None when no cancer type is given."""
    from oncotailor.vocab.tumor_types import is_descendant

    code = case.diagnosis.oncotree_code if case.diagnosis else None
    if not code:
        return None
    if code in sp.excludes or any(is_descendant(code, x) for x in sp.excludes):
        return False
    return any(code == a or is_descendant(code, a) for a in sp.applies_to)


def metastatic(case: Case) -> bool:
    d = case.diagnosis
    if d is None:
        return False
    return bool((d.stage and d.stage.upper().startswith("IV")) or d.metastatic_sites)


def had_neoadjuvant(case: Case) -> bool:
    h = case.history
    return bool(h and h.prior_therapies and any(t.setting == "neoadjuvant" for t in h.prior_therapies))


def sex_refusal(case: Case, sp: ModelSpec) -> str | None:
    sex = case.patient.sex.value if case.patient.sex else None
    if sex is not None and sex not in sp.sexes:
        return sp.sex_reason or f"{sp.label} does not describe this sex"
    return None


def age_at_diagnosis(case: Case) -> float | None:
    d = case.diagnosis
    if d is not None and d.age_at_diagnosis is not None:
        return d.age_at_diagnosis
    return case.patient.age
