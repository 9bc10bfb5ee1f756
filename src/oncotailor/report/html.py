"""Plain HTML views (placeholder until the reports work lands)."""

from __future__ import annotations

import html

from oncotailor.findings import Report


def _page(report: Report, title: str) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(', '.join(t.drugs))}</td><td>{html.escape(t.level)}</td>"
        f"<td>{html.escape(t.alteration)}</td></tr>"
        for t in report.therapies
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(report.disclaimer)}</p>"
        f"<table><tr><th>Drugs</th><th>Level</th><th>Alteration</th></tr>{rows}</table></body></html>\n"
    )


def render_clinician_html(report: Report, *, lang: str = "en") -> str:
    return _page(report, f"OncoTailor report — {report.case_id}")


def render_patient_html(report: Report, *, lang: str = "en") -> str:
    return _page(report, "Your OncoTailor report")
