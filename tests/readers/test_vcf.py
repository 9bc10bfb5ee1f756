"""VCF → alterations: VEP/snpEff, tumor/normal, multi-allelic, VAF, build, BGZF and BCF, germline, SV fusions."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from oncotailor.errors import GenomeBuildError, InputError
from oncotailor.readers import vcf_fast
from oncotailor.readers.vcf import choose_samples, clinvar_class, read_germline_vcf, read_tumor_vcf, vaf_depth
from oncotailor.readers.vcf_fast import bgzf_compress
from oncotailor.readers.vcf_header import parse_header

FIX = Path(__file__).parent / "fixtures"
TN = FIX / "tumor_normal_vep_braf_kras_egfr.vcf"


def _by_name(path: Path, **kw: object) -> dict[str, object]:
    return {f"{a.gene} {a.alteration}": a for a in read_tumor_vcf(path, **kw).alterations}  # type: ignore[arg-type]


def test_vep_tumor_normal_alterations() -> None:
    alts = _by_name(TN)
    assert set(alts) == {"BRAF V600E", "KRAS G12D", "KRAS G12V", "EGFR E746_A750del", "TP53 R213*", "APC Q1338fs",
                         "FAKEGENE1 L34V"}
    braf = alts["BRAF V600E"]
    assert braf.hgvsp == "p.Val600Glu" and braf.hgvsc == "c.1799T>A"  # type: ignore[attr-defined]
    assert braf.transcript == "ENST00000646891.2" and braf.exon == 15  # type: ignore[attr-defined]
    assert braf.vaf == pytest.approx(50 / 120, abs=1e-3) and braf.depth == 120  # type: ignore[attr-defined]
    assert (braf.chrom, braf.pos, braf.ref, braf.alt) == ("chr7", 140753336, "A", "T")  # type: ignore[attr-defined]
    assert braf.line == 20 and braf.file.endswith(TN.name)  # type: ignore[attr-defined]
    egfr = alts["EGFR E746_A750del"]
    assert (egfr.consequence, egfr.protein_start, egfr.protein_end) == ("inframe_deletion", 746, 750)  # type: ignore[attr-defined]


def test_multiallelic_record_gives_one_alteration_per_alt_with_its_own_vaf() -> None:
    alts = _by_name(TN)
    assert alts["KRAS G12D"].vaf == pytest.approx(0.3) and alts["KRAS G12V"].vaf == pytest.approx(0.1)  # type: ignore[attr-defined]
    assert alts["KRAS G12D"].line == alts["KRAS G12V"].line  # type: ignore[attr-defined]


def test_filtered_and_noncoding_records_are_counted_not_listed() -> None:
    res = read_tumor_vcf(TN)
    assert res.records == 8
    assert "TP53 R175H" not in {a.key for a in res.alterations}  # FILTER LowQual
    msg = next(w.message for w in res.warnings if w.code == "vcf.not_listed")
    assert "8 records read" in msg and "1 protein-changing record" in msg


def test_unknown_gene_kept_with_warning() -> None:
    res = read_tumor_vcf(TN)
    assert "FAKEGENE1" in {a.gene for a in res.alterations}
    assert any(w.code == "vcf.unknown_gene" and "FAKEGENE1" in w.message for w in res.warnings)


def test_tumor_sample_choice_by_option_reads_the_other_column() -> None:
    alts = _by_name(TN, sample="NORMAL")
    assert alts["BRAF V600E"].vaf == 0.0  # type: ignore[attr-defined]


@pytest.mark.parametrize(("columns", "meta", "sample", "normal", "expected"), [
    (["S1"], [], None, None, 0),
    (["NORMAL", "TUMOR"], [], None, None, 1),
    (["N1", "T1"], ["##tumor_sample=T1"], None, None, 1),
    (["A", "B"], ["##normal_sample=A"], None, None, 1),
    (["A", "B"], [], None, "B", 0),
    (["A", "B", "C"], [], "C", None, 2),
    (["TCGA-AB-1234-10A", "TCGA-AB-1234-01A"], [], None, None, 1),
])
def test_choose_samples(columns: list[str], meta: list[str], sample: str | None, normal: str | None,
                        expected: int) -> None:
    head = parse_header(["##fileformat=VCFv4.2", *meta,
                         "\t".join(["#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", *columns])])
    assert choose_samples(head, sample, normal)[0] == expected


def test_ambiguous_samples_are_refused_with_the_names() -> None:
    head = parse_header(["##fileformat=VCFv4.2", "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\tC"])
    with pytest.raises(InputError, match="cannot tell") as exc:
        choose_samples(head, None, None)
    assert exc.value.field == "tumor.sample"


@pytest.mark.parametrize(("fmt", "alt", "i", "vaf", "depth"), [
    ({"AF": "0.31", "DP": "88"}, "A", 0, 0.31, 88),  # Mutect2
    ({"AD": "60,30,10"}, "T", 1, 0.1, 100),  # AD, second ALT
    ({"AU": "0,0", "CU": "30,31", "GU": "0,0", "TU": "10,12", "DP": "40"}, "T", 0, 0.25, 40),  # Strelka SNV
    ({"TIR": "8,9", "TAR": "24,25"}, "AT", 0, 0.25, None),  # Strelka indel
    ({"FREQ": "45.5%", "DP": "200"}, "A", 0, 0.455, 200),  # VarScan
    ({"GT": "0/1"}, "A", 0, None, None),
])
def test_vaf_sources(fmt: dict[str, str], alt: str, i: int, vaf: float | None, depth: int | None) -> None:
    got_vaf, got_depth = vaf_depth(fmt, i, alt, "")
    assert got_vaf == (pytest.approx(vaf) if vaf is not None else None)
    assert got_depth == depth


def test_snpeff_annotated_vcf() -> None:
    res = read_tumor_vcf(FIX / "snpeff_kras_g12c.vcf")
    assert [(a.gene, a.alteration, a.vaf, a.exon) for a in res.alterations] == [("KRAS", "G12C", 0.31, 2)]
    assert res.genome_build == "GRCh38"


def test_unannotated_vcf_keeps_coordinates_and_warns() -> None:
    res = read_tumor_vcf(FIX / "unannotated_two_pass.vcf")
    assert [(a.kind.value, a.chrom, a.pos, a.ref, a.alt) for a in res.alterations] == [
        ("other", "chr7", 140753336, "A", "T"), ("other", "chr12", 25245350, "C", "T")]
    assert any(w.code == "vcf.unannotated" for w in res.warnings)


def test_build_mismatch_is_refused_and_accepted_when_declared() -> None:
    with pytest.raises(GenomeBuildError, match="GRCh37"):
        read_tumor_vcf(FIX / "grch37_contigs.vcf", build="GRCh38")
    assert read_tumor_vcf(FIX / "grch37_contigs.vcf", build="GRCh37").genome_build == "GRCh37"


def test_sv_breakends_with_gene_fusion_annotation_give_one_fusion() -> None:
    res = read_tumor_vcf(FIX / "sv_bnd_eml4_alk.vcf")
    assert [(a.kind.value, a.gene, a.alteration, a.fusion_5p, a.fusion_3p) for a in res.alterations] == [
        ("fusion", "ALK", "EML4::ALK", "EML4", "ALK")]


@pytest.mark.parametrize("packer", [gzip.compress, bgzf_compress])
def test_compressed_files_read_the_same(tmp_path: Path, packer: object) -> None:
    gz = tmp_path / "tn.vcf.gz"
    gz.write_bytes(packer(TN.read_bytes()))  # type: ignore[operator]
    assert read_tumor_vcf(gz).alterations == read_tumor_vcf(TN).alterations.__class__(
        a.model_copy(update={"file": str(gz)}) for a in read_tumor_vcf(TN).alterations)


def test_parallel_bgzf_path_matches_single_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = TN.read_text().splitlines()
    head = [line for line in body if line.startswith("#")]
    records = [line for line in body if not line.startswith("#")]
    text = "\n".join(head + records * 400) + "\n"  # ~3,200 records over several BGZF blocks
    packed = bgzf_compress(text.encode())
    monkeypatch.setattr(vcf_fast, "_PARALLEL_MIN", 0)
    monkeypatch.setattr(vcf_fast, "_threads", lambda: 3)
    assert vcf_fast.decompress(packed) == text.encode()
    gz = tmp_path / "many.vcf.gz"
    gz.write_bytes(packed)
    res = read_tumor_vcf(gz)
    assert len(res.alterations) == 7 * 400 and res.records == 8 * 400


def test_crlf_and_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    lines = TN.read_text().splitlines()
    lines.insert(22, "")
    p = tmp_path / "crlf.vcf"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    alts = _by_name(p)
    assert alts["BRAF V600E"].line == 20 and alts["TP53 R213*"].line == 24  # type: ignore[attr-defined]
    assert alts["TP53 R213*"].depth == 80  # type: ignore[attr-defined]


def test_bcf_is_read_through_htslib(tmp_path: Path) -> None:
    cyvcf2 = pytest.importorskip("cyvcf2")
    src = cyvcf2.VCF(str(TN))
    src.add_filter_to_header({"ID": "LowQual", "Description": "low quality"})
    out = tmp_path / "tn.bcf"
    w = cyvcf2.Writer(str(out), src, mode="wb")
    for v in src:
        w.write_record(v)
    w.close()
    src.close()
    assert {a.key for a in read_tumor_vcf(out).alterations} == {a.key for a in read_tumor_vcf(TN).alterations}


def test_germline_vcf_classes_and_zygosity() -> None:
    res = read_germline_vcf(FIX / "germline_brca2_pathogenic.vcf")
    got = [(g.gene, g.variant, g.classification.value if g.classification else None, g.zygosity) for g in res.germline]
    assert got == [("BRCA2", "c.5946del", "pathogenic", "heterozygous"),
                   ("BRCA1", "c.3000G>A", "uncertain", "heterozygous")]
    assert any(w.code == "vcf.benign_skipped" for w in res.warnings)


@pytest.mark.parametrize(("text", "cls"), [
    ("Pathogenic", "pathogenic"), ("Likely_pathogenic", "likely_pathogenic"),
    ("Pathogenic/Likely_pathogenic", "likely_pathogenic"), ("Uncertain_significance", "uncertain"),
    ("Conflicting_classifications_of_pathogenicity", "uncertain"), ("Benign/Likely_benign", "likely_benign"),
    ("Benign", "benign"), ("drug_response", None), (None, None),
])
def test_clinvar_classes(text: str | None, cls: str | None) -> None:
    got = clinvar_class(text)
    assert (got.value if got else None) == cls


def test_vep_breakend_mates_pair_into_an_oriented_fusion() -> None:
    res = read_tumor_vcf(FIX / "sv_bnd_vep_mates_eml4_alk.vcf")
    assert [(a.alteration, a.fusion_5p, a.fusion_3p) for a in res.alterations] == [("EML4::ALK", "EML4", "ALK")]
    assert not any(w.code == "vcf.fusion_orientation_unknown" for w in res.warnings)


@pytest.mark.parametrize(("alt", "strand", "five"), [
    ("A]chr2:29223000]", 1, True), ("A[chr2:29223000[", -1, False),
    ("]chr2:42299000]T", 1, False), ("[chr2:42299000[T", -1, True), ("<DEL>", 1, None), ("A]chr2:1]", None, None),
])
def test_breakend_orientation(alt: str, strand: int | None, five: bool | None) -> None:
    from oncotailor.readers.vcf_sv import five_prime_here

    assert five_prime_here(alt, strand) is five


def test_fast_path_agrees_with_htslib_on_coordinates_and_depths() -> None:
    """Cross-check against cyvcf2 (htslib): same positions, alleles and AD-based VAF for every listed ALT."""
    cyvcf2 = pytest.importorskip("cyvcf2")
    ours = read_tumor_vcf(TN).alterations
    reader = cyvcf2.VCF(str(TN))
    tumor = reader.samples.index("TUMOR")
    ref: dict[tuple[str, int, str], float] = {}
    for v in reader:
        ad = v.format("AD")[tumor]
        for i, alt in enumerate(v.ALT):
            ref[(v.CHROM, v.POS, alt)] = float(ad[i + 1]) / float(sum(ad))
    reader.close()
    assert ours
    for a in ours:
        assert a.chrom is not None and a.pos is not None and a.alt is not None
        assert a.vaf == pytest.approx(ref[(a.chrom, a.pos, a.alt)], abs=1e-3)
