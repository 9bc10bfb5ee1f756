"""CIViC predictive evidence for the case's alterations: an extra, clearly labelled research-level source.

Read only when an import exists (`oncotailor kb import civic`, TSV exports or GraphQL JSON); the import's
version is recorded as the "civic" knowledge version. Mapping (documented in docs/civic.md):

- Sensitivity/Response evidence → `TherapyMatch`, approval ``investigational``; level ``3A`` when CIViC
  level A/B evidence is in this cancer type (the same OncoTree type, a broader one, or CIViC's pan-cancer
  "cancer"), ``3B`` for A/B in another type, ``4`` for C/D/E (case reports, preclinical, inferential).
- Resistance / Reduced Sensitivity evidence in this cancer type → `ResistanceMatch` level ``R2``.
- Only evidence that `Supports` its statement; profiles joined by NOT are not matched; AND profiles need
  every part; OR profiles any part. Every item cites ``CIViC`` ``EID…`` with its URL and the release date.

The cancer type: the evidence's Disease Ontology id goes through `vocab.doid` to an OncoTree code, and
OncoTree's hierarchy decides exact / ancestor / other (evidence in a subtype of the case's type is "other":
the case is not known to be that subtype). A DOID the table does not map falls back to resolving the
disease *name* through OncoTree, and the finding says so.
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
from oncotailor.vocab import doid as doid_vocab

MAX_THERAPIES = 10
MAX_RESISTANCE = 5
MAX_EVIDENCE = 5
SENSITIVE = frozenset({"Sensitivity/Response"})
RESISTANT = frozenset({"Resistance", "Reduced Sensitivity"})
SAME_TYPE = ("exact", "ancestor", "tumor_agnostic")
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
        if "::" in gene:  # a Fusion feature: 'EML4::ALK', 'EML4::ALK Fusion', 'EML4::ALK e6::e20'
            gene, var = gene.split("::")[-1], gene
        hit = [r["alt_idx"] for r in rows if var and _component(gene, var, r)]
        if joiner == " AND " and not hit:
            return None
        found.extend(hit)
    return sorted(set(found)) or None


@lru_cache(maxsize=4096)
def disease_match(disease: str | None, doid: str | None, code: str | None) -> tuple[str, str | None, bool]:
    """(match, evidence cancer type, matched by name) for one CIViC disease against the case's OncoTree code.

    match is ``exact``, ``ancestor`` (the evidence's type contains the case's), ``tumor_agnostic`` (CIViC's
    pan-cancer DOID:162), ``subtype`` (the evidence is in a narrower type than the case's) or ``other``.
    """
    term = doid_vocab.lookup(doid)
    if term is not None:
        if term.tumor_agnostic:
            return "tumor_agnostic", "tumor-agnostic", False
        return _relation(lineage(term.oncotree or ""), lineage(code) if code else ()), term.oncotree, False
    ev = lineage(disease) if disease else ()
    return _relation(ev, lineage(code) if code else ()), (ev[-1] if ev else disease), True


def _relation(ev: tuple[str, ...], case: tuple[str, ...]) -> str:
    if not ev or not case:
        return "other"
    if ev[-1] == case[-1]:
        return "exact"
    if ev[-1] in case[1:]:  # never the OncoTree root
        return "ancestor"
    if case[-1] in ev[1:]:
        return "subtype"
    return "other"


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
    kb.note_version("civic", str(manifest.get("version") or release))
    from oncotailor.therapy.annotate import annotate, conform
    from oncotailor.therapy.load import compiled

    rows = annotate(conform(alts), compiled(kb).frames()).to_dicts()
    if not rows:
        return [], []
    kb.note_version("doid_oncotree", doid_vocab.table().version)
    genes = {r["gene"] for r in rows} | {r["fusion_5p"] for r in rows if r["fusion_5p"]}
    first = pl.col("molecular_profile").str.split(" ").list.first()
    cand = ev.filter(first.is_in(list(genes)) | first.str.contains("::"))
    groups: dict[tuple[str, tuple[str, ...], bool, bool], list[dict[str, Any]]] = defaultdict(list)
    for e in cand.iter_rows(named=True):
        idx = _profile_matches(e["molecular_profile"], rows)
        if idx is None:
            continue
        resist = e["significance"] in RESISTANT
        match, shown, by_name = disease_match(e["disease"], e.get("doid"), code)
        item = {**e, "_idx": idx, "_match": match, "_type": shown, "_by_name": by_name}
        for drugs in _drug_sets(e["therapies"], e["therapy_interaction_type"]):
            groups[(e["molecular_profile"], tuple(drugs), resist, match in SAME_TYPE)].append(item)
    given = case.tumor.alterations if case.tumor else []
    names = {i: f"{a.gene} {a.alteration}" for i, a in enumerate(given)}
    therapies: list[TherapyMatch] = []
    resistance: list[ResistanceMatch] = []
    # CIViC resistance in this cancer type outweighs CIViC sensitivity seen only in other cancer types
    resisted_here = {d for (_, drugs, resist, same) in groups if resist and same for d in drugs}
    for (profile, drug_key, resist, same), items in sorted(groups.items(), key=lambda kv: _rank(kv[1], kv[0][3])):
        drugs = list(drug_key)
        items.sort(key=lambda e: (_MATCH_ORDER[e["_match"]], e["evidence_level"], -(e["rating"] or 0),
                                  e["evidence_id"]))
        evidence = [Evidence(source="CIViC", id=f"EID{e['evidence_id']}", url=e["evidence_civic_url"], date=release,
                             level=e["evidence_level"], note=_evidence_note(e)) for e in items[:MAX_EVIDENCE]]
        best = min(e["evidence_level"] for e in items)
        alteration = "; ".join(names.get(i, str(i)) for i in items[0]["_idx"])
        diseases = sorted({e["disease"] for e in items if e["disease"]})
        types = list(dict.fromkeys(str(e["_type"]) for e in items if e["_type"]))
        how = _how(items)
        if resist:
            if same and len(resistance) < MAX_RESISTANCE and not set(drugs) <= resisted:
                resistance.append(ResistanceMatch(
                    drugs=drugs, level="R2", alteration=alteration, rule_id=f"civic:{profile}",
                    explanation=f"CIViC research evidence ({len(items)} item(s), best level {best}) links {profile} "
                                f"to resistance in {', '.join(diseases[:3]) or 'unspecified disease'}{how}",
                    evidence=evidence))
            continue
        if frozenset(drugs) in curated or set(drugs) & resisted or len(therapies) >= MAX_THERAPIES:
            continue
        if not same and set(drugs) & resisted_here:
            continue
        level = ("3A" if same else "3B") if best in ("A", "B") else "4"
        therapies.append(TherapyMatch(
            drugs=drugs, level=level, alteration=alteration,
            biomarker_rule=f"CIViC molecular profile: {profile}", rule_id=f"civic:{profile}",
            cancer_type=", ".join(types[:3]) or None,
            cancer_type_match=items[0]["_match"] if items[0]["_match"] in SAME_TYPE else "other",
            approval="investigational", evidence=evidence,
            note=f"research-level evidence imported from CIViC ({manifest.get('version') or release}), not part of "
                 f"OncoTailor's curated rules; CIViC diseases: {', '.join(diseases[:3]) or 'unspecified'}{how}"))
    return therapies, resistance


_MATCH_ORDER = {"exact": 0, "ancestor": 1, "tumor_agnostic": 2, "subtype": 3, "other": 4}


def _how(items: list[dict[str, Any]]) -> str:
    """How the cancer type was decided, when it needs saying: subtype evidence, name fallback, submitted items."""
    parts = []
    if items[0]["_match"] == "subtype":
        parts.append(f"the evidence is in {items[0]['_type']}, a narrower type than this cancer")
    unmapped = sorted({f"{e['disease']} (DOID:{e['doid']})" if e.get("doid") else str(e["disease"])
                       for e in items if e["_by_name"] and e["disease"]})
    if unmapped:
        parts.append("disease matched by name, its DOID is not in the DOID→OncoTree table: " + ", ".join(unmapped[:3]))
    if any(e.get("evidence_status") == "submitted" for e in items):
        parts.append("includes submitted items not yet accepted by CIViC editors")
    return "".join(f"; {p}" for p in parts)


def _evidence_note(e: dict[str, Any]) -> str | None:
    note = e.get("citation")
    if e.get("evidence_status") == "submitted":
        note = f"{note} (submitted, not yet accepted)" if note else "submitted, not yet accepted"
    return note


def _rank(items: list[dict[str, Any]], same: bool) -> tuple[str, int, int]:
    best = min(e["evidence_level"] for e in items)
    return best, 0 if same else 1, -len(items)
