"""Pathogenic germline variants as therapy biomarkers.

Germline-BRCA labels (olaparib and talazoparib in breast cancer, olaparib in pancreatic cancer) select on an
inherited variant; a patient whose germline test found one needs no tumor test to be matched. The variant
is classified as the hereditary section classifies it (`risk.hereditary.carrier_variants`), joins the
tumor alterations with source `germline`, and is not added twice when the tumor test reports it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from oncotailor.case import Alteration, AlterationKind, AlterationSource, Case, GermlineVariant
from oncotailor.errors import OncoTailorError
from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.keys import canon_change


def _as_alteration(v: GermlineVariant) -> Alteration:
    from oncotailor.vocab.alterations import parse_alteration

    for text in (v.hgvsp, v.hgvsc, v.variant):
        if not text:
            continue
        try:
            a = parse_alteration(f"{v.gene} {text}")
        except OncoTailorError:
            continue
        return a.model_copy(update={"source": AlterationSource.germline, "consequence": v.consequence or a.consequence,
                                    "hgvsc": v.hgvsc or a.hgvsc, "hgvsp": v.hgvsp or a.hgvsp, "raw": v.raw or a.raw})
    return Alteration(gene=v.gene, kind=AlterationKind.mutation, alteration=v.variant, hgvsc=v.hgvsc, hgvsp=v.hgvsp,
                      consequence=v.consequence, source=AlterationSource.germline, raw=v.raw)


@dataclass(frozen=True)
class GermlineFacts:
    """What the case's germline test says: the carrier variants (classified once per case), and the genes the
    test covered (None: no germline result)."""

    carriers: tuple[GermlineVariant, ...]
    tested: frozenset[str] | None


def germline_facts(case: Case, kb: KnowledgeBase) -> GermlineFacts:
    from oncotailor.risk.hereditary import carrier_variants

    g = case.germline
    tested = frozenset(set(g.tested_genes or []) | {v.gene for v in g.variants}) if g is not None else None
    return GermlineFacts(tuple(carrier_variants(case, kb)), tested)


def germline_alterations(case: Case, facts: GermlineFacts) -> list[Alteration]:
    """Carrier variants not already among the tumor alterations (same gene and change, or same cDNA change)."""
    tumor = case.tumor.alterations if case.tumor else []
    seen = {(a.gene, canon_change(a.alteration)) for a in tumor} | {(a.gene, (a.hgvsc or "").lower())
                                                                      for a in tumor if a.hgvsc}
    out = []
    for v in facts.carriers:
        a = _as_alteration(v)
        if (a.gene, canon_change(a.alteration)) in seen or (a.hgvsc and (a.gene, a.hgvsc.lower()) in seen):
            continue
        out.append(a)
    return out


def germline_status(facts: GermlineFacts | None, genes: list[str]) -> tuple[str, str | None]:
    """A label's germline requirement: met (a carrier variant in one of `genes`), not met (germline testing
    covered the genes and found none), unknown (no germline result for them)."""
    wanted = set(genes)
    found = sorted(f"{v.gene} {v.variant}" for v in (facts.carriers if facts else ()) if v.gene in wanted)
    if found:
        return "met", "germline: " + ", ".join(found)
    if facts is not None and facts.tested is not None and wanted <= facts.tested:
        return "not_met", "germline testing of " + ", ".join(sorted(wanted)) + " found no pathogenic variant"
    return "unknown", "no germline result for " + ", ".join(sorted(wanted)) + ": a tumor finding may be somatic"
