"""Fusion caller output → fusion alterations (`EML4::ALK`, 5' partner first; `gene` is the 3' partner).

Arriba (`#gene1 gene2 strand1(gene/fusion) … breakpoint1 breakpoint2 … direction1 direction2 … confidence`):
the 5' partner is the one transcribed *towards* the breakpoint — fusion strand '+' and direction
'downstream', or '-' and 'upstream' (Arriba documentation, "Output files"). Calls of low confidence are
counted, not listed. STAR-Fusion (`#FusionName JunctionReadCount … LeftGene LeftBreakpoint RightGene …`):
the left gene is the 5' partner. A structural-variant VCF given here is read by the VCF reader and its
fusion records kept.
"""

from __future__ import annotations

from pathlib import Path

from oncotailor.case import Alteration, AlterationKind, AlterationSource, ReadWarning
from oncotailor.errors import InputError
from oncotailor.readers.common import ReadResult, display_name, require_file
from oncotailor.readers.gene_names import GeneNames
from oncotailor.readers.table import Table, cell, read_table


def _is_header(line: str) -> bool:
    return line.startswith(("#gene1", "#FusionName", "gene1\t", "FusionName\t"))


def read_fusions(path: Path, *, sample: str | None = None, build: str | None = None) -> ReadResult:
    require_file(path)
    head = path.open("rb").read(64)
    if head[:2] == b"\x1f\x8b" or head.startswith(b"##fileformat=VCF"):
        from oncotailor.readers.vcf import read_tumor_vcf

        res = read_tumor_vcf(path, sample=sample, build=build)
        res.alterations = [a for a in res.alterations if a.kind == AlterationKind.fusion]
        return res
    t = read_table(path, what="Arriba or STAR-Fusion table", is_header=_is_header)
    if t.columns[0] == "gene1":
        return _arriba(t, display_name(path))
    if t.columns[0] == "FusionName":
        return _star_fusion(t, display_name(path))
    raise InputError("not an Arriba or STAR-Fusion table", line=1,
                     hint="the header must start with '#gene1' (Arriba) or '#FusionName' (STAR-Fusion)")


def _names(text: str) -> list[str]:
    """Arriba writes intergenic neighbours as 'A(1234),B(567)'; keep the symbols."""
    return [p.split("(")[0].strip() for p in text.split(",") if p.split("(")[0].strip()]


def _five_prime(strand: str | None, direction: str | None) -> bool | None:
    fusion = (strand or "").split("/")[-1]
    if fusion not in {"+", "-"} or direction not in {"upstream", "downstream"}:
        return None
    return (fusion == "+") == (direction == "downstream")


def _arriba(t: Table, name: str) -> ReadResult:
    g1, g2 = t.index("gene1", required=True, what="Arriba table"), t.index("gene2", required=True, what="Arriba table")
    s1, s2 = t.index("strand1(gene/fusion)"), t.index("strand2(gene/fusion)")
    d1, d2 = t.index("direction1"), t.index("direction2")
    b1, b2 = t.index("breakpoint1"), t.index("breakpoint2")
    conf = t.index("confidence")
    genes = GeneNames(code="fusions.unknown_gene")
    res = ReadResult(records=len(t.rows))
    low = unoriented = 0
    seen: set[tuple[str, str]] = set()
    for n, r in t.rows:
        if (cell(r, conf) or "").lower() == "low":
            low += 1
            continue
        a, b = _names(cell(r, g1) or ""), _names(cell(r, g2) or "")
        if len(a) != 1 or len(b) != 1:
            continue  # intergenic breakpoint: no gene to name
        first = _five_prime(cell(r, s1), cell(r, d1))
        second = _five_prime(cell(r, s2), cell(r, d2))
        five, three, bp5, bp3 = a[0], b[0], cell(r, b1), cell(r, b2)
        if first is False or (first is None and second is True):
            five, three, bp5, bp3 = three, five, bp3, bp5
        elif first is None and second is None:
            unoriented += 1
        _add(res, genes, seen, five, three, n, name, bp5, bp3)
    res.warnings.extend(genes.warnings(name))
    if low:
        res.warnings.append(ReadWarning(code="fusions.low_confidence", file=name,
                                        message=f"{low} low-confidence Arriba call(s) were not listed"))
    if unoriented:
        res.warnings.append(ReadWarning(code="fusions.orientation_unknown", file=name, message=(
            f"{unoriented} fusion(s) without a predicted transcribed strand are listed as gene1::gene2; "
            "the 5'/3' order may be reversed")))
    return res


def _star_fusion(t: Table, name: str) -> ReadResult:
    fn = t.index("FusionName", required=True, what="STAR-Fusion table")
    lb, rb = t.index("LeftBreakpoint"), t.index("RightBreakpoint")
    genes = GeneNames(code="fusions.unknown_gene")
    res = ReadResult(records=len(t.rows))
    seen: set[tuple[str, str]] = set()
    for n, r in t.rows:
        parts = (cell(r, fn) or "").split("--")
        if len(parts) != 2 or not all(parts):
            raise InputError("FusionName must read 'GENE5--GENE3'", line=n, field="FusionName")
        _add(res, genes, seen, parts[0], parts[1], n, name, cell(r, lb), cell(r, rb))
    res.warnings.extend(genes.warnings(name))
    return res


def _add(res: ReadResult, genes: GeneNames, seen: set[tuple[str, str]], five: str, three: str, line: int,
         name: str, bp1: str | None, bp2: str | None) -> None:
    five, three = genes(five), genes(three)
    if (five, three) in seen:
        return
    seen.add((five, three))
    chrom, pos = _breakpoint(bp1)
    res.alterations.append(Alteration(
        gene=three, kind=AlterationKind.fusion, alteration=f"{five}::{three}", fusion_5p=five, fusion_3p=three,
        consequence="gene_fusion", chrom=chrom, pos=pos, source=AlterationSource.fusion_tsv, file=name, line=line,
        raw=f"{five}::{three} {(bp1 or '')[:40]} {(bp2 or '')[:40]}".strip()))


def _breakpoint(text: str | None) -> tuple[str | None, int | None]:
    """'chr2:29223000' or 'chr2:29223000:+' → ('chr2', 29223000)."""
    if not text:
        return None, None
    parts = text.split(":")
    if len(parts) >= 2 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return None, None
