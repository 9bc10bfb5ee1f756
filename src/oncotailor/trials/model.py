"""The one internal trial model every importer produces and the matcher reads.

A trial is its identity and status, its sites (geocoded where the source says so), its conditions mapped
to OncoTree, and its eligibility as a list of :class:`Criterion` — each one sentence of the trial with one
typed predicate. A predicate states a *condition about the patient* ("ECOG ≤ 1", "has an EGFR exon 19
deletion", "received an EGFR TKI"); ``negate`` flips it ("no prior EGFR TKI") and the criterion's
``exclusion`` flag says whether the condition being true admits or excludes the patient.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Op = Literal[">=", ">", "<=", "<", "=="]
SourceFormat = Literal["ctgov_v2", "nci_cts_v2", "ctml"]

OPEN_STATUSES: frozenset[str] = frozenset({"recruiting", "not_yet_recruiting", "enrolling_by_invitation"})


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ───────────────────────────── predicates ─────────────────────────────


class _Pred(_M):
    negate: bool = Field(False, description="the sentence states the opposite condition ('no prior …')")


class CancerTypeP(_Pred):
    """The patient's cancer is one of these OncoTree nodes (or a descendant); `_SOLID_`/`_LIQUID_` allowed."""

    kind: Literal["cancer_type"] = "cancer_type"
    codes: list[str]
    names: list[str] = Field(default_factory=list, description="the words the trial used")


class StageP(_Pred):
    """Extent of disease: AJCC stage groups and/or words such as metastatic, locally_advanced, unresectable."""

    kind: Literal["stage"] = "stage"
    stages: list[str] = Field(default_factory=list, description="stage groups, e.g. ['III', 'IV']")
    extents: list[str] = Field(default_factory=list)


class AltSpec(_M):
    """One alteration a trial names: a gene with an optional category, protein change, codon or exon."""

    gene: str
    category: Literal["any", "mutation", "fusion", "amplification", "deletion", "rearrangement", "expression"] = "any"
    protein_change: str | None = Field(None, description="short form without 'p.', e.g. L858R")
    codon: str | None = Field(None, description="wildcard codon, e.g. V600 (any change there)")
    exon: int | None = None
    exon_change: Literal["deletion", "insertion", "skipping", "any"] | None = None

    def label(self) -> str:
        detail = self.protein_change or self.codon or (f"exon {self.exon} {self.exon_change or 'mutation'}"
                                                       if self.exon else None)
        if detail:
            return f"{self.gene} {detail}"
        return f"{self.gene} {self.category}" if self.category != "any" else f"{self.gene} alteration"


class BiomarkerP(_Pred):
    """The tumor carries any one of these alterations; negated it means 'none of them' (wildtype, driver-negative)."""

    kind: Literal["biomarker"] = "biomarker"
    alternatives: list[AltSpec]
    label: str | None = Field(None, description="e.g. 'driver-negative', 'wildtype'")


class BiomarkerValueP(_Pred):
    """A measured biomarker: PD-L1 TPS/CPS, TMB (numeric) or MSI/MMR/HER2/ER/PR (categorical)."""

    kind: Literal["biomarker_value"] = "biomarker_value"
    analyte: str
    op: Op | None = None
    value: float | None = None
    category: str | None = None


class PriorTherapyP(_Pred):
    """Received therapy of these classes/drugs (or any systemic therapy), with line counts and progression."""

    kind: Literal["prior_therapy"] = "prior_therapy"
    classes: list[str] = Field(default_factory=list)
    drugs: list[str] = Field(default_factory=list)
    any_systemic: bool = False
    min_lines: int | None = None
    max_lines: int | None = None
    progressed: bool | None = None
    setting: str | None = Field(None, description="e.g. metastatic, adjuvant")


class MeasurableP(_Pred):
    kind: Literal["measurable_disease"] = "measurable_disease"


class BrainMetsP(_Pred):
    """Has brain metastases of this kind: any, active (untreated/symptomatic/progressing) or treated_stable."""

    kind: Literal["brain_metastases"] = "brain_metastases"
    status: Literal["any", "active", "treated_stable"] = "any"


class CastrationP(_Pred):
    """Prostate cancer in this hormone setting: castration-resistant (mCRPC) or hormone-sensitive (mHSPC)."""

    kind: Literal["castration"] = "castration"
    status: Literal["resistant", "sensitive"]


class PerformanceP(_Pred):
    kind: Literal["performance"] = "performance"
    scale: Literal["ecog", "karnofsky"]
    op: Op
    value: float


class AgeP(_Pred):
    kind: Literal["age"] = "age"
    op: Op
    value: float


class SexP(_Pred):
    kind: Literal["sex"] = "sex"
    sex: Literal["female", "male"]


class LabP(_Pred):
    """Organ-function lab: analyte, operator, value in the unit our case model uses, or a multiple of ULN."""

    kind: Literal["lab"] = "lab"
    analyte: str
    op: Op
    value: float
    unit: str | None = None
    x_uln: bool = False
    value_liver_mets: float | None = Field(None, description="the looser bound allowed with liver metastases")


class PregnancyP(_Pred):
    """Is pregnant or breastfeeding."""

    kind: Literal["pregnancy"] = "pregnancy"


class ContraceptionP(_Pred):
    kind: Literal["contraception"] = "contraception"


class WashoutP(_Pred):
    """At least `days` have passed since the last `what` (systemic therapy, a drug class, radiotherapy, surgery)."""

    kind: Literal["washout"] = "washout"
    days: int
    what: str = "systemic therapy"
    classes: list[str] = Field(default_factory=list)


class CtmlArm(_M):
    label: str
    suspended: bool = False
    tree: dict[str, Any] | None = Field(None, description="CTML match node (and/or/clinical/genomic)")


class CtmlP(_Pred):
    """A CTML match tree per arm (MatchMiner): the patient fits the trial if any arm's tree holds."""

    kind: Literal["ctml"] = "ctml"
    arms: list[CtmlArm]


class AllowanceP(_Pred):
    """A permission ('treated brain metastases are allowed'): not a requirement, not scored."""

    kind: Literal["allowance"] = "allowance"
    topic: str


class ReviewP(_Pred):
    """Not understood by the rule parser: shown as text with the label 'needs review'."""

    kind: Literal["needs_review"] = "needs_review"


Predicate = Annotated[
    CancerTypeP | StageP | BiomarkerP | BiomarkerValueP | PriorTherapyP | MeasurableP | BrainMetsP | PerformanceP
    | AgeP | SexP | LabP | PregnancyP | ContraceptionP | WashoutP | CtmlP | AllowanceP | CastrationP | ReviewP,
    Field(discriminator="kind"),
]


class Criterion(_M):
    text: str = Field(description="the trial's sentence, unescaped")
    exclusion: bool = False
    predicate: Predicate
    origin: Literal["text", "structured"] = "text"

    @property
    def typed(self) -> bool:
        return self.predicate.kind != "needs_review"


# ───────────────────────────── trial ─────────────────────────────


class Site(_M):
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    postcode: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    status: str | None = None
    contact: str | None = Field(None, description="name, phone, e-mail as published")


class Trial(_M):
    nct_id: str
    title: str
    status: str = Field(description="normalised: recruiting, not_yet_recruiting, active_not_recruiting, completed, …")
    status_raw: str | None = None
    phase: str | None = Field(None, description="normalised: 1, 1/2, 2, 2/3, 3, 4, or None")
    conditions: list[str] = Field(default_factory=list)
    oncotree_codes: list[str] = Field(default_factory=list, description="OncoTree codes, or _SOLID_/_LIQUID_/_ANY_")
    sites: list[Site] = Field(default_factory=list)
    central_contact: str | None = None
    criteria: list[Criterion] = Field(default_factory=list)
    eligibility_text: str | None = None
    min_age: float | None = None
    max_age: float | None = None
    sex: Literal["all", "female", "male"] = "all"
    snapshot_date: dt.date | None = None
    source_format: SourceFormat
    source_file: str | None = None
    url: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def biomarker_genes(self) -> frozenset[str]:
        """Genes a patient must carry an alteration in (any one) — empty when the trial is not biomarker-selected."""
        genes: set[str] = set()
        for c in self.criteria:
            p = c.predicate
            if isinstance(p, BiomarkerP) and not c.exclusion and not p.negate:
                genes.update(a.gene for a in p.alternatives)
            elif isinstance(p, CtmlP):
                arm_genes = [_ctml_positive_genes(a.tree) for a in p.arms if a.tree]
                if arm_genes and all(arm_genes):
                    for g in arm_genes:
                        genes.update(g)
        return frozenset(genes)


def _ctml_positive_genes(node: Any) -> set[str]:
    """Genes one CTML tree requires: for `and` any child's requirement, for `or` only when every branch has one."""
    if not isinstance(node, dict):
        return set()
    if "and" in node:
        out: set[str] = set()
        for child in node["and"]:
            out |= _ctml_positive_genes(child)
        return out
    if "or" in node:
        branches = [_ctml_positive_genes(c) for c in node["or"]]
        return set().union(*branches) if branches and all(branches) else set()
    g = node.get("genomic")
    if isinstance(g, dict):
        sym = str(g.get("hugo_symbol") or "")
        cat = str(g.get("variant_category") or "")
        if sym and sym != "None" and not cat.startswith("!") and not g.get("wildtype"):
            return {sym.upper()}
    return set()
