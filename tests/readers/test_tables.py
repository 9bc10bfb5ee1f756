"""MAF, fusion-caller and copy-number tables → alterations."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.errors import GenomeBuildError, InputError
from oncotailor.readers.cna import call_from_cn, call_from_log2, read_cna
from oncotailor.readers.fusions import read_fusions
from oncotailor.readers.maf import read_maf

FIX = Path(__file__).parent / "fixtures"
MAF = FIX / "gdc_two_samples_braf_v600e.maf"


def test_maf_sample_filter_and_fields() -> None:
    res = read_maf(MAF, sample="CRC-T1")
    got = {a.key: a for a in res.alterations}
    assert set(got) == {"BRAF V600E", "APC Q1338fs", "TP53 R213*", "EGFR E746_A750del"}
    braf = got["BRAF V600E"]
    assert (braf.vaf, braf.depth, braf.exon, braf.line, braf.source.value) == (0.4, 140, 15, 4, "maf")
    assert braf.hgvsp == "p.Val600Glu" and braf.consequence == "missense_variant"
    assert any(w.code == "maf.not_listed" for w in res.warnings)  # the silent KRAS row


def test_maf_with_two_samples_needs_a_choice() -> None:
    with pytest.raises(InputError, match="2 tumor samples") as exc:
        read_maf(MAF)
    assert exc.value.field == "tumor.sample"


def test_maf_build_is_checked() -> None:
    with pytest.raises(GenomeBuildError):
        read_maf(MAF, sample="CRC-T2", build="GRCh37")


def test_maf_columns_found_by_name_in_any_order(tmp_path: Path) -> None:
    rows = [line.split("\t") for line in MAF.read_text().splitlines()[2:]]
    order = list(reversed(range(len(rows[0]))))
    p = tmp_path / "shuffled.maf"
    p.write_text("\n".join("\t".join(r[i] for i in order) for r in rows) + "\n")
    assert {a.key for a in read_maf(p, sample="CRC-T2").alterations} == {"PIK3CA E545K"}


def test_maf_bad_count_names_line_and_column(tmp_path: Path) -> None:
    text = MAF.read_text().replace("\t140\t84\t56", "\t140\t84\tmany")
    p = tmp_path / "bad.maf"
    p.write_text(text)
    with pytest.raises(InputError) as exc:
        read_maf(p, sample="CRC-T1")
    assert (exc.value.line, exc.value.field) == (4, "t_alt_count")


def test_arriba_orientation_and_confidence() -> None:
    res = read_fusions(FIX / "arriba_eml4_alk_cd74_ros1.tsv")
    assert [(a.alteration, a.gene, a.fusion_5p, a.fusion_3p, a.chrom) for a in res.alterations] == [
        ("EML4::ALK", "ALK", "EML4", "ALK", "chr2"), ("CD74::ROS1", "ROS1", "CD74", "ROS1", "chr5")]
    assert any(w.code == "fusions.low_confidence" and w.message.startswith("2 ") for w in res.warnings)


def test_star_fusion_left_gene_is_five_prime() -> None:
    res = read_fusions(FIX / "star_fusion_kif5b_ret.tsv")
    assert [a.alteration for a in res.alterations] == ["KIF5B::RET", "TMPRSS2::ERG"]
    assert all(a.source.value == "fusion_tsv" and a.kind.value == "fusion" for a in res.alterations)


def test_fusions_from_an_sv_vcf() -> None:
    assert [a.alteration for a in read_fusions(FIX / "sv_bnd_eml4_alk.vcf").alterations] == ["EML4::ALK"]


def test_unknown_fusion_table_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text("#name\tother\nA\tB\n")
    with pytest.raises(InputError, match="Arriba or STAR-Fusion"):
        read_fusions(p)


def test_cbioportal_discrete_cna() -> None:
    res = read_cna(FIX / "cbioportal_discrete_erbb2_amp.txt", sample="CRC-T1")
    assert [(a.gene, a.alteration) for a in res.alterations] == [
        ("ERBB2", "amplification"), ("CDKN2A", "deletion"), ("SMAD4", "loss"), ("MYC", "gain")]
    with pytest.raises(InputError, match="2 sample columns"):
        read_cna(FIX / "cbioportal_discrete_erbb2_amp.txt")


def test_cnvkit_gene_calls_prefer_cn_then_log2() -> None:
    res = read_cna(FIX / "cnvkit_erbb2_amp_cdkn2a_del.cns")
    assert [(a.gene, a.alteration) for a in res.alterations] == [
        ("ERBB2", "amplification"), ("CDKN2A", "deletion"), ("CDKN2B", "deletion"), ("TP53", "loss"), ("MET", "gain")]


@pytest.mark.parametrize(("cn", "call"), [(0, "deletion"), (1, "loss"), (2, None), (4, "gain"), (6, "amplification")])
def test_copy_number_thresholds(cn: int, call: str | None) -> None:
    got = call_from_cn(cn)
    assert (got.value if got else None) == call


@pytest.mark.parametrize(("log2", "call"), [(-2.0, "deletion"), (-0.5, "loss"), (0.0, None), (0.5, "gain"), (2.0, "amplification")])
def test_log2_thresholds(log2: float, call: str | None) -> None:
    got = call_from_log2(log2)
    assert (got.value if got else None) == call


def test_bad_discrete_value_names_line(tmp_path: Path) -> None:
    p = tmp_path / "cna.txt"
    p.write_text("Hugo_Symbol\tS1\nERBB2\t2\nMYC\t7\n")
    with pytest.raises(InputError) as exc:
        read_cna(p)
    assert (exc.value.line, exc.value.field) == (3, "S1")
