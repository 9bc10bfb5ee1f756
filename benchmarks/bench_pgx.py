"""PGx benchmark: (1) all nine genes on N synthetic samples from one multi-sample VCF (samples/second);
(2) a single-sample WGS-sized bgzipped VCF read through its tabix index at the PGx regions only, against
a full streaming scan of the same file in the same run.

Run: ``python benchmarks/bench_pgx.py [--samples 1000] [--wgs-records 3000000] [--workdir DIR]``

Baselines, named: (a) calling each sample separately with the same matcher (no pattern sharing), timed
on the first 100 samples in this run; (b) PharmCAT's published 1.2-5.9 s per sample per core
(docs/using/Runtime-Cost.md) — it cannot run here (no Java), so that ratio uses the published figure.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.pgx.cohort import call_cohort
from oncotailor.pgx.engine import call_from_match, match_from_genotypes
from oncotailor.pgx.matcher import IUPAC, SiteCall
from oncotailor.pgx.synthetic import gt_cell
from oncotailor.pgx.tables import PgxTables, load
from oncotailor.readers.pgx_vcf import read_pgx_matrix

PHARMCAT_S_PER_SAMPLE = (1.2, 5.9)


def _haplotypes(t: PgxTables) -> dict[str, list[tuple[str, dict[int, str]]]]:
    out = {}
    for gene, g in t.genes.items():
        haps = []
        for a in g.alleles:
            if a.structural:
                continue
            h = {}
            for p in g.positions:
                b = a.defs.get(p.pos, p.ref)
                h[p.pos] = (p.ref if p.ref in IUPAC[b] else IUPAC[b][0]) if b in IUPAC else b
            haps.append((a.name, h))
        out[gene] = haps
    return out


def write_cohort_vcf(path: Path, t: PgxTables, n: int, seed: int = 7) -> list[str]:
    """Each sample draws two haplotypes per gene: the reference allele 80% of the time, else a random named allele."""
    rng = random.Random(seed)
    haps = _haplotypes(t)
    samples = [f"S{i:05d}" for i in range(n)]
    sexes = [rng.choice(["male", "female"]) for _ in samples]
    choice: dict[str, list[tuple[dict[int, str], ...]]] = {}
    for gene, hs in haps.items():
        ref = hs[0][1]
        rows = []
        for s in range(n):
            k = 1 if gene == "G6PD" and sexes[s] == "male" else 2
            rows.append(tuple(ref if rng.random() < 0.8 else rng.choice(hs)[1] for _ in range(k)))
        choice[gene] = rows
    lines = ["##fileformat=VCFv4.2", "##reference=GRCh38", '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples)]
    for gene, g in t.genes.items():
        for p in g.positions:
            alts: list[str] = []
            cells = []
            for s in range(n):
                cells.append(gt_cell([h[p.pos] for h in choice[gene][s]], p.ref, alts))
            lines.append(f"{g.chrom}\t{p.pos}\t{p.rsid or '.'}\t{p.ref}\t{','.join(alts) or '.'}\t.\tPASS\t.\tGT\t" + "\t".join(cells))
    path.write_text("\n".join(lines) + "\n")
    return sexes


def per_sample_baseline(mat, t: PgxTables, sexes: list[str | None], k: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for s in range(k):
        for _gene, g in t.genes.items():
            sites = {}
            for p in g.positions:
                col = mat.sites.get((g.chrom, p.pos))
                site = col[s] if col else None
                if site is not None and all(a is not None for a in site.strands):
                    sites[p.pos] = SiteCall(tuple(site.strands), site.phased, site.phase_set)  # type: ignore[arg-type]
            m = match_from_genotypes(t, g, sites, sexes[s])
            if m.status != "not_tested":
                call_from_match(t, g, m)
    return (time.perf_counter() - t0) / k


def write_wgs_vcf(path: Path, t: PgxTables, records: int, seed: int = 11) -> None:
    """A single-sample VCF with `records` variant lines spread over chr1-22 and X, plus every PGx position."""
    rng = random.Random(seed)
    pgx = sorted({(g.chrom, p.pos, p.ref) for g in t.genes.values() for p in g.positions})
    chroms = [f"chr{i}" for i in range(1, 23)] + ["chrX"]
    per = records // len(chroms)
    bases = "ACGT"
    with path.open("w") as fh:
        fh.write("##fileformat=VCFv4.2\n##reference=GRCh38\n")
        fh.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
        for c in chroms:
            fh.write(f"##contig=<ID={c}>\n")
        fh.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tWGS\n")
        for c in chroms:
            extra = {pos: ref for ch, pos, ref in pgx if ch == c}
            positions = sorted(set(rng.sample(range(10_000, 150_000_000), per)) - set(extra))
            merged = sorted([(p, None) for p in positions] + list(extra.items()))
            buf = []
            for pos, ref in merged:
                if ref is None:
                    r = rng.choice(bases)
                    a = rng.choice([b for b in bases if b != r])
                    buf.append(f"{c}\t{pos}\t.\t{r}\t{a}\t50\tPASS\t.\tGT\t{rng.choice(['0/1', '1/1', '0|1'])}\n")
                else:
                    buf.append(f"{c}\t{pos}\t.\t{ref}\t.\t50\tPASS\t.\tGT\t0/0\n")
                if len(buf) >= 100_000:
                    fh.write("".join(buf))
                    buf = []
            fh.write("".join(buf))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--wgs-records", type=int, default=3_000_000)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    t = load(KnowledgeBase())
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_pgx_"))
    work.mkdir(parents=True, exist_ok=True)

    vcf = work / "cohort.vcf"
    sexes = write_cohort_vcf(vcf, t, args.samples)
    t0 = time.perf_counter()
    mat = read_pgx_matrix(vcf)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    calls = call_cohort(mat, t, sexes)  # type: ignore[arg-type]
    t_call = time.perf_counter() - t0
    total = t_read + t_call
    n = len(mat.samples)
    called = sum(1 for g in calls.values() for c in g if c.call_status in ("called", "partial"))
    k = min(100, n)
    base = per_sample_baseline(mat, t, sexes, k)  # type: ignore[arg-type]
    print(f"[cohort] {n} samples x {len(t.genes)} genes ({called} gene calls): read {t_read:.2f} s + call {t_call:.2f} s "
          f"= {total:.2f} s -> {n / total:.0f} samples/s")
    print(f"[cohort] baseline 'per-sample loop, same matcher' ({k} samples): {base * 1000:.1f} ms/sample "
          f"-> pattern-shared numpy path is {base * n / t_call:.1f}x faster on calling")
    lo, hi = PHARMCAT_S_PER_SAMPLE
    print(f"[cohort] vs PharmCAT published {lo}-{hi} s/sample/core: {lo * n / total:.0f}x-{hi * n / total:.0f}x "
          f"(goal: {n} samples < 60 s)")

    if not shutil.which("bgzip") or not shutil.which("tabix"):
        print("[wgs] skipped: bgzip/tabix not installed (apt-get install tabix)")
        return
    wgs = work / "wgs.vcf"
    t0 = time.perf_counter()
    write_wgs_vcf(wgs, t, args.wgs_records)
    subprocess.run(["bgzip", "-f", "-@", "2", str(wgs)], check=True)
    gz = wgs.with_suffix(".vcf.gz")
    subprocess.run(["tabix", "-f", "-p", "vcf", str(gz)], check=True)
    print(f"[wgs] wrote {args.wgs_records:,} records, {gz.stat().st_size / 1e6:.0f} MB bgzipped in {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    indexed = read_pgx_matrix(gz, all_samples=False)
    t_idx = time.perf_counter() - t0
    t0 = time.perf_counter()
    scanned = read_pgx_matrix(gz, all_samples=False, use_index=False)
    t_scan = time.perf_counter() - t0
    same = indexed.sites.keys() == scanned.sites.keys() and all(
        indexed.sites[k][0] == scanned.sites[k][0] for k in indexed.sites)
    print(f"[wgs] tabix-indexed PGx regions: {t_idx:.2f} s ({indexed.records:,} records read); full scan baseline: "
          f"{t_scan:.2f} s ({scanned.records:,} records) -> {t_scan / t_idx:.0f}x faster; same genotypes: {same}")


if __name__ == "__main__":
    main()
