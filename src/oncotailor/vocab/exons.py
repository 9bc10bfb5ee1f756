"""Exon numbers for codons of the genes whose therapy rules name exons (MANE Select; `data/exons.yaml`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "exons.yaml"


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[int, int, int]]]:
    out: dict[str, list[tuple[int, int, int]]] = {}
    for row in yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["rows"]:
        out[row["gene"]] = sorted((int(e), int(r[0]), int(r[1])) for e, r in row["exons"].items())
    return out


def exon_of(gene: str, codon: int) -> int | None:
    """The exon holding `codon` of `gene`, or None when the gene or codon is not in the table."""
    for exon, first, last in _table().get(gene, ()):
        if first <= codon <= last:
            return exon
    return None


def codon_range(gene: str, exon: int) -> tuple[int, int] | None:
    for e, first, last in _table().get(gene, ()):
        if e == exon:
            return first, last
    return None
