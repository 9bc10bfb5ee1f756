"""Schema of the targeted-therapy and resistance rules (`knowledge/data/therapy/*.yaml`).

A rule says: in these cancer types (OncoTree codes; descendants included), a tumor with this
biomarker predicts this effect (sensitivity or resistance) to these drugs (one combination), at this
level, under these label conditions. Rules are data read by one small interpreter (`therapy/`);
nothing here is evaluated as code.

Biomarker predicates (`Biomarker.type`):
- ``mutation``: with any of `variants` (exact short protein change, e.g. ``L858R``, ``E746_A750del``),
  `codons` (any change at the codon), `codon_ranges` (inclusive), `exons` + `exon_event`, or
  `consequence_class`; none of them given means any mutation in the gene.
- ``fusion``: the gene as either partner; `partner` narrows to a named other partner.
- ``amplification`` / ``deletion``: gene-level copy number (amplification also matches "gain" only when
  `include_gain` is true).
- ``expression``: IHC/expression of the gene, `operator` + `value` on the matching field
  (``her2_ihc`` 0/ultralow/1+/2+/3+, ``er``/``pr`` positive/negative/low, percent values).
- ``signature``: `signature` is one of tmb, msi, mmr, hrd, pdl1_tps, pdl1_cps, claudin18_2, fgfr2b_ihc,
  folr1, cmet_ihc, psma_pet, sstr, cd20, cd30, cd19, cd33, bcma, pten_ihc, ctdna_mrd, ebv, hpv; `operator` + `value` compare.
- ``wildtype``: the gene was tested and no qualifying alteration was found (e.g. RAS wild-type for
  anti-EGFR antibodies). Untested genes make the rule's status *unknown*, never met.
A rule matches when every predicate in `all_of` matches and no predicate in `none_of` matches.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from oncotailor.knowledge.base import CitedRow

BiomarkerType = Literal["mutation", "fusion", "amplification", "deletion", "expression", "signature", "wildtype"]
ExonEvent = Literal["deletion", "insertion", "skipping", "missense", "duplication", "any"]
ConsequenceClass = Literal[
    "truncating",  # nonsense, frameshift, canonical splice: loss of function
    "missense",
    "inframe",  # in-frame insertion or deletion
    "splice",
    "oncogenic",  # any alteration the knowledge marks oncogenic/likely oncogenic for this gene (hotspots + truncating in TSGs)
    "loss_of_function",  # truncating, or a deletion, or a missense known to inactivate
    "activating",  # known activating missense/indel (hotspot list in the gene table)
    "kinase_domain",  # mutation within the gene's kinase domain codon range
    "any",
]
Operator = Literal[">=", ">", "<=", "<", "==", "in"]
Level = Literal["1", "2", "3A", "3B", "4"]
ResistanceLevel = Literal["R1", "R2"]
Approval = Literal["fda", "ema", "guideline", "off_label", "investigational"]
LineOfTherapy = Literal["first_line", "second_line_plus", "any_line", "adjuvant", "neoadjuvant", "maintenance",
                        "perioperative", "after_progression"]


class Biomarker(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: BiomarkerType
    gene: str | None = Field(None, description="HGNC symbol; None only for signatures")
    variants: list[str] = Field(default_factory=list, description="exact short protein changes, e.g. V600E")
    codons: list[int] = Field(default_factory=list)
    codon_ranges: list[tuple[int, int]] = Field(default_factory=list)
    exons: list[int] = Field(default_factory=list)
    exon_event: ExonEvent | None = None
    consequence_class: ConsequenceClass | None = None
    exclude_variants: list[str] = Field(default_factory=list, description="changes that do NOT qualify")
    partner: str | None = Field(None, description="fusion: the named other partner (either side)")
    include_gain: bool = False
    include_loss: bool = Field(False, description="deletion: a one-copy loss also matches (del(17p) for TP53)")
    signature: str | None = None
    operator: Operator | None = None
    value: float | str | list[str] | None = None
    label: str | None = Field(None, description="how the label words it, e.g. 'EGFR exon 19 deletion'")

    @model_validator(mode="after")
    def _coherent(self) -> Biomarker:
        if self.type == "signature":
            if not self.signature or self.operator is None or self.value is None:
                raise ValueError("a signature biomarker needs signature, operator and value")
        elif not self.gene:
            raise ValueError(f"a {self.type} biomarker needs a gene")
        if self.type == "expression" and (self.operator is None or self.value is None):
            raise ValueError("an expression biomarker needs operator and value")
        if self.exon_event and not self.exons:
            raise ValueError("exon_event needs exons")
        return self


ConditionKind = Literal[
    "prior_therapy",  # received one of `drugs` / `drug_classes` before (any line)
    "no_prior_therapy",  # has NOT received them
    "progressed_on",  # progressed on one of them
    "line",  # line of therapy bounds: min_line / max_line (1-based, the line this drug would be)
    "age",  # min_age / max_age (years)
    "receptor",  # field (er, pr, her2, her2_ihc, menopausal_status) `in` values
    "stage",  # stage groups `in` values (e.g. IV, III)
    "setting",  # metastatic / adjuvant / neoadjuvant / unresectable
    "partner_drug",  # given with the named drugs (informational: always 'met' when listed in drugs)
    "sex",
    "histology",  # met when the histology (or the OncoTree name) names one of `values`; not met for `not_values`
    "castration",  # prostate: diagnosis.castration_status `in` values (sensitive / resistant)
    "nodes",  # diagnosis.nodes_positive >= min_nodes (node-positive early breast cancer)
    "germline",  # the label needs an inherited variant in one of `values` (genes): read from the germline test
    "other",  # stated in words only; evaluated as unknown
]


class Condition(BaseModel):
    """A label limit beyond the biomarker; the engine evaluates it to met / not met / unknown."""

    model_config = ConfigDict(extra="forbid")

    kind: ConditionKind
    text: str = Field(description="the limit in words, shown in the report")
    drugs: list[str] = Field(default_factory=list)
    drug_classes: list[str] = Field(default_factory=list, description="classes from vocab/data/drugs.yaml")
    require_all: bool = Field(False, description="prior_therapy: every listed drug and class must have been given "
                                                 "(in any lines), not just one of them")
    min_line: int | None = None
    max_line: int | None = None
    min_age: float | None = None
    min_nodes: int | None = Field(None, description="nodes: at least this many positive lymph nodes")
    max_age: float | None = None
    field: str | None = None
    values: list[str] = Field(default_factory=list)
    not_values: list[str] = Field(default_factory=list, description="histology words that fail the condition")


class TherapyRule(CitedRow):
    id: str = Field(description="unique, stable, e.g. 'nsclc-egfr-sensitizing-osimertinib'")
    all_of: list[Biomarker] = Field(min_length=1)
    none_of: list[Biomarker] = Field(default_factory=list)
    cancer_types: list[str] = Field(default_factory=list, description="OncoTree codes; descendants included")
    exclude_cancer_types: list[str] = Field(default_factory=list)
    tumor_agnostic: bool = False
    solid_tumors_only: bool = True
    effect: Literal["sensitive", "resistant"] = "sensitive"
    drugs: list[str] = Field(min_length=1, description="sensitive rules: one recommendation (a combination is one "
                             "rule); resistant rules: each drug listed is affected (read as 'or')")
    level: Level | ResistanceLevel
    amp_tier: str | None = Field(None, description="AMP/ASCO/CAP tier, e.g. 'IA'")
    escat_tier: str | None = Field(None, description="ESCAT tier, e.g. 'I-A'")
    approval: Approval
    line_of_therapy: LineOfTherapy | None = None
    conditions: list[Condition] = Field(default_factory=list)
    biomarker_rule: str = Field(description="the rule in words, e.g. 'EGFR exon 19 deletion or L858R'")
    explanation: str | None = Field(None, description="for resistance: why, in a sentence")
    alternatives: list[str] = Field(default_factory=list, description="for resistance: drugs that overcome it")
    note: str | None = None

    @model_validator(mode="after")
    def _levels_fit_effect(self) -> TherapyRule:
        resist = self.level in ("R1", "R2")
        if resist != (self.effect == "resistant"):
            raise ValueError("R1/R2 levels go with effect 'resistant', levels 1-4 with 'sensitive'")
        if not self.tumor_agnostic and not self.cancer_types:
            raise ValueError("a rule needs cancer_types unless it is tumor_agnostic")
        return self


class NoTargetedOption(CitedRow):
    """States that a cancer type has no genomically targeted option (so the report can say so)."""

    cancer_type: str = Field(description="OncoTree code")
    statement: str
