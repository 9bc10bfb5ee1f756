"""Gene symbols → HGNC-approved symbols, through previous symbols and aliases.

The table (`vocab/data/genes.tsv.gz`, built by `scripts/build_vocab.py` from HGNC's complete set) is read
once, on first use. Resolution order follows HGNC's advice: an approved symbol wins; then a previous
symbol that maps to one gene; then an alias that maps to one gene. Ambiguous names are refused with the
candidates rather than guessed.
"""

from __future__ import annotations

import csv
import difflib
import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from oncotailor.errors import UnknownGeneError

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Gene:
    symbol: str
    hgnc_id: str
    locus_group: str
    entrez_id: str | None
    mane_enst: str | None
    mane_refseq: str | None
    location: str | None


@dataclass(frozen=True)
class _Index:
    genes: dict[str, Gene]
    previous: dict[str, tuple[str, ...]]
    aliases: dict[str, tuple[str, ...]]
    coding: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    genes: dict[str, Gene] = {}
    prev: dict[str, set[str]] = {}
    alias: dict[str, set[str]] = {}
    with gzip.open(DATA / "genes.tsv.gz", "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            mane = (r["mane_select"] or "").split("|")
            genes[r["symbol"].upper()] = Gene(
                symbol=r["symbol"], hgnc_id=r["hgnc_id"], locus_group=r["locus_group"],
                entrez_id=r["entrez_id"] or None, mane_enst=mane[0] or None,
                mane_refseq=mane[1] if len(mane) > 1 else None, location=r["location"] or None,
            )
            for s in filter(None, r["previous"].split("|")):
                prev.setdefault(s.upper(), set()).add(r["symbol"])
            for s in filter(None, r["aliases"].split("|")):
                alias.setdefault(s.upper(), set()).add(r["symbol"])
    coding = tuple(sorted(g.symbol for g in genes.values() if g.locus_group == "protein_coding"))
    return _Index(
        genes=genes,
        previous={k: tuple(sorted(v)) for k, v in prev.items()},
        aliases={k: tuple(sorted(v)) for k, v in alias.items()},
        coding=coding,
    )


def _candidates(symbol: str) -> tuple[str, ...]:
    key = symbol.strip().upper()
    idx = _index()
    if key in idx.genes:
        return (idx.genes[key].symbol,)
    if key in idx.previous:
        return idx.previous[key]
    return idx.aliases.get(key, ())


def suggest(symbol: str, n: int = 3) -> list[str]:
    """Close approved symbols for an unknown name (protein-coding first)."""
    idx = _index()
    key = symbol.strip().upper()
    swaps = [key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)]
    typos = [idx.genes[s].symbol for s in swaps if s in idx.genes]
    pool = idx.coding if len(key) > 1 else ()
    close = difflib.get_close_matches(key, pool, n=n, cutoff=0.7)
    return list(dict.fromkeys(typos + close))[:n]


def normalise_gene(symbol: str) -> str:
    """The approved symbol for `symbol` (approved, previous or alias), else UnknownGeneError with suggestions."""
    cands = _candidates(symbol)
    if len(cands) == 1:
        return cands[0]
    if len(cands) > 1:
        raise UnknownGeneError(symbol, list(cands))
    raise UnknownGeneError(symbol.strip(), suggest(symbol))


def is_known_gene(symbol: str) -> bool:
    return len(_candidates(symbol)) == 1


def gene_info(symbol: str) -> Gene:
    return _index().genes[normalise_gene(symbol).upper()]
