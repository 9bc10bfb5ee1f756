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


def test_knowledge_cache_hit_and_miss_give_the_same_rows(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from oncotailor.knowledge.base import parse_yaml_cached

    monkeypatch.setenv("ONCOTAILOR_CACHE", str(tmp_path))
    data = b"meta: {date: 2024-01-02}\nrows: [{a: 1, when: 2025-03-04}]\n"
    miss = parse_yaml_cached(data)
    assert list(tmp_path.iterdir())  # written
    hit = parse_yaml_cached(data)
    assert miss == hit == {"meta": {"date": "2024-01-02"}, "rows": [{"a": 1, "when": "2025-03-04"}]}
