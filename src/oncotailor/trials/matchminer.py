"""MatchMiner patient records (clinical + genomic documents, as in its demo database) → Case.

Lets MatchMiner's own example patients be matched against CTML trials by our matcher, to check we give the
matches MatchMiner lists. The tested genes are those of the DFCI OncoPanel version named in the clinical
record (PANEL_VERSION), so "not altered on the panel" reads as tested-negative, as MatchMiner assumes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from oncotailor.case import Alteration, AlterationKind, Case, CopyNumber
from oncotailor.vocab.alterations import parse_alteration

_CONSEQUENCE = {"Missense_Mutation": "missense_variant", "Nonsense_Mutation": "stop_gained",
                "In_Frame_Del": "inframe_deletion", "In_Frame_Ins": "inframe_insertion",
                "Frame_Shift_Del": "frameshift_variant", "Frame_Shift_Ins": "frameshift_variant",
                "Splice_Site": "splice_region_variant"}


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dict) and "$date" in v:
        v = v["$date"]
    if isinstance(v, dict) and "$numberLong" in v:
        return (dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(v["$numberLong"]))).date()
    if isinstance(v, str):
        return dt.date.fromisoformat(v[:10])
    return None


def _alteration(g: dict[str, Any]) -> Alteration | None:
    gene = str(g.get("TRUE_HUGO_SYMBOL") or "")
    cat = str(g.get("VARIANT_CATEGORY") or "").upper()
    if cat == "MUTATION" and g.get("TRUE_PROTEIN_CHANGE"):
        alt = parse_alteration(f"{gene} {str(g['TRUE_PROTEIN_CHANGE']).removeprefix('p.')}")
        upd: dict[str, Any] = {}
        if g.get("TRUE_TRANSCRIPT_EXON") is not None:
            upd["exon"] = int(float(g["TRUE_TRANSCRIPT_EXON"]))
        cons = _CONSEQUENCE.get(str(g.get("TRUE_VARIANT_CLASSIFICATION")))
        if cons:
            upd["consequence"] = cons
        return alt.model_copy(update=upd)
    if cat == "CNV" and g.get("CNV_CALL"):
        call = str(g["CNV_CALL"]).lower()
        cn = (CopyNumber.amplification if "amplif" in call else CopyNumber.deletion if "homozygous" in call
              else CopyNumber.gain if "gain" in call else CopyNumber.loss)
        return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration=cn.value, copy_number=cn)
    if cat in ("SV", "STRUCTURAL VARIATION"):
        return Alteration(gene=gene, kind=AlterationKind.rearrangement, alteration="rearrangement")
    return None


def case_from_matchminer(clinical: dict[str, Any], genomic: list[dict[str, Any]], as_of: dt.date) -> Case:
    from oncotailor.vocab.panels import panel_genes

    born = _date(clinical.get("BIRTH_DATE"))
    age = (as_of - born).days / 365.25 if born else None
    alts = [a for a in (_alteration(g) for g in genomic) if a is not None]
    mmr = next((str(g["MMR_STATUS"]) for g in genomic if g.get("MMR_STATUS")), None)
    biomarkers: dict[str, Any] = {}
    if mmr:
        deficient = "deficient" in mmr.lower()
        biomarkers = {"mmr": "deficient" if deficient else "proficient", "msi": "high" if "msi-h" in mmr.lower()
                      else None}
    version = clinical.get("PANEL_VERSION")
    tested: set[str] = {str(g["TRUE_HUGO_SYMBOL"]) for g in genomic if g.get("TRUE_HUGO_SYMBOL")}
    if version is not None:
        with contextlib.suppress(Exception):
            tested |= set(panel_genes(f"DFCI-ONCOPANEL-{int(float(version))}"))
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    code = resolve_cancer_type(str(clinical.get("ONCOTREE_PRIMARY_DIAGNOSIS"))).code
    gender = str(clinical.get("GENDER") or "").lower() or None
    return Case.model_validate({
        "patient": {"id": str(clinical.get("SAMPLE_ID")), "age": age, "sex": gender},
        "diagnosis": {"cancer_type": code, "oncotree_code": code},
        "tumor": {"alterations": alts, "tested_genes": sorted(tested),
                  "biomarkers": {k: v for k, v in biomarkers.items() if v}},
        "as_of": as_of,
    })
