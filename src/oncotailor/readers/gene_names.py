"""Gene symbols read from data files → approved HGNC symbols; unknown symbols are kept, reported once each.

The foundation issue asks that a gene an annotation names but HGNC does not know is kept with a warning,
not dropped and not refused: annotation sources lag HGNC renames, and the report must show what was read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from oncotailor.case import ReadWarning
from oncotailor.readers.common import safe_text


@dataclass
class GeneNames:
    """Callable cache: `names("MLL2")` → "KMT2D"; `names.warnings(file)` lists the symbols HGNC lacks."""

    code: str = "vcf.unknown_gene"
    unknown: Counter[str] = field(default_factory=Counter)
    cache: dict[str, str] = field(default_factory=dict)

    def __call__(self, symbol: str) -> str:
        hit = self.cache.get(symbol)
        if hit is None:
            from oncotailor.vocab.genes import is_known_gene, normalise_gene

            known = is_known_gene(symbol)
            hit = self.cache[symbol] = normalise_gene(symbol) if known else symbol
            if not known:
                self.unknown[symbol] = 0
        if symbol in self.unknown:
            self.unknown[symbol] += 1
        return hit

    def warnings(self, name: str) -> list[ReadWarning]:
        return [ReadWarning(code=self.code, file=name,
                            message=f"gene symbol '{safe_text(g, 40)}' is not an HGNC symbol; its {n} record(s) are kept as written")
                for g, n in sorted(self.unknown.items())]
