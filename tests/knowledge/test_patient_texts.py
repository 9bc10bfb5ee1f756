"""Every patient-language text in the knowledge tables reads at Flesch–Kincaid grade 8 or lower.

The patient report's own catalog prose is measured in tests/report/test_readability.py; this covers the
texts engines copy from knowledge rows (screening advice, PGx advice, testing advice), row by row, so a new
row cannot slip in above the grade even when no example case triggers it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

DATA = Path(__file__).resolve().parents[2] / "src" / "oncotailor" / "knowledge" / "data"
MAX_GRADE = 8.0


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "patient_text" and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


TEXTS = sorted({(str(p.relative_to(DATA)), t) for p in DATA.rglob("*.yaml")
                for t in _texts(yaml.safe_load(p.read_text(encoding="utf-8")))})


def test_tables_have_patient_texts() -> None:
    assert len(TEXTS) > 50


@pytest.mark.parametrize(("table", "text"), TEXTS, ids=[f"{t}:{x[:30]}" for t, x in TEXTS])
def test_patient_text_is_grade_8_or_lower(table: str, text: str) -> None:
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE
