"""Per-gene knowledge the matcher reads: roles, hotspots, kinase domains, germline/CHIP cautions.

The tables live in `knowledge/data/genes/` (cited per row); this module only validates and indexes them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from oncotailor.knowledge.base import CitedRow, KnowledgeBase

ROLES_TABLE = "genes/gene_roles"
CAUTIONS_TABLE = "genes/germline_chip"


class GeneRole(CitedRow):
    """What a gene does in cancer, and where its recurrent (oncogenic) changes sit."""

    gene: str
    role: Literal["oncogene", "tsg", "both"]
    hotspots: list[int] = Field(default_factory=list, description="codons of recurrent (hotspot) changes")
    hotspot_ranges: list[tuple[int, int]] = Field(default_factory=list)
    oncogenic_exon_events: list[str] = Field(default_factory=list, description="'<exon>:<event>', e.g. '19:deletion'")
    kinase_domain: tuple[int, int] | None = None
    expression_field: str | None = Field(None, description="case field an expression rule on this gene reads")
    fusion_driver: bool = False
    amplification_driver: bool = False


class GeneCaution(CitedRow):
    """A gene whose tumor-only or plasma findings need a germline or clonal-haematopoiesis caution."""

    gene: str
    category: Literal["predisposition", "chip"]
    het_vaf_min: float | None = Field(None, ge=0, le=1)
    het_vaf_max: float | None = Field(None, ge=0, le=1)
    hom_vaf_min: float | None = Field(None, ge=0, le=1)
    max_vaf: float | None = Field(None, ge=0, le=1, description="chip: flag only at or below this VAF")


def gene_roles(kb: KnowledgeBase) -> dict[str, GeneRole]:
    if not kb.exists(ROLES_TABLE):
        return {}
    return {r.gene: r for r in kb.table(ROLES_TABLE, GeneRole)}


def gene_cautions(kb: KnowledgeBase) -> list[GeneCaution]:
    if not kb.exists(CAUTIONS_TABLE):
        return []
    return kb.table(CAUTIONS_TABLE, GeneCaution)
