"""The report's view of every tumor alteration that was read, matched or not."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from oncotailor.findings.common import Evidence, Finding

AlterationClass = Literal[
    "actionable", "resistance", "prognostic", "diagnostic", "oncogenic", "likely_oncogenic", "vus",
    "benign", "germline_suspect", "not_classified",
]


class AlterationItem(Finding):
    gene: str
    alteration: str
    kind: str
    hgvsp: str | None = None
    hgvsc: str | None = None
    consequence: str | None = None
    exon: int | None = None
    vaf: float | None = None
    source: str
    classification: AlterationClass = "not_classified"
    highest_level: str | None = Field(None, description="highest therapy level for this alteration, e.g. '1'")
    note: str | None = None
    flags: list[str] = Field(default_factory=list, description="e.g. possible_germline, possible_chip")
    evidence: list[Evidence] = Field(default_factory=list)
