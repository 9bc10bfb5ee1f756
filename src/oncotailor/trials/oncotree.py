"""Condition words → OncoTree codes and ancestry, through `oncotailor.vocab.tumor_types` (never fails loudly).

Trial registries name conditions loosely ("Carcinoma, Non-Small-Cell Lung", "Stage IV NSCLC", "Advanced Solid
Tumors"); this module tries the vocabulary on the phrase and on cleaned variants, then on the criteria
parser's phrase table, and returns None rather than guessing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from oncotailor.trials.criteria.vocab import vocab

PAN_CANCER = frozenset({"_SOLID_", "_LIQUID_", "_ANY_"})
_CODE = re.compile(r"^[A-Z0-9_]+$")
_NOISE = re.compile(
    r"\b(stage\s+[0-9ivx]+[abc]?\d?|advanced|metastatic|recurrent|refractory|relapsed|unresectable|locally|"
    r"previously treated|untreated|resectable|early|late|and|or|with|positive|mutant|mutated|negative|"
    r"\w+[- ]mutant|\w+[- ]positive)\b",
    re.I,
)


def _try(name: str) -> str | None:
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        tt = resolve_cancer_type(name)
    except Exception:
        return None
    code = getattr(tt, "code", None)
    if not code or not _CODE.match(code) or not getattr(tt, "ancestors", None):
        return None
    return str(code)


@lru_cache(maxsize=8192)
def resolve_condition(text: str) -> str | None:
    """An OncoTree code (or _SOLID_/_LIQUID_) for a condition phrase, or None."""
    t = text.strip()
    if not t:
        return None
    if "," in t and t.count(",") == 1:  # MeSH inverted form: "Carcinoma, Non-Small-Cell Lung"
        a, b = (x.strip() for x in t.split(","))
        candidates = [t, f"{b} {a}"]
    else:
        candidates = [t]
    for c in list(candidates):
        cleaned = re.sub(r"\s+", " ", _NOISE.sub(" ", c)).strip(" ,-")
        if cleaned and cleaned != c:
            candidates.append(cleaned)
    for c in candidates:
        for rx, codes in vocab().cancer:
            if rx.fullmatch(c.lower()):
                return codes[0]
    for c in candidates:
        code = _try(c)
        if code:
            return code
    for c in candidates:
        for rx, codes in vocab().cancer:
            if rx.search(c.lower()):
                return codes[0]
    return None


@lru_cache(maxsize=1)
def _nci_to_oncotree() -> dict[str, str]:
    """NCIt concept id → OncoTree code, from the `nci` column of the vocabulary's OncoTree table."""
    import csv

    from oncotailor.vocab import tumor_types

    path = getattr(tumor_types, "DATA", None)
    out: dict[str, str] = {}
    if path is None or not (path / "oncotree.tsv").is_file():
        return out
    with (path / "oncotree.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for nci in (row.get("nci") or "").split(","):
                if nci.strip():
                    out.setdefault(nci.strip(), row["code"])
    return out


def resolve_nci(concept_ids: list[str]) -> str | None:
    """The first NCIt concept (own id, then parents) that OncoTree lists."""
    pan = vocab().nci_pan_cancer
    for c in concept_ids:
        if c in pan:
            return pan[c]
    table = _nci_to_oncotree()
    return next((table[c] for c in concept_ids if c in table and table[c] != "MT"), None)


@lru_cache(maxsize=8192)
def lineage(code: str) -> tuple[str, ...]:
    """The code and its ancestors (root last); pan-cancer and unknown codes are their own lineage."""
    if code in PAN_CANCER:
        return (code,)
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        tt = resolve_cancer_type(code)
    except Exception:
        return (code,)
    return (code, *reversed(tuple(a for a in tt.ancestors if a != code)))


@lru_cache(maxsize=8192)
def is_solid(code: str) -> bool | None:
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        return bool(resolve_cancer_type(code).solid)
    except Exception:
        return None
