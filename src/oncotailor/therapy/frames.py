"""One case → the matcher's two frames (alterations, patients). The cohort code builds the same frames."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from oncotailor.case import Alteration, Biomarkers, Case
from oncotailor.therapy.annotate import ALT_SCHEMA
from oncotailor.therapy.keys import canon_change, codon_of

MARKER_FIELDS: tuple[str, ...] = (*Biomarkers.model_fields, "her2", "er", "pr")
_C_INDEL = re.compile(r"^c\.[\d+\-*_]+(del|ins|dup)([ACGT]*)$", re.I)


def _marker_dtype(name: str) -> Any:
    info = Biomarkers.model_fields.get(name)
    text = str(info.annotation) if info else "str"
    if "bool" in text:
        return pl.Boolean
    if "float" in text and "Literal" not in text:
        return pl.Float64
    return pl.Utf8


def _exon_of(gene: str, codon: int) -> int | None:
    try:
        from oncotailor.vocab.exons import exon_of
    except ImportError:  # the lead's exon table is optional
        return None
    try:
        return exon_of(gene, codon)
    except Exception:  # a missing or malformed exon table means "exon unknown", never a crash
        return None


def _consequence(alt: Alteration) -> str | None:
    """The given consequence, or a frameshift inferred from a cDNA indel whose length is not a multiple of 3."""
    if alt.consequence:
        return alt.consequence
    text = alt.hgvsc or alt.alteration
    m = _C_INDEL.match(text or "")
    if m and m[2] and len(m[2]) % 3:
        return "frameshift_variant"
    return None


def alteration_row(patient_id: str, idx: int, alt: Alteration) -> dict[str, Any]:
    name = alt.alteration
    if (name.startswith("c.") or not name) and alt.hgvsp:
        name = alt.hgvsp
    change = canon_change(name)
    start, end = alt.protein_start, alt.protein_end
    if start is None and alt.kind.value == "mutation":
        span = codon_of(change)
        if span:
            start, end = span
    exon = alt.exon
    if exon is None and start is not None:
        exon = _exon_of(alt.gene, start)
    return {
        "patient_id": patient_id, "alt_idx": idx, "gene": alt.gene, "kind": alt.kind.value, "alteration": change,
        "consequence": _consequence(alt), "protein_start": start, "protein_end": end if end is not None else start,
        "exon": exon, "intron": alt.intron, "any_codon": alt.any_change_at_codon, "fusion_5p": alt.fusion_5p,
        "fusion_3p": alt.fusion_3p, "copy_number": alt.copy_number.value if alt.copy_number else None,
    }


def _her2_status(ihc: str | None, amplified: bool | None) -> str | None:
    """HER2 status from IHC and ISH as ASCO/CAP 2018 reads them (3+ or 2+/ISH+ positive; 1+, 2+/ISH- low)."""
    if amplified:
        return "positive"
    return {"3+": "positive", "2+": "low" if amplified is False else None, "1+": "low", "ultralow": "ultralow",
            "0": "negative"}.get(ihc or "")


def her2_of(case: Case) -> tuple[str | None, bool | None, str | None]:
    """(IHC score, ISH amplified, status) from every place a case may state HER2: the diagnosis (status or
    IHC), the tumor biomarkers (IHC, amplified) and an ERBB2 amplification among the alterations."""
    t, d = case.tumor, case.diagnosis
    bm = t.biomarkers if t else Biomarkers()
    amplified = bm.her2_amplified
    if amplified is None and t and any(a.gene == "ERBB2" and a.copy_number is not None
                                       and a.copy_number.value == "amplification" for a in t.alterations):
        amplified = True
    ihc = (d.her2_ihc.value if d and d.her2_ihc else None) or (bm.her2_ihc.value if bm.her2_ihc else None)
    status = (d.her2 if d and d.her2 else None) or _her2_status(ihc, amplified)
    return ihc, amplified, status


def patient_row(case: Case, patient_id: str, oncotree_code: str | None,
                tested_genes: list[str] | None) -> dict[str, Any]:
    t, d = case.tumor, case.diagnosis
    bm = t.biomarkers if t else Biomarkers()
    row: dict[str, Any] = {f: getattr(bm, f) for f in Biomarkers.model_fields}
    if row["msi"] is None and row["mmr"] == "deficient":
        row["msi"] = "high"  # FDA labels treat "MSI-H or dMMR" as one biomarker
    if row["mmr"] is None and row["msi"] == "high":
        row["mmr"] = "deficient"
    ihc, amplified, status = her2_of(case)
    # HER2-positive by ISH (IHC 2+ amplified) or stated positive without a score compares as IHC 3+: the
    # labels' "HER2-overexpressing" means IHC 3+ or ISH-amplified (ASCO/CAP 2018), and such a tumor is not HER2-low.
    if status == "positive" and ihc in (None, "2+"):
        ihc = "3+"
    row["her2_ihc"] = ihc
    row["her2_amplified"] = amplified
    row["her2"] = status
    row["er"] = d.er.value if d and d.er else None
    row["pr"] = d.pr.value if d and d.pr else None
    for k in list(row):
        v = row[k]
        if hasattr(v, "value"):
            row[k] = v.value
    row.update(patient_id=patient_id, oncotree_code=oncotree_code, tested_genes=tested_genes)
    return row


def patients_schema() -> dict[str, Any]:
    schema: dict[str, Any] = {"patient_id": pl.Utf8, "oncotree_code": pl.Utf8, "tested_genes": pl.List(pl.Utf8)}
    for f in MARKER_FIELDS:
        schema[f] = _marker_dtype(f)
    return schema


def frames(alt_rows: list[dict[str, Any]], patient_rows: list[dict[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    schema = patients_schema()
    alts = pl.DataFrame(alt_rows, schema=ALT_SCHEMA, orient="row") if alt_rows else pl.DataFrame(schema=ALT_SCHEMA)
    pats = pl.DataFrame([{k: r.get(k) for k in schema} for r in patient_rows], schema=schema, orient="row")
    return alts, pats
