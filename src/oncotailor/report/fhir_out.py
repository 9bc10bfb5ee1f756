"""The report as a FHIR R4 Bundle: HL7 Genomics Reporting IG (STU2, 2.0.0) with mCODE (STU3) patient/condition.

Resources, each naming its profile in ``meta.profile``:

* mCODE ``CancerPatient`` (Patient) and ``PrimaryCancerCondition`` (Condition: OncoTree code, AJCC stage);
* one GR ``Variant`` Observation per alteration read (LOINC 69548-6, value LA9633-4 "Present"), with the
  components the IG names: 48018-6 gene studied (HGNC), 48004-6 DNA change (c.HGVS), 48005-3 amino acid
  change (p.HGVS), 81252-9 discrete genetic variant, 81258-6 sample allelic frequency, 48002-0 genomic
  source class (LA6684-0 somatic / LA6683-2 germline), 48019-4 DNA change type (Sequence Ontology) for
  fusions and copy number; hereditary findings become germline Variants;
* GR ``TherapeuticImplication`` Observations (therapies and resistance: 51963-7 medication assessed,
  93044-6 level of evidence, 51961-1 predicted effect on efficacy) derived from their Variants;
* GR ``DiagnosticImplication`` Observations (hereditary: 53037-8 clinical significance, 81259-4 associated
  phenotype);
* tumor markers: GR ``TMB`` (94076-7) and ``MSI`` (81695-9), mCODE ``TumorMarkerTest`` for receptors
  (ER 16112-5, PR 16113-3, HER2 48676-1) and other markers (coded in our own system); tumor size,
  positive nodes and grade ride on the Condition as extensions;
* the assay: a GR ``RegionStudied`` Observation (53041-0) naming the panel (``method.text``) and an mCODE
  ``HumanSpecimen`` (HL7 v2-0487 TISS / PLAS);
* a GR ``GenomicsReport`` DiagnosticReport (LOINC 51969-4) whose ``result`` lists every Observation.

Each resource is validated with `fhir.resources` R4B models (R4B reads the same as R4 for these
resources). Full URLs are ``urn:uuid:`` values derived from the report's input hash, so the same input
gives the same bundle. Sections without an IG profile (PGx, risk, recurrence, trials) are not exported.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from oncotailor.errors import InternalError, OncoTailorError
from oncotailor.findings import AlterationItem, HereditaryFinding, Report, ResistanceMatch, TherapyMatch

GR = "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/"
MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
PROFILES = {
    "patient": MCODE + "mcode-cancer-patient",
    "condition": MCODE + "mcode-primary-cancer-condition",
    "variant": GR + "variant",
    "therapeutic": GR + "therapeutic-implication",
    "diagnostic": GR + "diagnostic-implication",
    "report": GR + "genomics-report",
    "tmb": GR + "tmb",
    "msi": GR + "msi",
    "marker": MCODE + "mcode-tumor-marker-test",
    "region": GR + "region-studied",
    "specimen": MCODE + "mcode-human-specimen",
}
SPECIMEN_TYPES = {"tissue": ("TISS", "Tissue"), "plasma": ("PLAS", "Plasma")}
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
HGVS = "http://varnomen.hgvs.org"
HGNC = "http://www.genenames.org/geneId"
SO = "http://www.sequenceontology.org"
ONCOTREE = "http://oncotree.mskcc.org"
TBD = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs"
AGE_EXT = "https://oncotailor.org/fhir/StructureDefinition/age-at-report"
LEVEL_SYSTEM = "https://oncotailor.org/fhir/CodeSystem/evidence-level"
MARKER_SYSTEM = "https://oncotailor.org/fhir/CodeSystem/tumor-marker"
DETAIL_EXT = "https://oncotailor.org/fhir/StructureDefinition/diagnosis-"
# marker key → (profile, LOINC code, display); keys without a LOINC code use MARKER_SYSTEM
MARKER_CODES = {"tmb": ("tmb", "94076-7", "Mutations/Megabase [# Ratio] in Tumor"),
                "msi": ("msi", "81695-9", "Microsatellite instability [Interpretation] in Cancer specimen"),
                "er": ("marker", "16112-5", "Estrogen receptor [Interpretation] in Tissue"),
                "pr": ("marker", "16113-3", "Progesterone receptor [Interpretation] in Tissue"),
                "her2": ("marker", "48676-1", "HER2 [Interpretation] in Tissue")}
CONDITION_DETAILS = ("tumor_size_mm", "nodes_positive", "grade")
CODES = {
    "variant": "69548-6", "report": "51969-4", "gene": "48018-6", "dna": "48004-6", "protein": "48005-3",
    "discrete": "81252-9", "vaf": "81258-6", "source_class": "48002-0", "change_type": "48019-4",
    "medication": "51963-7", "evidence": "93044-6", "efficacy": "51961-1", "significance": "53037-8",
    "phenotype": "81259-4",
}
PRESENT = ("LA9633-4", "Present")
SOMATIC, GERMLINE = ("LA6684-0", "Somatic"), ("LA6683-2", "Germline")
SIGNIFICANCE = {"pathogenic": ("LA6668-3", "Pathogenic"), "likely_pathogenic": ("LA26332-9", "Likely pathogenic"),
                "uncertain": ("LA26333-7", "Uncertain significance"), "likely_benign": ("LA26334-5", "Likely benign"),
                "benign": ("LA6675-8", "Benign")}
CHANGE_TYPE = {"fusion": ("SO:0001565", "gene_fusion"), "amplification": ("SO:0001742", "copy_number_gain"),
               "gain": ("SO:0001742", "copy_number_gain"), "deletion": ("SO:0001743", "copy_number_loss"),
               "loss": ("SO:0001743", "copy_number_loss")}
CATEGORY = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]},
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "GE", "display": "Genetics"}]}]


def _cc(system: str, code: str, display: str | None = None, text: str | None = None) -> dict[str, Any]:
    coding: dict[str, Any] = {"system": system, "code": code}
    if display:
        coding["display"] = display
    out: dict[str, Any] = {"coding": [coding]}
    if text:
        out["text"] = text
    return out


def _component(code: str, display: str, **value: Any) -> dict[str, Any]:
    return {"code": _cc(LOINC, code, display), **value}


def _hgnc(gene: str) -> dict[str, Any]:
    try:
        from oncotailor.vocab.genes import gene_info

        hgnc_id = gene_info(gene).hgnc_id
    except (OncoTailorError, ImportError, AttributeError, KeyError):
        hgnc_id = None
    return _cc(HGNC, hgnc_id, gene, gene) if hgnc_id else {"text": gene}


def alteration_name(a: AlterationItem) -> str:
    """Report-style text the case reader parses back: 'EGFR L858R', 'BCR::ABL1', 'ABL1 fusion'."""
    text = a.alteration.strip()
    return text if "::" in text or text.split(" ", 1)[0].upper() == a.gene.upper() else f"{a.gene} {text}"


class _Ids:
    """Deterministic urn:uuid values: the same report gives the same bundle."""

    def __init__(self, seed: str) -> None:
        self.ns = uuid.uuid5(uuid.NAMESPACE_URL, f"oncotailor:{seed}")

    def __call__(self, *key: str) -> str:
        return str(uuid.uuid5(self.ns, "|".join(key)))


def _variant(a: AlterationItem | HereditaryFinding, rid: str, subject: str, germline: bool) -> dict[str, Any]:
    comps = [_component(CODES["gene"], "Gene studied [ID]", valueCodeableConcept=_hgnc(a.gene))]
    if isinstance(a, AlterationItem):
        name, hgvsc, hgvsp = alteration_name(a), a.hgvsc, a.hgvsp
    else:
        name = f"{a.gene} {a.variant}"
        hgvsc = a.variant if a.variant.startswith("c.") else None
        hgvsp = a.variant if a.variant.startswith("p.") else None
    comps.append(_component(CODES["discrete"], "Discrete genetic variant", valueCodeableConcept={"text": name}))
    if hgvsc:
        comps.append(_component(CODES["dna"], "DNA change (c.HGVS)", valueCodeableConcept=_cc(HGVS, hgvsc, text=hgvsc)))
    if hgvsp:
        comps.append(_component(CODES["protein"], "Amino acid change (pHGVS)",
                                valueCodeableConcept=_cc(HGVS, hgvsp, text=hgvsp)))
    if isinstance(a, AlterationItem):
        if a.vaf is not None:
            comps.append(_component(CODES["vaf"], "Sample variant allelic frequency [NFr]",
                                    valueQuantity={"value": a.vaf, "system": UCUM, "code": "1"}))
        kind = "fusion" if a.kind == "fusion" else a.alteration.lower() if a.kind == "copy_number" else None
        if kind in CHANGE_TYPE:
            so, label = CHANGE_TYPE[kind]
            comps.append(_component(CODES["change_type"], "DNA change type", valueCodeableConcept=_cc(SO, so, label)))
    source = GERMLINE if germline else SOMATIC
    comps.append(_component(CODES["source_class"], "Genomic source class [Type]",
                            valueCodeableConcept=_cc(LOINC, source[0], source[1])))
    return {
        "resourceType": "Observation", "id": rid, "meta": {"profile": [PROFILES["variant"]]}, "status": "final",
        "category": CATEGORY, "code": _cc(LOINC, CODES["variant"], "Genetic variant assessment"),
        "subject": {"reference": subject}, "valueCodeableConcept": _cc(LOINC, *PRESENT), "component": comps,
    }


def _therapeutic(item: TherapyMatch | ResistanceMatch, rid: str, subject: str, derived: list[str]) -> dict[str, Any]:
    resistant = isinstance(item, ResistanceMatch)
    comps = [_component(CODES["medication"], "Medication assessed [ID]", valueCodeableConcept={"text": d})
             for d in item.drugs]
    comps.append(_component(CODES["evidence"], "Level of evidence",
                            valueCodeableConcept=_cc(LEVEL_SYSTEM, item.level, text=f"level {item.level}")))
    comps.append(_component(CODES["efficacy"], "Genetic variation's effect on drug efficacy",
                            valueCodeableConcept={"text": "Resistant" if resistant else "Responsive"}))
    text = item.explanation if isinstance(item, ResistanceMatch) else item.biomarker_rule
    comps.append({"code": _cc(TBD, "conclusion-string"), "valueString": text})
    note = [{"text": f"{e.source} {e.id or ''} {e.url or ''} ({e.date or 'undated'})".replace("  ", " ")}
            for e in item.evidence]
    res = {
        "resourceType": "Observation", "id": rid, "meta": {"profile": [PROFILES["therapeutic"]]}, "status": "final",
        "category": CATEGORY, "code": _cc(TBD, "therapeutic-implication", "Therapeutic Implication"),
        "subject": {"reference": subject}, "component": comps,
    }
    if derived:
        res["derivedFrom"] = [{"reference": r} for r in derived]
    if note:
        res["note"] = note
    return res


def _diagnostic(h: HereditaryFinding, rid: str, subject: str, derived: str) -> dict[str, Any]:
    key = h.classification.lower().replace(" ", "_")
    sig = SIGNIFICANCE.get(key)
    comps = [_component(CODES["significance"], "Genetic variation clinical significance [Imp]",
                        valueCodeableConcept=_cc(LOINC, sig[0], sig[1]) if sig else {"text": h.classification})]
    if h.syndrome or h.cancers:
        comps.append(_component(CODES["phenotype"], "Associated phenotype",
                                valueCodeableConcept={"text": h.syndrome or ", ".join(h.cancers)}))
    return {
        "resourceType": "Observation", "id": rid, "meta": {"profile": [PROFILES["diagnostic"]]}, "status": "final",
        "category": CATEGORY, "code": _cc(TBD, "diagnostic-implication", "Diagnostic Implication"),
        "subject": {"reference": subject}, "derivedFrom": [{"reference": derived}], "component": comps,
    }


def _patient(report: Report, rid: str) -> dict[str, Any]:
    res: dict[str, Any] = {"resourceType": "Patient", "id": rid, "meta": {"profile": [PROFILES["patient"]]},
                           "identifier": [{"system": "https://oncotailor.org/case-id", "value": report.case_id}]}
    s = report.summary
    if s.sex:
        res["gender"] = {"female": "female", "male": "male"}.get(s.sex, "other")
    if s.age is not None:
        res["extension"] = [{"url": AGE_EXT, "valueAge": {"value": s.age, "unit": "a", "system": UCUM, "code": "a"}}]
    return res


def _condition(report: Report, rid: str, subject: str) -> dict[str, Any] | None:
    s = report.summary
    code_text = s.oncotree_code or s.cancer_type
    if not code_text:
        return None
    code = (_cc(ONCOTREE, s.oncotree_code, s.cancer_type_name, s.cancer_type_name or s.cancer_type)
            if s.oncotree_code else {"text": s.cancer_type})
    res: dict[str, Any] = {
        "resourceType": "Condition", "id": rid, "meta": {"profile": [PROFILES["condition"]]},
        "clinicalStatus": _cc("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
        "verificationStatus": _cc("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
        "category": [_cc("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")],
        "code": code, "subject": {"reference": subject},
    }
    if s.stage:
        res["stage"] = [{"summary": {"text": s.stage}}]
    details = [(k, s.markers[k]) for k in CONDITION_DETAILS if isinstance(s.markers.get(k), int | float)]
    if details:
        res["extension"] = [{"url": DETAIL_EXT + k.replace("_", "-"), "valueDecimal": v} for k, v in details]
    return res


def _marker(key: str, value: str | float, rid: str, subject: str) -> dict[str, Any]:
    profile, code, display = MARKER_CODES.get(key, ("marker", None, None))
    res: dict[str, Any] = {
        "resourceType": "Observation", "id": rid, "meta": {"profile": [PROFILES[profile]]}, "status": "final",
        "category": CATEGORY if profile != "marker" else [CATEGORY[0]],
        "code": _cc(LOINC, code, display) if code else _cc(MARKER_SYSTEM, key, key.replace("_", " ")),
        "subject": {"reference": subject},
    }
    if key == "tmb" and isinstance(value, int | float):
        res["valueQuantity"] = {"value": value, "system": UCUM, "code": "1/1000000{Base}", "unit": "mutations/Mb"}
    elif isinstance(value, int | float) and not isinstance(value, bool):
        res["valueQuantity"] = {"value": value}
    else:
        res["valueCodeableConcept"] = {"text": str(value).lower() if isinstance(value, bool) else str(value)}
    return res


def build_bundle(report: Report) -> dict[str, Any]:
    """The bundle as a JSON-ready dict, validated resource by resource."""
    ids = _Ids(report.input_sha256 or report.case_id)
    entries: list[dict[str, Any]] = []
    pid = ids("patient")
    subject = f"urn:uuid:{pid}"
    entries.append(_patient(report, pid))
    cond = _condition(report, ids("condition"), subject)
    if cond:
        entries.append(cond)
    results: list[str] = []
    s = report.summary
    if s.specimen:
        code, display = SPECIMEN_TYPES.get(s.specimen, (s.specimen.upper(), s.specimen))
        entries.append({"resourceType": "Specimen", "id": ids("specimen"), "meta": {"profile": [PROFILES["specimen"]]},
                        "type": _cc("http://terminology.hl7.org/CodeSystem/v2-0487", code, display, s.specimen),
                        "subject": {"reference": subject}})
    if s.panel:
        rid = ids("region")
        entries.append({"resourceType": "Observation", "id": rid, "meta": {"profile": [PROFILES["region"]]},
                        "status": "final", "category": CATEGORY,
                        "code": _cc(LOINC, "53041-0", "DNA region of interest panel"),
                        "subject": {"reference": subject}, "method": {"text": s.panel}})
        results.append(rid)
    for key, value in sorted(report.summary.markers.items()):
        if key in CONDITION_DETAILS:
            continue
        rid = ids("marker", key)
        entries.append(_marker(key, value, rid, subject))
        results.append(rid)
    variant_ref: dict[str, str] = {}
    for i, a in enumerate(report.alterations):
        rid = ids("variant", str(i), a.gene, a.alteration)
        variant_ref.setdefault(alteration_name(a), f"urn:uuid:{rid}")
        entries.append(_variant(a, rid, subject, germline=False))
        results.append(rid)
    for i, h in enumerate(report.hereditary):
        rid = ids("germline", str(i), h.gene, h.variant)
        entries.append(_variant(h, rid, subject, germline=True))
        variant_ref.setdefault(f"{h.gene} {h.variant}", f"urn:uuid:{rid}")
        results.append(rid)
        did = ids("diagnostic", str(i), h.gene, h.variant)
        entries.append(_diagnostic(h, did, subject, f"urn:uuid:{rid}"))
        results.append(did)
    implications: list[TherapyMatch | ResistanceMatch] = [*report.therapies, *report.resistance]
    for i, item in enumerate(implications):
        rid = ids("therapeutic", str(i), "+".join(item.drugs), item.alteration, item.level)
        derived = [ref for key, ref in variant_ref.items() if key in item.alteration or item.alteration in key]
        entries.append(_therapeutic(item, rid, subject, derived))
        results.append(rid)
    dr = {
        "resourceType": "DiagnosticReport", "id": ids("report"), "meta": {"profile": [PROFILES["report"]]},
        "status": "final", "category": [CATEGORY[1]],
        "code": _cc(LOINC, CODES["report"], "Genetic analysis report"), "subject": {"reference": subject},
        "effectiveDateTime": report.as_of, "issued": report.generated_at,
        "result": [{"reference": f"urn:uuid:{r}"} for r in results],
        "conclusion": report.disclaimer,
    }
    entries.append(dr)
    bundle = {"resourceType": "Bundle", "id": ids("bundle"), "type": "collection", "timestamp": report.generated_at,
              "entry": [{"fullUrl": f"urn:uuid:{e['id']}", "resource": e} for e in entries]}
    validate_bundle(bundle)
    return bundle


def validate_bundle(bundle: dict[str, Any]) -> None:
    """Validate with fhir.resources R4B; a failure here is our bug, not the user's input."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise InternalError(f"the FHIR bundle failed R4B validation: {exc.errors()[0]['loc']}") from exc


def render_fhir(report: Report, *, lang: str = "en") -> str:
    return json.dumps(build_bundle(report), indent=2, ensure_ascii=False) + "\n"
