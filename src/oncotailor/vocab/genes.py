"""Gene symbols → HGNC-approved symbols (placeholder: upper-cases; the HGNC table lands with the vocab work)."""

from __future__ import annotations


def normalise_gene(symbol: str) -> str:
    """Return the approved symbol for `symbol` (alias or previous symbol), or raise UnknownGeneError."""
    return symbol.strip().upper()


def is_known_gene(symbol: str) -> bool:
    return bool(symbol.strip())
