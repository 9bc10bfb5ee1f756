"""Disease Ontology ids (DOIDs) → OncoTree codes, read from ``data/doid_oncotree.yaml``.

CIViC names each evidence item's disease by a Disease Ontology term (https://disease-ontology.org, CC0).
The table maps the DOIDs CIViC uses for cancers to the OncoTree code of the same disease, or to the nearest
broader code that still contains it; OncoTree's hierarchy (`tumor_types`) then decides whether evidence in
that disease is in the patient's cancer type, a broader one, or another one. The table is checked when it
loads: every DOID once, every code present in the bundled OncoTree.

CIViC writes the number without the ``DOID:`` prefix and sometimes with leading zeros (``0060079``); the
zeros are part of the id (DOID:0060079 and DOID:60079 are different terms), so ids are read as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from oncotailor.errors import KnowledgeError

TABLE = Path(__file__).parent / "data" / "doid_oncotree.yaml"
_DOID = re.compile(r"^(?:DOID[:_])?(\d{1,8})$", re.IGNORECASE)


@dataclass(frozen=True)
class DoidTerm:
    doid: str  # "DOID:3910"
    name: str  # the Disease Ontology label
    oncotree: str | None  # None only for tumor-agnostic terms
    tumor_agnostic: bool = False
    also: tuple[str, ...] = ()  # other labels CIViC shows for this DOID

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)


@dataclass(frozen=True)
class DoidTable:
    meta: dict[str, Any]
    terms: dict[str, DoidTerm]

    @property
    def version(self) -> str:
        return str(self.meta.get("version") or self.meta.get("date"))


def normalize_doid(value: object) -> str | None:
    """``"3910"``, ``"DOID:3910"``, ``"doid_0060079"`` → ``"DOID:3910"`` / ``"DOID:0060079"``; None if empty or
    not a DOID. Digits are kept as written: leading zeros belong to the id."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    m = _DOID.match(text)
    return f"DOID:{m[1]}" if m else None


def same_name(a: str, b: str) -> bool:
    """Disease labels compared the way CIViC and DO spell them: case, dashes and apostrophes aside."""
    return _name_key(a) == _name_key(b)


def _name_key(text: str) -> str:
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    return re.sub(r"\s+", " ", text.strip().lower())


@lru_cache(maxsize=1)
def table() -> DoidTable:
    """The mapping table, validated (duplicate DOIDs and unknown OncoTree codes are knowledge errors)."""
    from oncotailor.vocab.tumor_types import all_codes

    try:
        doc = yaml.load(TABLE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{TABLE.name}: cannot read the DOID → OncoTree table ({exc})") from None
    codes = set(all_codes())
    terms: dict[str, DoidTerm] = {}
    for i, row in enumerate(doc.get("rows") or []):
        where = f"{TABLE.name} rows[{i}]"
        doid = normalize_doid(row.get("doid"))
        if doid is None or not str(row.get("doid", "")).upper().startswith("DOID:"):
            raise KnowledgeError(f"{where}: 'doid' must look like DOID:1234, got {row.get('doid')!r}")
        if doid in terms:
            raise KnowledgeError(f"{where}: {doid} is listed twice")
        agnostic = bool(row.get("tumor_agnostic", False))
        code = row.get("oncotree")
        if agnostic == (code is not None):
            raise KnowledgeError(f"{where}: give either an OncoTree code or tumor_agnostic: true")
        if code is not None and code not in codes:
            raise KnowledgeError(f"{where}: {code} is not an OncoTree code in the bundled release")
        name = str(row.get("name") or "").strip()
        if not name:
            raise KnowledgeError(f"{where}: 'name' (the Disease Ontology label) is missing")
        terms[doid] = DoidTerm(doid=doid, name=name, oncotree=code, tumor_agnostic=agnostic,
                               also=tuple(str(a) for a in row.get("also") or ()))
    return DoidTable(meta=dict(doc.get("meta") or {}), terms=terms)


def lookup(doid: object) -> DoidTerm | None:
    """The mapped term for a DOID in any of CIViC's spellings, or None when unmapped or not a DOID."""
    key = normalize_doid(doid)
    return table().terms.get(key) if key else None
