"""Report-style alteration text → `Alteration` (placeholder grammar; the full parser lands with the vocab work)."""

from __future__ import annotations

import re

from oncotailor.case import Alteration, AlterationKind, CopyNumber
from oncotailor.errors import AlterationParseError
from oncotailor.vocab.genes import normalise_gene

_MISSENSE = re.compile(r"^p?\.?([A-Z])(\d+)([A-Z*])$")


def parse_alteration(text: str) -> Alteration:
    raw = text.strip()
    parts = raw.split(None, 1)
    if "::" in parts[0]:
        five, three = parts[0].split("::", 1)
        return Alteration(gene=normalise_gene(three), kind=AlterationKind.fusion, alteration=f"{five}::{three}",
                          fusion_5p=normalise_gene(five), fusion_3p=normalise_gene(three), raw=raw)
    if len(parts) < 2:
        raise AlterationParseError(f"cannot read alteration '{raw}'", hint="write 'GENE CHANGE', e.g. 'EGFR L858R'")
    gene, change = normalise_gene(parts[0]), parts[1].strip()
    low = change.lower()
    if low in {"amplification", "amp"}:
        return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration="amplification",
                          copy_number=CopyNumber.amplification, raw=raw)
    if low in {"deletion", "del", "homozygous deletion"}:
        return Alteration(gene=gene, kind=AlterationKind.copy_number, alteration="deletion",
                          copy_number=CopyNumber.deletion, raw=raw)
    m = _MISSENSE.match(change)
    if m:
        return Alteration(gene=gene, alteration=f"{m[1]}{m[2]}{m[3]}", ref_aa=m[1], alt_aa=m[3],
                          protein_start=int(m[2]), protein_end=int(m[2]), raw=raw)
    return Alteration(gene=gene, alteration=change, raw=raw)
