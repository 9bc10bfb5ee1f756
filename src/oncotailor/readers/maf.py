"""MAF (GDC / vcf2maf) → alterations. Columns are found by header name, never by position.

GDC MAF format v1.0.0 (docs.gdc.cancer.gov, "Mutation Annotation Format"): Hugo_Symbol, Variant_Classification,
HGVSp_Short, HGVSc, t_alt_count/t_depth, Tumor_Sample_Barcode, NCBI_Build. vcf2maf also writes VEP's
`Consequence`, which is preferred to the coarser Variant_Classification when present.
"""

from __future__ import annotations

from pathlib import Path

from oncotailor.case import Alteration, AlterationKind, AlterationSource, GenomeBuild, ReadWarning
from oncotailor.errors import InputError
from oncotailor.readers import annotations as ann
from oncotailor.readers.common import ReadResult, display_name, safe_text
from oncotailor.readers.gene_names import GeneNames
from oncotailor.readers.genome_build import BuildEvidence, build_from_text, check_build
from oncotailor.readers.table import Table, cell, read_table
from oncotailor.vocab.exons import splice_intron

# Variant_Classification → SO term; classes absent here (Silent, Intron, UTRs, IGR, RNA, Flank) are not listed.
CLASSIFICATION_SO = {
    "Missense_Mutation": "missense_variant", "Nonsense_Mutation": "stop_gained",
    "Frame_Shift_Del": "frameshift_variant", "Frame_Shift_Ins": "frameshift_variant",
    "In_Frame_Del": "inframe_deletion", "In_Frame_Ins": "inframe_insertion",
    "Splice_Site": "splice_site_variant", "Nonstop_Mutation": "stop_lost",
    "Translation_Start_Site": "start_lost",
}


def _sample_rows(table: Table, sample: str | None) -> list[tuple[int, list[str]]]:
    col = table.index("Tumor_Sample_Barcode")
    if col is None:
        return table.rows
    barcodes = sorted({r[col].strip() for _, r in table.rows})
    if sample:
        if sample not in barcodes:
            raise InputError(f"sample '{safe_text(sample, 60)}' is not in the MAF", field="tumor.sample",
                             hint=f"Tumor_Sample_Barcode values: {', '.join(safe_text(b, 40) for b in barcodes[:8])}")
        return [(n, r) for n, r in table.rows if r[col].strip() == sample]
    if len(barcodes) > 1:
        raise InputError(f"the MAF holds {len(barcodes)} tumor samples", field="tumor.sample",
                         hint=f"set tumor.sample to one of: {', '.join(safe_text(b, 40) for b in barcodes[:8])}")
    return table.rows


def read_maf(path: Path, *, sample: str | None = None, build: str | None = None) -> ReadResult:
    """Protein-changing mutations of one tumor sample; the others are counted in a warning."""
    name = display_name(path)
    t = read_table(path, what="MAF")
    c = {k: t.index(*alts) for k, alts in {
        "gene": ("Hugo_Symbol",), "cls": ("Variant_Classification",), "cons": ("Consequence", "One_Consequence"),
        "p": ("HGVSp_Short",), "plong": ("HGVSp",), "c": ("HGVSc",), "tx": ("Transcript_ID",), "exon": ("Exon_Number", "EXON"),
        "alt": ("t_alt_count",), "ref": ("t_ref_count",), "depth": ("t_depth",), "build": ("NCBI_Build",),
        "chrom": ("Chromosome",), "pos": ("Start_Position", "Start_position"), "ra": ("Reference_Allele",),
        "ta": ("Tumor_Seq_Allele2",),
    }.items()}
    t.index("Hugo_Symbol", required=True, what="MAF")
    if c["cls"] is None and c["cons"] is None:
        t.index("Variant_Classification", required=True, what="MAF")
    rows = _sample_rows(t, sample)
    res = ReadResult(records=len(rows))
    builds = {b for _, r in rows if (b := build_from_text(cell(r, c["build"]) or ""))}
    if builds:
        found = sorted(builds)[0]
        first = next(n for n, r in rows if build_from_text(cell(r, c["build"]) or "") == found)
        check_build(BuildEvidence(found, f"NCBI_Build is {found}", first), build)
        res.genome_build = found
    genes = GeneNames(code="maf.unknown_gene")
    skipped = 0
    for n, r in rows:
        symbol = cell(r, c["gene"])
        cons = _consequence(cell(r, c["cons"]), cell(r, c["cls"]))
        if not symbol or symbol == "Unknown" or cons is None:
            skipped += 1
            continue
        short = cell(r, c["p"])
        pc = ann.protein_change(short or cell(r, c["plong"]))
        hgvsc = cell(r, c["c"])
        vaf, depth = _vaf(r, c, n)
        pos = cell(r, c["pos"])
        try:
            res.alterations.append(Alteration(
                gene=genes(symbol), kind=AlterationKind.mutation,
                alteration=pc.short if pc else (hgvsc or f"{cell(r, c['chrom'])}:g.{pos}"), hgvsp=cell(r, c["plong"]),
                hgvsc=hgvsc, transcript=cell(r, c["tx"]), consequence=cons, exon=_exon(cell(r, c["exon"])),
                intron=splice_intron(symbol, hgvsc, short),
                protein_start=pc.start if pc else None, protein_end=pc.end if pc else None,
                ref_aa=pc.ref_aa if pc else None, alt_aa=pc.alt_aa if pc else None, vaf=vaf, depth=depth,
                chrom=cell(r, c["chrom"]), pos=int(pos) if pos and pos.isdigit() else None, ref=cell(r, c["ra"]),
                alt=cell(r, c["ta"]), genome_build=GenomeBuild(build or "GRCh38"), source=AlterationSource.maf,
                raw=f"{symbol[:40]} {(short or hgvsc or '')[:60]}", file=name, line=n))
        except ValueError as exc:
            raise InputError(f"cannot use this MAF row ({type(exc).__name__})", line=n) from None
    res.warnings.extend(genes.warnings(name))
    if skipped:
        res.warnings.append(ReadWarning(code="maf.not_listed", file=name, message=(
            f"{skipped} of {len(rows)} MAF rows do not change a protein (silent, intronic, UTR, flanking) "
            "and are not listed")))
    return res


def _consequence(vep: str | None, cls: str | None) -> str | None:
    if vep:
        term = min((ann.normalise_term(x) for x in vep.replace(",", "&").split("&")), key=ann.rank)
        return term if term in ann.REPORTABLE else None
    return CLASSIFICATION_SO.get(cls or "")


def _exon(text: str | None) -> int | None:
    if not text:
        return None
    head = text.split("/")[0]
    return int(head) if head.isdigit() else None


def _vaf(r: list[str], c: dict[str, int | None], line: int) -> tuple[float | None, int | None]:
    columns = {"alt": "t_alt_count", "ref": "t_ref_count", "depth": "t_depth"}

    def num(key: str) -> int | None:
        v = cell(r, c[key])
        if v is None:
            return None
        if not v.isdigit():
            raise InputError(f"'{safe_text(v, 20)}' is not a read count", line=line, field=columns[key])
        return int(v)

    alt, ref, depth = num("alt"), num("ref"), num("depth")
    total = depth if depth else ((alt or 0) + (ref or 0) if alt is not None and ref is not None else None)
    vaf = round(min(1.0, alt / total), 4) if alt is not None and total else None
    return vaf, total
