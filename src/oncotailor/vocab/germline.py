"""Germline variant text → `GermlineVariant`.

Reads what lab reports write: ``BRCA2 c.5946delT pathogenic``, ``BRCA2 c.5946delT (p.Ser1982Argfs*22)
likely pathogenic``, ``MLH1 c.1905+1G>A``, ``CHEK2 1100delC heterozygous``, ``APC p.Arg1450Ter``. The
classification is taken only from the text (the lab's call); when absent it stays None so the risk engine
can apply its rules and say so. The consequence is inferred from the HGVS where that is unambiguous.
"""

from __future__ import annotations

import re

from oncotailor.case import Classification, GermlineVariant
from oncotailor.errors import AlterationParseError
from oncotailor.vocab.alterations import three_to_one
from oncotailor.vocab.genes import normalise_gene

_CLASS = [
    (r"likely[\s_-]*pathogenic|\blp\b", Classification.likely_pathogenic),
    (r"likely[\s_-]*benign|\blb\b", Classification.likely_benign),
    (r"pathogenic|\bp\b(?=\s*$)|deleterious|mutation carrier", Classification.pathogenic),
    (r"\bvus\b|uncertain(?:\s+significance)?|variant of uncertain significance", Classification.uncertain),
    (r"benign", Classification.benign),
]
_ZYG = [(r"\b(homozygous|hom|homozygote)\b", "homozygous"), (r"\b(heterozygous|het|heterozygote)\b", "heterozygous"),
        (r"\b(hemizygous|hemi)\b", "hemizygous")]
_C = re.compile(r"\bc\.[^\s(),;]+")
_P = re.compile(r"\bp\.\(?([^\s(),;]+?)\)?(?=[\s(),;]|$)")
_LEGACY_C = re.compile(r"^(\d+(?:[+-]\d+)?(?:del|ins|dup)[ACGT]*|\d+[ACGT]>[ACGT])$", re.I)


def infer_consequence(hgvsc: str | None, hgvsp: str | None) -> str | None:
    """SO consequence from HGVS text where it is unambiguous; None otherwise."""
    if hgvsp:
        p = three_to_one(hgvsp.removeprefix("p.").strip("()"))
        if re.search(r"fs", p):
            return "frameshift_variant"
        if re.search(r"\d+(\*|X)$", p) or re.search(r"\d+\*$", p):
            return "stop_gained"
        if p.startswith("M1") and (p.endswith("?") or p == "M1"):
            return "start_lost"
        if re.search(r"del|ins|dup", p):
            return "inframe_indel"
        if re.fullmatch(r"[A-Z]\d+=", p):
            return "synonymous_variant"
        if re.fullmatch(r"[A-Z]\d+[A-Z]", p):
            return "missense_variant"
    if hgvsc:
        c = hgvsc.removeprefix("c.")
        m = re.match(r"^[-*]?\d+([+-])(\d+)", c)
        if m:
            return ("splice_donor_variant" if m[1] == "+" else "splice_acceptor_variant") if int(m[2]) <= 2 \
                else "intron_variant"
        m = re.match(r"^(\d+)(?:_(\d+))?(del|dup|ins|delins)([ACGT]*)$", c, re.I)
        if m:
            start, end = int(m[1]), int(m[2] or m[1])
            op, seq = m[3].lower(), m[4]
            if op == "del" or op == "dup":
                length = len(seq) if seq else end - start + 1
            elif op == "ins":
                length = len(seq) if seq else 0
            else:
                length = abs(len(seq) - (end - start + 1))
            if length:
                return "frameshift_variant" if length % 3 else "inframe_indel"
    return None


def parse_germline_variant(text: str) -> GermlineVariant:
    raw = re.sub(r"\s+", " ", text.strip())
    parts = raw.split(" ", 1)
    if len(parts) < 2 or not parts[1].strip():
        raise AlterationParseError(f"cannot read germline variant '{raw}'",
                                   hint="write 'GENE c.CHANGE [classification]', e.g. 'BRCA2 c.5946delT pathogenic'")
    gene = normalise_gene(parts[0])
    rest = parts[1]
    low = rest.lower()
    cls = next((c for pat, c in _CLASS if re.search(pat, low)), None)
    zyg = next((z for pat, z in _ZYG if re.search(pat, low)), None)
    hgvsc = m.group(0) if (m := _C.search(rest)) else None
    hgvsp = f"p.{m[1]}" if (m := _P.search(rest)) else None
    if hgvsc is None and hgvsp is None:
        first = rest.split()[0]
        if _LEGACY_C.match(first):
            hgvsc = f"c.{first}"
        else:
            raise AlterationParseError(f"no c. or p. change found in '{raw}'",
                                       hint="e.g. 'BRCA2 c.5946delT' or 'APC p.Arg1450Ter'")
    variant = " ".join(x for x in (hgvsc, f"({hgvsp})" if hgvsc and hgvsp else hgvsp) if x)
    return GermlineVariant(gene=gene, variant=variant, hgvsc=hgvsc, hgvsp=hgvsp,
                           consequence=infer_consequence(hgvsc, hgvsp), classification=cls, zygosity=zyg, raw=raw)
