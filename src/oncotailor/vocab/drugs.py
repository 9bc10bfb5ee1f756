"""Drug names → lowercase INN, and the classes that label conditions and trial criteria speak of.

"Prior platinum" and "no prior EGFR TKI" are statements about classes; keeping classes as data lets
the same rule read "after osimertinib", "after Tagrisso" and "after AZD9291".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from oncotailor.errors import InputError

DATA = Path(__file__).parent / "data" / "drugs.yaml"


@dataclass(frozen=True)
class Drug:
    name: str
    classes: frozenset[str]
    brands: tuple[str, ...]
    codes: tuple[str, ...]


def _key(text: str) -> str:
    s = text.strip().lower().replace("®", "").replace("™", "")
    s = re.sub(r"[\s_]+", " ", s)
    return s


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Drug], dict[str, str]]:
    rows = yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["rows"]
    drugs: dict[str, Drug] = {}
    lookup: dict[str, str] = {}
    for name, info in rows.items():
        d = Drug(name=name, classes=frozenset(info.get("classes", [])), brands=tuple(info.get("brands", [])),
                 codes=tuple(info.get("codes", [])))
        drugs[name] = d
        for alias in (name, *d.brands, *d.codes):
            lookup.setdefault(_key(alias), name)
            lookup.setdefault(_key(alias).replace("-", " "), name)
            lookup.setdefault(_key(alias).replace("-", ""), name)
    return drugs, lookup


_SALT = re.compile(r"\s+(mesylate|hydrochloride|maleate|tosylate|citrate|sodium|acetate|dimaleate|malate|"
                   r"besylate|succinate|phosphate|sulfate|tartrate|hcl)$")


def lookup(name: str) -> str | None:
    """The INN for `name` (INN, brand, research code; salts and suffixes such as '-awwb' ignored), or None."""
    _, table = _table()
    k = _key(name)
    for cand in (k, _SALT.sub("", k), re.sub(r"-[a-z]{4}$", "", k), k.replace("-", " ")):
        if cand in table:
            return table[cand]
    return None


def normalise_drug(name: str) -> str:
    """The INN for a known drug; InputError with suggestions for an unknown one."""
    found = lookup(name)
    if found is None:
        import difflib

        _, table = _table()
        close = difflib.get_close_matches(_key(name), list(table), n=3, cutoff=0.75)
        raise InputError(f"unknown drug '{name.strip()}'",
                         hint=f"did you mean {', '.join(dict.fromkeys(table[c] for c in close))}?" if close else None)
    return found


def is_known_drug(name: str) -> bool:
    return lookup(name) is not None


def drug_classes(name: str) -> frozenset[str]:
    """Classes of a drug (empty for an unknown one: unknown is not 'no class')."""
    found = lookup(name)
    return _table()[0][found].classes if found else frozenset()


def drugs_in_class(cls: str) -> list[str]:
    return sorted(d.name for d in _table()[0].values() if cls in d.classes)


def all_drugs() -> list[str]:
    return sorted(_table()[0])
