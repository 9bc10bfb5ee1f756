"""A small three-valued interpreter for CTML match trees (MatchMiner's clinical trial markup).

Nodes: ``and`` / ``or`` lists, ``clinical`` (oncotree_primary_diagnosis with ``!`` negation and
``_SOLID_``/``_LIQUID_``, age_numerical ``>=18``, gender, tmb_numerical, er/pr/her2_status) and ``genomic``
(hugo_symbol with variant_category Mutation / CNV / Structural Variation and ``!`` negation, protein_change,
wildcard_protein_change, variant_classification, exon, cnv_call, wildtype, mmr_status, ms_status). All keys of
a genomic node must hold for one and the same alteration. A negated diagnosis means "the recorded diagnosis is
not in that subtree", as MatchMiner reads it. Unknown inputs give None, never False.
"""

from __future__ import annotations

import re
from typing import Any

from oncotailor.case import Alteration, AlterationKind, CopyNumber
from oncotailor.trials.facts import Facts
from oncotailor.trials.oncotree import resolve_condition
from oncotailor.trials.tri import Tri
from oncotailor.trials.tri import tri_and as _and
from oncotailor.trials.tri import tri_or as _or

_OP = re.compile(r"^\s*(>=|<=|>|<|==|=)?\s*(-?\d*\.?\d+)\s*$")


def _num(expr: Any, value: float) -> bool:
    m = _OP.match(str(expr))
    if not m:
        return False
    op, b = m.group(1) or "==", float(m.group(2))
    return {">=": value >= b, ">": value > b, "<=": value <= b, "<": value < b}.get(op, value == b)


def _diagnosis(dx: str, f: Facts) -> tuple[Tri, str]:
    neg = dx.startswith("!")
    name = dx.lstrip("!")
    if not f.code:
        return None, "cancer type not given"
    if name in ("_SOLID_", "_LIQUID_"):
        if f.solid is None:
            return None, "solid or haematological unknown"
        hit = f.solid == (name == "_SOLID_")
    else:
        code = resolve_condition(name)
        if code is None:
            return None, f"CTML diagnosis '{name}' not in OncoTree"
        hit = code in f.lineage
    return (not hit if neg else hit), f"diagnosis {f.code} {'is' if hit else 'is not'} {name}"


def _clinical(node: dict[str, Any], f: Facts) -> tuple[Tri, str]:
    out: list[tuple[Tri, str]] = []
    for key, val in node.items():
        if key == "oncotree_primary_diagnosis":
            out.append(_diagnosis(str(val), f))
        elif key == "age_numerical":
            out.append((None, "age not given") if f.age is None else (_num(val, f.age), f"age {f.age:g}"))
        elif key in ("gender", "sex"):
            out.append((None, "sex not given") if f.sex is None else (f.sex == str(val).lower(), f"sex {f.sex}"))
        elif key == "tmb_numerical":
            tmb = f.biomarkers.get("tmb")
            out.append((None, "TMB not given") if tmb is None else (_num(val, float(tmb)), f"TMB {tmb}"))  # type: ignore[arg-type]
        elif key in ("er_status", "pr_status", "her2_status"):
            v = f.biomarkers.get(key[:-7] if key != "her2_status" else "her2")
            out.append((None, f"{key} not given") if v is None else (str(v).lower() == str(val).lower(), f"{key} {v}"))
        else:
            out.append((None, f"clinical field '{key}' not recorded"))
    return _and(out)


def _category_ok(a: Alteration, cat: str) -> bool:
    c = cat.lower()
    if c in ("mutation", "mutations"):
        return a.kind == AlterationKind.mutation
    if c in ("copy number variation", "cnv"):
        return a.kind == AlterationKind.copy_number
    if c in ("structural variation", "sv", "fusion"):
        return a.kind in (AlterationKind.fusion, AlterationKind.rearrangement)
    return True


def _cnv_ok(a: Alteration, call: str) -> bool:
    c = call.lower()
    if "amplif" in c:
        return a.copy_number == CopyNumber.amplification
    if "homozygous" in c or "deep" in c:
        return a.copy_number == CopyNumber.deletion
    if "gain" in c:
        return a.copy_number in (CopyNumber.gain, CopyNumber.amplification)
    if "loss" in c or "heterozygous" in c:
        return a.copy_number in (CopyNumber.loss, CopyNumber.deletion)
    return False


_VC = {"in_frame_del": "inframe_deletion", "in_frame_ins": "inframe_insertion", "missense_mutation": "missense",
       "nonsense_mutation": "stop_gained", "frame_shift_del": "frameshift", "frame_shift_ins": "frameshift",
       "splice_site": "splice"}


def _alt_fits(a: Alteration, g: dict[str, Any]) -> bool:
    for key, val in g.items():
        if key in ("hugo_symbol", "wildtype") or val is None:
            continue
        sval = str(val)
        if key == "variant_category":
            if not _category_ok(a, sval.lstrip("!")):
                return False
        elif key == "protein_change":
            if a.alteration.upper() != sval.removeprefix("p.").upper():
                return False
        elif key == "wildcard_protein_change":
            w = sval.removeprefix("p.")
            if not (a.ref_aa and a.protein_start and f"{a.ref_aa[:1]}{a.protein_start}" == w):
                return False
        elif key == "exon":
            if a.exon != int(float(sval)):
                return False
        elif key == "variant_classification":
            want = _VC.get(sval.lower(), sval.lower())
            if want.split("_")[0] not in (a.consequence or "").lower():
                return False
        elif key == "cnv_call":
            if not _cnv_ok(a, sval):
                return False
        elif key == "fusion_partner_hugo_symbol" and sval.upper() not in {a.fusion_5p, a.fusion_3p}:
            return False
    return True


def _signature(g: dict[str, Any], f: Facts) -> tuple[Tri, str]:
    msi, mmr = f.biomarkers.get("msi"), f.biomarkers.get("mmr")
    if "mmr_status" in g:
        want_def = "deficient" in str(g["mmr_status"]).lower()
        if mmr is None and msi is None:
            return None, "MMR status not given"
        is_def = mmr == "deficient" or msi == "high"
        return is_def == want_def, f"MMR {mmr or '?'} / MSI {msi or '?'}"
    if "ms_status" in g:
        want_high = "msi-h" in str(g["ms_status"]).lower()
        if msi is None and mmr is None:
            return None, "MSI status not given"
        is_high = msi == "high" or mmr == "deficient"
        return is_high == want_high, f"MSI {msi or '?'} / MMR {mmr or '?'}"
    return None, "signature not recorded"


def _genomic(g: dict[str, Any], f: Facts) -> tuple[Tri, str]:
    sym = str(g.get("hugo_symbol") or "")
    if not sym or sym == "None":
        return _signature(g, f)
    gene = sym.upper()
    negated = str(g.get("variant_category") or "").startswith("!")
    hits = [a for a in f.alterations if gene in {a.gene, a.fusion_5p, a.fusion_3p} and _alt_fits(a, g)]
    tested = f.gene_tested(gene)
    if g.get("wildtype") in (True, "true", "True"):
        if hits or any(gene in {a.gene, a.fusion_5p, a.fusion_3p} for a in f.alterations):
            return False, f"{gene} altered"
        return (True, f"{gene} wildtype") if tested else (None, f"{gene} not reported as tested")
    label = " ".join(str(v) for k, v in g.items() if k != "hugo_symbol" and v is not None)
    if hits:
        return (not negated), f"{gene} {hits[0].alteration}"
    if tested:
        return negated, f"{gene} tested: no {label.lstrip('!')}"
    return None, f"{gene} not reported as tested"


def eval_ctml(node: Any, f: Facts) -> tuple[Tri, str]:
    if not isinstance(node, dict):
        return None, "malformed CTML node"
    if "and" in node:
        return _and([eval_ctml(c, f) for c in node["and"]])
    if "or" in node:
        return _or([eval_ctml(c, f) for c in node["or"]])
    parts: list[tuple[Tri, str]] = []
    if isinstance(node.get("clinical"), dict):
        parts.append(_clinical(node["clinical"], f))
    if isinstance(node.get("genomic"), dict):
        parts.append(_genomic(node["genomic"], f))
    return _and(parts) if parts else (None, "empty CTML node")
