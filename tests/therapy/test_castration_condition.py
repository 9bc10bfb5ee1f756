"""Prostate labels split by hormone setting: stated castration status, or resistance read from the history."""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.knowledge.schemas.therapy import Condition
from oncotailor.therapy.conditions import evaluate
from tests.therapy.conftest import make_case

CRPC = Condition(kind="castration", text="castration-resistant disease", values=["resistant"])
HSPC = Condition(kind="castration", text="hormone-sensitive disease", values=["sensitive"])


def _prostate(status: str | None = None, lines: list[dict[str, Any]] | None = None) -> Any:
    extra: dict[str, Any] = {"diagnosis": {"stage": "IV", **({"castration_status": status} if status else {})}}
    if lines is not None:
        extra["history"] = {"prior_therapies": lines}
    return make_case("PRAD", [], **extra)


@pytest.mark.parametrize(("status", "crpc", "hspc"), [
    ("resistant", "met", "not_met"), ("sensitive", "not_met", "met"), (None, "unknown", "unknown")])
def test_stated_status(status: str | None, crpc: str, hspc: str) -> None:
    case = _prostate(status)
    assert (evaluate(CRPC, case).status, evaluate(HSPC, case).status) == (crpc, hspc)


def test_progression_on_hormone_therapy_means_castration_resistant() -> None:
    case = _prostate(lines=[{"line": 1, "setting": "metastatic", "drugs": ["degarelix", "abiraterone"],
                             "progressed": True}])
    result = evaluate(CRPC, case)
    assert result.status == "met" and "abiraterone" in (result.detail or "")
    assert evaluate(HSPC, case).status == "not_met"


def test_hormone_therapy_without_progression_says_nothing() -> None:
    case = _prostate(lines=[{"line": 1, "setting": "metastatic", "drugs": ["leuprolide"], "progressed": False}])
    assert evaluate(CRPC, case).status == "unknown"


def test_a_stated_status_wins_over_the_history() -> None:
    case = _prostate("sensitive", [{"line": 1, "setting": "adjuvant", "drugs": ["bicalutamide"], "progressed": True}])
    assert evaluate(HSPC, case).status == "met"
