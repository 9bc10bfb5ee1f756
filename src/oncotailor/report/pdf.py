"""Both HTML reports as PDF, printed by headless Chromium (the reports' print CSS sets the layout).

Chromium is a system package (Debian: ``apt-get install chromium fonts-dejavu-core``), found at
``$ONCOTAILOR_CHROMIUM`` or the usual paths. Without it, PDF output fails with `PdfUnavailableError`
(exit code 1, a message saying what to install) — never a traceback; HTML output needs nothing.
The HTML is written to a private temporary folder, printed with networking and sync turned off and a
throw-away profile, and the folder removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from oncotailor.errors import OncoTailorError
from oncotailor.findings import Report

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "chromium")
TIMEOUT_S = 120
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
         "--run-all-compositor-stages-before-draw")


class PdfUnavailableError(OncoTailorError):
    """PDF output needs headless Chromium, which is missing or failed (exit code 1)."""

    exit_code = 1


def find_chromium() -> str | None:
    configured = os.environ.get("ONCOTAILOR_CHROMIUM")
    for name in ((configured,) if configured else CANDIDATES):
        path = shutil.which(name) if name else None
        if path:
            return path
    return None


def html_to_pdf(html: str, *, chromium: str | None = None) -> bytes:
    exe = chromium or find_chromium()
    if exe is None:
        raise PdfUnavailableError(
            "PDF output needs headless Chromium, which was not found; install it (Debian/Ubuntu: "
            "'apt-get install chromium fonts-dejavu-core') or set ONCOTAILOR_CHROMIUM to its path. "
            "HTML output (--format html / patient-html) works without it.")
    with tempfile.TemporaryDirectory(prefix="oncotailor-pdf-") as tmp:
        src, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [exe, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailableError(f"Chromium could not print the PDF ({type(exc).__name__})") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise PdfUnavailableError(f"Chromium could not print the PDF (exit code {proc.returncode})")
        return out.read_bytes()


def render_pdf(report: Report, *, lang: str = "en") -> bytes:
    from oncotailor.report.html import render_clinician_html

    return html_to_pdf(render_clinician_html(report, lang=lang))


def render_patient_pdf(report: Report, *, lang: str = "en") -> bytes:
    from oncotailor.report.patient import render_patient_html

    return html_to_pdf(render_patient_html(report, lang=lang))
