"""The CLI contract: exit codes, stdout/stderr split, whole-or-nothing output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncotailor.cli import main
from tests.conftest import EXAMPLES

TOP_KEYS = {
    "case_id", "generated_at", "software_version", "knowledge_versions", "alterations", "therapies",
    "resistance", "pgx", "hereditary", "risk_models", "screening", "recurrence", "trials", "questions",
    "not_assessed", "warnings", "as_of", "input_sha256",
}


def test_analyze_prints_json_with_every_top_level_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLES / "nsclc_egfr.yaml"), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= TOP_KEYS
    assert report["case_id"] == "EX-NSCLC-01"


def test_missing_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["analyze", str(tmp_path / "absent.yaml")]) == 2
    err = capsys.readouterr().err
    assert "absent.yaml" in err and "not found" in err


def test_yaml_syntax_error_names_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("patient:\n  id: P1\n  age: [62\ndiagnosis: {cancer_type: LUAD}\n")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "line" in err


def test_invalid_field_names_field_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("patient:\n  id: P1\n  age: 62\n  ecog: 7\n")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "patient.ecog" in err and "line 4" in err


def test_unknown_field_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("patient:\n  id: P1\n  agee: 62\n")
    assert main(["analyze", str(bad)]) == 2
    assert "patient.agee" in capsys.readouterr().err


def test_binary_garbage_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "garbage.yaml"
    bad.write_bytes(bytes(range(256)) * 4)
    assert main(["analyze", str(bad)]) == 2
    assert "binary" in capsys.readouterr().err


def test_output_file_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "report.json"
    assert main(["analyze", str(EXAMPLES / "nsclc_egfr.yaml"), "-o", str(out)]) == 0
    assert set(json.loads(out.read_text())) >= TOP_KEYS
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".oncotailor-")]


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous")
    assert main(["analyze", str(tmp_path / "absent.yaml"), "-o", str(out)]) == 2
    assert out.read_text() == "previous"


def test_same_inputs_same_report_apart_from_generated_at(capsys: pytest.CaptureFixture[str]) -> None:
    reports = []
    for _ in range(2):
        assert main(["analyze", str(EXAMPLES / "nsclc_egfr.yaml")]) == 0
        r = json.loads(capsys.readouterr().out)
        r.pop("generated_at")
        reports.append(r)
    assert reports[0] == reports[1]


def test_unknown_cancer_type_exits_2_with_suggestion(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("patient: {id: P1}\ndiagnosis:\n  cancer_type: lunge cancer\n")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "diagnosis.cancer_type" in err and "line 3" in err and "lung cancer" in err


def test_unknown_gene_in_typed_list_exits_2_naming_item(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("tumor:\n  alterations:\n    - EGFR L858R\n    - EGRF T790M\n")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "tumor.alterations.1" in err and "line 4" in err and "EGFR" in err


def test_report_list_string_is_read_as_alterations_and_biomarkers(tmp_path: Path) -> None:
    from oncotailor import read_case

    case_file = tmp_path / "case.yaml"
    case_file.write_text('diagnosis: {cancer_type: NSCLC}\ntumor: {alterations: "EGFR L858R, TMB 12, MSI-H"}\n')
    case = read_case(case_file)
    assert case.tumor is not None
    assert [a.key for a in case.tumor.alterations] == ["EGFR L858R"]
    assert (case.tumor.biomarkers.tmb, case.tumor.biomarkers.msi) == (12.0, "high")


def test_contradicting_biomarker_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.yaml"
    bad.write_text("tumor:\n  biomarkers: {msi: stable}\n  alterations: [MSI-H]\n")
    assert main(["analyze", str(bad)]) == 2
    assert "contradicts" in capsys.readouterr().err


def test_help_everywhere() -> None:
    assert main(["--help"]) == 0
    assert main(["analyze", "--help"]) == 0


def test_output_file_has_ordinary_permissions(tmp_path: Path) -> None:
    import os

    out = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        assert main(["analyze", str(EXAMPLES / "nsclc_egfr.yaml"), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_progress_is_shown_on_a_terminal_only() -> None:
    from oncotailor.cli import _Progress

    quiet = _Progress(enabled=False)
    quiet.stage("reading")  # no terminal: nothing is started, nothing printed
    quiet.stop()
    assert quiet._status is None
    shown = _Progress(enabled=True)
    assert shown._status is not None
    shown.stage("reading the case")
    shown.stop()
