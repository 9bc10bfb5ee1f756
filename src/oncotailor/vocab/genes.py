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
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    genes: dict[str, list[Any]]  # UPPER symbol → Gene fields, built into Gene only when asked for
    previous: dict[str, list[str]]
    aliases: dict[str, list[str]]


@lru_cache(maxsize=1)
def _coding() -> tuple[str, ...]:
    return tuple(sorted(v[0] for v in _index().genes.values() if v[2] == "protein_coding"))


def _build_raw(data: bytes) -> dict[str, Any]:
    """Plain-JSON form of the index (cached on disk by content hash; see knowledge.base.memo_json)."""
    genes: dict[str, list[str | None]] = {}
    prev: dict[str, set[str]] = {}
    alias: dict[str, set[str]] = {}
    text = gzip.decompress(data).decode("utf-8")
    for r in csv.DictReader(io.StringIO(text), delimiter="\t"):
        mane = (r["mane_select"] or "").split("|")
        genes[r["symbol"].upper()] = [r["symbol"], r["hgnc_id"], r["locus_group"], r["entrez_id"] or None,
                                      mane[0] or None, mane[1] if len(mane) > 1 else None, r["location"] or None]
        for s in filter(None, r["previous"].split("|")):
            prev.setdefault(s.upper(), set()).add(r["symbol"])
        for s in filter(None, r["aliases"].split("|")):
            alias.setdefault(s.upper(), set()).add(r["symbol"])
    return {"genes": genes, "previous": {k: sorted(v) for k, v in prev.items()},
            "aliases": {k: sorted(v) for k, v in alias.items()}}


@lru_cache(maxsize=1)
def _index() -> _Index:
    from oncotailor.knowledge.base import memo_json

    data = (DATA / "genes.tsv.gz").read_bytes()
    raw = memo_json(data, "genes-index-v1", lambda: _build_raw(data))
    return _Index(genes=raw["genes"], previous=raw["previous"], aliases=raw["aliases"])


@lru_cache(maxsize=1)
def _approved() -> dict[str, str]:
    """UPPER → approved symbol: the common case, a small fraction of the full index's cost."""
    from oncotailor.knowledge.base import memo_json

    data = (DATA / "genes.tsv.gz").read_bytes()
    raw = memo_json(data, "genes-approved-v1", lambda: {k: v[0] for k, v in _build_raw(data)["genes"].items()})
    return raw


def _candidates(symbol: str) -> tuple[str, ...]:
    key = symbol.strip().upper()
    if (hit := _approved().get(key)) is not None:
        return (hit,)
    idx = _index()
    if key in idx.genes:
        return (idx.genes[key][0],)
    if key in idx.previous:
        return tuple(idx.previous[key])
    return tuple(idx.aliases.get(key, ()))


def suggest(symbol: str, n: int = 3) -> list[str]:
    """Close approved symbols for an unknown name (protein-coding first)."""
    idx = _index()
    key = symbol.strip().upper()
    swaps = [key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)]
    typos = [idx.genes[s][0] for s in swaps if s in idx.genes]
    pool = _coding() if len(key) > 1 else ()
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
    return Gene(*_index().genes[normalise_gene(symbol).upper()])
