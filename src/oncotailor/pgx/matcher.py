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


def _masks(gdef: GeneDef, prep: _Prepared, strand: int) -> tuple[dict[str, int], dict[str, int]]:
    """Per allele: bit mask of called positions where its expected base equals the sample's strand base,
    and its score (number of called positions it defines)."""
    ref = {p.pos: p.ref for p in gdef.positions}
    masks: dict[str, int] = {}
    scores: dict[str, int] = {}
    present_set = set(prep.present)
    for a in gdef.alleles:
        score = len(prep.present) if a.reference else sum(1 for pos in a.defs if pos in present_set)
        if score == 0:
            continue  # every defining position missing: this allele cannot be seen
        m = 0
        for i, pos in enumerate(prep.present):
            expected = a.defs.get(pos, ref[pos])
            if allele_matches(expected, prep.strands[i][strand]):
                m |= 1 << i
        masks[a.name] = m
        scores[a.name] = score
    return masks, scores


def match_haploid(gdef: GeneDef, prep: _Prepared) -> str | None:
    m, scores = _masks(gdef, prep, 0)
    full = (1 << len(prep.present)) - 1
    hits = sorted((n for n in m if m[n] == full), key=lambda n: (-scores[n], natural_key(n)))
    return hits[0] if hits else None


def match_diploid(gdef: GeneDef, prep: _Prepared, calls: Mapping[int, SiteCall]) -> list[Pair]:
    """Every named-allele pair consistent with the genotypes (and phase), best score first."""
    n = len(prep.present)
    full = (1 << n) - 1
    m0, scores = _masks(gdef, prep, 0)
    m1, _ = _masks(gdef, prep, 1)
    het = 0
    groups: dict[object, int] = {}
    for i, pos in enumerate(prep.present):
        s = prep.strands[i]
        if s[0] != s[1]:
            het |= 1 << i
            c = calls[pos]
            if c.phased:
                key = c.phase_set if c.phase_set is not None else "__whole__"
                groups[key] = groups.get(key, 0) | (1 << i)
    viable = [a.name for a in gdef.alleles if a.name in m0 and (m0[a.name] | m1[a.name]) == full]
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
            x, y = sorted((a, b), key=natural_key)
            pairs.append(Pair(x, y, scores[a] + scores[b]))
    pairs.sort(key=lambda p: (-p.score, natural_key(p.a), natural_key(p.b)))
    return pairs[:MAX_ALTERNATIVES]


def match_gene(gdef: GeneDef, calls: Mapping[int, SiteCall], *, sex: str | None = None) -> MatchResult:
    """Call one gene from the sample's site calls (definition positions only)."""
    prep = prepare(gdef, calls)
    res = MatchResult(gdef.gene, "called", notes=list(dict.fromkeys(prep.notes)),
                      missing_positions=[describe(gdef, p) for p in prep.missing])
    if not prep.present:
        res.status = "not_tested"
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
