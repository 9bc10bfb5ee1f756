"""One entry point for every output format, so the CLI and the service render the same way."""

from __future__ import annotations

from importlib import import_module

from oncotailor.errors import InputError
from oncotailor.findings import Report

# format name → (module, function); each function takes (report, lang) and returns str or bytes
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("oncotailor.report.json_out", "render_json"),
    "html": ("oncotailor.report.html", "render_clinician_html"),
    "patient-html": ("oncotailor.report.patient", "render_patient_html"),
    "pdf": ("oncotailor.report.pdf", "render_pdf"),
    "patient-pdf": ("oncotailor.report.pdf", "render_patient_pdf"),
    "fhir": ("oncotailor.report.fhir_out", "render_fhir"),
}


def render(report: Report, fmt: str = "json", *, lang: str = "en") -> str | bytes:
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}'", field="--format", hint=f"choose one of {', '.join(FORMATS)}")
    module, func = FORMATS[fmt]
    out: str | bytes = getattr(import_module(module), func)(report, lang=lang)
    return out
