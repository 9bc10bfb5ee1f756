"""Pieces every finding shares: its evidence, and the honest "not assessed" entry."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Finding(BaseModel):
    """Base of every report item: extra keys forbidden so the JSON contract stays exact."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Evidence(Finding):
    """Where a clinical statement comes from, and how old that source is."""

    source: str = Field(description="e.g. 'FDA label', 'NCCN', 'CPIC', 'CIViC', 'PubMed'")
    id: str | None = Field(None, description="label set id, guideline name/version, PMID, EID …")
    url: str | None = None
    date: str | None = Field(None, description="the source's date (ISO), e.g. label revision date")
    level: str | None = Field(None, description="the source's own evidence level, if it has one")
    note: str | None = None


class NotAssessed(Finding):
    section: str
    reason: str
    needed_input: str | None = Field(None, description="what the user could add to settle it")


class ReportWarning(Finding):
    code: str = Field(description="stable machine-readable code, e.g. 'vcf.unannotated'")
    message: str
    file: str | None = None
    line: int | None = None


class Question(Finding):
    text: str
    why: str
    topic: Literal[
        "treatment", "resistance", "pgx", "hereditary", "screening", "recurrence", "trials", "testing", "general"
    ] = "general"
    evidence: list[Evidence] = Field(default_factory=list)
    key: str | None = Field(None, description="message-catalog key the text came from (lets views translate it)")
    params: dict[str, str] = Field(default_factory=dict, description="placeholders filled into the catalog text")
