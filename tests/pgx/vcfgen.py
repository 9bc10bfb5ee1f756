"""Tiny synthetic germline VCFs built from the allele definitions (the fixture generator for tests/pgx).

`haplotype(gene, name)` gives the bases an allele carries at every defining position (blank = reference);
`write_vcf` writes one or more samples' diplotypes as a GRCh38 VCF in the definitions' own spelling, or —
with `spelling=` — in another equivalent spelling, so normalisation is tested too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.pgx.matcher import IUPAC
from oncotailor.pgx.synthetic import gt_cell
from oncotailor.pgx.tables import GeneDef, PgxTables, load

Diplotype = tuple[str, str] | tuple[str]


@lru_cache(maxsize=1)
def tables() -> PgxTables:
    return load(KnowledgeBase())


def gene_def(gene: str) -> GeneDef:
    return tables().genes[gene]


def haplotype(gene: str, name: str) -> dict[int, str]:
    g = gene_def(gene)
    allele = next(a for a in g.alleles if a.name == name)
    out = {}
    for p in g.positions:
        base = allele.defs.get(p.pos, p.ref)
        if base in IUPAC:  # an ambiguity code: either base belongs to the allele; write the reference if it fits
            base = p.ref if p.ref in IUPAC[base] else IUPAC[base][0]
        out[p.pos] = base
    return out


def sample_alleles(gene: str, dip: Diplotype) -> dict[int, tuple[str, ...]]:
    haps = [haplotype(gene, n) for n in dip]
    return {pos: tuple(h[pos] for h in haps) for pos in haps[0]}


Spelling = Callable[[str, int, str, str], tuple[int, str, str]]


def write_vcf(path: Path, genes: Iterable[str], samples: Mapping[str, Mapping[str, Diplotype]], *,
              phased: bool = False, phase_set: int | None = None, missing: Iterable[int] = (),
              spelling: Spelling | None = None, chr_prefix: bool = True) -> Path:
    """One record per defining position; `missing` positions are left out (not tested)."""
    drop = set(missing)
    names = list(samples)
    lines = ["##fileformat=VCFv4.2", "##reference=GRCh38",
             '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             '##FORMAT=<ID=PS,Number=1,Type=Integer,Description="Phase set">',
             "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(names)]
    for gene in genes:
        g = gene_def(gene)
        per_sample = {s: sample_alleles(gene, samples[s][gene]) for s in names if gene in samples[s]}
        for p in g.positions:
            if p.pos in drop:
                continue
            alts: list[str] = []
            cells = []
            for s in names:
                if s not in per_sample:
                    cells.append("./.")
                    continue
                cell = gt_cell(per_sample[s][p.pos], p.ref, alts, "|" if phased else "/")
                if phased and phase_set is not None:
                    cell += f":{phase_set}"
                cells.append(cell)
            pos, ref, alt_list = p.pos, p.ref, alts or ["."]
            if spelling and alts:
                spelled = [spelling(g.gene, p.pos, p.ref, a) for a in alts]
                if len({(x[0], x[1]) for x in spelled}) == 1:
                    pos, ref = spelled[0][0], spelled[0][1]
                    alt_list = [x[2] for x in spelled]
            chrom = g.chrom if chr_prefix else g.chrom.removeprefix("chr")
            fmt = "GT:PS" if phased and phase_set is not None else "GT"
            lines.append(f"{chrom}\t{pos}\t{p.rsid or '.'}\t{ref}\t{','.join(alt_list)}\t.\tPASS\t.\t{fmt}\t" + "\t".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return path
