"""Germline variant text ("BRCA2 c.5946delT pathogenic") → `GermlineVariant` (placeholder grammar)."""

from __future__ import annotations

from oncotailor.case import Classification, GermlineVariant
from oncotailor.errors import AlterationParseError
from oncotailor.vocab.genes import normalise_gene

_CLASS = {
    "pathogenic": Classification.pathogenic, "likely_pathogenic": Classification.likely_pathogenic,
    "likely pathogenic": Classification.likely_pathogenic, "vus": Classification.uncertain,
    "uncertain": Classification.uncertain, "likely_benign": Classification.likely_benign,
    "benign": Classification.benign,
}


def parse_germline_variant(text: str) -> GermlineVariant:
    raw = text.strip()
    parts = raw.split()
    if len(parts) < 2:
        raise AlterationParseError(f"cannot read germline variant '{raw}'", hint="write 'GENE c.CHANGE [classification]'")
    gene = normalise_gene(parts[0])
    rest = " ".join(parts[1:])
    cls = None
    for label in sorted(_CLASS, key=len, reverse=True):
        if rest.lower().endswith(label):
            cls = _CLASS[label]
            rest = rest[: -len(label)].strip()
            break
    return GermlineVariant(gene=gene, variant=rest, hgvsc=rest if rest.startswith("c.") else None,
                           hgvsp=rest if rest.startswith("p.") else None, classification=cls, raw=raw)
