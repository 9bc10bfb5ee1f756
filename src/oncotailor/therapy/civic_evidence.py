"""CIViC predictive evidence for the case's alterations: an extra, clearly labelled research-level source.

Read only when an import exists (`oncotailor kb import civic`); the release is recorded as the "civic"
knowledge version. Mapping (documented in docs/therapy.md):

- Sensitivity/Response evidence → `TherapyMatch`, approval ``investigational``; level ``3A`` when CIViC
  level A/B evidence is in this cancer type (disease name resolved through OncoTree), ``3B`` for A/B in
  another type, ``4`` for C/D/E (case reports, preclinical, inferential).
- Resistance / Reduced Sensitivity evidence → `ResistanceMatch` level ``R2``.
- Only evidence that `Supports` its statement; profiles joined by NOT are not matched; AND profiles need
  every part; OR profiles any part. Every item cites ``CIViC`` ``EID…`` with its URL and the release date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from oncotailor.case import Case
from oncotailor.findings import Evidence, ResistanceMatch, TherapyMatch
from oncotailor.knowledge import KnowledgeBase
from oncotailor.knowledge.civic import STORE, load_evidence, load_manifest
from oncotailor.therapy.conditions import norm_drug
from oncotailor.therapy.keys import canon_change, codon_only
from oncotailor.therapy.notes import lineage

MAX_THERAPIES = 10
MAX_RESISTANCE = 5
MAX_EVIDENCE = 5
SENSITIVE = frozenset({"Sensitivity/Response"})
RESISTANT = frozenset({"Resistance", "Reduced Sensitivity"})
_EXON = re.compile(r"^exon (\d+) (deletion|insertion|skipping mutation|skipping|mutation|missense)", re.I)


@lru_cache(maxsize=4)
def _store(home: str, stamp: float) -> tuple[dict[str, Any] | None, pl.DataFrame | None]:
    path = Path(home)
    ev = load_evidence(path)
    if ev is not None:
        ev = ev.filter((pl.col("evidence_type") == "Predictive") & (pl.col("evidence_direction") == "Supports")
                       & pl.col("significance").is_in(list(SENSITIVE | RESISTANT)))
    return load_manifest(path), ev


def _component(gene: str, var: str, row: dict[str, Any]) -> bool:
    """Does one CIViC profile part ('BRAF', 'V600E') describe this alteration row?"""
    kind = row["kind"]
    low = var.strip().lower()
    if "::" in var:
        five, _, three = var.partition("::")
        return kind == "fusion" and row["fusion_5p"] == five.strip() and row["fusion_3p"] == three.strip()
    if gene != row["gene"] and not (kind == "fusion" and gene == row["fusion_5p"]):
        return False
    if low in ("fusion", "fusions", "rearrangement"):
        return kind == "fusion"
    if low in ("amplification", "copy number gain"):
        return row["copy_number"] == "amplification"
    if low in ("deletion", "loss", "copy number loss"):
        return row["copy_number"] == "deletion"
    if kind != "mutation":
        return False
    if low in ("mutation", "mutations"):
        return True
    m = _EXON.match(low)
    if m:
        event = {"deletion": "deletion", "insertion": "insertion", "skipping mutation": "skipping",
                 "skipping": "skipping", "missense": "missense"}.get(m[2].lower())
        return row["exon"] == int(m[1]) and (event is None or row["exon_event"] == event)
    pos = codon_only(var)
    if pos is not None:
        return row["protein_start"] == pos
    return canon_change(var) == row["alteration"]


def _profile_matches(name: str, rows: list[dict[str, Any]]) -> list[int] | None:
    """Indices of the alterations a profile name matches, or None when it does not match."""
    if " NOT " in name:
        return None
    joiner = " AND " if " AND " in name else " OR "
    parts = [p.strip() for p in name.split(joiner)]
    found: list[int] = []
    for part in parts:
        gene, _, var = part.partition(" ")
        if "::" in gene and not var:  # current exports name fusion profiles 'EML4::ALK'
            gene, var = gene.split("::")[-1], gene
        hit = [r["alt_idx"] for r in rows if var and _component(gene, var, r)]
        if joiner == " AND " and not hit:
            return None
        found.extend(hit)
    return sorted(set(found)) or None


def _same_type(disease: str | None, code: str | None) -> bool:
    if not disease or not code:
        return False
    d, p = lineage(disease), lineage(code)
    return bool(d and p) and (d[-1] in p or p[-1] in d[1:])


def _drug_sets(therapies: str | None, interaction: str | None) -> list[list[str]]:
    drugs = [t.strip() for t in (therapies or "").split(",") if t.strip()]
    if not drugs:
        return []
    named = [norm_drug(d) for d in drugs]
    if interaction == "Substitutes":
        return [[d] for d in named]
    return [named]


def civic_matches(case: Case, kb: KnowledgeBase, code: str | None, alts: pl.DataFrame,
                  curated: set[frozenset[str]], resisted: set[str]) -> tuple[list[TherapyMatch], list[ResistanceMatch]]:
    """CIViC items not already covered: curated drug sets and drugs under a curated resistance are skipped."""
    home = kb.home
    if home is None:
        return [], []
    manifest_path = Path(home) / STORE / "manifest.json"
    if not manifest_path.exists():
        return [], []
    manifest, ev = _store(str(home), manifest_path.stat().st_mtime)
    if manifest is None or ev is None:
        return [], []
    release = str(manifest.get("release"))
    kb.note_version("civic", release)
    from oncotailor.therapy.annotate import annotate, conform
    from oncotailor.therapy.load import compiled

    rows = annotate(conform(alts), compiled(kb).frames()).to_dicts()
    if not rows:
        return [], []
    genes = {r["gene"] for r in rows} | {r["fusion_5p"] for r in rows if r["fusion_5p"]}
    first = pl.col("molecular_profile").str.split(" ").list.first()
    cand = ev.filter(first.is_in(list(genes)) | first.str.contains("::"))
    groups: dict[tuple[str, tuple[str, ...], bool, bool], list[dict[str, Any]]] = defaultdict(list)
    for e in cand.iter_rows(named=True):
        idx = _profile_matches(e["molecular_profile"], rows)
        if idx is None:
            continue
        resist = e["significance"] in RESISTANT
        same = _same_type(e["disease"], code)
        for drugs in _drug_sets(e["therapies"], e["therapy_interaction_type"]):
            groups[(e["molecular_profile"], tuple(drugs), resist, same)].append({**e, "_idx": idx})
    given = case.tumor.alterations if case.tumor else []
    names = {i: f"{a.gene} {a.alteration}" for i, a in enumerate(given)}
    therapies: list[TherapyMatch] = []
    resistance: list[ResistanceMatch] = []
    for (profile, drug_key, resist, same), items in sorted(groups.items(), key=lambda kv: _rank(kv[1], kv[0][3])):
        drugs = list(drug_key)
        items.sort(key=lambda e: (e["evidence_level"], -(e["rating"] or 0), e["evidence_id"]))
        evidence = [Evidence(source="CIViC", id=f"EID{e['evidence_id']}", url=e["evidence_civic_url"], date=release,
                             level=e["evidence_level"], note=e["citation"]) for e in items[:MAX_EVIDENCE]]
        best = items[0]["evidence_level"]
        alteration = "; ".join(names.get(i, str(i)) for i in items[0]["_idx"])
        diseases = sorted({e["disease"] for e in items if e["disease"]})
        if resist:
            if same and len(resistance) < MAX_RESISTANCE and not set(drugs) <= resisted:
                resistance.append(ResistanceMatch(
                    drugs=drugs, level="R2", alteration=alteration, rule_id=f"civic:{profile}",
                    explanation=f"CIViC research evidence ({len(items)} item(s), best level {best}) links {profile} "
                                f"to resistance in {', '.join(diseases[:3]) or 'unspecified disease'}",
                    evidence=evidence))
            continue
        if frozenset(drugs) in curated or set(drugs) & resisted or len(therapies) >= MAX_THERAPIES:
            continue
        level = ("3A" if same else "3B") if best in ("A", "B") else "4"
        therapies.append(TherapyMatch(
            drugs=drugs, level=level, alteration=alteration,
            biomarker_rule=f"CIViC molecular profile: {profile}", rule_id=f"civic:{profile}",
            cancer_type=", ".join(diseases[:3]) or None, cancer_type_match="exact" if same else "other",
            approval="investigational", evidence=evidence,
            note=f"research-level evidence imported from CIViC (release {release}), not part of OncoTailor's "
                 "curated rules"))
    return therapies, resistance


def _rank(items: list[dict[str, Any]], same: bool) -> tuple[str, int, int]:
    best = min(e["evidence_level"] for e in items)
    return best, 0 if same else 1, -len(items)
