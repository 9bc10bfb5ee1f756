"""Build OncoTailor's compact PGx tables from the public allele, function and phenotype definitions.

Reads PharmCAT's named-allele definitions and CPIC phenotype tables (CPIC content, CC0) and PyPGx's
allele/diplotype/equation tables (MIT; PharmVar/CPIC-derived, used for CYP2D6 activity values and G6PD
function) and writes our own layout under ``src/oncotailor/knowledge/data/pgx/``:

- ``alleles.yaml``     one row per gene: positions (GRCh38) and each named allele's defining alleles
- ``functions.yaml``   allele → CPIC function and activity value
- ``phenotypes.yaml``  phenotype rules: function pair → phenotype, or activity-score band → phenotype
- ``aliases.yaml``     other spellings of allele names (legacy star names, rsIDs, short names)

Function-pair rules are *derived* (every diplotype in the source table must agree with one rule; the
script stops if a pair maps to two phenotypes). Run: ``python scripts/build_pgx_tables.py [DATA_DIR]``
(default ``../shared/data/pgx`` next to the repository).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "oncotailor" / "knowledge" / "data" / "pgx"
GENES = ["DPYD", "TPMT", "NUDT15", "UGT1A1", "G6PD", "CYP2D6", "CYP2C19", "CYP3A5", "CYP2C9"]
PAIR_GENES = ["TPMT", "NUDT15", "UGT1A1", "CYP2C19", "CYP3A5"]
SCORE_GENES = ["DPYD", "CYP2C9"]
# PharmCAT sets an undocumented ALT at a defining position to reference for these genes
# (PharmCAT docs, "VCF requirements"/Gene-Definition-Exceptions); every other gene gets no call.
UNDOCUMENTED_AS_REF = {"DPYD", "TPMT", "NUDT15", "G6PD"}
CLINPGX_URL = "https://github.com/PharmGKB/PharmCAT/tree/5431bf1187e50383df7e7db18ef67b36fc8b562e"
PYPGX_URL = "https://github.com/sbslee/pypgx (wheel 0.27.0, pypgx/api/data)"
TODAY = "2026-11-29"
# Legacy names that no longer exist in the current definitions (CPIC/PharmVar), handled by mapping.
LEGACY = [
    ("UGT1A1", "*60", "*1", "legacy name of rs4124874 (-3279T>G), no longer a separate allele in CPIC's UGT1A1 "
     "table (2025); its function is normal, so it is read as *1"),
    ("UGT1A1", "*93", "*1", "legacy name of rs10929302, not a CPIC allele; read as *1 (normal function)"),
    ("DPYD", "*1", "Reference", "CPIC names the normal DPYD haplotype 'Reference'"),
    ("G6PD", "B", "B (reference)", "WHO reference G6PD B"),
    ("G6PD", "Reference", "B (reference)", "reference allele"),
]


def _hgvs_window(var: dict[str, Any]) -> dict[str, Any] | None:
    """Shift window of an indel: VCF definitions are left-aligned, HGVS is 3'-most; the span is the repeat."""
    ref = var["ref"]
    alts = var["alts"]
    if all(len(a) == len(ref) for a in alts):
        return None
    pos = var["position"]
    ends = [pos + len(ref) - 1]
    for m in re.finditer(r"g\.(\d+)(?:_(\d+))?([ACGT]+)\[(\d+)\]", var.get("chromosomeHgvsName") or ""):
        start, unit = int(m.group(1)), m.group(3)
        ref_copies = max(
            (int(re.search(r"\((\d+)\)", k).group(1)) for k, v in var["cpicToVcfAlleleMap"].items()  # type: ignore[union-attr]
             if v == ref and re.search(r"\((\d+)\)", k)), default=int(m.group(4)))
        ends.append(start + len(unit) * ref_copies - 1)
    for m in re.finditer(r"g\.(\d+)(?:_(\d+))?(?:del|dup|ins)", var.get("chromosomeHgvsName") or ""):
        ends.append(int(m.group(2) or m.group(1)))
    return {"start": pos, "end": max(ends)}


def _alleles(data: Path, gene: str, ignored: set[str], ignored_pos: set[int]) -> dict[str, Any]:
    d = json.loads((data / "pharmcat" / "definition_alleles" / f"{gene}_translation.json").read_text())
    keep = [i for i, v in enumerate(d["variants"]) if v["position"] not in ignored_pos]
    positions = []
    for i in keep:
        v = d["variants"][i]
        row = {"pos": v["position"], "rsid": v["rsid"], "ref": v["ref"], "alts": v["alts"],
               "hgvs": v["chromosomeHgvsName"]}
        win = _hgvs_window(v)
        if win:
            row["window"] = [win["start"], win["end"]]
        positions.append(row)
    named = []
    for a in d["namedAlleles"]:
        if a["name"] in ignored:
            continue
        defs = {d["variants"][i]["position"]: a["alleles"][i] for i in keep if a["alleles"][i] is not None}
        if not defs:
            continue
        named.append({"name": a["name"], "reference": bool(a.get("reference")),
                      "structural": bool(a.get("structuralVariant")), "defs": defs})
    return {"gene": gene, "chrom": d["chromosome"], "build": d["genomeBuild"],
            "definition_version": d["version"], "positions": positions, "alleles": named,
            "undocumented_alt_is_reference": gene in UNDOCUMENTED_AS_REF,
            "source": f"PharmCAT {gene}_translation.json (ClinPGx/CPIC/PharmVar definitions), version {d['version']}",
            "url": CLINPGX_URL, "date": d["version"][:10]}


def _pypgx_alleles(data: Path, gene: str) -> list[dict[str, str]]:
    with (data / "pypgx" / "allele-table.csv").open() as fh:
        return [r for r in csv.DictReader(fh) if r["Gene"] == gene]


def _norm_function(text: str) -> str:
    """CPIC spelling, sentence case: 'Normal Function' → 'Normal function'."""
    return text[:1].upper() + text[1:].lower() if text else text


def build(data: Path) -> dict[str, int]:
    exemptions = {e["gene"]: e for e in json.loads((data / "pharmcat" / "definition_alleles" / "exemptions.json").read_text()).values()} \
        if isinstance(json.loads((data / "pharmcat" / "definition_alleles" / "exemptions.json").read_text()), dict) else {}
    genes_rows, function_rows, pheno_rows, alias_rows = [], [], [], []
    for gene in GENES:
        ex = exemptions.get(gene, {})
        ignored = set(ex.get("ignoredAlleles", []))
        ignored_pos = {p["position"] for p in ex.get("ignoredPositions", [])}
        row = _alleles(data, gene, ignored, ignored_pos)
        genes_rows.append(row)
        rs = {p["pos"]: p["rsid"] for p in row["positions"]}
        for a in row["alleles"]:
            for m in re.finditer(r"\((\*[^)]+)\)", a["name"]):  # 'c.1905+1G>A (*2A)' → '*2A'
                alias_rows.append({"gene": gene, "alias": m.group(1), "allele": a["name"], "note": "legacy star name"})
            short = re.sub(r"\s*\([^)]*\)$", "", a["name"])
            if short != a["name"] and "," not in short:
                alias_rows.append({"gene": gene, "alias": short, "allele": a["name"], "note": "HGVS name alone"})
            if len(a["defs"]) == 1 and not a["reference"]:
                pos = next(iter(a["defs"]))
                if rs.get(pos) and gene in {"DPYD", "G6PD"}:
                    alias_rows.append({"gene": gene, "alias": rs[pos], "allele": a["name"], "note": "rsID of the only defining variant"})

    # functions and phenotype rules
    for gene in PAIR_GENES + SCORE_GENES:
        p = json.loads((data / "pharmcat" / "phenotype" / f"{gene}.json").read_text())
        fn = {}
        for a in p["namedAlleles"]:
            av = a["activityValue"]
            fn[a["name"]] = a["functionValue"]
            function_rows.append({"gene": gene, "allele": a["name"], "function": a["functionValue"],
                                  "activity_value": float(av) if av not in (None, "n/a") else None,
                                  "source": f"CPIC allele function table via PharmCAT phenotype/{gene}.json",
                                  "date": p["version"][:10]})
        if gene in PAIR_GENES:
            pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
            for d in p["diplotypes"]:
                names = [n for n, c in d["diplotypekey"].items() for _ in range(c)]
                key = tuple(sorted(fn[n] for n in names))
                pairs[key].add(d["phenotype"])  # type: ignore[index]
            for key, ph in sorted(pairs.items()):
                if len(ph) != 1:
                    raise SystemExit(f"{gene}: function pair {key} maps to {ph}")
                pheno_rows.append({"gene": gene, "functions": list(key), "phenotype": ph.pop(),
                                   "source": f"CPIC diplotype-phenotype table via PharmCAT phenotype/{gene}.json",
                                   "date": p["version"][:10]})
        else:
            by_ph: dict[str, list[float]] = defaultdict(list)
            for d in p["diplotypes"]:
                if d["activityScore"] not in (None, "n/a"):
                    by_ph[d["phenotype"]].append(float(d["activityScore"]))
            bands = sorted((min(v), ph) for ph, v in by_ph.items())
            for i, (lo, ph) in enumerate(bands):
                hi = bands[i + 1][0] if i + 1 < len(bands) else None
                pheno_rows.append({"gene": gene, "score_min": lo, "score_below": hi, "phenotype": ph,
                                   "source": f"CPIC activity score bands derived from PharmCAT phenotype/{gene}.json",
                                   "date": p["version"][:10]})

    # CYP2D6: activity values from PyPGx (PharmCAT's CYP2D6 phenotype file is not in the snapshot)
    for r in _pypgx_alleles(data, "CYP2D6"):
        if any(f["gene"] == "CYP2D6" and f["allele"] == r["StarAllele"] for f in function_rows):
            continue
        function_rows.append({"gene": "CYP2D6", "allele": r["StarAllele"], "function": _norm_function(r["Function"]),
                              "activity_value": float(r["ActivityScore"]) if r["ActivityScore"] != "N/A" else None,
                              "source": "CPIC CYP2D6 allele functionality via PyPGx allele-table.csv 0.27.0",
                              "date": "2024-01-01"})
    with (data / "pypgx" / "equation-table.csv").open() as fh:
        for r in csv.DictReader(fh):
            if r["Gene"] != "CYP2D6":
                continue
            m = re.match(r"([\d.]+)\s*<=\s*score(?:\s*<\s*([\d.]+))?", r["Equation"])
            if not m:
                raise SystemExit(f"cannot read equation {r['Equation']}")
            pheno_rows.append({"gene": "CYP2D6", "score_min": float(m.group(1)),
                               "score_below": float(m.group(2)) if m.group(2) else None,
                               "phenotype": r["Phenotype"],
                               "source": "CPIC CYP2D6 genotype-to-phenotype standardisation (Caudle 2020) via PyPGx equation-table.csv",
                               "date": "2019-10-01"})
    # G6PD: function from PyPGx, phenotype rules derived from PyPGx's diplotype table
    g6 = {r["StarAllele"]: r["Function"] for r in _pypgx_alleles(data, "G6PD")}
    with (data / "pypgx" / "diplotype-table.csv").open() as fh:
        g6_rows = [r for r in csv.DictReader(fh) if r["Gene"] == "G6PD"]
    # A few 'Unknown function' alleles (e.g. Cairo) carry a definite phenotype in CPIC's table: give them the
    # WHO class that phenotype implies, derived from their hemizygous (male) row.
    by_male = {"G6PD Deficient with CNSHA": "Class I (Deficient with CNSHA)", "G6PD Deficient": "Class II (Deficient)",
               "G6PD Normal": "Class IV (Normal)"}
    for r in g6_rows:
        a, b = r["Diplotype"].split("/")
        if b == "MALE" and g6[a] == "Unknown Function" and r["Phenotype"] in by_male:
            g6[a] = by_male[r["Phenotype"]]
    for name, f in sorted(g6.items()):
        if name == "MALE":
            continue
        function_rows.append({"gene": "G6PD", "allele": name, "function": f, "activity_value": None,
                              "source": "CPIC G6PD allele function (WHO class) via PyPGx allele-table.csv 0.27.0",
                              "date": "2022-01-01"})
    pairs = defaultdict(set)
    for r in g6_rows:
        a, b = r["Diplotype"].split("/")
        if "MALE" in (a, b):
            key: tuple[str, ...] = (g6[b if a == "MALE" else a],)
        else:
            key = tuple(sorted((g6[a], g6[b])))
        pairs[key].add(r["Phenotype"].replace("G6PD ", ""))
    for key, ph in sorted(pairs.items()):
        if len(ph) != 1:
            raise SystemExit(f"G6PD: {key} maps to {ph}")
        pheno_rows.append({"gene": "G6PD", "functions": list(key), "phenotype": ph.pop(),
                           "hemizygous": len(key) == 1,
                           "source": "CPIC G6PD guideline 2022 phenotype assignment via PyPGx diplotype-table.csv",
                           "date": "2022-01-01"})
    for gene, alias, allele, note in LEGACY:
        alias_rows.append({"gene": gene, "alias": alias, "allele": allele, "note": note})

    version = genes_rows[0]["definition_version"]
    meta_common = {"version": f"PharmCAT data {version}; PyPGx 0.27.0", "date": TODAY, "genome_build": "GRCh38",
                   "licence": "facts from CPIC (CC0 1.0), ClinPGx/PharmVar definitions; PyPGx tables MIT"}
    tables = {
        "alleles": ({"title": "PGx named-allele definitions (GRCh38)",
                     "description": "per gene: positions (VCF-style ref/alts, shift window for indels) and each named "
                                    "allele's defining alleles; a position an allele does not list is reference",
                     "source": "PharmCAT definition_alleles (CPIC/PharmVar/ClinPGx), minus PharmCAT exemptions",
                     "url": CLINPGX_URL}, genes_rows),
        "functions": ({"title": "PGx allele function and activity values",
                       "source": "CPIC allele functionality tables (PharmCAT phenotype JSON); CYP2D6 and G6PD via PyPGx",
                       "url": CLINPGX_URL}, function_rows),
        "phenotypes": ({"title": "PGx phenotype rules (function pair or activity-score band → phenotype)",
                        "source": "derived from CPIC diplotype→phenotype tables (PharmCAT phenotype JSON, PyPGx)",
                        "url": CLINPGX_URL}, pheno_rows),
        "aliases": ({"title": "Other spellings of PGx allele names",
                     "source": "allele names in PharmCAT definitions; legacy names per CPIC/PharmVar notes",
                     "url": CLINPGX_URL}, alias_rows),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, (meta, rows) in tables.items():
        doc = {"meta": {**meta, **meta_common}, "rows": rows}
        text = "# generated by scripts/build_pgx_tables.py — do not edit by hand\n" + yaml.safe_dump(
            doc, sort_keys=False, allow_unicode=True, width=120, default_flow_style=None)
        (OUT / f"{name}.yaml").write_text(text)
        counts[name] = len(rows)
    return counts


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "pgx"
    print(build(src))
