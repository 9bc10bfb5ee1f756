"""Many samples at once: call every gene for every sample of a multi-sample VCF.

The genotype matrix of a gene (samples × positions × 2 strands) is encoded as small integers with
numpy and reduced to its distinct rows (`np.unique`); each distinct genotype pattern is matched once and
the result broadcast back. Real cohorts share few patterns per gene (most people carry the common
alleles), so the cost grows with the number of patterns, not of samples. The per-pattern call is the
same `match_gene`/`match_dpyd` code a single case uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oncotailor.pgx.engine import call_from_match, match_from_genotypes
from oncotailor.pgx.matcher import SiteCall
from oncotailor.pgx.tables import PgxTables
from oncotailor.readers.pgx_vcf import Matrix


@dataclass
class CohortCall:
    gene: str
    diplotypes: list[str]
    phenotype: str | None
    activity_score: float | None
    call_status: str


def _encode(mat: Matrix, chrom: str, positions: list[int]) -> tuple[np.ndarray, list[list[str]], list[bool]]:
    """Codes per sample: for each position two strand codes (0 = absent, k = k-th distinct allele) and
    one phase code (phase set + 1, 0 = unphased)."""
    n = len(mat.samples)
    codes = np.zeros((n, len(positions) * 3), dtype=np.int32)
    alleles: list[list[str]] = []
    for j, pos in enumerate(positions):
        col = mat.sites.get((chrom, pos))
        seen: list[str] = []
        if col is not None:
            for s, site in enumerate(col):
                if site is None or any(a is None for a in site.strands):
                    continue
                for k, a in enumerate(site.strands[:2]):
                    if a not in seen:
                        seen.append(a)  # type: ignore[arg-type]
                    codes[s, 3 * j + k] = seen.index(a) + 1  # type: ignore[arg-type]
                if len(site.strands) == 1:
                    codes[s, 3 * j + 1] = -1  # haploid
                codes[s, 3 * j + 2] = (site.phase_set or 0) + 1 if site.phased else 0
        alleles.append(seen)
    return codes, alleles, []


def call_cohort(mat: Matrix, tables: PgxTables, sexes: list[str | None] | None = None) -> dict[str, list[CohortCall]]:
    """Per gene, one call per sample (same order as `mat.samples`)."""
    sexes = sexes or [None] * len(mat.samples)
    out: dict[str, list[CohortCall]] = {}
    sex_codes = np.array([{"male": 1, "female": 2}.get(s or "", 0) for s in sexes], dtype=np.int32)[:, None]
    for gene, gdef in tables.genes.items():
        positions = [p.pos for p in gdef.positions]
        codes, alleles, _ = _encode(mat, gdef.chrom, positions)
        codes = np.hstack([codes, sex_codes])
        patterns, inverse = np.unique(codes, axis=0, return_inverse=True)
        calls: list[CohortCall] = []
        for row in patterns:
            sites: dict[int, SiteCall] = {}
            for j, pos in enumerate(positions):
                a, b, ph = row[3 * j], row[3 * j + 1], row[3 * j + 2]
                if a == 0:
                    continue
                strands = (alleles[j][a - 1],) if b == -1 else (alleles[j][a - 1], alleles[j][b - 1])
                sites[pos] = SiteCall(strands, bool(ph), int(ph) - 1 if ph else None)
            sex = {1: "male", 2: "female"}.get(int(row[-1]))
            m = match_from_genotypes(tables, gdef, sites, sex)
            if m.status == "not_tested":
                calls.append(CohortCall(gene, [], None, None, "not_tested"))
                continue
            r = call_from_match(tables, gdef, m)
            calls.append(CohortCall(gene, r.diplotypes, r.phenotype, r.activity_score, r.call_status))
        out[gene] = [calls[i] for i in np.asarray(inverse).reshape(-1)]
    return out
