"""Targeted therapy and resistance findings (OncoKB-style levels with AMP and ESCAT tiers beside them)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding

Level = Literal["1", "2", "3A", "3B", "4"]
ResistanceLevel = Literal["R1", "R2"]
CancerTypeMatch = Literal["exact", "ancestor", "other", "tumor_agnostic"]
Approval = Literal["fda", "ema", "guideline", "off_label", "investigational"]


class Condition(Finding):
    """A label limit beyond the biomarker, and whether this patient meets it."""

    text: str
    status: Literal["met", "not_met", "unknown"] = "unknown"
    detail: str | None = None


class PgxNote(Finding):
    gene: str
    drug: str
    phenotype: str | None = None
    text: str
    patient_text: str | None = None


class TherapyMatch(Finding):
    drugs: list[str]
    level: Level
    amp_tier: str | None = None
    escat_tier: str | None = None
    alteration: str = Field(description="the patient's alteration(s) that matched, e.g. 'EGFR L858R'")
    biomarker_rule: str = Field(description="the rule that matched, in words, e.g. 'EGFR exon 19 deletion or L858R'")
    rule_id: str | None = None
    cancer_type: str | None = Field(None, description="the rule's tumor type (OncoTree code or 'solid tumors')")
    cancer_type_match: CancerTypeMatch
    approval: Approval
    line_of_therapy: str | None = None
    conditions: list[Condition] = Field(default_factory=list)
    conditions_met: Literal["met", "not_met", "unknown", "none"] = "none"
    biomarker_status: Literal["met", "unknown"] = Field(
        "met", description="'unknown': part of the biomarker is untested or not given (shown in conditions)")
    pgx: list[PgxNote] = Field(default_factory=list)
    note: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ResistanceMatch(Finding):
    drugs: list[str]
    level: ResistanceLevel
    alteration: str
    explanation: str
    alternatives: list[str] = Field(default_factory=list)
    acquired: bool | None = Field(None, description="True when history shows progression on the drug")
    rule_id: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
