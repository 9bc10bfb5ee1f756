"""Germline variants in cancer predisposition genes → classified, explained, managed findings.

Classification: the lab's ClinVar/ACMG label when the input has one. Otherwise a rule, never stronger
than the evidence: a null variant (nonsense, frameshift, canonical ±1/2 splice site) in a gene whose
disease mechanism is loss of function is "likely pathogenic — confirm" (ACMG/AMP PVS1, Richards 2015),
unless it is a known benign truncation (e.g. BRCA2 p.Lys3326Ter) or lies in the last exon where it may
escape nonsense-mediated decay (ClinGen SVI PVS1 tree, Abou Tayoun 2018); anything else unlabelled is
"uncertain significance". Gene facts: `knowledge/data/risk/hereditary_genes.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from oncotailor.case import Case, GermlineVariant
from oncotailor.findings import Evidence, HereditaryFinding, NotAssessed, Question
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.screening import rows_for_gene

NULL_CONSEQUENCES = frozenset({"stop_gained", "frameshift_variant", "splice_donor_variant", "splice_acceptor_variant",
                               "start_lost"})
CARRIER_CLASSES = frozenset({"pathogenic", "likely_pathogenic", "likely_pathogenic_confirm"})


class CancerRisk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cancer: str
    lifetime_risk: str


class GeneRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gene: str
    syndrome: str
    inheritance: str
    mechanism: Literal["loss_of_function", "gain_of_function", "missense_hotspot"]
    acmg_sf: bool
    cancers: list[CancerRisk]
    risk_source: str
    other_management: list[str]
    risk_reducing: list[str]
    therapy_relevance: str
    therapy_classes: list[str]
    cascade_testing: str
    cascade_start_age: float
    excludes_models: list[str]
    status: Literal["checked", "verify"]
    source: str
    url: str | None = None
    date: str
    biallelic_required: bool = False


class ExceptionRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["known_benign", "last_exon"]
    gene: str
    reason: str
    source: str
    date: str
    url: str | None = None
    hgvsc: str | None = None
    hgvsp: str | None = None
    transcript: str | None = None
    cdna_start: int | None = None


# ───────────────────────── consequence from HGVS ─────────────────────────

_SPLICE = re.compile(r"^c\.[*-]?\d+([+-])([12])(?!\d)")
_CPOS = re.compile(r"^c\.(\d+)")
_RANGE = re.compile(r"^c\.(\d+)(?:_(\d+))?(del|dup|ins|delins)([ACGTN]*|\d*)$", re.I)
_PTER = re.compile(r"^p\.\(?[A-Z][a-z]{2}\d+(Ter|\*)\)?$")
_PFS = re.compile(r"fs", re.I)
_PMISSENSE = re.compile(r"^p\.\(?([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2})\)?$")
_CSUB = re.compile(r"^c\.\d+[ACGT]>[ACGT]$")


def infer_consequence(hgvsc: str | None, hgvsp: str | None) -> str | None:
    """A Sequence Ontology consequence from HGVS text, or None when it cannot be told."""
    p = (hgvsp or "").strip()
    if p:
        if _PTER.match(p):
            return "stop_gained"
        if _PFS.search(p):
            return "frameshift_variant"
        m = _PMISSENSE.match(p)
        if m:
            if m.group(1) == "Met" and m.group(2) == "1":
                return "start_lost"
            return "synonymous_variant" if m.group(1) == m.group(3) else "missense_variant"
        if p.endswith("=") or p.endswith("=)"):
            return "synonymous_variant"
    c = (hgvsc or "").strip()
    if not c:
        return None
    if _SPLICE.match(c):
        return "splice_donor_variant" if _SPLICE.match(c).group(1) == "+" else "splice_acceptor_variant"  # type: ignore[union-attr]
    if re.match(r"^c\.-?\d+[+-]\d+", c):
        return "intron_variant"
    m = _RANGE.match(c)
    if m:
        start, end, kind, seq = int(m.group(1)), int(m.group(2) or m.group(1)), m.group(3).lower(), m.group(4)
        if kind in {"del", "dup"}:
            length = end - start + 1
        elif kind == "ins":
            length = len(seq) if seq and not seq.isdigit() else int(seq or 0)
        else:  # delins: net change
            length = abs((end - start + 1) - (len(seq) if not seq.isdigit() else int(seq or 0)))
        if length == 0:
            return None
        return "inframe_indel" if length % 3 == 0 else "frameshift_variant"
    if _CSUB.match(c):
        return None  # a coding substitution: missense, nonsense or synonymous cannot be told without the sequence
    return None


def cdna_position(hgvsc: str | None) -> int | None:
    m = _CPOS.match(hgvsc or "")
    return int(m.group(1)) if m else None


# ───────────────────────── classification ─────────────────────────


@dataclass(frozen=True)
class Classified:
    label: str  # pathogenic | likely_pathogenic | likely_pathogenic_confirm | uncertain_significance | …
    basis: str


def _norm_p(text: str | None) -> str:
    return (text or "").replace("(", "").replace(")", "").replace("*", "Ter")


def _main_consequence(text: str | None) -> str | None:
    """VEP/snpEff may join terms ('frameshift_variant&splice_region_variant'): a null term wins."""
    if not text:
        return None
    terms = [t.strip() for t in re.split(r"[&,]", text) if t.strip()]
    return next((t for t in terms if t in NULL_CONSEQUENCES), terms[0] if terms else None)


def classify(v: GermlineVariant, gene: GeneRow | None, exceptions: list[ExceptionRow]) -> Classified:
    if v.classification is not None:
        label = {"uncertain": "uncertain_significance"}.get(v.classification.value, v.classification.value)
        return Classified(label, "laboratory classification given in the input (ClinVar/ACMG)")
    for ex in exceptions:
        if ex.kind == "known_benign" and ex.gene == v.gene and (
                (ex.hgvsc and v.hgvsc and ex.hgvsc.lower() == v.hgvsc.lower())
                or (ex.hgvsp and v.hgvsp and _norm_p(ex.hgvsp) == _norm_p(v.hgvsp))):
            return Classified("benign", f"known benign truncating variant: {ex.reason}")
    consequence = _main_consequence(v.consequence) or infer_consequence(v.hgvsc, v.hgvsp)
    if consequence in NULL_CONSEQUENCES:
        if gene is None:
            return Classified("uncertain_significance", f"{consequence} in a gene without a known loss-of-function "
                              "cancer mechanism in our table")
        if gene.mechanism != "loss_of_function":
            return Classified("uncertain_significance", f"{consequence}, but disease in {gene.gene} is caused by "
                              f"{gene.mechanism.replace('_', ' ')} variants, not by loss of function")
        pos = cdna_position(v.hgvsc)
        for ex in exceptions:
            if ex.kind == "last_exon" and ex.gene == v.gene and pos is not None and ex.cdna_start is not None \
                    and pos >= ex.cdna_start and consequence in {"stop_gained", "frameshift_variant"}:
                return Classified("uncertain_significance", f"{consequence} in the last exon ({ex.reason}); may escape "
                                  "nonsense-mediated decay, so the null-variant rule does not apply — ask the laboratory")
        note = "" if pos is not None or v.hgvsc else " (position unknown: the last-exon exception could not be checked)"
        return Classified("likely_pathogenic_confirm", f"likely pathogenic — confirm: {consequence} in a gene where loss "
                          f"of function causes disease (ACMG PVS1){note}; confirm with an accredited laboratory")
    if consequence == "missense_variant":
        return Classified("uncertain_significance", "missense variant without a laboratory classification: uncertain "
                          "significance (not treated as pathogenic)")
    return Classified("uncertain_significance", f"no laboratory classification and consequence "
                      f"'{consequence or 'unknown'}': uncertain significance")


# ───────────────────────── findings ─────────────────────────


@dataclass
class HereditaryResult:
    findings: list[HereditaryFinding]
    carrier_keys: frozenset[str]  # genes with P/LP (biallelic-only genes: GENE or GENE_monoallelic)
    carrier_rows: list[GeneRow]
    questions: list[Question]
    not_assessed: list[NotAssessed]


def _evidence(row: GeneRow, label: Classified) -> list[Evidence]:
    ev = [Evidence(source=row.source, url=row.url, date=row.date, level="guideline",
                   note="verify against the current version" if row.status == "verify" else None),
          Evidence(source="publication (lifetime risks)", note=row.risk_source)]
    if row.acmg_sf:
        ev.append(Evidence(source="ACMG SF v3.2", id="PMID:37347242", date="2023-06-21",
                           note="gene on the ACMG secondary-findings list"))
    if label.label == "likely_pathogenic_confirm":
        ev.append(Evidence(source="ACMG/AMP variant interpretation", id="PMID:25741868", date="2015-05-01",
                           note="PVS1 null-variant criterion (Richards 2015)"))
    return ev


def _variant_text(v: GermlineVariant) -> str:
    return " ".join(x for x in (v.hgvsc, v.hgvsp) if x) or v.variant


def _familial_variant_questions(case: Case, genes: dict[str, GeneRow]) -> list[Question]:
    """A relative's known variant in a gene the person was not tested for → offer the targeted test."""
    tested = {v.gene for v in case.germline.variants} if case.germline else set()
    if case.germline and case.germline.tested_genes:
        tested |= set(case.germline.tested_genes)
    out: list[Question] = []
    seen: set[str] = set()
    for m in case.family_history or []:
        gene = (m.known_variant or "").split(" ")[0].upper()
        row = genes.get(gene)
        if row is None or gene in tested or gene in seen:
            continue
        seen.add(gene)
        out.append(Question(
            text=f"Should I be tested for the {gene} variant found in my {m.relation.replace('_', ' ')}?",
            why=f"{row.syndrome} is inherited; a test for the family's exact variant shows whether you need "
                f"the high-risk screening (testing usually offered from age {row.cascade_start_age:g}).",
            topic="hereditary", evidence=[Evidence(source=row.source, url=row.url, date=row.date)]))
    return out


def carrier_variants(case: Case, kb: KnowledgeBase) -> list[GermlineVariant]:
    """The germline variants classified pathogenic or likely pathogenic (the same reading as the hereditary
    section), for the engines that select treatment on them (germline-BRCA labels)."""
    if case.germline is None or not case.germline.variants:
        return []
    genes = {r.gene: r for r in kb.table("risk/hereditary_genes", GeneRow)}
    exceptions = kb.table("risk/null_variant_exceptions", ExceptionRow)
    return [v for v in case.germline.variants if classify(v, genes.get(v.gene), exceptions).label in CARRIER_CLASSES]


def assess(case: Case, kb: KnowledgeBase) -> HereditaryResult:
    genes = {r.gene: r for r in kb.table("risk/hereditary_genes", GeneRow)}
    exceptions = kb.table("risk/null_variant_exceptions", ExceptionRow)
    sex = case.patient.sex.value if case.patient.sex and case.patient.sex.value != "other" else None
    variants = case.germline.variants if case.germline else []
    out = HereditaryResult([], frozenset(), [], [], [])
    out.questions.extend(_familial_variant_questions(case, genes))
    if case.germline is None:
        out.not_assessed.append(NotAssessed(section="hereditary", reason="no germline test result in the case",
                                            needed_input="germline.variants or germline.vcf"))
        return out
    labelled = [(v, classify(v, genes.get(v.gene), exceptions)) for v in variants]
    carriers: set[str] = set()
    carrier_rows: dict[str, GeneRow] = {}
    per_gene_hits: dict[str, int] = {}
    for v, c in labelled:
        if c.label in CARRIER_CLASSES:
            per_gene_hits[v.gene] = per_gene_hits.get(v.gene, 0) + (2 if v.zygosity == "homozygous" else 1)
    for v, c in labelled:
        row = genes.get(v.gene)
        if row is None:
            out.not_assessed.append(NotAssessed(
                section="hereditary", reason=f"{v.gene} is not in our table of cancer predisposition genes",
                needed_input="review by a clinical geneticist"))
            continue
        finding = HereditaryFinding(gene=v.gene, variant=_variant_text(v), classification=c.label,
                                    classification_basis=c.basis, evidence=_evidence(row, c))
        if c.label in CARRIER_CLASSES:
            key = v.gene
            syndrome = row.syndrome
            if row.biallelic_required and per_gene_hits.get(v.gene, 0) < 2:
                key = f"{v.gene}_monoallelic"
                syndrome = f"{v.gene} carrier (one variant): {row.syndrome} needs two variants"
            elif row.biallelic_required:
                syndrome = f"{row.syndrome} (two variants found; confirm they are on different copies)"
            carriers.add(key)
            carrier_rows[v.gene] = row
            schedule = [r.summary() for r in rows_for_gene(kb, key, sex)]
            finding = finding.model_copy(update={
                "syndrome": syndrome,
                "cancers": [f"{x.cancer}: {x.lifetime_risk}" for x in row.cancers],
                "management": schedule + row.other_management,
                "risk_reducing": list(row.risk_reducing) if key == v.gene else [],
                "therapy_relevance": row.therapy_relevance,
                "cascade_testing": row.cascade_testing,
            })
            if c.label == "likely_pathogenic_confirm":
                out.questions.append(Question(
                    text=f"Can an accredited laboratory confirm the {v.gene} result?",
                    why="The variant was classified by a rule, not by a laboratory; decisions such as surgery need "
                        "a confirmed result.", topic="testing"))
        elif c.label == "uncertain_significance":
            finding = finding.model_copy(update={
                "syndrome": row.syndrome,
                "management": ["A variant of uncertain significance should not change care: screening follows the "
                               "personal and family history; ask the laboratory about reclassification over time."],
            })
        out.findings.append(finding)
    out.carrier_keys = frozenset(carriers)
    out.carrier_rows = list(carrier_rows.values())
    return out
