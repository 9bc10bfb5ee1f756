"""Karyotype findings in a report's list ('t(9;22)', 'inv(16)', 'del(17p)') → the gene-level alteration.

Haematology reports give cytogenetics, not gene names; the rules speak of fusions and copy number. The
table (`data/cytogenetics.yaml`, cited) maps the defining rearrangements only: anything else is refused
with the usual unknown-gene message, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from oncotailor.case import Alteration, AlterationKind, CopyNumber

DATA = Path(__file__).parent / "data" / "cytogenetics.yaml"


def _key(text: str) -> str:
    s = re.sub(r"\s+", " ", text.strip().lower())
    s = re.sub(r"\s*([();])\s*", r"\1", s)  # 't( 9 ; 22 )' → 't(9;22)'
    s = re.sub(r"^(t|inv|del)\((\w+(?:;\w+)?)\)\(.*\)$", r"\1(\2)", s)  # drop band detail: (q34;q11)
    return re.sub(r"^del\((\d+|x|y)([pq])[\d.]+\)$", r"del(\1\2)", s)  # del(17p13.1) → del(17p)


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, object]]:
    rows = yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["rows"]
    out: dict[str, dict[str, object]] = {}
    for row in rows:
        for name in (row["notation"], *row.get("also", [])):
            out[_key(name)] = row
    return out


def parse_cytogenetic(text: str) -> Alteration | None:
    """The alteration a karyotype finding means, or None when `text` is not one the table knows."""
    row = _table().get(_key(text))
    if row is None:
        return None
    raw = text.strip()
    note = str(row["notation"])
    if "fusion" in row:
        pair = [str(g) for g in row["fusion"]]  # type: ignore[attr-defined]
        five, three = pair[0], pair[1]
        return Alteration(gene=three, kind=AlterationKind.fusion, alteration=f"{five}::{three}", fusion_5p=five,
                          fusion_3p=three, consequence="gene_fusion", raw=f"{raw} ({five}::{three})")
    gene = str(row["loss"])
    return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration=note, copy_number=CopyNumber.loss,
                      raw=f"{raw} ({gene} loss)")
