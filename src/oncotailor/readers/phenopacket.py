"""GA4GH Phenopacket v2 JSON → `Case` (cancer phenopackets).

Phenopacket schema v2.0 (phenopacket-schema.readthedocs.io): `subject` (id, sex, timeAtLastEncounter),
`diseases` (term, onset, diseaseStage), `biosamples` (histologicalDiagnosis, tumorProgression),
`interpretations[].diagnosis.genomicInterpretations[].variantInterpretation.variationDescriptor`
(geneContext, expressions hgvs.p/hgvs.c, vcfRecord, allelicState) and `medicalActions[].treatment`.
A variant interpreted for a biosample is somatic; one interpreted for the subject with an ACMG class is
germline. What the phenopacket does not say stays unknown (None).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from oncotailor.case import Case, ReadWarning
from oncotailor.errors import OncoTailorError
from oncotailor.readers import annotations as ann
from oncotailor.readers.common import display_name, safe_text
from oncotailor.readers.genome_build import build_from_text

_SEX = {"FEMALE": "female", "MALE": "male", "OTHER_SEX": "other"}
_ACMG = {"PATHOGENIC": "pathogenic", "LIKELY_PATHOGENIC": "likely_pathogenic",
         "UNCERTAIN_SIGNIFICANCE": "uncertain", "LIKELY_BENIGN": "likely_benign", "BENIGN": "benign"}
_RESPONSE = {"complete response": "CR", "partial response": "PR", "stable disease": "SD",
             "progressive disease": "PD"}
_ZYGOSITY = {"heterozygous": "heterozygous", "homozygous": "homozygous", "hemizygous": "hemizygous"}


def _years(node: Any) -> float | None:
    """`{"age": {"iso8601duration": "P62Y6M"}}` → 62.5."""
    iso = ((node or {}).get("age") or {}).get("iso8601duration") if isinstance(node, dict) else None
    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", iso or "")
    if not m or not any(m.groups()):
        return None
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return round(y + mo / 12 + w / 52.18 + d / 365.25, 1)


def _resolve(candidates: list[str]) -> tuple[str | None, str | None]:
    """The first candidate name or code OncoTree knows, and its code."""
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    for text in candidates:
        for t in (text, text.split(":", 1)[-1]):
            try:
                return t, resolve_cancer_type(t).code
            except (OncoTailorError, KeyError, ValueError):
                continue
    return None, None


def _expression(vd: dict[str, Any], syntax: str) -> str | None:
    """The `hgvs.c` / `hgvs.p` expression; a plain `hgvs` one counts when its value says which (`…:p.…`)."""
    kind = syntax.split(".")[-1] + "."
    for e in vd.get("expressions") or []:
        v = str(e.get("value") or "")
        tail = v.split(":", 1)[1] if ":" in v else v
        if v and (e.get("syntax") == syntax or (e.get("syntax") == "hgvs" and tail.startswith(kind))):
            return tail
    return None


def _somatic(vd: dict[str, Any], gene: str | None) -> dict[str, Any] | None:
    """A variationDescriptor → an alteration dict for the case model (validated later, with the case)."""
    from oncotailor.vocab.alterations import parse_alteration

    label = str(vd.get("label") or "")
    hgvsp, hgvsc = _expression(vd, "hgvs.p"), _expression(vd, "hgvs.c")
    vcf = vd.get("vcfRecord") or {}
    extra = {k: v for k, v in (("hgvsp", hgvsp), ("hgvsc", hgvsc), ("chrom", vcf.get("chrom")),
                               ("pos", int(vcf["pos"]) if str(vcf.get("pos", "")).isdigit() else None),
                               ("ref", vcf.get("ref")), ("alt", vcf.get("alt"))) if v is not None}
    texts = []
    pc = ann.protein_change(hgvsp) if hgvsp else None
    if gene and pc:
        texts.append(f"{gene} {pc.short}")
    if gene and hgvsc:
        texts.append(f"{gene} {hgvsc}")
    if label:
        texts.append(label if not gene or label.upper().startswith(gene.upper()) else f"{gene} {label}")
    for text in texts:
        try:
            alt = parse_alteration(text)
        except OncoTailorError:
            continue
        data: dict[str, Any] = alt.model_dump(exclude_none=True, exclude_defaults=True)
        data.update({"gene": alt.gene, "alteration": alt.alteration, "source": "phenopacket", "raw": text[:120]}, **extra)
        data.pop("kind", None)
        data["kind"] = alt.kind.value
        return data
    return None


def read_phenopacket(doc: dict[str, Any], *, path: Path) -> Case:
    from oncotailor.readers.case_file import validate_case

    name = display_name(path)
    warnings: list[ReadWarning] = []
    subject = doc.get("subject") or {}
    patient: dict[str, Any] = {"id": subject.get("id") or doc.get("id")}
    if subject.get("sex") in _SEX:
        patient["sex"] = _SEX[subject["sex"]]
    if (age := _years(subject.get("timeAtLastEncounter"))) is not None:
        patient["age"] = age
    biosamples = [b for b in doc.get("biosamples") or [] if isinstance(b, dict)]
    diseases = [d for d in doc.get("diseases") or [] if isinstance(d, dict) and not d.get("excluded")]
    diagnosis: dict[str, Any] = {}
    if diseases or biosamples:
        terms = [d.get("term") or {} for d in diseases] + [b.get("histologicalDiagnosis") or {} for b in biosamples]
        candidates = [str(t.get(k)) for t in terms for k in ("label", "id") if t.get(k)]
        text, code = _resolve(candidates)
        if text:
            diagnosis.update(cancer_type=text, oncotree_code=code)
        elif candidates:
            warnings.append(ReadWarning(code="phenopacket.unknown_disease", file=name, message=(
                f"the disease '{safe_text(candidates[0], 60)}' has no OncoTree match; cancer type left unknown")))
        for d in diseases:
            for st in d.get("diseaseStage") or []:
                m = re.search(r"stage\s+([0IV]+[A-C]?\d?)", str(st.get("label", "")), re.I)
                if m and "stage" not in diagnosis:
                    diagnosis["stage"] = m.group(1).upper()
            if (onset := _years(d.get("onset"))) is not None:
                diagnosis.setdefault("age_at_diagnosis", onset)
        histo = next((b["histologicalDiagnosis"].get("label") for b in biosamples
                      if (b.get("histologicalDiagnosis") or {}).get("label")), None)
        if histo:
            diagnosis["histology"] = str(histo)
    tumor: dict[str, Any] = {"alterations": []}
    germline: dict[str, Any] = {"variants": []}
    biosample_ids = {b.get("id") for b in biosamples}
    for interp in doc.get("interpretations") or []:
        for gi in ((interp or {}).get("diagnosis") or {}).get("genomicInterpretations") or []:
            vi = gi.get("variantInterpretation") or {}
            vd = vi.get("variationDescriptor") or {}
            gene = (vd.get("geneContext") or {}).get("symbol") or (gi.get("gene") or {}).get("symbol")
            acmg = _ACMG.get(str(vi.get("acmgPathogenicityClassification") or ""))
            build = build_from_text(str((vd.get("vcfRecord") or {}).get("genomeAssembly") or ""))
            if build:
                tumor.setdefault("genome_build", build)
            is_germline = acmg is not None and gi.get("subjectOrBiosampleId") not in biosample_ids
            if is_germline and gene:
                state = str((vd.get("allelicState") or {}).get("label") or "").lower()
                hgvsc, hgvsp = _expression(vd, "hgvs.c"), _expression(vd, "hgvs.p")
                germline["variants"].append({k: v for k, v in {
                    "gene": gene, "variant": hgvsc or hgvsp or str(vd.get("label") or vd.get("id") or "variant"),
                    "hgvsc": hgvsc, "hgvsp": hgvsp, "classification": acmg, "zygosity": _ZYGOSITY.get(state),
                    "source": "phenopacket"}.items() if v is not None})
                continue
            alt = _somatic(vd, gene)
            if alt is None:
                warnings.append(ReadWarning(code="phenopacket.variant_unread", file=name, message=(
                    f"a genomic interpretation ({safe_text(str(vd.get('id') or gene or '?'), 40)}) has no gene and HGVS "
                    "or label this reader understands; it was not used")))
                continue
            tumor["alterations"].append(alt)
    therapies = []
    for action in doc.get("medicalActions") or []:
        agent = ((action or {}).get("treatment") or {}).get("agent") or {}
        if agent.get("label"):
            line: dict[str, Any] = {"drugs": [str(agent["label"]).lower()]}
            resp = _RESPONSE.get(str((action.get("responseToTreatment") or {}).get("label", "")).lower())
            if resp:
                line["best_response"] = resp
                line["progressed"] = resp == "PD" or None
            therapies.append({k: v for k, v in line.items() if v is not None})
    case_doc: dict[str, Any] = {"patient": patient}
    if diagnosis:
        case_doc["diagnosis"] = diagnosis
    if tumor["alterations"] or "genome_build" in tumor:
        case_doc["tumor"] = tumor
    if germline["variants"]:
        case_doc["germline"] = germline
    if therapies:
        case_doc["history"] = {"prior_therapies": therapies}
    case = validate_case(case_doc, path=path)
    case.read_warnings.extend(warnings)
    case.source_file = name
    return case
