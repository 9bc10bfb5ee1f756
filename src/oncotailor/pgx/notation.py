"""Outside-call notation: diplotype strings from Cyrius, StellarPGx, Aldy, PyPGx or a lab, made comparable.

Handled: gene prefixes (``CYP2D6*4/*41``), copy numbers (``*2x2``, ``*1xN`` read as two copies with a note,
``*2x≥3`` as three), tandem arrangements (``*36+*10``), PharmVar sub-alleles (``*2.001``), Aldy suffixes
(``.ALDY``), legacy and short names through the alias table (UGT1A1 ``*60`` → ``*1``; DPYD ``*2A`` →
``c.1905+1G>A (*2A)``), and a phenotype or activity score given instead of a diplotype.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oncotailor.pgx.tables import PgxTables

PHENOTYPE_WORDS = {
    "pm": "Poor Metabolizer", "im": "Intermediate Metabolizer", "nm": "Normal Metabolizer",
    "rm": "Rapid Metabolizer", "um": "Ultrarapid Metabolizer", "em": "Normal Metabolizer",
    "poor metabolizer": "Poor Metabolizer", "intermediate metabolizer": "Intermediate Metabolizer",
    "normal metabolizer": "Normal Metabolizer", "rapid metabolizer": "Rapid Metabolizer",
    "ultrarapid metabolizer": "Ultrarapid Metabolizer", "extensive metabolizer": "Normal Metabolizer",
    "possible intermediate metabolizer": "Possible Intermediate Metabolizer",
    "likely intermediate metabolizer": "Likely Intermediate Metabolizer",
    "likely poor metabolizer": "Likely Poor Metabolizer",
    "deficient": "Deficient", "normal": "Normal", "variable": "Variable",
    "deficient with cnsha": "Deficient with CNSHA", "indeterminate": "Indeterminate",
}


@dataclass
class Haplotype:
    parts: list[tuple[str, int]]  # (allele, copies), in tandem order

    @property
    def name(self) -> str:
        return "+".join(a + (f"x{n}" if n > 1 else "") for a, n in self.parts)


@dataclass
class OutsideCall:
    gene: str
    raw: str
    haplotypes: list[Haplotype] = field(default_factory=list)
    phenotype: str | None = None
    activity_score: float | None = None
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def diplotype(self) -> str | None:
        return "/".join(h.name for h in self.haplotypes) if self.haplotypes else None


def _phenotype_word(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text.strip().lower().replace("metaboliser", "metabolizer"))
    t = re.sub(r"^g6pd ", "", t)
    return PHENOTYPE_WORDS.get(t)


def parse_outside_call(gene: str, raw: str, tables: PgxTables) -> OutsideCall:
    text = raw.strip()
    call = OutsideCall(gene, raw)
    m = re.fullmatch(r"(?:activity score|as)\s*[:=]?\s*(\d+(?:\.\d+)?)", text, flags=re.I)
    if m:
        call.activity_score = float(m.group(1))
        return call
    word = _phenotype_word(text)
    if word:
        call.phenotype = word
        return call
    text = re.sub(rf"(?i)\b{re.escape(gene)}\s*(?=\*)", "", text)  # 'CYP2D6*4/*41' → '*4/*41'
    halves = text.split("/")
    if len(halves) > 2:
        call.unknown.append(raw)
        call.notes.append("more than two haplotypes in the outside call")
        return call
    for half in halves:
        call.haplotypes.append(_haplotype(gene, half.strip(), tables, call))
    from oncotailor.pgx.matcher import natural_key

    call.haplotypes.sort(key=lambda h: natural_key(h.parts[0][0]) if h.parts else ())
    return call


def _haplotype(gene: str, text: str, tables: PgxTables, call: OutsideCall) -> Haplotype:
    whole = tables.resolve_allele(gene, text)
    if whole is not None:  # names with '+' or ',' (DPYD 'c.1905+1G>A (*2A)') resolve whole first
        if whole != text:
            call.notes.append(f"'{text}' read as '{whole}'")
        return Haplotype([(whole, 1)])
    parts = re.split(r"\+(?=\*)", text) if text.startswith("*") else [text]
    out: list[tuple[str, int]] = []
    for part in parts:
        part = re.sub(r"(?i)\.aldy$|:\d+$", "", part.strip())
        copies = 1
        m = re.fullmatch(r"(.+?)\s*[x×]\s*(≥|>=|>)?\s*(\d+|n)", part, flags=re.I)
        if m:
            part = m.group(1)
            if m.group(3).lower() == "n":
                copies = 2
                call.notes.append(f"'{m.group(0)}': unknown copy number read as 2 copies (activity may be higher)")
            else:
                copies = int(m.group(3))
                if m.group(2):
                    call.notes.append(f"'{m.group(0)}': at least {copies} copies; activity may be higher")
        name = tables.resolve_allele(gene, part)
        if name is None and re.fullmatch(r"\*\d+[A-Z]", part):  # retired letter suffix, e.g. CYP2D6 '*4A'
            name = tables.resolve_allele(gene, part[:-1])
        if name is None:
            call.unknown.append(part)
            name = part
        elif name != part:
            call.notes.append(f"'{part}' read as '{name}'")
        out.append((name, copies))
    return Haplotype(out)
