"""Small-case helpers for the therapy-knowledge tests: write a case file, assess it, pick the offered items.

Each test builds one case dict (`solid` for a solid tumor with its alterations, line history and
biomarkers), runs it through `read_case` and the therapy engine (`case`), and looks up items by drugs and
rule id (`one`, `items`) or a label condition by its words (`condition`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from oncotailor.findings import Contribution
from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.readers import read_case
from oncotailor.therapy.engine import assess

from ..conftest import EXAMPLES

KB = KnowledgeBase()

ERBB2_EX20INS = "ERBB2 A775_G776insYVMA"
PLATINUM_IO = ["carboplatin", "pemetrexed", "pembrolizumab"]


def case(tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]) -> Contribution:
    path = Path(tmp_path_factory.mktemp("case")) / "case.yaml"
    path.write_text(yaml.safe_dump({"as_of": "2026-11-29", **doc}), encoding="utf-8")
    return assess(read_case(path), KB.view())


def solid(code: str, alterations: list[str], stage: str = "IV", lines: list[list[str]] | None = None,
           setting: str = "metastatic", biomarkers: dict[str, Any] | None = None, **diag: Any) -> dict[str, Any]:
    history = [{"line": i + 1, "setting": setting, "drugs": d, "progressed": True} for i, d in enumerate(lines or [])]
    return {"patient": {"id": "RECENT", "age": 58, "sex": "female"},
            "diagnosis": {"cancer_type": code, "stage": stage, **diag},
            "tumor": {"alterations": alterations, "biomarkers": biomarkers or {}},
            "history": {"prior_therapies": history}}


def items(report: Contribution, drugs: tuple[str, ...]) -> list[Any]:
    return [t for t in report.therapies if set(t.drugs) == set(drugs)]


def rule_ids(report: Contribution, drugs: tuple[str, ...]) -> set[str | None]:
    """The rule ids of the items offering exactly these drugs."""
    return {t.rule_id for t in items(report, drugs)}


def one(report: Contribution, drugs: tuple[str, ...], rule_id: str) -> Any:
    hits = [t for t in items(report, drugs) if t.rule_id == rule_id]
    assert hits, f"{rule_id} not offered; found {[(t.rule_id, t.level) for t in report.therapies]}"
    return hits[0]


def condition(item: Any, words: str) -> str:
    found = [c.status for c in item.conditions if words in c.text]
    assert found, f"no condition mentioning {words!r}: {[c.text for c in item.conditions]}"
    return found[0]


def no_label_match(report: Contribution, drugs: tuple[str, ...]) -> bool:
    """The drugs are not offered as an on-label level-1 match for this tumor type."""
    return not [t for t in items(report, drugs) if t.level == "1" and t.cancer_type_match in ("exact", "ancestor")]


def example(name: str) -> Contribution:
    """The therapy findings of one bundled example case (`examples/<name>`)."""
    return assess(read_case(EXAMPLES / name), KB.view())
