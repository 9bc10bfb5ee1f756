"""Fixtures for the therapy engine: a small made-up rule set (tests/therapy/fixtures/kb) and a case builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase(data_dir=FIXTURE_KB)


def make_case(cancer: str | None, alterations: list[Any] | None = None, **extra: Any) -> Case:
    doc: dict[str, Any] = {"as_of": "2026-11-24"}
    if cancer:
        doc["diagnosis"] = {"cancer_type": cancer, **extra.pop("diagnosis", {})}
    tumor = extra.pop("tumor", {})
    if alterations is not None or tumor:
        doc["tumor"] = {"alterations": alterations or [], **tumor}
    doc.update(extra)
    case = Case.model_validate(doc)
    if case.diagnosis and case.diagnosis.cancer_type and not case.diagnosis.oncotree_code:
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        case.diagnosis.oncotree_code = resolve_cancer_type(case.diagnosis.cancer_type).code
    return case


@pytest.fixture
def run(kb: KnowledgeBase):
    def _run(cancer: str | None, alterations: list[Any] | None = None, **extra: Any) -> Contribution:
        return assess(make_case(cancer, alterations, **extra), kb)

    return _run


def rule_ids(out: Contribution) -> set[str]:
    return {m.rule_id for m in out.therapies if m.rule_id}


def by_rule(out: Contribution, rule_id: str):
    found = [m for m in out.therapies if m.rule_id == rule_id]
    assert found, f"{rule_id} not matched; got {sorted(rule_ids(out))}"
    return found[0]
