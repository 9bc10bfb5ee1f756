"""Every bad data file of the foundation issue, through the real CLI: exit 2, one line naming file and line."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from oncotailor import read_case
from oncotailor.cli import main
from oncotailor.readers.vcf_fast import bgzf_compress

FIX = Path(__file__).parent / "fixtures"


def _case(tmp_path: Path, vcf_name: str, extra: str = "") -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(f"patient: {{id: BAD-1}}\ndiagnosis: {{cancer_type: COAD}}\ntumor:\n  vcf: {vcf_name}\n{extra}")
    return case


def _run(case: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["analyze", str(case), "--format", "json"])
    cap = capsys.readouterr()
    return code, cap.err.strip()


def _refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, *words: str) -> str:
    code, err = _run(_case(tmp_path, name), capsys)
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    assert name in err
    for w in words:
        assert w in err, err
    return err


def test_missing_vcf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(tmp_path, capsys, "absent.vcf.gz", "not found")
    assert "tumor.vcf" in err


def test_malformed_line_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "malformed_pos_line17.vcf", tmp_path / "bad.vcf")
    _refused(tmp_path, capsys, "bad.vcf", "line 17", "POS", "14075x337")


def test_malformed_column_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FIX / "unannotated_two_pass.vcf").read_text().splitlines()
    text[-1] = "\t".join(text[-1].split("\t")[:6])  # a record cut after QUAL
    (tmp_path / "cut.vcf").write_text("\n".join(text) + "\n")
    _refused(tmp_path, capsys, "cut.vcf", f"line {len(text)}", "columns")


def test_grch37_vcf_in_a_grch38_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "grch37_contigs.vcf", tmp_path / "old.vcf")
    err = _refused(tmp_path, capsys, "old.vcf", "GRCh37", "GRCh38", "genome_build")
    assert "line 3" in err  # the first ##contig line, whose length gave it away


def test_grch37_vcf_accepted_when_the_case_says_grch37(tmp_path: Path) -> None:
    shutil.copy(FIX / "grch37_contigs.vcf", tmp_path / "old.vcf")
    case = read_case(_case(tmp_path, "old.vcf", "  genome_build: GRCh37\n"))
    assert case.tumor is not None
    assert [a.pos for a in case.tumor.alterations] == [140453136]


def test_zero_byte_vcf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.vcf").write_bytes(b"")
    _refused(tmp_path, capsys, "empty.vcf", "empty")


def test_headerless_vcf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "headerless.vcf", tmp_path / "nohead.vcf")
    _refused(tmp_path, capsys, "nohead.vcf", "header-less", "line 1")


def test_truncated_gzip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = gzip.compress((FIX / "tumor_normal_vep_braf_kras_egfr.vcf").read_bytes())
    (tmp_path / "cut.vcf.gz").write_bytes(whole[: len(whole) // 2])
    _refused(tmp_path, capsys, "cut.vcf.gz", "truncated")


def test_truncated_bgzip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = bgzf_compress((FIX / "tumor_normal_vep_braf_kras_egfr.vcf").read_bytes())
    (tmp_path / "cut.vcf.gz").write_bytes(whole[:-40])
    _refused(tmp_path, capsys, "cut.vcf.gz", "truncated")


def test_bgzip_without_eof_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = bgzf_compress((FIX / "tumor_normal_vep_braf_kras_egfr.vcf").read_bytes())
    (tmp_path / "noeof.vcf.gz").write_bytes(whole[:-28])
    _refused(tmp_path, capsys, "noeof.vcf.gz", "truncated")


def test_binary_garbage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "junk.vcf").write_bytes(bytes(range(256)) * 64)
    _refused(tmp_path, capsys, "junk.vcf", "binary")


def test_gzip_magic_then_garbage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "junk.vcf.gz").write_bytes(b"\x1f\x8b" + bytes(range(256)) * 8)
    _refused(tmp_path, capsys, "junk.vcf.gz", "gzip")


def test_text_that_is_not_a_vcf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.vcf").write_text("Hugo_Symbol\tHGVSp_Short\nBRAF\tp.V600E\n")
    _refused(tmp_path, capsys, "notes.vcf", "not a VCF", "line 1")


def test_vcf_with_zero_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "zero_samples.vcf", tmp_path / "sites.vcf")
    _refused(tmp_path, capsys, "sites.vcf", "0 samples")


def test_unknown_tumor_sample_lists_the_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "tumor_normal_vep_braf_kras_egfr.vcf", tmp_path / "tn.vcf")
    code, err = _run(_case(tmp_path, "tn.vcf", "  sample: TUMOUR_X\n"), capsys)
    assert code == 2 and "tumor.sample" in err and "NORMAL" in err and "TUMOR" in err


def test_header_only_vcf_is_valid_and_the_report_says_nothing_found(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIX / "header_no_records.vcf", tmp_path / "none.vcf")
    code = main(["analyze", str(_case(tmp_path, "none.vcf")), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert any(w["code"] == "vcf.no_records" for w in report["warnings"])
    assert not [a for a in report["alterations"] if a.get("source") == "vcf"]


def test_hostile_file_name_prints_safely(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / ("d" * 200) / ("e" * 200)
    deep.mkdir(parents=True)
    name = "evil\x1b[31m\x07" + "x" * 200 + ".vcf"
    (deep / name).write_bytes(b"")
    code, err = _run(_case(tmp_path, json.dumps(str(deep / name))), capsys)
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err
    assert len(err.splitlines()) == 1 and len(err) < 600


def test_control_characters_in_file_content_are_not_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FIX / "unannotated_two_pass.vcf").read_text().replace("TUMOR", "TU\x1b[2JMOR")
    (tmp_path / "ctl.vcf").write_text(text)
    code, err = _run(_case(tmp_path, "ctl.vcf", "  sample: OTHER\n"), capsys)
    assert code == 2 and "TU?[2JMOR" in err and "\x1b" not in err
