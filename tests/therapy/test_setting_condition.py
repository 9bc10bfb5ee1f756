"""'Unresectable or metastatic' label limits: an early (stage 0-II) solid tumor does not meet them."""

from __future__ import annotations

import pytest

from oncotailor.knowledge.schemas.therapy import Condition
from oncotailor.therapy.conditions import evaluate
from tests.therapy.conftest import make_case

ADVANCED = Condition(kind="setting", text="unresectable or metastatic disease", values=["metastatic", "unresectable"])


@pytest.mark.parametrize(("diagnosis", "expected"), [
    ({"stage": "IB"}, "not_met"),
    ({"stage": "IIA"}, "not_met"),
    ({"stage": "IIIA"}, "unknown"),  # resectability not given
    ({"stage": "IIIA", "resectable": False}, "met"),
    ({"stage": "IIIA", "resectable": True}, "not_met"),
    ({"stage": "IV"}, "met"),
    ({}, "unknown"),
])
def test_unresectable_or_metastatic(diagnosis: dict[str, object], expected: str) -> None:
    assert evaluate(ADVANCED, make_case("LUAD", [], diagnosis=diagnosis)).status == expected
