"""The public face stays small, and the report's JSON Schema is generated from the models and kept in docs."""

from __future__ import annotations

import json

import oncotailor
from oncotailor.findings import Report
from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "report.schema.json"


def test_exported_members() -> None:
    assert sorted(oncotailor.__all__) == sorted(["Case", "OncoTailorError", "Report", "__version__", "analyze",
                                                 "read_case"])
    for name in oncotailor.__all__:
        assert getattr(oncotailor, name) is not None


def test_report_schema_in_docs_matches_the_models() -> None:
    """Regenerate with: python -c "from oncotailor.findings.schema import write; write()" """
    current = Report.model_json_schema()
    assert json.loads(SCHEMA.read_text()) == current


def test_schema_requires_the_design_keys() -> None:
    required = set(Report.model_json_schema()["required"])
    assert {"case_id", "generated_at", "software_version", "as_of"} <= required
    props = set(Report.model_json_schema()["properties"])
    assert {"alterations", "therapies", "resistance", "pgx", "hereditary", "risk_models", "screening",
            "recurrence", "trials", "questions", "not_assessed", "warnings", "knowledge_versions",
            "input_sha256"} <= props
