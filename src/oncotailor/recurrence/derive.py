"""Derive our 70-gene table from genefu's signature export (facts re-laid out, symbols brought to current HGNC).

    python -m oncotailor.recurrence.derive gene70 --genefu /work/shared/data/risk/genefu -o OUT.yaml

The template values (average good-prognosis profile, log10 tumour/reference ratios) are van 't Veer 2002's;
genefu (Artistic-2.0) distributes them. Run once by a maintainer; never at report time.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import yaml

from oncotailor.errors import OncoTailorError

META = {
    "title": "70-gene signature reporters and good-prognosis template (van 't Veer 2002)",
    "description": ("One row per reporter of the 70-gene signature: array reporter id, current HGNC symbol (null when "
                    "the reporter has no gene), the symbol as published, Entrez id, the average good-prognosis profile "
                    "value (template, log10 ratio to the reference pool) and the reporter's correlation with outcome."),
    "source": ("van 't Veer LJ et al. Gene expression profiling predicts clinical outcome of breast cancer. Nature "
               "2002;415:530-6 (supplementary tables), as distributed by Bioconductor genefu 2.39 (sig.gene70); derived "
               "by `python -m oncotailor.recurrence.derive gene70`."),
    "url": "https://doi.org/10.1038/415530a",
    "version": "genefu 2.39.1 sig.gene70",
    "date": "2026-11-29",
    "licence": "facts (published template); genefu data Artistic-2.0",
}


def gene70_rows(sig_csv: Path) -> list[dict[str, object]]:
    from oncotailor.vocab.genes import normalise_gene

    rows: list[dict[str, object]] = []
    with sig_csv.open(newline="") as fh:
        for r in csv.DictReader(fh):
            published = r["HUGO.gene.symbol"] if r["HUGO.gene.symbol"] not in ("", "NA") else None
            gene = None
            if published:
                try:
                    gene = normalise_gene(published)
                except OncoTailorError:
                    gene = published
            rows.append({"reporter": r["probe"], "gene": gene, "published_symbol": published,
                         "entrez": int(r["EntrezGene.ID"]) if r["EntrezGene.ID"] not in ("", "NA") else None,
                         "template": float(r["average.good.prognosis.profile"]),
                         "outcome_correlation": float(r["correlation"]), "source": "van 't Veer 2002 (genefu sig.gene70)"})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m oncotailor.recurrence.derive")
    p.add_argument("table", choices=["gene70"])
    p.add_argument("--genefu", type=Path, required=True, help="folder with sig_gene70.csv")
    p.add_argument("-o", "--out", type=Path, required=True)
    a = p.parse_args(argv)
    doc = {"meta": META, "rows": gene70_rows(a.genefu / "sig_gene70.csv")}
    a.out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
