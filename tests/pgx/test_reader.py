"""The PGx VCF reader: spellings, missing vs reference, phase, gVCF blocks, index, bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from oncotailor.errors import InputError
from oncotailor.readers.pgx_vcf import read_pgx_genotypes, read_pgx_matrix

from .vcfgen import gene_def, write_vcf

UGT_TA = 233760233  # rs3064744, TA repeat; definitions spell TA(7) as CAT


def _by_pos(path: Path, sample: str | None = None) -> dict[int, tuple]:
    res = read_pgx_genotypes(path, sample=sample)
    return {g.pos: (g.ref, tuple(g.alts), tuple(g.gt), g.phased, g.phase_set) for g in res.genotypes}


def _header(samples: str = "S1") -> str:
    return "##fileformat=VCFv4.2\n##reference=GRCh38\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + samples + "\n"


@pytest.mark.parametrize(("pos", "ref", "alt"), [
    (UGT_TA, "CAT", "CATAT"),       # PharmCAT spelling
    (UGT_TA, "C", "CAT"),           # minimal left-aligned insertion
    (UGT_TA + 1, "A", "AAT"),       # anchored one base later, same repeat
    (233760246, "T", "TAT"),        # right end of the (TA)7 run
    (UGT_TA, "CATATATATATATATAA", "CATATATATATATATATAA"),  # padded with the whole repeat
])
def test_ugt1a1_star28_spellings_all_read_as_the_definition(tmp_path: Path, pos: int, ref: str, alt: str) -> None:
    vcf = tmp_path / "s.vcf"
    vcf.write_text(_header() + f"chr2\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT\t0/1\n")
    got = _by_pos(vcf)
    assert got[UGT_TA][:3] == ("CAT", ("CATAT",), (0, 1))


def test_star36_and_star37_deletion_and_longer_insertion(tmp_path: Path) -> None:
    vcf = tmp_path / "s.vcf"
    vcf.write_text(_header() + f"chr2\t{UGT_TA}\t.\tCAT\tC,CATATAT\t.\tPASS\t.\tGT\t1/2\n")
    assert _by_pos(vcf)[UGT_TA][1] == ("C", "CATATAT")


def test_absent_position_is_missing_and_reference_call_is_tested(tmp_path: Path) -> None:
    g = gene_def("TPMT")
    gone = g.positions[0].pos
    vcf = write_vcf(tmp_path / "t.vcf", ["TPMT"], {"S1": {"TPMT": ("*1", "*1")}}, missing=[gone])
    got = _by_pos(vcf)
    assert gone not in got and all(got[p.pos][2] == (0, 0) for p in g.positions[1:])


def test_no_call_and_half_call_are_missing(tmp_path: Path) -> None:
    vcf = tmp_path / "s.vcf"
    vcf.write_text(_header() + "chr6\t18130687\t.\tT\tC\t.\tPASS\t.\tGT\t./.\nchr6\t18138997\t.\tC\tT\t.\tPASS\t.\tGT\t0/.\n")
    got = _by_pos(vcf)
    assert got[18130687][2] == (None, None) and got[18138997][2] == (None, None)


def test_phase_and_phase_set_kept(tmp_path: Path) -> None:
    vcf = write_vcf(tmp_path / "p.vcf", ["TPMT"], {"S1": {"TPMT": ("*3B", "*3C")}}, phased=True, phase_set=42)
    got = _by_pos(vcf)
    assert got[18138997][3:] == (True, 42)


def test_gvcf_reference_block_counts_as_reference(tmp_path: Path) -> None:
    vcf = tmp_path / "g.vcf"
    vcf.write_text(_header() + "chr6\t18130000\t.\tA\t<NON_REF>\t.\tPASS\tEND=18150000\tGT\t0/0\n")
    got = _by_pos(vcf)
    assert {p.pos for p in gene_def("TPMT").positions} <= set(got)


def test_no_chr_prefix_and_multi_sample_choice(tmp_path: Path) -> None:
    vcf = write_vcf(tmp_path / "m.vcf", ["TPMT"], {"A": {"TPMT": ("*1", "*1")}, "B": {"TPMT": ("*1", "*3A")}},
                    chr_prefix=False)
    with pytest.raises(InputError, match="several samples"):
        read_pgx_genotypes(vcf)
    assert _by_pos(vcf, "B")[18138997][2] == (0, 1)
    assert read_pgx_matrix(vcf).samples == ["A", "B"]


@pytest.mark.parametrize(("line", "field"), [
    ("chr6\tx\t.\tT\tC\t.\tPASS\t.\tGT\t0/1\n", "POS"),
    ("chr6\t18130687\t.\tT\tC\t.\tPASS\t.\tGT\t0/z\n", "GT"),
    ("chr6\t18130687\t.\tT\tC\t.\tPASS\t.\tGT\t0/3\n", "GT"),
])
def test_bad_records_name_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    vcf = tmp_path / "bad.vcf"
    vcf.write_text(_header() + line)
    with pytest.raises(InputError) as err:
        read_pgx_genotypes(vcf)
    assert err.value.line == 4 and err.value.field == field


def test_grch37_is_refused(tmp_path: Path) -> None:
    vcf = tmp_path / "b37.vcf"
    vcf.write_text("##fileformat=VCFv4.2\n##contig=<ID=1,length=249250621>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n")
    with pytest.raises(InputError, match="GRCh37"):
        read_pgx_genotypes(vcf)


def test_ref_mismatch_is_a_warning_and_the_site_is_ignored(tmp_path: Path) -> None:
    vcf = tmp_path / "mm.vcf"
    vcf.write_text(_header() + "chr6\t18130687\t.\tG\tC\t.\tPASS\t.\tGT\t0/1\n")
    res = read_pgx_genotypes(vcf)
    assert not res.genotypes and res.warnings[0].code == "pgx.ref_mismatch"


@pytest.mark.skipif(not shutil.which("bgzip") or not shutil.which("tabix"), reason="tabix not installed")
def test_indexed_read_equals_streaming_scan(tmp_path: Path) -> None:
    vcf = write_vcf(tmp_path / "i.vcf", ["TPMT", "UGT1A1", "DPYD"],
                    {"S1": {"TPMT": ("*1", "*3A"), "UGT1A1": ("*28", "*37"), "DPYD": ("Reference", "c.2846A>T")}})
    subprocess.run(["bgzip", "-f", str(vcf)], check=True)
    gz = vcf.with_suffix(".vcf.gz")
    subprocess.run(["tabix", "-p", "vcf", str(gz)], check=True)
    a = read_pgx_matrix(gz, all_samples=False)
    b = read_pgx_matrix(gz, all_samples=False, use_index=False)
    assert a.sites == b.sites and len(a.sites) > 100
