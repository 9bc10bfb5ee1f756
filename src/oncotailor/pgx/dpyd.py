"""DPYD: activity score from the two lowest-function variants (CPIC 2017/2024; PharmCAT Gene-Definition-Exceptions).

DPYD has no star haplotypes in CPIC's model: each variant is its own "allele". With phased data the
lowest-function variant on each strand sets that strand's value; without phase the two lowest variant
values (a homozygous variant counts twice) are summed, which is the conservative reading CPIC asks
for. HapB3 is called from intronic rs75017182 (c.1129-5923C>G); exonic rs56038477 (c.1236G>A) is used
only when rs75017182 is missing, with a note, and a disagreement between them is reported.
"""

from __future__ import annotations

from collections.abc import Mapping

from oncotailor.pgx.matcher import MatchResult, Pair, SiteCall, natural_key, start
from oncotailor.pgx.tables import GeneDef

REFERENCE = "Reference"
HAPB3_INTRONIC = "rs75017182"
HAPB3_EXONIC = "rs56038477"


def match_dpyd(gdef: GeneDef, calls: Mapping[int, SiteCall], activity: Mapping[str, float | None]) -> MatchResult:
    prep, res = start(gdef, calls)
    if res.status == "not_tested":
        return res
    if any(len(s) != 2 for s in prep.strands):
        res.status = "not_called"
        res.notes.append("DPYD needs diploid genotypes")
        return res
    idx = {pos: i for i, pos in enumerate(prep.present)}
    rs_pos = {p.rsid: p.pos for p in gdef.positions if p.rsid}
    intronic, exonic = rs_pos.get(HAPB3_INTRONIC), rs_pos.get(HAPB3_EXONIC)
    ref = {p.pos: p.ref for p in gdef.positions}

    def carriers(pos: int | None) -> set[int]:
        if pos is None or pos not in idx:
            return set()
        return {k for k, b in enumerate(prep.strands[idx[pos]]) if b != ref[pos]}

    hits: list[tuple[str, set[int]]] = []  # allele name, strands carrying it
    hapb3 = next((a for a in gdef.alleles if not a.reference and intronic in a.defs and len(a.defs) > 1), None)
    for a in gdef.alleles:
        if a.reference or a is hapb3 or len(a.defs) != 1:
            continue
        (pos, base), = a.defs.items()
        if pos in idx:
            strands = {k for k, b in enumerate(prep.strands[idx[pos]]) if b == base}
            if strands:
                hits.append((a.name, strands))
    if hapb3 is not None:
        c_in, c_ex = carriers(intronic), carriers(exonic)
        if intronic not in idx and c_ex:
            res.notes.append("HapB3 inferred from exonic c.1236G>A (rs56038477): intronic rs75017182 was not called")
            hits.append((hapb3.name, c_ex))
        elif c_in and exonic in idx and c_ex == c_in:
            hits = [h for h in hits if intronic not in _defs(gdef, h[0])]
            hits.append((hapb3.name, c_in))
        if intronic in idx and exonic in idx and len(c_in) != len(c_ex):
            res.notes.append("HapB3 markers disagree (rs75017182 vs rs56038477): the intronic rs75017182 call is used")
    res.variants = sorted({h[0] for h in hits}, key=natural_key)
    value = {h[0]: activity.get(h[0]) for h in hits}
    if any(v is None for v in value.values()):
        res.notes.append("a DPYD variant without a CPIC activity value was found")
    het_positions = [pos for pos, i in idx.items() if len(set(prep.strands[i])) > 1]
    phase_sets = {(calls[p].phased, calls[p].phase_set) for p in het_positions}
    phased = len(het_positions) <= 1 or (len(phase_sets) == 1 and next(iter(phase_sets))[0])
    if phased:
        per_strand = []
        for k in (0, 1):
            on = [(value[n] if value[n] is not None else 1.0, n) for n, s in hits if k in s]
            per_strand.append(min(on, key=lambda t: (t[0], natural_key(t[1]))) if on else (1.0, REFERENCE))
        two = per_strand
    else:
        copies = [(value[n] if value[n] is not None else 1.0, n) for n, s in hits for _ in s]
        copies.sort(key=lambda t: (t[0], natural_key(t[1])))
        two = ([*copies, (1.0, REFERENCE), (1.0, REFERENCE)])[:2]
        res.notes.append("unphased DPYD variants: activity score from the two lowest-function variants "
                         "(CPIC; PharmCAT DPYD rule); found: " + ", ".join(res.variants))
    names = sorted((t[1] for t in two), key=natural_key)
    res.pairs = [Pair(names[0], names[1], 0)]
    res.activity_score = float(sum(float(t[0] or 0.0) for t in two))
    if prep.missing:
        res.status = "partial"
    return res


def _defs(gdef: GeneDef, name: str) -> dict[int, str]:
    return next((a.defs for a in gdef.alleles if a.name == name), {})
