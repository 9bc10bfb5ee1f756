"""FHIR R4 (mCODE / Genomics Reporting) bundle → `Case`.

Reads what the report's own FHIR export writes and what mCODE senders commonly send:

* Patient → sex (``gender``), age (our ``age-at-report`` extension, else from ``birthDate`` and the
  report date), id (first identifier, else the resource id);
* the primary cancer Condition (mCODE profile, else the first Condition) → cancer type (OncoTree coding,
  else another coding's display, else ``code.text``) and stage (``stage.summary``; an mCODE TNM stage-group
  Observation, LOINC 21908-9 / 21902-2, also counts);
* GR Variant Observations (LOINC 69548-6) valued "Present" → tumor alterations (somatic) or germline
  variants (genomic source class LA6683-2), named from the 81252-9 text, else gene + p.HGVS, else
  gene + c.HGVS; a Variant valued "Absent" adds its gene to ``tested_genes`` (tested, not found —
  never guessed from silence); classification of germline variants comes from a DiagnosticImplication
  derived from them;
* tumor-marker Observations (TMB 94076-7, MSI 81695-9, ER/PR/HER2 LOINC codes, our marker code system)
  → ``tumor.biomarkers`` or ``diagnosis``; our Condition extensions → tumor size, nodes, grade;
* a GR RegionStudied Observation (53041-0) → ``tumor.panel`` (from ``method.text``) and tested genes;
  a Specimen's type → ``tumor.specimen``;
* the DiagnosticReport's ``effectiveDateTime`` → ``as_of``.

Everything not understood is left unknown. Errors are `InputError`s naming the entry and field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from oncotailor.case import AlterationSource, Case
from oncotailor.errors import InputError
from oncotailor.readers.common import display_name

LOINC = "http://loinc.org"
ONCOTREE = "http://oncotree.mskcc.org"
AGE_EXT = "https://oncotailor.org/fhir/StructureDefinition/age-at-report"
MARKER_SYSTEM = "https://oncotailor.org/fhir/CodeSystem/tumor-marker"
DETAIL_EXT = "https://oncotailor.org/fhir/StructureDefinition/diagnosis-"
MARKER_LOINC = {"94076-7": "tmb", "81695-9": "msi", "16112-5": "er", "16113-3": "pr", "48676-1": "her2"}
VARIANT, STAGE_CODES = "69548-6", {"21908-9", "21902-2", "21914-7"}
PRESENT, ABSENT, GERMLINE = "LA9633-4", "LA9634-2", "LA6683-2"
SIG = {"LA6668-3": "pathogenic", "LA26332-9": "likely pathogenic", "LA26333-7": "uncertain significance",
       "LA26334-5": "likely benign", "LA6675-8": "benign"}
COMP = {"gene": "48018-6", "discrete": "81252-9", "dna": "48004-6", "protein": "48005-3", "vaf": "81258-6",
        "source": "48002-0", "significance": "53037-8"}


def _codes(cc: dict[str, Any] | None) -> list[tuple[str | None, str | None, str | None]]:
    if not isinstance(cc, dict):
        return []
    return [(c.get("system"), c.get("code"), c.get("display")) for c in cc.get("coding") or [] if isinstance(c, dict)]


def _has_code(cc: dict[str, Any] | None, code: str) -> bool:
    return any(c == code for _, c, _ in _codes(cc))


def _text(cc: dict[str, Any] | None) -> str | None:
    if not isinstance(cc, dict):
        return None
    if cc.get("text"):
        return str(cc["text"])
    for _, code, display in _codes(cc):
        if display or code:
            return str(display or code)
    return None


def _components(obs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for comp in obs.get("component") or []:
        for _, code, _ in _codes(comp.get("code")):
            if code:
                out.setdefault(code, comp)
    return out


def _gene(comp: dict[str, Any] | None) -> str | None:
    if not comp:
        return None
    cc = comp.get("valueCodeableConcept")
    for _, code, display in _codes(cc):
        if display:
            return str(display)
        if code and not code.upper().startswith("HGNC:"):
            return str(code)
    return _text(cc)


def _resources(doc: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
    entries = doc.get("entry")
    if not isinstance(entries, list):
        raise InputError("a FHIR Bundle needs an 'entry' list", file=name, field="entry")
    out = []
    for i, e in enumerate(entries):
        res = e.get("resource") if isinstance(e, dict) else None
        if not isinstance(res, dict) or "resourceType" not in res:
            raise InputError("entry without a resource", file=name, field=f"entry[{i}].resource")
        out.append((i, res))
    return out


def _variant_text(obs: dict[str, Any]) -> tuple[str | None, str | None]:
    """(gene, report-style alteration text) of a Variant Observation."""
    comps = _components(obs)
    gene = _gene(comps.get(COMP["gene"]))
    discrete = _text((comps.get(COMP["discrete"]) or {}).get("valueCodeableConcept"))
    if discrete:
        return gene or discrete.split()[0], discrete if " " in discrete or "::" in discrete else f"{gene} {discrete}"
    for key in ("protein", "dna"):
        change = _text((comps.get(COMP[key]) or {}).get("valueCodeableConcept"))
        if change and gene:
            return gene, f"{gene} {change.split(':')[-1]}"
    return gene, None


def _marker_key(code: dict[str, Any] | None) -> str | None:
    for system, c, _ in _codes(code):
        if system == LOINC and c in MARKER_LOINC:
            return MARKER_LOINC[c]
        if system == MARKER_SYSTEM and c:
            return str(c)
    return None


def _read_marker(case: dict[str, Any], key: str, obs: dict[str, Any]) -> None:
    """A tumor marker goes to `tumor.biomarkers` or, for receptors and Ki-67, to `diagnosis`."""
    from oncotailor.case import Biomarkers, Diagnosis

    q = obs.get("valueQuantity")
    value: Any = q.get("value") if isinstance(q, dict) else _text(obs.get("valueCodeableConcept"))
    if value in (None, ""):
        return
    if value in ("true", "false"):
        value = value == "true"
    if key in Diagnosis.model_fields:  # receptor status, HER2 IHC, Ki-67: where the case file puts them
        case.setdefault("diagnosis", {})[key] = value
    elif key in Biomarkers.model_fields:
        case.setdefault("tumor", {}).setdefault("biomarkers", {})[key] = value


def read_fhir_bundle(doc: dict[str, Any], *, path: Path) -> Case:
    name = display_name(path)
    resources = _resources(doc, name)
    case: dict[str, Any] = {"patient": {}}
    germline: list[str] = []
    germline_ids: dict[str, int] = {}
    alterations: list[str] = []
    vafs: dict[int, float] = {}
    tested: list[str] = []
    significance: dict[str, str] = {}
    condition = next((r for _, r in resources if r["resourceType"] == "Condition" and any(
        "primary-cancer-condition" in p for p in (r.get("meta") or {}).get("profile") or [])), None)
    condition = condition or next((r for _, r in resources if r["resourceType"] == "Condition"), None)
    birth: str | None = None
    for i, res in resources:
        kind = res["resourceType"]
        if kind == "Patient":
            pat = case["patient"]
            ident = next((x.get("value") for x in res.get("identifier") or [] if x.get("value")), None)
            pat["id"] = str(ident or res.get("id") or "") or None
            if res.get("gender") in {"female", "male", "other"}:
                pat["sex"] = res["gender"]
            for ext in res.get("extension") or []:
                if ext.get("url") == AGE_EXT and isinstance(ext.get("valueAge"), dict):
                    pat["age"] = ext["valueAge"].get("value")
            birth = res.get("birthDate")
        elif kind == "DiagnosticReport" and res.get("effectiveDateTime"):
            case["as_of"] = str(res["effectiveDateTime"])[:10]
        elif kind == "Observation" and _has_code(res.get("code"), VARIANT):
            gene, text = _variant_text(res)
            value = res.get("valueCodeableConcept")
            if _has_code(value, ABSENT):
                if gene:
                    tested.append(gene)
                continue
            if value is not None and not _has_code(value, PRESENT):
                continue  # indeterminate or no call: unknown, not a finding
            if not text:
                raise InputError("variant Observation names no gene and change", file=name,
                                 field=f"entry[{i}].resource.component")
            comps = _components(res)
            if _has_code((comps.get(COMP["source"]) or {}).get("valueCodeableConcept"), GERMLINE):
                germline_ids[f"urn:uuid:{res.get('id')}"] = len(germline)
                germline.append(text)
            else:
                q = (comps.get(COMP["vaf"]) or {}).get("valueQuantity") or {}
                if isinstance(q.get("value"), int | float):
                    vafs[len(alterations)] = float(q["value"])
                alterations.append(text)
        elif kind == "Observation" and any(_has_code(res.get("code"), c) for c in STAGE_CODES):
            stage = _text(res.get("valueCodeableConcept"))
            if stage:
                case.setdefault("diagnosis", {})["stage"] = stage
        elif kind == "Specimen" and _text(res.get("type")):
            spec = str(_text(res.get("type"))).lower()
            if spec in {"tissue", "plasma"}:
                case.setdefault("tumor", {})["specimen"] = spec
        elif kind == "Observation" and _has_code(res.get("code"), "53041-0"):  # region studied
            panel = _text(res.get("method"))
            if panel:
                case.setdefault("tumor", {})["panel"] = panel
            tested.extend(g for g in (_gene(c) for c in res.get("component") or []
                                      if _has_code(c.get("code"), COMP["gene"])) if g)
        elif kind == "Observation" and _marker_key(res.get("code")):
            _read_marker(case, _marker_key(res.get("code")), res)  # type: ignore[arg-type]
        elif kind == "Observation" and "diagnostic-implication" in json.dumps(res.get("code")):
            comps = _components(res)
            sig = next((SIG[c] for _, c, _ in _codes((comps.get(COMP["significance"]) or {}).get(
                "valueCodeableConcept")) if c in SIG), None)
            for ref in res.get("derivedFrom") or []:
                if sig and ref.get("reference"):
                    significance[ref["reference"]] = sig
    if condition is not None:
        dx = case.setdefault("diagnosis", {})
        codes = _codes(condition.get("code"))
        onco = next((c for s, c, _ in codes if s == ONCOTREE and c), None)
        dx["cancer_type"] = onco or _text(condition.get("code"))
        for ext in condition.get("extension") or []:
            url = str(ext.get("url", ""))
            if url.startswith(DETAIL_EXT) and isinstance(ext.get("valueDecimal"), int | float):
                key = url[len(DETAIL_EXT):].replace("-", "_")
                dx[key] = int(ext["valueDecimal"]) if key in {"nodes_positive", "grade"} else ext["valueDecimal"]
        for st in condition.get("stage") or []:
            if _text(st.get("summary")):
                dx["stage"] = _text(st.get("summary"))
    if case.get("as_of") and birth and "age" not in case["patient"]:
        try:
            b, d = dt.date.fromisoformat(str(birth)[:10]), dt.date.fromisoformat(case["as_of"])
            case["patient"]["age"] = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
        except ValueError:
            raise InputError("not a date", file=name, field="Patient.birthDate") from None
    for ref, idx in germline_ids.items():
        if ref in significance:
            germline[idx] = f"{germline[idx]} {significance[ref]}"
    if alterations or tested:
        case.setdefault("tumor", {})["alterations"] = alterations
        if tested:
            case["tumor"]["tested_genes"] = sorted(set(tested) | {a.split()[0] for a in alterations})
    if germline:
        case["germline"] = {"variants": germline}
    from oncotailor.readers.case_file import validate_case

    out = validate_case(case, path=path)
    if out.tumor:
        for idx, vaf in vafs.items():
            if 0 <= vaf <= 1 and idx < len(out.tumor.alterations):
                out.tumor.alterations[idx].vaf = vaf
    for alt in out.tumor.alterations if out.tumor else []:
        alt.source = AlterationSource.fhir
    out.source_file = name
    out.input_sha256 = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    return out
