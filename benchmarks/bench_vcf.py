"""How fast `read_tumor_vcf` reads a 4-million-record bgzipped VCF, as a ratio to `zcat` of the same file.

The file is generated once (deterministic, seeded) into `$ONCOTAILOR_BENCH_DIR` (default: the system temp
dir) and reused. Both timings are taken in the same run; the goal is a ratio within 2x of `zcat`.

    python benchmarks/bench_vcf.py [--records 4000000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SAMPLES = ("TUMOR", "NORMAL")
CONTIGS = [("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr7", 159345973),
           ("chr12", 133275309), ("chr17", 83257441)]
CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|HGVSp|"
              "Protein_position|Amino_acids|CANONICAL|MANE_SELECT")
# (consequence, impact, share of annotated records), near whole-genome proportions: most variants are
# intronic or near genes; about 0.3 % of all records change a protein (~10k of 4M, as in a human genome).
CONSEQUENCES = (("intron_variant", "MODIFIER", 0.700), ("upstream_gene_variant", "MODIFIER", 0.120),
                ("downstream_gene_variant", "MODIFIER", 0.120), ("3_prime_UTR_variant", "MODIFIER", 0.030),
                ("5_prime_UTR_variant", "MODIFIER", 0.010), ("synonymous_variant", "LOW", 0.0088),
                ("splice_region_variant&intron_variant", "LOW", 0.0060), ("missense_variant", "MODERATE", 0.0045),
                ("stop_gained", "HIGH", 0.0004), ("frameshift_variant", "HIGH", 0.0003))
GENES = ("BRAF", "KRAS", "EGFR", "TP53", "PIK3CA", "APC", "SMAD4", "ERBB2", "NRAS", "PTEN", "ATM", "KIT")
AA3 = ("Ala", "Cys", "Asp", "Glu", "Phe", "Gly", "His", "Ile", "Lys", "Leu", "Met", "Asn", "Pro", "Gln", "Arg",
       "Ser", "Thr", "Val", "Trp", "Tyr")


def generate(path: Path, records: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    header = ["##fileformat=VCFv4.2", "##reference=GRCh38", "##tumor_sample=TUMOR", "##normal_sample=NORMAL"]
    header += [f"##contig=<ID={c},length={n},assembly=GRCh38>" for c, n in CONTIGS]
    header += ['##FILTER=<ID=PASS,Description="All filters passed">',
               '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
               f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
               f'Format: {CSQ_FIELDS}">',
               '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
               '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
               '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(SAMPLES)]
    chunks = [("\n".join(header) + "\n").encode()]
    per_contig = records // len(CONTIGS)
    bases = np.array(list("ACGT"))
    shares = np.array([c[2] for c in CONSEQUENCES])
    for ci, (chrom, length) in enumerate(CONTIGS):
        n = per_contig if ci < len(CONTIGS) - 1 else records - per_contig * (len(CONTIGS) - 1)
        pos = np.sort(rng.integers(10_000, length - 10_000, n))
        ref = bases[rng.integers(0, 4, n)]
        alt = bases[(rng.integers(1, 4, n) + np.searchsorted(bases, ref)) % 4]
        dp = rng.integers(20, 200, n)
        alt_n = (dp * rng.uniform(0.02, 0.6, n)).astype(int)
        passed = rng.random(n) < 0.7
        annotated = rng.random(n) < 0.6
        cons = rng.choice(len(CONSEQUENCES), n, p=shares / shares.sum())
        gene = rng.integers(0, len(GENES), n)
        codon = rng.integers(2, 1200, n)
        aa_ref = rng.integers(0, 20, n)
        aa_alt = rng.integers(0, 20, n)
        lines = []
        for i in range(n):
            info = f"DP={dp[i]}"
            if annotated[i]:
                c, impact, _ = CONSEQUENCES[cons[i]]
                g = GENES[gene[i]]
                hgvsp, ppos, aas = "", "", ""
                r3, a3 = AA3[aa_ref[i]], AA3[aa_alt[i]]
                if c == "missense_variant":
                    hgvsp, ppos, aas = f"ENSP0001.1:p.{r3}{codon[i]}{a3}", str(codon[i]), "X/X"
                elif c == "stop_gained":
                    hgvsp, ppos, aas = f"ENSP0001.1:p.{r3}{codon[i]}Ter", str(codon[i]), "X/*"
                elif c == "frameshift_variant":
                    hgvsp, ppos, aas = f"ENSP0001.1:p.{r3}{codon[i]}{a3}fsTer7", str(codon[i]), "X/X"
                canonical = (f"{alt[i]}|{c}|{impact}|{g}|ENSG0001|Transcript|ENST0001.1|protein_coding|5/18||"
                             f"ENST0001.1:c.{codon[i] * 3}{ref[i]}>{alt[i]}|{hgvsp}|{ppos}|{aas}|YES|NM_0001.1")
                other = (f"{alt[i]}|{c}|{impact}|{g}|ENSG0001|Transcript|ENST0002.1|protein_coding|6/19||"
                         f"ENST0002.1:c.{codon[i] * 3 + 120}{ref[i]}>{alt[i]}|{hgvsp.replace(str(codon[i]), str(codon[i] + 40))}|||")
                info += f";CSQ={other},{canonical}"
            lines.append(f"{chrom}\t{pos[i]}\t.\t{ref[i]}\t{alt[i]}\t50\t{'PASS' if passed[i] else 'LowQual'}\t"
                         f"{info}\tGT:AD:DP\t0/1:{dp[i] - alt_n[i]},{alt_n[i]}:{dp[i]}\t0/0:{dp[i]},0:{dp[i]}")
        chunks.append(("\n".join(lines) + "\n").encode())
    from oncotailor.readers.vcf_fast import bgzf_compress

    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bgzf_compress(b"".join(chunks)))
    tmp.replace(path)


def _time(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=4_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="back-to-back pairs of runs (zcat, ours)")
    args = ap.parse_args(argv)
    folder = Path(os.environ.get("ONCOTAILOR_BENCH_DIR", tempfile.gettempdir())) / "oncotailor-bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"tumor_{args.records}.vcf.gz"
    if not path.exists():
        t = _time(lambda: generate(path, args.records))
        print(f"generated {path} ({path.stat().st_size / 1e6:.0f} MB) in {t:.1f} s", file=sys.stderr)
    zcat = shutil.which("zcat") or "zcat"
    from oncotailor.readers.vcf import read_tumor_vcf

    found: list[int] = []
    pairs = []  # zcat and our reader back to back, so both see the same machine load
    for _ in range(args.repeat):
        base = _time(lambda: subprocess.run([zcat, str(path)], stdout=subprocess.DEVNULL, check=True))
        ours = _time(lambda: found.append(len(read_tumor_vcf(path, sample=None, normal=None, build="GRCh38").alterations)))
        pairs.append((base, ours))
    ratios = sorted(o / b for b, o in pairs)
    print(f"bench_vcf: {args.records} records, {found[-1]} alterations kept; best zcat {min(b for b, _ in pairs):.2f} s, "
          f"best read_tumor_vcf {min(o for _, o in pairs):.2f} s (first call, with the one-time gene vocabulary load: "
          f"{pairs[0][1]:.2f} s); median ratio of {len(pairs)} back-to-back pairs {statistics.median(ratios):.2f}x "
          f"(range {ratios[0]:.2f}-{ratios[-1]:.2f}x; goal <= 2x); {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
