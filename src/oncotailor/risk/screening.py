"""Screening plan by age, sex, risk category and findings, read from `knowledge/data/risk/screening.yaml`.

The table is the rule set; this module is its small interpreter (no eval). A row applies when its sex,
age window, gene list and every `requires` condition hold. High-risk rows marked `supersedes_average`
replace the average-risk rows for the same cancer. For an organ that already had cancer, screening is
replaced by surveillance advice (follow-up belongs to the treating team), and the report says so.
Unknown measures never count as "not eligible": the row becomes a NotAssessed entry naming the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from oncotailor.case import Case
from oncotailor.findings import Evidence, NotAssessed, ScreeningItem
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.sites import site_of

Measure = Literal["lifetime_breast_risk", "gail_5y", "premm5", "plcom2012_6y", "pack_years", "years_since_quit",
                  "fdr_colorectal"]

MEASURE_INPUT = {
    "lifetime_breast_risk": "risk_factors.scores.tyrer_cuzick_lifetime or canrisk_lifetime",
    "gail_5y": "the Gail (BCRAT) inputs",
    "premm5": "the PREMM5 inputs (personal and family cancer history)",
    "plcom2012_6y": "the PLCOm2012 inputs",
    "pack_years": "risk_factors.smoking (pack_years, or cigarettes_per_day and years_smoked)",
    "years_since_quit": "risk_factors.smoking (status and years_since_quit)",
    "fdr_colorectal": "family_history",
}


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    measure: Measure
    min: float | None = None
    max: float | None = None

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class ScreeningRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    cancer: str
    test: str
    interval: str
    sex: Literal["female", "male", "any"]
    risk_category: Literal["average", "increased", "high"]
    patient_text: str
    source: str
    date: str
    url: str | None = None
    source_id: str | None = None
    grade: str | None = None
    applies_from_age: float | None = None
    applies_to_age: float | None = None
    start_age: float | None = None
    stop_age: float | None = None
    genes: list[str] = []
    requires: list[Condition] = []
    supersedes_average: bool = False

    def evidence(self) -> Evidence:
        return Evidence(source=self.source, id=self.source_id, url=self.url, date=self.date, level=self.grade)

    def summary(self) -> str:
        ages = ""
        if self.start_age is not None and self.stop_age is not None:
            ages = f" from {self.start_age:g} to {self.stop_age:g}"
        elif self.start_age is not None:
            ages = f" from age {self.start_age:g}"
        return f"{self.test[0].upper()}{self.test[1:]}, {self.interval}{ages} ({self.source.split(';')[0]}, {self.date})"


def rows(kb: KnowledgeBase) -> list[ScreeningRow]:
    return kb.table("risk/screening", ScreeningRow)


def rows_for_gene(kb: KnowledgeBase, gene_key: str, sex: str | None) -> list[ScreeningRow]:
    """The high-risk rows a carrier of `gene_key` gets (both sexes' rows when sex is unknown)."""
    return [r for r in rows(kb) if gene_key in r.genes and (sex is None or r.sex in {"any", sex})]


@dataclass
class Facts:
    """What the interpreter needs besides the case: carrier genes and model results (percent)."""

    carrier_keys: frozenset[str] = frozenset()
    measures: Mapping[str, float | None] = field(default_factory=dict)


def _item(row: ScreeningRow, reason: str) -> ScreeningItem:
    return ScreeningItem(cancer=row.cancer, test=row.test, start_age=row.start_age, stop_age=row.stop_age,
                         interval=row.interval, reason=reason, risk_category=row.risk_category,
                         patient_text=row.patient_text, evidence=[row.evidence()])


def _reason(row: ScreeningRow, genes: list[str]) -> str:
    if genes:
        return f"carrier of a pathogenic variant in {', '.join(genes)}"
    if row.requires:
        return "; ".join(f"{c.measure.replace('_', ' ')} " + (f"≥ {c.min:g}" if c.min is not None else f"≤ {c.max:g}")
                         for c in row.requires)
    return "age and sex (average-risk schedule)"


def plan(case: Case, kb: KnowledgeBase, facts: Facts) -> tuple[list[ScreeningItem], list[NotAssessed]]:
    """Screening items and the rows we could not decide (with the input that would settle them)."""
    age, sex = case.patient.age, (case.patient.sex.value if case.patient.sex else None)
    if sex == "other":  # organ-specific rows depend on the organs present: ask rather than guess
        sex = None
    chosen: list[tuple[ScreeningRow, str]] = []
    undecided: dict[str, NotAssessed] = {}
    for row in rows(kb):
        if sex is not None and row.sex not in {"any", sex}:
            continue
        genes = [g for g in row.genes if g in facts.carrier_keys]
        if row.genes and not genes:
            continue
        last = min(x for x in (row.applies_to_age, row.stop_age, 200.0) if x is not None)
        if age is not None and age > last:  # past the schedule's age window
            continue
        if not row.genes and row.applies_from_age is not None and age is not None and age < row.applies_from_age:
            continue
        if age is None and not row.genes:
            undecided["age"] = NotAssessed(section="screening", reason="age-based screening needs the person's age",
                                           needed_input="patient.age")
            continue
        if sex is None and row.sex != "any":
            undecided["sex"] = NotAssessed(section="screening", reason="sex-specific screening needs the person's sex",
                                           needed_input="patient.sex")
            continue
        unknown = [c for c in row.requires if facts.measures.get(c.measure) is None]
        if unknown:
            if row.risk_category == "average" or row.id.startswith("uspstf"):
                key = f"{row.cancer}:{unknown[0].measure}"
                undecided[key] = NotAssessed(
                    section="screening", reason=f"{row.cancer} screening eligibility ({row.source} {row.date}) "
                    "could not be decided", needed_input=MEASURE_INPUT[unknown[0].measure])
            continue
        if all(c.holds(float(facts.measures[c.measure] or 0.0)) for c in row.requires):
            chosen.append((row, _reason(row, genes)))
    superseded = {r.cancer for r, _ in chosen if r.supersedes_average}
    chosen = [(r, why) for r, why in chosen if not (r.risk_category == "average" and r.cancer in superseded)]
    if metastatic(case) and any(r.risk_category == "average" for r, _ in chosen):
        chosen = [(r, why) for r, why in chosen if r.risk_category != "average"]
        undecided["metastatic"] = NotAssessed(
            section="screening", reason="with metastatic cancer, routine average-risk screening of other organs is "
            "decided with the treating team (it depends on treatment and life expectancy)",
            needed_input="a decision with the treating team")
    items = _replace_treated_organs(case, kb, chosen)
    return items, list(undecided.values())


def metastatic(case: Case) -> bool:
    """Stage IV (AJCC) or metastatic sites recorded."""
    d = case.diagnosis
    return d is not None and ((d.stage or "").upper().startswith("IV") or bool(d.metastatic_sites))


def _replace_treated_organs(case: Case, kb: KnowledgeBase, chosen: list[tuple[ScreeningRow, str]]) -> list[ScreeningItem]:
    """Screening of an organ that already had cancer becomes surveillance advice (one item per organ)."""
    own: set[str] = set()
    d = case.diagnosis
    if d is not None:
        s = site_of(d.cancer_type, kb) or site_of(d.oncotree_code, kb)
        if s:
            own.add(s)
    for pc in case.patient.prior_cancers or []:
        s = site_of(pc.cancer, kb)
        if s:
            own.add(s)
    items: list[ScreeningItem] = []
    done: set[str] = set()
    for row, why in chosen:
        organ = site_of(row.cancer, kb)
        if organ in own:
            if organ not in done:
                done.add(organ)
                items.append(ScreeningItem(
                    cancer=row.cancer, test="surveillance after cancer, as planned by the treating team",
                    interval="per the follow-up plan", reason=f"personal history of {row.cancer} cancer: screening "
                    f"of this organ is replaced by surveillance (the screening schedule '{row.test}' does not apply)",
                    risk_category="high",
                    patient_text=f"You have had {row.cancer} cancer. Your cancer team plans your check-ups for it. "
                    "They take the place of the usual tests.",
                    evidence=[row.evidence()]))
            continue
        items.append(_item(row, why))
    return items
