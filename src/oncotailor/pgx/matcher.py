"""Named-allele matching, after PharmCAT's Named Allele Matcher (docs/methods/NamedAlleleMatcher-101/201).

A named allele is a row of a position table; a position the row leaves blank is the reference base. A
sample explains a diplotype (a, b) when at every *called* position the two alleles of the pair are the
sample's two alleles, in either order — or, where the data are phased, in the order the phase set fixes.
Each allele scores the number of called positions its definition names (the reference allele: all of
them); a pair scores the sum. Every pair with the top score is called (true ties are all reported),
lower-scoring pairs are returned ranked so the caller can name the clinically relevant alternatives
(TPMT `*1/*3A` is called over `*3B/*3C`). A missing position is never assumed reference: it drops out of
every definition, lowers the scores and is listed. Alleles whose every defining position is missing
cannot be seen and are left out (PharmCAT does the same).

Pairs are tested with bit masks over the called positions, so a gene with 150 positions and 170 alleles
is still a few thousand integer operations per genotype pattern; patterns are memoised for cohorts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from oncotailor.case import Genotype
from oncotailor.pgx.tables import GeneDef

MAX_ALTERNATIVES = 50
# Definitions may use IUPAC codes where either base belongs to the allele (e.g. CYP2D6 *1 'R' = A or G).
IUPAC = {"R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC", "B": "CGT", "D": "AGT", "H": "ACT",
         "V": "ACG", "N": "ACGT"}


def allele_matches(expected: str, observed: str) -> bool:
    return expected == observed or (len(expected) == 1 and observed in IUPAC.get(expected, ""))


@dataclass(frozen=True)
class SiteCall:
    """One sample's call at one definition position: the allele (in definition spelling) on each strand."""

    alleles: tuple[str | None, ...]
    phased: bool = False
    phase_set: int | None = None


@dataclass
class Pair:
    a: str
    b: str
    score: int

    @property
    def name(self) -> str:
        return f"{self.a}/{self.b}"


@dataclass
class MatchResult:
    gene: str
    status: Literal["called", "partial", "not_called", "not_tested"]
    pairs: list[Pair] = field(default_factory=list)  # all consistent pairs, best first
    haploid: str | None = None  # hemizygous call (G6PD in males)
    missing_positions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    activity_score: float | None = None  # set by gene rules that compute it directly (DPYD)
    variants: list[str] = field(default_factory=list)  # non-reference alleles seen (DPYD)

    @property
    def top(self) -> list[Pair]:
        if not self.pairs:
            return []
        best = self.pairs[0].score
        return [p for p in self.pairs if p.score == best]


def natural_key(name: str) -> tuple[object, ...]:
    """Sort '*2' before '*10', and the reference names first."""
    if name in {"Reference", "B (reference)"}:
        return (0,)
    parts = re.split(r"(\d+)", name)
    return (1, *[(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p])


def site_calls(genotypes: Iterable[Genotype], chrom: str) -> dict[int, SiteCall]:
    """Genotype records of one chromosome → strand alleles per position (indices resolved to sequences)."""
    out: dict[int, SiteCall] = {}
    for g in genotypes:
        if g.chrom != chrom:
            continue
        seqs = [g.ref, *g.alts]
        alleles = tuple(None if i is None or i >= len(seqs) else seqs[i] for i in g.gt)
        out[g.pos] = SiteCall(alleles, g.phased, g.phase_set)
    return out


def describe(gdef: GeneDef, pos: int) -> str:
    rs = next((p.rsid for p in gdef.positions if p.pos == pos), None)
    return f"{gdef.chrom}:{pos}" + (f" ({rs})" if rs else "")


@dataclass
class _Prepared:
    present: list[int]
    strands: list[tuple[str, ...]]
    notes: list[str]
    missing: list[int]
    undocumented: list[int]


def prepare(gdef: GeneDef, calls: Mapping[int, SiteCall]) -> _Prepared:
    """Split positions into called / missing, and resolve undocumented ALT alleles per the gene's rule."""
    present, strands, missing, undocumented, notes = [], [], [], [], []
    for p in gdef.positions:
        c = calls.get(p.pos)
        if c is None or not c.alleles or any(a is None for a in c.alleles):
            missing.append(p.pos)
            continue
        known = {p.ref, *p.alts}
        alleles = tuple(a for a in c.alleles if a is not None)
        if any(a not in known for a in alleles):
            if gdef.undocumented_alt_is_reference:
                alleles = tuple(a if a in known else p.ref for a in alleles)
                notes.append(f"undocumented allele at {describe(gdef, p.pos)} read as reference (CPIC/PharmCAT rule for {gdef.gene})")
            else:
                undocumented.append(p.pos)
        present.append(p.pos)
        strands.append(alleles)
    return _Prepared(present, strands, notes, missing, undocumented)


@dataclass
class _Compiled:
    """Per gene, per position: observed base → bit set of the alleles that expect it (IUPAC expanded)."""

    gdef: GeneDef
    names: list[str]
    by_pos: dict[int, dict[str, int]]
    defs: list[frozenset[int]]
    reference: list[bool]


_COMPILED: dict[int, _Compiled] = {}


def _compile(gdef: GeneDef) -> _Compiled:
    hit = _COMPILED.get(id(gdef))
    if hit is not None and hit.gdef is gdef:
        return hit
    names = [a.name for a in gdef.alleles]
    by_pos: dict[int, dict[str, int]] = {}
    for p in gdef.positions:
        table: dict[str, int] = {}
        for k, a in enumerate(gdef.alleles):
            expected = a.defs.get(p.pos, p.ref)
            for base in ([expected] if expected not in IUPAC else list(IUPAC[expected])):
                table[base] = table.get(base, 0) | (1 << k)
        by_pos[p.pos] = table
    comp = _Compiled(gdef, names, by_pos, [frozenset(a.defs) for a in gdef.alleles],
                     [a.reference for a in gdef.alleles])
    _COMPILED[id(gdef)] = comp
    return comp


def _scores(comp: _Compiled, prep: _Prepared) -> list[int]:
    present = set(prep.present)
    return [len(prep.present) if comp.reference[k] else len(comp.defs[k] & present) for k in range(len(comp.names))]


def _position_masks(comp: _Compiled, prep: _Prepared, k: int, strand: int) -> int:
    m = 0
    bit = 1 << k
    for i, pos in enumerate(prep.present):
        if comp.by_pos[pos].get(prep.strands[i][strand], 0) & bit:
            m |= 1 << i
    return m


def match_haploid(gdef: GeneDef, prep: _Prepared) -> str | None:
    comp = _compile(gdef)
    scores = _scores(comp, prep)
    ok = (1 << len(comp.names)) - 1
    for i, pos in enumerate(prep.present):
        ok &= comp.by_pos[pos].get(prep.strands[i][0], 0)
    hits = [k for k in range(len(comp.names)) if ok >> k & 1 and scores[k] > 0]
    hits.sort(key=lambda k: (-scores[k], natural_key(comp.names[k])))
    return comp.names[hits[0]] if hits else None


def match_diploid(gdef: GeneDef, prep: _Prepared, calls: Mapping[int, SiteCall]) -> list[Pair]:
    """Every named-allele pair consistent with the genotypes (and phase), best score first."""
    comp = _compile(gdef)
    n = len(prep.present)
    full = (1 << n) - 1
    scores = _scores(comp, prep)
    ok = (1 << len(comp.names)) - 1  # alleles that fit one of the two bases at every called position
    het = 0
    groups: dict[object, int] = {}
    for i, pos in enumerate(prep.present):
        s = prep.strands[i]
        table = comp.by_pos[pos]
        ok &= table.get(s[0], 0) | table.get(s[1], 0)
        if s[0] != s[1]:
            het |= 1 << i
            c = calls[pos]
            if c.phased:
                key = c.phase_set if c.phase_set is not None else "__whole__"
                groups[key] = groups.get(key, 0) | (1 << i)
    idx = [k for k in range(len(comp.names)) if ok >> k & 1 and scores[k] > 0]
    m0 = {k: _position_masks(comp, prep, k, 0) for k in idx}
    m1 = {k: _position_masks(comp, prep, k, 1) for k in idx}
    viable = idx
    phase_masks = list(groups.values())
    pairs: list[Pair] = []
    for i, a in enumerate(viable):
        for b in viable[i:]:
            straight = m0[a] & m1[b]
            flipped = m1[a] & m0[b]
            if (straight | flipped) != full:
                continue
            if any((straight & pm) != pm and (flipped & pm) != pm for pm in phase_masks):
                continue
            x, y = sorted((comp.names[a], comp.names[b]), key=natural_key)
            pairs.append(Pair(x, y, scores[a] + scores[b]))
    pairs.sort(key=lambda p: (-p.score, natural_key(p.a), natural_key(p.b)))
    return pairs[:MAX_ALTERNATIVES]


def start(gdef: GeneDef, calls: Mapping[int, SiteCall]) -> tuple[_Prepared, MatchResult]:
    """Prepared calls and an empty result ('not_tested' when no defining position was called)."""
    prep = prepare(gdef, calls)
    res = MatchResult(gdef.gene, "called" if prep.present else "not_tested", notes=list(dict.fromkeys(prep.notes)),
                      missing_positions=[describe(gdef, p) for p in prep.missing])
    return prep, res


def match_gene(gdef: GeneDef, calls: Mapping[int, SiteCall], *, sex: str | None = None) -> MatchResult:
    """Call one gene from the sample's site calls (definition positions only)."""
    prep, res = start(gdef, calls)
    if res.status == "not_tested":
        return res
    if prep.undocumented:
        res.status = "not_called"
        res.notes.append("allele not in the definitions at " + ", ".join(describe(gdef, p) for p in prep.undocumented)
                         + " — no named allele can explain it")
        return res
    ploidy = {len(s) for s in prep.strands}
    x_linked = gdef.chrom in {"chrX", "X"}
    has_het = any(len(set(s)) > 1 for s in prep.strands)
    if x_linked and sex == "male":
        if has_het:
            res.status = "not_called"
            res.notes.append("heterozygous call on chromosome X in a male: check the sample's sex and the VCF")
            return res
        prep.strands = [s[:1] for s in prep.strands]
        ploidy = {1}
    if ploidy == {1}:
        if not x_linked:
            res.status = "not_called"
            res.notes.append("haploid genotypes on an autosome")
            return res
        if sex is None:
            res.notes.append("haploid chromosome X genotypes: read as a hemizygous (male) sample")
        res.haploid = match_haploid(gdef, prep)
        if res.haploid is None:
            res.status = "not_called"
            res.notes.append("no named allele matches this haplotype")
        elif prep.missing:
            res.status = "partial"
        return res
    if ploidy != {2}:
        res.status = "not_called"
        res.notes.append("mixed or polyploid genotypes cannot be matched")
        return res
    res.pairs = match_diploid(gdef, prep, calls)
    if not res.pairs:
        res.status = "not_called"
        res.notes.append("no pair of named alleles explains these genotypes (possibly a novel haplotype)")
    elif prep.missing:
        res.status = "partial"
    return res
