"""Histology label limits ("non-squamous") read from the reported histology and the OncoTree type name."""

from __future__ import annotations

import pytest

from oncotailor.knowledge.schemas.therapy import Condition
from oncotailor.therapy.conditions import evaluate
from tests.therapy.conftest import make_case

NON_SQUAMOUS = Condition(kind="histology", text="non-squamous histology",
                         values=["adenocarcinoma", "non-squamous", "nonsquamous", "large cell"], not_values=["squamous"])


@pytest.mark.parametrize(("cancer", "histology", "expected"), [
    ("LUAD", None, "met"),  # the OncoTree name says adenocarcinoma
    ("NSCLC", "adenocarcinoma", "met"),
    ("NSCLC", "non-squamous carcinoma", "met"),  # 'non-squamous' is not read as 'squamous'
    ("NSCLC", "squamous cell carcinoma", "not_met"),
    ("LUSC", None, "not_met"),
    ("NSCLC", None, "unknown"),  # a broad type and no histology: cannot say
])
def test_non_squamous(cancer: str, histology: str | None, expected: str) -> None:
    case = make_case(cancer, [], diagnosis={"histology": histology} if histology else {})
    assert evaluate(NON_SQUAMOUS, case).status == expected


def test_no_diagnosis_is_unknown() -> None:
    assert evaluate(NON_SQUAMOUS, make_case(None, [])).status == "unknown"
