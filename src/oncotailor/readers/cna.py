"""Gene-level copy number → amplification / gain / loss / deletion alterations.

Two layouts, told apart by their header: the cBioPortal discrete matrix (`Hugo_Symbol [Entrez_Gene_Id]
sample…`, values -2…2) and CNVkit gene calls (`gene … log2 … cn`). The cut-offs are data
(`readers/data/cna_thresholds.yaml`, cited there), not code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from oncotailor.case import Alteration, AlterationKind, AlterationSource, CopyNumber
from oncotailor.errors import InputError
from oncotailor.readers.common import ReadResult, display_name, safe_text
from oncotailor.readers.gene_names import GeneNames
from oncotailor.readers.table import Table, cell, read_table

_META_COLUMNS = {"hugo_symbol", "entrez_gene_id", "cytoband", "locus id", "gene id"}


@lru_cache(maxsize=1)
def thresholds() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "data" / "cna_thresholds.yaml").read_text())
    return data


def _call(value: float, cut: dict[str, float]) -> CopyNumber | None:
    if value <= cut["deletion_max"]:
        return CopyNumber.deletion
    if value <= cut["loss_max"]:
        return CopyNumber.loss
    if value >= cut["amplification_min"]:
        return CopyNumber.amplification
    if value >= cut["gain_min"]:
        return CopyNumber.gain
    return None


def call_from_cn(cn: float) -> CopyNumber | None:
    """Absolute copy number (diploid genome) → call."""
    return _call(cn, thresholds()["copy_number"])


def call_from_log2(log2: float) -> CopyNumber | None:
    """CNVkit log2 ratio → call, when no integer copy number is given."""
    return _call(log2, thresholds()["log2"])


def read_cna(path: Path, *, sample: str | None = None) -> ReadResult:
    t = read_table(path, what="copy-number file")
    name = display_name(path)
    cols = [c.lower() for c in t.columns]
    if cols[0] == "hugo_symbol":
        return _discrete(t, name, sample)
    if "gene" in cols and ("log2" in cols or "cn" in cols):
        return _cnvkit(t, name)
    raise InputError("not a cBioPortal discrete CNA table or CNVkit gene calls", line=t.header_line,
                     hint="the header must start with Hugo_Symbol, or have gene and log2/cn columns")


def _number(text: str | None, line: int, field: str) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(f"'{safe_text(text, 20)}' is not a number", line=line, field=field) from None


def _alteration(gene: str, call: CopyNumber, line: int, name: str, raw: str) -> Alteration:
    return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration=call.value, copy_number=call,
                      source=AlterationSource.cna, file=name, line=line, raw=raw[:80])


def _discrete(t: Table, name: str, sample: str | None) -> ReadResult:
    samples = [(i, c) for i, c in enumerate(t.columns) if c.strip().lower() not in _META_COLUMNS]
    if sample:
        chosen = [s for s in samples if s[1] == sample]
        if not chosen:
            raise InputError(f"sample '{safe_text(sample, 60)}' is not a column of the CNA table", field="tumor.sample",
                             hint=f"columns: {', '.join(safe_text(c, 40) for _, c in samples[:8])}")
        col, label = chosen[0]
    elif len(samples) == 1:
        col, label = samples[0]
    else:
        raise InputError(f"the CNA table has {len(samples)} sample columns", field="tumor.sample",
                         hint=f"set tumor.sample to one of: {', '.join(safe_text(c, 40) for _, c in samples[:8])}")
    calls = thresholds()["discrete"]
    genes = GeneNames(code="cna.unknown_gene")
    res = ReadResult(records=len(t.rows), samples=[c for _, c in samples])
    for n, r in t.rows:
        symbol, value = cell(r, 0), cell(r, col)
        if not symbol or value is None:
            continue
        v = _number(value, n, label)
        if v is None or v != int(v) or not -2 <= v <= 2:
            raise InputError(f"discrete copy number must be -2, -1, 0, 1 or 2, got '{safe_text(value, 20)}'", line=n, field=safe_text(label))
        call = calls.get(str(int(v)))
        if call:
            res.alterations.append(_alteration(genes(symbol), CopyNumber(call), n, name, f"{symbol} {int(v)}"))
    res.warnings.extend(genes.warnings(name))
    return res


def _cnvkit(t: Table, name: str) -> ReadResult:
    g, lg, cn = t.index("gene"), t.index("log2"), t.index("cn")
    genes = GeneNames(code="cna.unknown_gene")
    res = ReadResult(records=len(t.rows))
    seen: set[str] = set()
    for n, r in t.rows:
        for symbol in (cell(r, g) or "").split(","):
            symbol = symbol.strip()
            if not symbol or symbol in {"-", "Antitarget"} or symbol in seen:
                continue
            copies, ratio = _number(cell(r, cn), n, "cn"), _number(cell(r, lg), n, "log2")
            call = call_from_cn(copies) if copies is not None else (call_from_log2(ratio) if ratio is not None else None)
            if call:
                seen.add(symbol)
                res.alterations.append(_alteration(genes(symbol), call, n, name,
                                                   f"{symbol} cn={cell(r, cn) or '?'} log2={cell(r, lg) or '?'}"))
    res.warnings.extend(genes.warnings(name))
    return res
