"""The canonical JSON view: DESIGN.md key order first, two-space indent, UTF-8."""

from __future__ import annotations

import json

from oncotailor.findings import Report

KEY_ORDER = (
    "case_id", "generated_at", "software_version", "knowledge_versions", "as_of", "input_sha256", "disclaimer",
    "summary", "alterations", "therapies", "resistance", "pgx", "hereditary", "risk_models", "screening",
    "recurrence", "trials", "questions", "not_assessed", "warnings",
)


def report_dict(report: Report) -> dict[str, object]:
    data = report.model_dump(mode="json")
    ordered = {k: data.pop(k) for k in KEY_ORDER if k in data}
    ordered.update(data)
    return ordered


def render_json(report: Report, *, lang: str = "en") -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
