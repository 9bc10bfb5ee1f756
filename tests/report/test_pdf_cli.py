"""PDF output and the report formats through the CLI: exit codes, --lang, clear errors without Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncotailor.cli import main
from oncotailor.report import pdf
from oncotailor.report.pdf import PdfUnavailableError, find_chromium, render_patient_pdf, render_pdf
from tests.conftest import EXAMPLES
from tests.report.factories import breast_report

CASE = str(EXAMPLES / "nsclc_egfr.yaml")
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="headless Chromium is not installed")


@pytest.mark.browser
@needs_chromium
def test_both_reports_print_to_pdf() -> None:
    for render in (render_pdf, render_patient_pdf):
        data = render(breast_report())
        assert data[:5] == b"%PDF-" and len(data) > 5_000
        assert b"/Type /Page" in data or b"/Type/Page" in data


def test_missing_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONCOTAILOR_CHROMIUM", "/nonexistent/chromium")
    assert pdf.find_chromium() is None
    with pytest.raises(PdfUnavailableError, match="apt-get install chromium"):
        render_pdf(breast_report())


def test_cli_errors_pdf_without_chromium_exits_1_and_unknown_lang_exits_2(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One test, so the knowledge base loads once for both CLI runs."""
    monkeypatch.setenv("ONCOTAILOR_CHROMIUM", "/nonexistent/chromium")
    out = tmp_path / "r.pdf"
    assert main(["analyze", CASE, "--format", "patient-pdf", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "needs headless Chromium" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["analyze", CASE, "--format", "patient-html", "--lang", "xx"]) == 2
    assert "--lang" in capsys.readouterr().err


def test_cli_formats_lang_and_fhir_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", CASE, "--format", "html"]) == 0
    assert "OncoTailor clinician report" in capsys.readouterr().out
    assert main(["analyze", CASE, "--format", "patient-html", "--lang", "de"]) == 0
    page = capsys.readouterr().out
    assert '<html lang="de">' in page and "Fragen an Ihr Behandlungsteam" in page
    bundle = tmp_path / "report.fhir.json"
    assert main(["analyze", CASE, "--format", "fhir", "-o", str(bundle)]) == 0
    assert json.loads(bundle.read_text())["resourceType"] == "Bundle"
    capsys.readouterr()
    assert main(["analyze", str(bundle), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["case_id"] == "EX-NSCLC-01" and again["summary"]["oncotree_code"] == "LUAD"
