"""The input model: one patient, as DESIGN.md's case file describes it.

Every field is optional and an absent field means *unknown*, never *no*. Lists keep that distinction too:
``family_history: []`` is "none known" while ``family_history: None`` is "not asked". Models forbid
unknown keys so a typo in a case file is reported, not silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


# ───────────────────────────── enums ─────────────────────────────


class Sex(StrEnum):
    female = "female"
    male = "male"
    other = "other"


class MenopausalStatus(StrEnum):
    pre = "pre"
    peri = "peri"
    post = "post"


class ReceptorStatus(StrEnum):
    positive = "positive"
    negative = "negative"
    low = "low"  # ER-low (1-10 %), per ASCO/CAP 2020


class Her2Ihc(StrEnum):
    zero = "0"
    ultralow = "ultralow"
    one = "1+"
    two = "2+"
    three = "3+"


class BrainMetastases(StrEnum):
    none = "none"
    treated_stable = "treated_stable"
    active = "active"


class Specimen(StrEnum):
    tissue = "tissue"
    plasma = "plasma"


class GenomeBuild(StrEnum):
    GRCh38 = "GRCh38"
    GRCh37 = "GRCh37"


class AlterationKind(StrEnum):
    """What sort of change; the matcher dispatches on it."""

    mutation = "mutation"  # SNV, MNV or small indel with a protein/cDNA consequence
    fusion = "fusion"
    copy_number = "copy_number"
    expression = "expression"  # over/under-expression, IHC
    rearrangement = "rearrangement"  # structural variant without a known partner
    other = "other"


class CopyNumber(StrEnum):
    amplification = "amplification"
    gain = "gain"
    deletion = "deletion"  # homozygous / deep deletion
    loss = "loss"  # shallow / heterozygous loss


MAX_CODON = 40_000


def report_items(items: Any) -> Any:
    """A report's list as given: one comma-, semicolon- or line-separated string becomes its items."""
    return [x for x in re.split(r"[,;\n]", items) if x.strip()] if isinstance(items, str) else items


class AlterationSource(StrEnum):
    vcf = "vcf"
    maf = "maf"
    list = "list"
    fusion_tsv = "fusion_tsv"
    cna = "cna"
    phenopacket = "phenopacket"
    fhir = "fhir"
    germline = "germline"  # a pathogenic germline variant carried into therapy matching


class Classification(StrEnum):
    pathogenic = "pathogenic"
    likely_pathogenic = "likely_pathogenic"
    uncertain = "uncertain"
    likely_benign = "likely_benign"
    benign = "benign"


# ───────────────────────────── tumor alterations ─────────────────────────────


class Alteration(Strict):
    """One somatic alteration, normalised.

    ``alteration`` is the short normalised name (``V600E``, ``E746_A750del``, ``exon 19 deletion``,
    ``EML4::ALK``, ``amplification``); the structured fields below it are what the matcher joins on.
    """

    gene: str = Field(description="HGNC symbol (3' partner for fusions given as 'X::Y')")
    kind: AlterationKind = AlterationKind.mutation
    alteration: str = Field(description="normalised short name, e.g. V600E")
    hgvsp: str | None = Field(None, description="protein change, HGVS long form, e.g. p.Val600Glu")
    hgvsc: str | None = Field(None, description="cDNA change, e.g. c.1799T>A")
    transcript: str | None = None
    consequence: str | None = Field(None, description="Sequence Ontology term, e.g. missense_variant")
    # the longest human protein (titin) has about 35,000 residues: larger codons are typing errors
    protein_start: int | None = Field(None, ge=1, le=MAX_CODON, description="first affected codon")
    protein_end: int | None = Field(None, ge=1, le=MAX_CODON, description="last affected codon")
    ref_aa: str | None = Field(None, description="reference amino acid(s), one-letter")
    alt_aa: str | None = Field(None, description="alternate amino acid(s), one-letter; '*' stop, 'fs' frameshift")
    exon: int | None = None
    intron: int | None = None
    any_change_at_codon: bool = Field(False, description="typed as 'V600' or 'V600*': any change at the codon")
    fusion_5p: str | None = None
    fusion_3p: str | None = None
    copy_number: CopyNumber | None = None
    vaf: float | None = Field(None, ge=0, le=1)
    depth: int | None = Field(None, ge=0)
    chrom: str | None = None
    pos: int | None = None
    ref: str | None = None
    alt: str | None = None
    genome_build: GenomeBuild | None = None
    source: AlterationSource = AlterationSource.list
    raw: str | None = Field(None, description="the text or record it was read from")
    file: str | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        return f"{self.gene} {self.alteration}"


class Biomarkers(Strict):
    tmb: float | None = Field(None, ge=0, description="mutations per megabase")
    msi: Literal["high", "low", "stable"] | None = None
    mmr: Literal["deficient", "proficient"] | None = None
    pdl1_tps: float | None = Field(None, ge=0, le=100)
    pdl1_cps: float | None = Field(None, ge=0)
    hrd: Literal["positive", "negative"] | None = None
    hrd_score: float | None = Field(None, ge=0)
    ebv: Literal["positive", "negative"] | None = None
    hpv: Literal["positive", "negative"] | None = None
    tmb_status: Literal["high", "low"] | None = Field(None, description="when only 'TMB-H' was reported")
    claudin18_2: float | None = Field(None, ge=0, le=100, description="% tumour cells with moderate-strong CLDN18.2 staining")
    fgfr2b_ihc: float | None = Field(None, ge=0, le=100, description="% tumour cells FGFR2b 2+/3+")
    folr1: float | None = Field(None, ge=0, le=100, description="% tumour cells FRα 2+ or more")
    cmet_ihc: float | None = Field(None, ge=0, le=100, description="% tumour cells with strong (3+) c-Met staining")
    psma_pet: Literal["positive", "negative"] | None = None
    sstr: Literal["positive", "negative"] | None = Field(None, description="somatostatin-receptor imaging")
    cd20: Literal["positive", "negative"] | None = None
    cd30: Literal["positive", "negative"] | None = None
    cd19: Literal["positive", "negative"] | None = None
    cd33: Literal["positive", "negative"] | None = None
    bcma: Literal["positive", "negative"] | None = None
    ctdna_mrd: Literal["positive", "negative"] | None = Field(
        None, description="circulating-tumour-DNA molecular residual disease after curative treatment "
                          "(tumour-informed assay, e.g. Signatera)")
    pten_ihc: Literal["deficient", "intact"] | None = Field(
        None, description="PTEN protein by IHC: deficient = no specific cytoplasmic staining in >=90% of viable "
                          "tumour cells (e.g. Ventana PTEN SP218); intact otherwise")
    her2_ihc: Her2Ihc | None = Field(None, description="tumour HER2 IHC when not in diagnosis (non-breast tumours)")
    her2_amplified: bool | None = None

    @field_validator("msi", mode="before")
    @classmethod
    def _msi_aliases(cls, v: Any) -> Any:
        if isinstance(v, str):
            s = v.strip().lower().replace("-", "").replace("_", "")
            return {"h": "high", "msih": "high", "high": "high", "l": "low", "msil": "low", "low": "low",
                    "mss": "stable", "stable": "stable", "s": "stable"}.get(s, v)
        return v

    @field_validator("mmr", mode="before")
    @classmethod
    def _mmr_aliases(cls, v: Any) -> Any:
        if isinstance(v, str):
            s = v.strip().lower()
            return {"dmmr": "deficient", "deficient": "deficient", "pmmr": "proficient",
                    "proficient": "proficient"}.get(s, v)
        return v


class Expression(Strict):
    scale: Literal["log2_normalised", "log2_ratio", "rt_pcr_ct_delta", "linear"] = "log2_normalised"
    platform: Literal["rt_pcr", "microarray", "rnaseq", "nanostring", "unknown"] = "unknown"
    values: dict[str, float] = Field(default_factory=dict, description="gene symbol → expression value")

    @model_validator(mode="after")
    def _finite_values(self) -> Expression:
        """Recurrence scores need real numbers: NaN/inf anywhere, or negatives on the linear scale, are refused."""
        import math

        for key, v in self.values.items():
            if not math.isfinite(v) or (self.scale == "linear" and v < 0):
                raise ValueError(f"values.{key}: must be a finite number" + (" >= 0 on the linear scale"
                                                                              if self.scale == "linear" else ""))
        return self


class Tumor(Strict):
    vcf: str | None = None
    maf: str | None = None
    fusions: str | None = Field(None, description="Arriba / STAR-Fusion TSV or SV VCF")
    cna: str | None = Field(None, description="gene-level copy number (cBioPortal discrete or CNVkit)")
    sample: str | None = None
    normal_sample: str | None = None
    specimen: Specimen | None = None
    panel: str | None = None
    genome_build: GenomeBuild = GenomeBuild.GRCh38
    alterations: list[Alteration] = Field(default_factory=list)
    biomarkers: Biomarkers = Field(default_factory=Biomarkers)
    expression: Expression | None = None
    tested_genes: list[str] | None = Field(
        None, description="genes the assay covered; None = unknown coverage"
    )
    tumor_fraction: float | None = Field(None, ge=0, le=1)

    wildtype_genes: list[str] = Field(
        default_factory=list, description="genes reported tested with no alteration ('KRAS wild-type')"
    )

    @model_validator(mode="before")
    @classmethod
    def _read_report_list(cls, data: Any) -> Any:
        """Accept a report's list ("EGFR L858R", "TMB 12", "MSI-H", "KRAS wild-type") as well as models."""
        if not isinstance(data, dict) or data.get("alterations") is None:
            return data
        from oncotailor.errors import InputError
        from oncotailor.vocab.alterations import parse_alteration
        from oncotailor.vocab.biomarkers import parse_biomarker, parse_wildtype
        from oncotailor.vocab.genes import normalise_gene

        items = report_items(data["alterations"])
        if not isinstance(items, list):
            raise InputError("must be a list of alterations", field="tumor.alterations")
        bio = dict(data.get("biomarkers") or {})
        wild = list(data.get("wildtype_genes") or [])
        alts: list[Any] = []
        for i, item in enumerate(items):
            if not isinstance(item, str):
                alts.append(item)
                continue
            where = f"tumor.alterations.{i}"
            try:
                if (found := parse_biomarker(item)) is not None:
                    for key, value in found.items():
                        if key in bio and bio[key] not in (None, value):
                            raise InputError(f"'{item}' contradicts biomarkers.{key} = {bio[key]}")
                        bio[key] = value
                elif (genes := parse_wildtype(item)) is not None:
                    wild.extend(normalise_gene(g) for g in genes)
                else:
                    alts.append(parse_alteration(item))
            except InputError as exc:
                raise exc.at(field=where) from None
            except ValidationError as exc:  # a parsed value out of range, e.g. a codon beyond any protein
                first = exc.errors()[0]
                raise InputError(f"'{item[:60]}': {first['msg']}",
                                 field=".".join([where, *map(str, first["loc"])])) from None
        return {**data, "alterations": alts, "biomarkers": bio, "wildtype_genes": sorted(set(wild))}

    @model_validator(mode="after")
    def _panel_genes(self) -> Tumor:
        if self.panel and self.tested_genes is None:
            from oncotailor.errors import InputError
            from oncotailor.vocab.panels import panel_genes

            try:
                self.tested_genes = panel_genes(self.panel)
            except InputError as exc:
                raise exc.at(field="tumor.panel") from None
        elif self.tested_genes is not None:
            from oncotailor.errors import InputError
            from oncotailor.vocab.genes import normalise_gene

            out = []
            for i, g in enumerate(self.tested_genes):
                try:
                    out.append(normalise_gene(g))
                except InputError as exc:
                    raise exc.at(field=f"tumor.tested_genes.{i}") from None
            self.tested_genes = out
        return self

    def gene_tested(self, gene: str) -> bool | None:
        """True if the assay covered `gene`; None when coverage is unknown (never False by assumption)."""
        if gene in self.wildtype_genes or any(a.gene == gene or gene in (a.fusion_5p, a.fusion_3p)
                                              for a in self.alterations):
            return True
        if self.tested_genes is None:
            return None
        return gene in self.tested_genes


# ───────────────────────────── germline, PGx ─────────────────────────────


class GermlineVariant(Strict):
    gene: str
    variant: str = Field(description="as given: c./p. notation, or a name")
    hgvsc: str | None = None
    hgvsp: str | None = None
    consequence: str | None = None
    classification: Classification | None = Field(None, description="from the lab (ClinVar/ACMG); None = not given")
    zygosity: Literal["heterozygous", "homozygous", "hemizygous"] | None = None
    chrom: str | None = None
    pos: int | None = None
    ref: str | None = None
    alt: str | None = None
    source: AlterationSource = AlterationSource.list
    raw: str | None = None


class Genotype(Strict):
    """A germline genotype at one position, as PGx needs it (phase kept)."""

    chrom: str
    pos: int
    ref: str
    alts: list[str]
    gt: list[int | None] = Field(description="allele indices; None = missing call")
    phased: bool = False
    phase_set: int | None = None
    rsid: str | None = None


class Germline(Strict):
    vcf: str | None = None
    sample: str | None = None
    variants: list[GermlineVariant] = Field(default_factory=list)
    pgx: dict[str, str] = Field(default_factory=dict, description="gene → outside diplotype or phenotype call")
    pgx_outside_calls: str | None = Field(None, description="PharmCAT-style outside call TSV")
    tested_genes: list[str] | None = None
    genotypes: list[Genotype] = Field(default_factory=list, description="PGx positions read from the VCF")
    pgx_positions_read: bool = Field(False, description="True once a VCF's PGx positions were read")

    @field_validator("variants", mode="before")
    @classmethod
    def _parse_variants(cls, v: Any) -> Any:
        if v is None:
            return []
        from oncotailor.vocab.germline import parse_germline_variant

        return [parse_germline_variant(x) if isinstance(x, str) else x for x in v]


# ───────────────────────────── patient, diagnosis ─────────────────────────────


class PriorCancer(Strict):
    cancer: str
    age_at_diagnosis: float | None = Field(None, ge=0, le=120)


class Location(Strict):
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    postcode: str | None = None
    country: str | None = None


class Labs(Strict):
    anc: float | None = Field(None, ge=0, description="10^9/L")
    platelets: float | None = Field(None, ge=0, description="10^9/L")
    hemoglobin: float | None = Field(None, ge=0, description="g/dL")
    creatinine_clearance: float | None = Field(None, ge=0, description="mL/min")
    creatinine_x_uln: float | None = Field(None, ge=0)
    alt_x_uln: float | None = Field(None, ge=0)
    ast_x_uln: float | None = Field(None, ge=0)
    bilirubin_x_uln: float | None = Field(None, ge=0)
    albumin: float | None = Field(None, ge=0, description="g/dL")
    lvef: float | None = Field(None, ge=0, le=100, description="%")


class Patient(Strict):
    id: str | None = None
    age: float | None = Field(None, ge=0, le=120)
    sex: Sex | None = None
    ecog: int | None = Field(None, ge=0, le=5)
    karnofsky: int | None = Field(None, ge=0, le=100)
    ancestry: str | None = None
    menopausal_status: MenopausalStatus | None = None
    pregnant: bool | None = None
    medications: list[str] | None = None
    prior_cancers: list[PriorCancer] | None = None
    location: Location | None = None
    labs: Labs = Field(default_factory=Labs)
    name: str | None = Field(None, description="never logged; shown only in reports")


class Diagnosis(Strict):
    cancer_type: str | None = Field(None, description="OncoTree code or common name, as given")
    oncotree_code: str | None = Field(None, description="resolved OncoTree code (filled by the reader)")
    stage: str | None = Field(None, description="AJCC 8 group, e.g. IIIA, IV")
    histology: str | None = None
    age_at_diagnosis: float | None = Field(None, ge=0, le=120)
    er: ReceptorStatus | None = None
    pr: ReceptorStatus | None = None
    her2: Literal["positive", "negative", "low", "ultralow", "equivocal"] | None = None
    her2_ihc: Her2Ihc | None = None
    tumor_size_mm: float | None = Field(None, ge=0, le=1000)
    nodes_positive: int | None = Field(None, ge=0, le=100)
    nodes_examined: int | None = Field(None, ge=0, le=200)
    grade: int | None = Field(None, ge=1, le=4)
    ki67: Literal["positive", "negative"] | float | None = Field(None, description="positive/negative (>10 %) or percent")
    detected_by: Literal["screening", "symptoms", "unknown"] | None = None
    brain_metastases: BrainMetastases | None = None
    measurable_disease: bool | None = None
    metastatic_sites: list[str] | None = None
    resectable: bool | None = None
    castration_status: Literal["sensitive", "resistant"] | None = Field(
        None, description="prostate cancer: hormone (castration)-sensitive, or castration-resistant (progressing "
                          "with castrate testosterone)")
    risk_group: str | None = Field(None, description="disease-specific risk group, e.g. ELN 2022, R-ISS, INRG")

    @model_validator(mode="after")
    def _resolve_cancer_type(self) -> Diagnosis:
        """Fill `oncotree_code` from `cancer_type` (code, older code or common name); unknown types are refused."""
        from oncotailor.errors import InputError
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        given = self.oncotree_code or self.cancer_type
        if given:
            try:
                self.oncotree_code = resolve_cancer_type(given).code
            except InputError as exc:
                raise exc.at(field="diagnosis.oncotree_code" if self.oncotree_code else "diagnosis.cancer_type") from None
        return self

    @field_validator("her2_ihc", mode="before")
    @classmethod
    def _ihc_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    @field_validator("stage", mode="before")
    @classmethod
    def _stage_text(cls, v: Any) -> Any:
        if v is None:
            return None
        s = str(v).strip()
        return s[6:].strip() if s.lower().startswith("stage ") else s


# ───────────────────────────── family, history ─────────────────────────────

Relation = Literal[
    "mother", "father", "sister", "brother", "daughter", "son", "grandmother", "grandfather",
    "aunt", "uncle", "niece", "nephew", "cousin", "half_sister", "half_brother",
]
FIRST_DEGREE: frozenset[str] = frozenset({"mother", "father", "sister", "brother", "daughter", "son"})
SECOND_DEGREE: frozenset[str] = frozenset(
    {"grandmother", "grandfather", "aunt", "uncle", "niece", "nephew", "half_sister", "half_brother"}
)


class FamilyMember(Strict):
    relation: Relation
    side: Literal["maternal", "paternal"] | None = None
    cancer: str | None = Field(None, description="None: relative recorded without cancer")
    age_at_diagnosis: float | None = Field(None, ge=0, le=120)
    sex: Sex | None = None
    known_variant: str | None = Field(None, description="e.g. 'BRCA2 c.5946delT' found in this relative")

    @property
    def degree(self) -> int:
        if self.relation in FIRST_DEGREE:
            return 1
        if self.relation in SECOND_DEGREE:
            return 2
        return 3


class TherapyLine(Strict):
    line: int | None = Field(None, ge=0, le=30)
    setting: Literal["neoadjuvant", "adjuvant", "metastatic", "maintenance", "curative", "palliative"] | None = None
    drugs: list[str]
    cycles: int | None = Field(None, ge=0)
    best_response: Literal["CR", "PR", "SD", "PD", "NE"] | None = None
    progressed: bool | None = None
    ongoing: bool | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    stopped_for_toxicity: bool | None = None


class Surgery(Strict):
    procedure: str
    margin: Literal["R0", "R1", "R2"] | None = None
    date: dt.date | None = None


class Radiotherapy(Strict):
    site: str
    date: dt.date | None = None


class History(Strict):
    prior_therapies: list[TherapyLine] | None = None
    surgeries: list[Surgery] | None = None
    radiotherapy: list[Radiotherapy] | None = None


# ───────────────────────────── risk factors ─────────────────────────────


class Smoking(Strict):
    status: Literal["never", "former", "current"] | None = None
    pack_years: float | None = Field(None, ge=0, le=300)
    cigarettes_per_day: float | None = Field(None, ge=0, le=200)
    years_smoked: float | None = Field(None, ge=0, le=100)
    years_since_quit: float | None = Field(None, ge=0, le=100)


class Scores(Strict):
    tyrer_cuzick_lifetime: float | None = Field(None, ge=0, le=100)
    tyrer_cuzick_10y: float | None = Field(None, ge=0, le=100)
    canrisk_lifetime: float | None = Field(None, ge=0, le=100)
    canrisk_10y: float | None = Field(None, ge=0, le=100)


TriState = bool | None


class RiskFactors(Strict):
    race_ethnicity: str | None = None
    age_at_menarche: float | None = Field(None, ge=5, le=25)
    age_at_first_live_birth: float | Literal["nulliparous"] | None = None
    breast_biopsies: int | None = Field(None, ge=0, le=50)
    atypical_hyperplasia: TriState = None
    first_degree_relatives_breast_cancer: int | None = Field(None, ge=0, le=20)
    bmi: float | None = Field(None, ge=10, le=90)
    height_cm: float | None = Field(None, ge=50, le=250)
    weight_kg: float | None = Field(None, ge=20, le=400)
    education: str | None = None
    copd: TriState = None
    personal_history_cancer: TriState = None
    family_history_lung_cancer: TriState = None
    smoking: Smoking | None = None
    vegetable_servings_per_week: float | None = Field(None, ge=0, le=200)
    vigorous_activity_hours_per_week: float | None = Field(None, ge=0, le=100)
    colonoscopy_last_10y: TriState = None
    polyp_last_10y: TriState = None
    regular_aspirin: TriState = None
    regular_nsaid: TriState = None
    estrogen_last_2y: TriState = None
    chest_radiation_before_30: TriState = None
    scores: Scores | None = None

    @field_validator("education", "race_ethnicity", mode="before")
    @classmethod
    def _codes_as_text(cls, v: Any) -> Any:
        """PLCOm2012 education levels and race groups may be given as numeric codes."""
        return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v

    @field_validator("age_at_first_live_birth", mode="before")
    @classmethod
    def _nullip(cls, v: Any) -> Any:
        if isinstance(v, str) and v.strip().lower() in {"nulliparous", "none", "no births"}:
            return "nulliparous"
        return v

    @model_validator(mode="after")
    def _bmi_from_height(self) -> RiskFactors:
        if self.bmi is None and self.height_cm and self.weight_kg:
            self.bmi = round(self.weight_kg / (self.height_cm / 100) ** 2, 2)
        return self


# ───────────────────────────── the case ─────────────────────────────


class ReadWarning(Strict):
    """Something a reader noticed that the report must show (unannotated VCF, unknown gene kept, …)."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None


class Case(Strict):
    """One patient. Built by `oncotailor.read_case`, or directly from a dict."""

    patient: Patient = Field(default_factory=Patient)
    diagnosis: Diagnosis | None = None
    tumor: Tumor | None = None
    germline: Germline | None = None
    family_history: list[FamilyMember] | None = None
    history: History | None = None
    risk_factors: RiskFactors | None = None
    as_of: dt.date | None = Field(None, description="the date the case describes; default: the run date")
    source_file: Annotated[str | None, Field(exclude=True)] = None
    input_sha256: str | None = None
    read_warnings: list[ReadWarning] = Field(default_factory=list, description="filled by the readers")

    @model_validator(mode="before")
    @classmethod
    def _receptors_from_report_list(cls, data: Any) -> Any:
        """'ER positive', 'PR-', 'HER2 negative', 'triple negative' in a report's list are diagnosis facts
        (receptor status), not tumor alterations: move them to `diagnosis.er/pr/her2`."""
        if not isinstance(data, dict) or not isinstance(data.get("tumor"), dict):
            return data
        items = report_items(data["tumor"].get("alterations"))
        if not isinstance(items, list):
            return data
        from oncotailor.errors import InputError
        from oncotailor.vocab.biomarkers import parse_receptor

        diag = dict(data.get("diagnosis") or {})
        keep: list[Any] = []
        found = False
        for i, item in enumerate(items):
            status = parse_receptor(item) if isinstance(item, str) else None
            if status is None:
                keep.append(item)
                continue
            found = True
            for key, value in status.items():
                if diag.get(key) not in (None, value):
                    raise InputError(f"'{item}' contradicts diagnosis.{key} = {diag[key]}",
                                     field=f"tumor.alterations.{i}")
                diag[key] = value
        if not found:
            return data
        return {**data, "diagnosis": diag, "tumor": {**data["tumor"], "alterations": keep}}

    @property
    def case_id(self) -> str:
        return self.patient.id or "case"

    def age(self) -> float | None:
        return self.patient.age

    def all_alterations(self) -> list[Alteration]:
        return list(self.tumor.alterations) if self.tumor else []
