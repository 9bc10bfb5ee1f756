"""Build OncoTailor's compact vocabulary tables from public reference files.

Usage: python scripts/build_vocab.py [--shared ../shared/data/vocab]

Reads the HGNC complete set, OncoTree 2025_10_03 and 2021_11_02, and the cBioPortal/GENIE gene-panel
lists, and writes our own compact tables to src/oncotailor/vocab/data/:

- genes.tsv.gz         symbol, hgnc_id, locus_group, aliases, previous symbols, entrez id, MANE Select
- oncotree.tsv         code, name, main_type, tissue, parent, level, ancestors (2025_10_03)
- oncotree_legacy.tsv  codes of older releases (2021_11_02, history, revocations) → current code
- panels.tsv.gz        panel id → current HGNC symbols
Each has a .meta.yaml naming the source, its date and licence. Re-running on the same inputs gives
byte-identical outputs (sorted rows, fixed gzip mtime).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "oncotailor" / "vocab" / "data"
LOCUS = {"protein-coding gene": "protein_coding", "non-coding RNA": "non_coding_rna", "pseudogene": "pseudogene",
         "other": "other"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _write_tsv(path: Path, header: list[str], rows: list[list[str]], *, gz: bool) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if gz:
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as fh:
            fh.write(data)
    else:
        path.write_bytes(data)


def _meta(path: Path, meta: dict[str, str]) -> None:
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")


def build_genes(src: Path) -> dict[str, str]:
    rows = _rows(src / "hgnc_complete_set.trimmed.tsv")
    out = []
    for r in rows:
        out.append([r["symbol"], r["hgnc_id"], LOCUS.get(r["locus_group"], "other"), r["alias_symbol"],
                    r["prev_symbol"], r["entrez_id"], r["mane_select"], r["location"]])
    out.sort(key=lambda x: x[0])
    _write_tsv(OUT / "genes.tsv.gz", ["symbol", "hgnc_id", "locus_group", "aliases", "previous", "entrez_id",
                                      "mane_select", "location"], out, gz=True)
    _meta(OUT / "genes.meta.yaml", {
        "title": "HGNC approved gene symbols with aliases and previous symbols",
        "source": "HUGO Gene Nomenclature Committee (HGNC) complete set, hgnc_complete_set.txt",
        "url": "https://www.genenames.org/download/archive/",
        "version": "2024-10-18",
        "date": "2024-10-18",
        "licence": "CC0 1.0 (HGNC data are freely available without restriction)",
        "notes": f"{len(out)} approved symbols; multi-valued fields '|'-separated; built by scripts/build_vocab.py",
    })
    return {r["symbol"]: r["symbol"] for r in rows}


def build_oncotree(src: Path) -> None:
    rows = _rows(src / "oncotree_2025_10_03.tsv")
    codes = {r["code"] for r in rows}
    out = [[r["code"], r["name"], r["main_type"], r["tissue"], r["parent"], r["level"], r["ancestors"], r["nci"],
            r["umls"]] for r in rows]
    _write_tsv(OUT / "oncotree.tsv", ["code", "name", "main_type", "tissue", "parent", "level", "ancestors",
                                      "nci", "umls"], out, gz=False)
    _meta(OUT / "oncotree.meta.yaml", {
        "title": "OncoTree tumor types with their hierarchy",
        "source": "OncoTree (Memorial Sloan Kettering Cancer Center), release oncotree_2025_10_03",
        "url": "https://oncotree.mskcc.org/",
        "version": "oncotree_2025_10_03",
        "date": "2025-10-03",
        "licence": "CC BY 4.0 — OncoTree, Memorial Sloan Kettering Cancer Center",
    })
    legacy: dict[str, tuple[str, str]] = {}
    for r in rows:
        for col in ("history", "revocations"):
            for old in filter(None, (r[col] or "").split("|")):
                if old not in codes:
                    legacy.setdefault(old, (r["code"], f"2025_10_03 {col}"))
    old_rows = _rows(src / "oncotree_2021_11_02.tsv")
    old_by_code = {r["code"]: r for r in old_rows}
    for r in old_rows:
        code = r["code"]
        if code in codes or code in legacy:
            continue
        # walk up the 2021 tree to the nearest ancestor still present in 2025
        parent = r["parent"]
        while parent and parent not in codes:
            parent = old_by_code.get(parent, {}).get("parent", "")
        if parent:
            legacy[code] = (parent, "2021_11_02 code absent in 2025; nearest surviving ancestor")
    _write_tsv(OUT / "oncotree_legacy.tsv", ["old_code", "code", "basis"],
               sorted([k, v[0], v[1]] for k, v in legacy.items()), gz=False)
    _meta(OUT / "oncotree_legacy.meta.yaml", {
        "title": "Older OncoTree codes mapped to oncotree_2025_10_03",
        "source": "OncoTree releases oncotree_2021_11_02 and oncotree_2025_10_03 (history and revocations fields)",
        "url": "https://github.com/cBioPortal/oncotree",
        "version": "oncotree_2021_11_02→oncotree_2025_10_03",
        "date": "2025-10-03",
        "licence": "CC BY 4.0 — OncoTree, Memorial Sloan Kettering Cancer Center",
    })


def build_panels(src: Path) -> None:
    genes = _rows(src / "hgnc_complete_set.trimmed.tsv")
    approved = {g["symbol"] for g in genes}
    renamed: dict[str, str] = {}
    for g in genes:
        for col in ("prev_symbol", "alias_symbol"):
            for s in filter(None, g[col].split("|")):
                renamed.setdefault(s, g["symbol"]) if col == "alias_symbol" else renamed.__setitem__(s, g["symbol"])
    out: set[tuple[str, str]] = set()
    for r in _rows(src / "gene_panels.tsv"):
        sym = r["gene"].strip()
        sym = sym if sym in approved else renamed.get(sym, sym)
        out.add((r["panel_id"], sym))
    _write_tsv(OUT / "panels.tsv.gz", ["panel_id", "gene"], sorted([list(x) for x in out]), gz=True)
    _meta(OUT / "panels.meta.yaml", {
        "title": "Clinical sequencing panels and the genes they cover",
        "source": "cBioPortal and AACR Project GENIE gene-panel definitions (as compiled Nov 2022) and the "
                  "FoundationOne CDx FDA label gene list; symbols updated to HGNC 2024-10-18",
        "url": "https://www.cbioportal.org/",
        "version": "2022-11",
        "date": "2022-11-23",
        "licence": "gene lists of public assay descriptions (facts); cite cBioPortal and AACR Project GENIE",
    })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "vocab")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    build_genes(args.shared)
    build_oncotree(args.shared)
    build_panels(args.shared)
    for p in sorted(OUT.iterdir()):
        print(f"{p.name}\t{p.stat().st_size}")


if __name__ == "__main__":
    main()
