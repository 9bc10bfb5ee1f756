"""Cancer type names and codes → OncoTree (oncotree_2025_10_03) with its hierarchy.

Accepts a current OncoTree code (``LUAD``), an older code (``GBM`` from the 2021 release, mapped
through OncoTree's history/revocation fields), an OncoTree name (``Lung Adenocarcinoma``) or a common
name (``lung cancer``, ``CML``). Ancestry drives therapy matching: a rule for NSCLC fits LUAD.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from oncotailor.errors import UnknownCancerTypeError

DATA = Path(__file__).parent / "data"
NON_SOLID_TISSUES = frozenset({"Myeloid", "Lymphoid"})


@dataclass(frozen=True)
class TumorType:
    code: str
    name: str
    main_type: str | None
    tissue: str | None
    ancestors: tuple[str, ...]  # root → parent, e.g. ("TISSUE", "LUNG", "NSCLC")
    solid: bool = True

    @property
    def lineage(self) -> tuple[str, ...]:
        """Ancestors plus the code itself, root first."""
        return (*self.ancestors, self.code)


@dataclass(frozen=True)
class _Tree:
    types: dict[str, TumorType]
    legacy: dict[str, str]
    names: dict[str, str]


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("’", "'").replace("_", " "))


@lru_cache(maxsize=1)
def _tree() -> _Tree:
    types: dict[str, TumorType] = {}
    names: dict[str, str] = {}
    with (DATA / "oncotree.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            anc = tuple(filter(None, (r["ancestors"] or "").split("|")))
            types[r["code"]] = TumorType(
                code=r["code"], name=r["name"], main_type=r["main_type"] or None, tissue=r["tissue"] or None,
                ancestors=anc, solid=(r["tissue"] or "") not in NON_SOLID_TISSUES,
            )
            names.setdefault(_key(r["name"]), r["code"])
    legacy: dict[str, str] = {}
    with (DATA / "oncotree_legacy.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            legacy[r["old_code"]] = r["code"]
    syn = yaml.load((DATA / "tumor_synonyms.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["rows"]
    for name, code in syn.items():
        if code not in types:
            raise RuntimeError(f"tumor_synonyms.yaml maps '{name}' to unknown code {code}")
        names[_key(name)] = code
    return _Tree(types=types, legacy=legacy, names=names)


def resolve_cancer_type(name: str) -> TumorType:
    """The OncoTree type for a code, legacy code, OncoTree name or common name."""
    tree = _tree()
    text = name.strip()
    code = text.upper()
    if code in tree.types:
        return tree.types[code]
    if code in tree.legacy:
        return tree.types[tree.legacy[code]]
    key = _key(text)
    if key in tree.names:
        return tree.types[tree.names[key]]
    if key.endswith(" cancer") or key.endswith("s"):
        for alt in (key[: -len(" cancer")] if key.endswith(" cancer") else key[:-1],):
            if alt in tree.names:
                return tree.types[tree.names[alt]]
    raise UnknownCancerTypeError(text, suggest(text))


def suggest(text: str, n: int = 3) -> list[str]:
    tree = _tree()
    key = _key(text)
    out: list[str] = []
    if len(key) <= 8:
        out += [c for c in difflib.get_close_matches(key.upper(), list(tree.types), n=n, cutoff=0.6)]
    out += [f"{m} ({tree.names[m]})" for m in difflib.get_close_matches(key, list(tree.names), n=n, cutoff=0.6)]
    return list(dict.fromkeys(out))[:n]


def get(code: str) -> TumorType:
    return resolve_cancer_type(code)


def is_descendant(code: str, ancestor: str) -> bool:
    """True when `code` is `ancestor` or lies below it in OncoTree (legacy codes accepted)."""
    t = resolve_cancer_type(code)
    a = resolve_cancer_type(ancestor).code
    return a == t.code or a in t.ancestors


def all_codes() -> list[str]:
    return sorted(_tree().types)
