"""The parser's vocabulary (`trials/data/criteria_vocab.yaml`), compiled once into regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Vocab:
    version: str
    cancer: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]  # phrase → codes (first positive, rest excluded)
    driver_genes: tuple[str, ...]
    gene_re: re.Pattern[str]  # case-sensitive gene words
    gene_of: dict[str, str]  # word (upper) → symbol
    gene_groups: dict[str, tuple[str, ...]]
    therapy: tuple[tuple[str, re.Pattern[str]], ...]  # class → phrase pattern
    washout_other: tuple[tuple[str, re.Pattern[str]], ...]
    labs: tuple[tuple[str, re.Pattern[str], str], ...]  # analyte, pattern, case unit
    nci_pan_cancer: dict[str, str]

    def expand(self, gene: str) -> tuple[str, ...]:
        return self.gene_groups.get(gene, (gene,))


def _alt(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")", re.I)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("oncotailor.trials").joinpath("data/criteria_vocab.yaml").read_text(encoding="utf-8")
    )
    gene_of: dict[str, str] = {}
    for sym, words in raw["genes"].items():
        for w in words:
            gene_of[w.upper()] = sym
    words_sorted = sorted(gene_of, key=len, reverse=True)
    gene_re = re.compile(r"(?<![A-Za-z0-9-])(" + "|".join(re.escape(w) for w in words_sorted) + r")(?![A-Za-z0-9])",
                         re.I)
    return Vocab(
        version=str(raw["meta"]["version"]),
        cancer=tuple((re.compile(row[0], re.I), tuple(row[1:])) for row in raw["cancer_phrases"]),
        driver_genes=tuple(raw["driver_genes"]),
        gene_re=gene_re,
        gene_of=gene_of,
        gene_groups={k: tuple(v) for k, v in raw.get("gene_groups", {}).items()},
        therapy=tuple((cls, _alt(p)) for cls, p in raw["therapy_classes"].items()),
        washout_other=tuple((k, _alt(p)) for k, p in raw["washout_other"].items()),
        labs=tuple((k, _alt(v["patterns"]), v["unit"]) for k, v in raw["lab_analytes"].items()),
        nci_pan_cancer={str(k): str(v) for k, v in raw.get("nci_pan_cancer", {}).items()},
    )
