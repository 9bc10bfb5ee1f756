"""Sequencing panel ids → the genes they cover, so absence outside a panel reads "not tested".

Table built by `scripts/build_vocab.py` from cBioPortal/GENIE panel definitions and the FoundationOne
CDx label list (`data/panels.tsv.gz`).
"""

from __future__ import annotations

import csv
import difflib
import gzip
import re
from functools import lru_cache
from pathlib import Path

from oncotailor.errors import InputError

DATA = Path(__file__).parent / "data" / "panels.tsv.gz"
ALIASES = {
    "FOUNDATIONONECDX": "FoundationOne_CDx_FDA_label", "F1CDX": "FoundationOne_CDx_FDA_label",
    "FOUNDATIONONE": "FoundationOne_CDx_FDA_label", "MSKIMPACT": "IMPACT505", "TSO500": "PROV-TSO500HT-V2",
}


def _squash(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


@lru_cache(maxsize=1)
def _panels() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            out.setdefault(r["panel_id"], []).append(r["gene"])
    return {k: tuple(sorted(v)) for k, v in out.items()}


def resolve_panel(panel: str) -> str:
    panels = _panels()
    if panel in panels:
        return panel
    squashed = {_squash(k): k for k in panels}
    key = _squash(panel)
    if key in ALIASES:
        return ALIASES[key]
    if key in squashed:
        return squashed[key]
    close = difflib.get_close_matches(panel, list(panels), n=3, cutoff=0.6)
    raise InputError(f"unknown panel '{panel}'",
                     hint=(f"did you mean {', '.join(close)}?" if close else "list the genes in tumor.tested_genes"))


def panel_genes(panel: str) -> list[str]:
    return list(_panels()[resolve_panel(panel)])


def all_panels() -> list[str]:
    return sorted(_panels())
