"""Tumor and germline VCF/BCF → alterations and germline variants.

The file is opened, validated and pre-filtered by `vcf_fast` (one path for every size); this module turns
the selected records into the case model: the tumor sample is chosen (option, `##tumor_sample=`, the
non-normal sample, or a tumor-like name), VEP `CSQ` / snpEff `ANN` effects are read per ALT allele
(multi-allelic records give one alteration per ALT), VAF comes from the tumor's AF, AD or Strelka tier-1
counts, and the genome build in the header must agree with the case. Records not passing FILTER and
effects not changing the protein are counted in warnings rather than listed.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from oncotailor.case import (
    Alteration,
    AlterationKind,
    AlterationSource,
    Classification,
    GenomeBuild,
    GermlineVariant,
    ReadWarning,
)
from oncotailor.errors import InputError
from oncotailor.readers import annotations as ann
from oncotailor.readers.common import ReadResult, display_name, require_file, safe_text
from oncotailor.readers.gene_names import GeneNames
from oncotailor.readers.genome_build import check_build, detect_build
from oncotailor.readers.vcf_fast import Records, load_text, select_records
from oncotailor.readers.vcf_header import VcfHeader, parse_header, split_header
from oncotailor.readers.vcf_sv import Breakend, breakend, pair_breakends
from oncotailor.vocab.exons import splice_intron

_RECORD_START = re.compile(rb"^[^\t]+\t[0-9]+\t[^\t]*\t[^\t]+\t[^\t]+(?:\t|$)")
UNANNOTATED_LIMIT = 2000  # positions listed from an unannotated VCF; the rest are counted
_TUMOR_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:tumou?r|t|tum|primary|met|ctdna|plasma)(?:[_\-.]|\d*$)|^TCGA-\w\w-\w{4}-0\d")
_NORMAL_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:normal|n|germline|blood|pbmc|gl)(?:[_\-.]|\d*$)|^TCGA-\w\w-\w{4}-1\d")


@dataclass
class _Opened:
    header: VcfHeader
    data: bytes
    offset: int
    build: str | None
    name: str


def _open(path: Path, build: str | None, build_field: str) -> _Opened:
    require_file(path)
    name = display_name(path)
    try:
        data, _ = load_text(path)
        lines, offset = split_header(data)
        if not lines:
            first = data[:200].split(b"\n", 1)[0]
            raise InputError("header-less VCF: the file must start with a '##fileformat=VCFv4.x' line"
                             if _RECORD_START.match(first) else
                             "not a VCF: the first line is not '##fileformat=VCFv4.x'", line=1)
        header = parse_header(lines)
        found = detect_build(header.meta)
        check_build(found, build, field=build_field)
    except InputError as exc:
        raise exc.at(file=name) from None
    except (OSError, MemoryError) as exc:
        raise InputError(f"cannot read the VCF ({type(exc).__name__})", file=name) from None
    return _Opened(header, data, offset, found.build if found else None, name)


def _select(op: _Opened, words: tuple[str, ...] | None, limit: int | None = None) -> Records:
    try:
        return select_records(op.data, header_lines=op.header.lines, offset=op.offset,
                              columns=len(op.header.columns), words=words, pass_only_limit=limit)
    except InputError as exc:
        raise exc.at(file=op.name) from None


# ───────────────────────────── samples ─────────────────────────────


def choose_samples(head: VcfHeader, sample: str | None, normal: str | None,
                   *, field: str = "tumor.sample") -> tuple[int, int | None, str]:
    """(tumor column index, normal column index or None, why the tumor was chosen)."""
    names = head.samples
    if not names:
        raise InputError("the VCF has no sample columns (0 samples)", line=head.lines, field="#CHROM",
                         hint="give the VCF with the sample's FORMAT and genotype columns")
    normal = normal or head.normal_tag
    if normal and normal not in names and normal != head.normal_tag:
        raise InputError(f"normal sample '{safe_text(normal, 60)}' is not in the VCF", field="tumor.normal_sample",
                         hint=f"samples: {', '.join(safe_text(n, 40) for n in names[:8])}")
    if sample:
        if sample not in names:
            raise InputError(f"sample '{safe_text(sample, 60)}' is not in the VCF", field=field,
                             hint=f"samples: {', '.join(safe_text(n, 40) for n in names[:8])}")
        tumor, why = sample, f"named by {field}"
    elif head.tumor_tag in names:
        tumor, why = head.tumor_tag, "named by the ##tumor_sample header"
    elif len(names) == 1:
        tumor, why = names[0], "the only sample"
    else:
        rest = [n for n in names if n != normal]
        tumorish = [n for n in rest if _TUMOR_NAME.search(n) and not _NORMAL_NAME.search(n)]
        if len(rest) == 1:
            tumor, why = rest[0], "the sample that is not the normal"
        elif len(tumorish) == 1:
            tumor, why = tumorish[0], "the tumor-like sample name"
        else:
            raise InputError(f"cannot tell which of the {len(names)} VCF samples is the tumor", field=field,
                             hint=f"set {field} to one of: {', '.join(safe_text(n, 40) for n in names[:8])}")
    t = names.index(tumor)
    n_idx: int | None = None
    if normal in names and normal != tumor:
        n_idx = names.index(normal)
    elif len(names) == 2:
        n_idx = 1 - t
    return t, n_idx, why


# ───────────────────────────── record parts ─────────────────────────────


def info_value(info: str, key: str) -> str | None:
    """One INFO value without splitting the whole field (INFO can be kilobytes of annotation)."""
    if info.startswith(key + "="):
        start = len(key) + 1
    else:
        i = info.find(";" + key + "=")
        if i < 0:
            return None
        start = i + len(key) + 2
    end = info.find(";", start)
    return info[start:] if end < 0 else info[start:end]


def _sample(fmt: str, value: str) -> dict[str, str]:
    return dict(zip(fmt.split(":"), value.split(":"), strict=False))


def _ints(text: str | None) -> list[int]:
    if not text:
        return []
    return [int(x) if x.isdigit() else 0 for x in text.split(",")]


def vaf_depth(s: dict[str, str], alt_index: int, alt: str, info: str) -> tuple[float | None, int | None]:
    """Tumor VAF and depth: FORMAT AF/VAF/FREQ, else AD, else Strelka tier-1 counts; INFO DP as last depth."""
    vaf: float | None = None
    depth = int(s["DP"]) if s.get("DP", "").isdigit() else None
    ad = _ints(s.get("AD"))
    for key in ("AF", "VAF", "FREQ"):  # Mutect2/DRAGEN/VarDict AF, some callers VAF, VarScan FREQ ('45.5%')
        if s.get(key) and vaf is None:
            afs = s[key].split(",")
            text = afs[alt_index] if alt_index < len(afs) else ""
            try:
                vaf = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
            except ValueError:
                vaf = None
    total_ad = sum(ad, 0)
    if vaf is None and len(ad) > alt_index + 1 and total_ad:
        vaf = ad[alt_index + 1] / total_ad
    if vaf is None and len(alt) == 1 and f"{alt}U" in s:
        tier1 = {b: _ints(s.get(f"{b}U"))[:1] for b in "ACGT"}
        total = sum(v[0] for v in tier1.values() if v)
        vaf = (tier1[alt][0] / total) if total and tier1[alt] else None
        depth = depth if depth is not None else total or None
    if vaf is None and "TIR" in s and "TAR" in s:
        tir, tar = _ints(s["TIR"])[:1], _ints(s["TAR"])[:1]
        if tir and tar and tir[0] + tar[0]:
            vaf = tir[0] / (tir[0] + tar[0])
    if depth is None and ad:
        depth = total_ad
    if depth is None and (dp := info_value(info, "DP")) and dp.isdigit():
        depth = int(dp)
    if vaf is not None:
        vaf = min(1.0, max(0.0, round(vaf, 4)))
    return vaf, depth


def _layout(head: VcfHeader) -> tuple[str, ann.Layout] | None:
    if head.csq_fields:
        return "CSQ", ann.Layout(head.csq_fields, snpeff=False)
    if head.ann_fields:
        return "ANN", ann.Layout(head.ann_fields, snpeff=True)
    return None


def _effect_of(layout: tuple[str, ann.Layout] | None, info: str, ref: str, alt: str, alts: list[str],
               i: int) -> ann.Effect | None:
    """The effect of ALT number i: VEP names alleles trimmed (or by ALLELE_NUM), snpEff as in the VCF."""
    if layout is None:
        return None
    key, lay = layout
    value = info_value(info, key)
    if not value:
        return None
    if key == "CSQ":
        found = lay.best(value, ann.vep_allele(ref, alt, alts), allele_num=i + 1)
        if found is None and len(alts) == 1:  # an allele written differently, single ALT: no ambiguity
            found = lay.best(value, None)
        return found
    return lay.best(value, alt)


def _genomic(chrom: str, pos: str, ref: str, alt: str) -> str:
    return f"{chrom}:g.{pos}{ref}>{alt}"


# ───────────────────────────── tumor ─────────────────────────────


def read_tumor_vcf(path: Path, *, sample: str | None = None, normal: str | None = None,
                   build: str | None = None) -> ReadResult:
    """Somatic alterations of the tumor sample (see the module docstring)."""
    op = _open(path, build, "tumor.genome_build")
    head = op.header
    try:
        t_idx, _, why = choose_samples(head, sample, normal)
    except InputError as exc:
        raise exc.at(file=op.name) from None
    res = ReadResult(samples=list(head.samples), genome_build=op.build)
    words = (*ann.PREFILTER_WORDS, "SVTYPE=BND") if head.annotated else None
    recs = _select(op, words, None if head.annotated else UNANNOTATED_LIMIT)
    res.records = recs.total
    if len(head.samples) > 1:
        res.warnings.append(ReadWarning(code="vcf.tumor_sample", file=op.name,
                                        message=f"tumor sample: column {t_idx + 1} of {len(head.samples)} ({why})"))
    genes = GeneNames()
    with _bulk():
        filtered = _tumor_records(res, recs, op, t_idx, _layout(head), genes, GenomeBuild(build or "GRCh38"))
    res.warnings.extend(genes.warnings(op.name))
    res.warnings.extend(_summary(op, recs, len(res.alterations), filtered, unannotated=not head.annotated))
    return res


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects (none of them form cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tumor_records(res: ReadResult, recs: Records, op: _Opened, t_idx: int,
                   layout: tuple[str, ann.Layout] | None, genes: GeneNames, the_build: GenomeBuild) -> int:
    """Append the alterations of the selected records to `res`; return how many failed FILTER."""
    filtered = 0
    fusions: set[tuple[str, str]] = set()
    breakends: dict[str, Breakend] = {}
    new = Alteration
    for line_no, text in zip(recs.lines, recs.texts, strict=True):
        f = text.rstrip("\r").split("\t")
        chrom, pos, ref, alts_text, filt, info = f[0], f[1], f[3], f[4], f[6], f[7]
        if filt != "PASS" and filt != ".":
            filtered += 1
            continue
        tumor = _sample(f[8], f[9 + t_idx])
        alts = alts_text.split(",")
        for i, alt in enumerate(alts):
            if alt in {"*", ".", "<NON_REF>", "<*>"}:
                continue
            vaf, depth = vaf_depth(tumor, i, alt, info)
            base = dict(chrom=chrom, pos=int(pos), ref=ref[:200], alt=alt[:200], vaf=vaf, depth=depth,
                        genome_build=the_build, source=AlterationSource.vcf, file=op.name, line=line_no,
                        raw=f"{chrom}:{pos} {ref[:50]}>{alt[:50]}")
            if layout is None:
                res.alterations.append(new(gene="", kind=AlterationKind.other,
                                           alteration=_genomic(chrom, pos, ref[:50], alt[:50]), **base))
                continue
            value = info_value(info, layout[0]) if "fusion" in info else None
            fusion = layout[1].fusion(value) if value else None
            if fusion is None and "SVTYPE=BND" in info:
                breakend(breakends, f[2], info_value(info, "MATEID"), info_value(info, layout[0]), layout[1], base)
                continue
            if fusion is not None and fusion.gene:
                five, three = (genes(g) for g in fusion.gene.split("&")[:2])
                if (five, three) not in fusions:
                    fusions.add((five, three))
                    res.alterations.append(Alteration(
                        gene=three, kind=AlterationKind.fusion, alteration=f"{five}::{three}", fusion_5p=five,
                        fusion_3p=three, consequence=fusion.consequence, **base))
                continue
            eff = _effect_of(layout, info, ref, alt, alts, i)
            if eff is None or eff.consequence not in ann.REPORTABLE or not eff.gene:
                continue
            pc = ann.protein_change(eff.hgvsp, position=eff.protein_position, amino_acids=eff.amino_acids)
            res.alterations.append(new(
                gene=genes(eff.gene), kind=AlterationKind.mutation,
                alteration=pc.short if pc else (eff.hgvsc or _genomic(chrom, pos, ref, alt)),
                hgvsp=eff.hgvsp, hgvsc=eff.hgvsc, transcript=eff.transcript, consequence=eff.consequence,
                exon=eff.exon, intron=eff.intron if eff.intron is not None else splice_intron(eff.gene, eff.hgvsc),
                protein_start=pc.start if pc else None,
                protein_end=pc.end if pc else None, ref_aa=pc.ref_aa if pc else None,
                alt_aa=pc.alt_aa if pc else None, **base))
    pair_breakends(res, breakends, fusions, genes, op.name)
    return filtered


def _summary(op: _Opened, recs: Records, listed: int, filtered: int, *, unannotated: bool) -> list[ReadWarning]:
    out = []
    if unannotated:
        shown = min(recs.matched, UNANNOTATED_LIMIT)
        more = f"; the first {shown} of {recs.matched} passing records are listed" if recs.matched > shown else ""
        out.append(ReadWarning(code="vcf.unannotated", file=op.name, message=(
            "the VCF has no VEP CSQ or snpEff ANN annotation: variants are listed by genomic position only and "
            f"cannot be matched to genes or therapies{more}. Annotate it with VEP (--symbol --hgvs --canonical) "
            "or snpEff and read it again")))
    elif recs.total > listed:
        skipped = f"; {filtered} protein-changing record(s) were skipped because FILTER is not PASS" if filtered else ""
        out.append(ReadWarning(code="vcf.not_listed", file=op.name, message=(
            f"{recs.total} records read, {listed} alteration(s) listed: effects that do not change a protein "
            f"(synonymous, intronic, UTR, intergenic) are not listed{skipped}")))
    return out


# ───────────────────────────── germline ─────────────────────────────

_CLINVAR = (
    (re.compile(r"(?i)conflicting"), Classification.uncertain),
    (re.compile(r"(?i)^pathogenic(?:[,|/&_ ]+(?:low_penetrance|risk_factor|drug_response|other|association|protective|affects))*$"),
     Classification.pathogenic),
    (re.compile(r"(?i)^(?:pathogenic[/_&|,]+likely_pathogenic|likely_pathogenic)"), Classification.likely_pathogenic),
    (re.compile(r"(?i)uncertain"), Classification.uncertain),
    (re.compile(r"(?i)^(?:likely_benign|benign[/_&|,]+likely_benign)"), Classification.likely_benign),
    (re.compile(r"(?i)^benign"), Classification.benign),
)


def clinvar_class(text: str | None) -> Classification | None:
    """ClinVar CLNSIG (`Pathogenic`, `Likely_pathogenic`, `Pathogenic/Likely_pathogenic`, …) → our class.

    'Pathogenic/Likely pathogenic' is reported as likely pathogenic: never stronger than its weakest part.
    """
    if not text:
        return None
    for pattern, cls in _CLINVAR:
        if pattern.search(text.strip()):
            return cls
    return None


def _per_allele(value: str | None, i: int) -> str | None:
    """ClinVar writes one CLNSIG per ALT separated by ',' in multi-allelic records."""
    if not value:
        return None
    parts = value.split(",")
    return parts[i] if i < len(parts) else parts[0]


def _zygosity(gt: str | None, allele: int) -> str | None:
    if not gt:
        return None
    calls = re.split(r"[/|]", gt)
    n = sum(1 for c in calls if c == str(allele))
    if n == 0:
        return "absent"
    if len(calls) == 1:
        return "hemizygous"
    return "homozygous" if n == len(calls) else "heterozygous"


def read_germline_vcf(path: Path, *, sample: str | None = None, build: str | None = None) -> ReadResult:
    """Germline variants that may matter: ClinVar (likely) pathogenic or uncertain, and protein-changing effects."""
    op = _open(path, build, "tumor.genome_build")
    head = op.header
    try:
        s_idx, _, _ = choose_samples(head, sample, None, field="germline.sample")
    except InputError as exc:
        raise exc.at(file=op.name) from None
    res = ReadResult(samples=list(head.samples), genome_build=op.build)
    recs = _select(op, (*ann.PREFILTER_WORDS, "CLNSIG=", "athogenic"))
    res.records = recs.total
    genes = GeneNames()
    layout = _layout(head)
    benign = 0
    for text in recs.texts:
        f = text.rstrip("\r").split("\t")
        chrom, pos, ref, alts_text, filt, info = f[0], f[1], f[3], f[4], f[6], f[7]
        if filt not in ("PASS", "."):
            continue
        gt = _sample(f[8], f[9 + s_idx]).get("GT")
        alts = alts_text.split(",")
        for i, alt in enumerate(alts):
            zyg = _zygosity(gt, i + 1)
            if zyg == "absent" or alt in {"*", "."}:
                continue
            eff = _effect_of(layout, info, ref, alt, alts, i)
            cls = clinvar_class(_per_allele(info_value(info, "CLNSIG"), i) or (eff.clin_sig if eff else None))
            if cls in (Classification.benign, Classification.likely_benign):
                benign += 1
                continue
            reportable = eff is not None and eff.consequence in ann.REPORTABLE
            if cls is None and not reportable:
                continue
            symbol = (eff.gene if eff else None) or ((info_value(info, "GENEINFO") or "").split(":")[0] or None)
            if not symbol:
                continue
            pc = ann.protein_change(eff.hgvsp, position=eff.protein_position, amino_acids=eff.amino_acids) if eff else None
            hgvsc = eff.hgvsc if eff else None
            res.germline.append(GermlineVariant(
                gene=genes(symbol), variant=hgvsc or (pc.short if pc else _genomic(chrom, pos, ref, alt)),
                hgvsc=hgvsc, hgvsp=eff.hgvsp if eff else None, consequence=eff.consequence if eff else None,
                classification=cls, zygosity=zyg, chrom=chrom, pos=int(pos), ref=ref, alt=alt[:200],
                source=AlterationSource.vcf, raw=f"{chrom}:{pos} {ref[:50]}>{alt[:50]}"))
    res.warnings.extend(genes.warnings(op.name))
    if not head.annotated and "CLNSIG" not in head.info:
        res.warnings.append(ReadWarning(code="vcf.unannotated", file=op.name, message=(
            "the germline VCF has no VEP CSQ, snpEff ANN or ClinVar CLNSIG annotation: no variant can be named "
            "by gene; annotate it and read it again")))
    if benign:
        res.warnings.append(ReadWarning(code="vcf.benign_skipped", file=op.name,
                                        message=f"{benign} variant(s) classified benign or likely benign were not listed"))
    return res
