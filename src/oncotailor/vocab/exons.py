"""Exon numbers for codons of the genes whose therapy rules name exons (MANE Select; `data/exons.yaml`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    import polars as pl

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


def splice_side(gene: str, codon: int) -> tuple[str, int] | None:
    """('donor', intron) when `codon` is the last codon of an exon, ('acceptor', intron) when it is the first;
    None when it is inside an exon or the gene is not in the table. Intron i lies between exons i and i + 1.

    How cBioPortal/OncoKB name splice-site variants ('MET X1010_splice'): the codon next to the broken site.
    """
    for exon, first, last in _table().get(gene, ()):
        if codon == last:
            return "donor", exon
        if codon == first and exon > 1:
            return "acceptor", exon - 1
    return None


def intron_of_cdna(gene: str, position: int, sign: str) -> int | None:
    """The intron of an intronic cDNA change c.N+k (sign '+') or c.N-k ('-'): N is the last (or first)
    nucleotide of the neighbouring exon, so its codon ends (or starts) that exon."""
    codon = (position + 2) // 3
    for exon, first, last in _table().get(gene, ()):
        if sign == "+" and last in (codon, codon - 1) and (codon == last or exon_of(gene, codon) is None):
            return exon
        if sign == "-" and first in (codon, codon + 1) and (codon == first or exon_of(gene, codon) is None) \
                and exon > 1:
            return exon - 1
    return None


SPLICE_PROTEIN = re.compile(r"^(?:p\.)?\(?[X*](\d+)_splice\)?$", re.I)
_SPLICE_C = re.compile(r"^(?:[^:\s]+:)?c\.(\d+)([+-])([12])(?!\d)")


def splice_intron(gene: str, hgvsc: str | None = None, protein: str | None = None) -> int | None:
    """The intron of a canonical splice-site change, from 'X1010_splice' or an intronic c.N±1/2 change; None
    when neither names one or the gene's exons are not in the table."""
    if protein and (m := SPLICE_PROTEIN.match(protein.strip())):
        side = splice_side(gene, int(m[1]))
        if side:
            return side[1]
    if hgvsc and (m := _SPLICE_C.match(hgvsc.strip())):
        return intron_of_cdna(gene, int(m[1]), m[2])
    return None


def exon_frame() -> pl.DataFrame:
    """(gene, exon, first, last) codon ranges: cohort readers join it to fill exons from codons."""
    import polars as pl

    rows = [(g, e, lo, hi) for g, exons in _table().items() for e, lo, hi in exons]
    return pl.DataFrame(rows, schema={"gene": pl.Utf8, "_exon": pl.Int64, "_first": pl.Int64, "_last": pl.Int64},
                        orient="row")
