"""Structural-variant breakends → gene fusions.

Mate breakends (`SVTYPE=BND`, `MATEID`) whose annotations name two different genes make one fusion. Its
5'/3' order follows from the breakend notation (VCF 4.3 §5.4: `t[p[` and `t]p]` keep the sequence left of
the breakend, `]p]t` and `[p[t` the sequence right of it) and the gene's strand (VEP `STRAND`): a + strand
gene keeps its 5' end on the left. Without strands the file order is kept and a warning says so.
"""

from __future__ import annotations

from typing import Any

from oncotailor.case import Alteration, AlterationKind, ReadWarning
from oncotailor.readers import annotations as ann
from oncotailor.readers.common import ReadResult
from oncotailor.readers.gene_names import GeneNames

Breakend = tuple[str | None, int | None, str, str | None, dict[str, Any]]  # gene, strand, ALT, mate id, fields


def breakend(found: dict[str, Breakend], rec_id: str, mate: str | None, annotation: str | None,
             layout: ann.Layout, base: dict[str, Any]) -> None:
    """Remember a BND record's gene and strand (from any annotation of it) and its mate, to pair them later."""
    eff = layout.best(annotation, None) if annotation else None
    if rec_id and rec_id != ".":
        found[rec_id] = (eff.gene if eff else None, eff.strand if eff else None, str(base["alt"]),
                         mate, base)


def five_prime_here(alt: str, strand: int | None) -> bool | None:
    """Is this breakend's gene the 5' partner? VCF 4.3 §5.4: `t[p[`/`t]p]` keep the sequence left of the
    breakend, `]p]t`/`[p[t` the sequence right of it; a + strand gene keeps its 5' end on the left."""
    if strand not in (1, -1) or not any(c in alt for c in "[]"):
        return None
    keeps_left = not alt.startswith(("[", "]"))
    return (strand == 1) == keeps_left


def pair_breakends(res: ReadResult, found: dict[str, Breakend], fusions: set[tuple[str, str]], genes: GeneNames,
                    name: str) -> None:
    """Mate breakends in two different genes → a fusion, oriented by breakend notation and gene strand."""
    done: set[str] = set()
    unoriented = 0
    for rec_id, (gene, strand, alt, mate, base) in found.items():
        if rec_id in done or not gene or not mate or mate not in found:
            continue
        done.update({rec_id, mate})
        other, o_strand, o_alt, _, _ = found[mate]
        if not other or other == gene:
            continue
        here = five_prime_here(alt, strand)
        there = five_prime_here(o_alt, o_strand)
        five, three = genes(gene), genes(other)
        if here is False or (here is None and there is True):
            five, three = three, five
        elif here is None and there is None:
            unoriented += 1
        if (five, three) in fusions or (three, five) in fusions:
            continue
        fusions.add((five, three))
        res.alterations.append(Alteration(gene=three, kind=AlterationKind.fusion, alteration=f"{five}::{three}",
                                          fusion_5p=five, fusion_3p=three, consequence="gene_fusion", **base))
    if unoriented:
        res.warnings.append(ReadWarning(code="vcf.fusion_orientation_unknown", file=name, message=(
            f"{unoriented} fusion(s) from paired breakends are listed in file order: without gene strands "
            "in the annotation the 5'/3' order is not known and may be reversed")))
