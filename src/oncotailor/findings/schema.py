"""The report's JSON Schema, generated from the models; `docs/report.schema.json` is its published copy."""

from __future__ import annotations

import json
from pathlib import Path

from oncotailor.findings.report import Report


def schema() -> dict[str, object]:
    return Report.model_json_schema()


def write(path: Path | None = None) -> Path:
    target = path or Path(__file__).resolve().parents[3] / "docs" / "report.schema.json"
    target.write_text(json.dumps(schema(), indent=2) + "\n", encoding="utf-8")
    return target
