"""The two early-breast examples read by the real case reader and assessed by the recurrence engine (the full
`oncotailor analyze` run adds the other engines, tested elsewhere), and the engine without a diagnosis."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence.engine import assess
from tests.conftest import EXAMPLES


def _run(name: str) -> dict:
    from oncotailor.readers import read_case

    return assess(read_case(EXAMPLES / f"{name}.yaml"), default_kb()).model_dump(mode="json")


def test_predict_example():
    r = _run("breast_early_predict")
    rec = r["recurrence"]
    steps = {e["treatment"] for e in rec if e["model"] == "PREDICT v2.1"}
    assert {"surgery only", "+ hormone therapy", "+ chemotherapy (3rd generation)", "+ bisphosphonates"} <= steps
    ten = [e for e in rec if e["model"] == "PREDICT v2.1" and e["outcome"] == "overall survival" and e["horizon"] == "10y"]
    assert all(len(e["curve"]) == 16 and e["percent"] is not None for e in ten)
    assert any(e["model"] == "GBSG2 Cox (research)" and e["valid"] for e in rec)
    assert any(q["text"].startswith("What is my chance of the cancer coming back") for q in r["questions"])
    assert all(e["evidence"] for e in rec)


def test_rs_example():
    r = _run("breast_early_rs")
    [rs] = [e for e in r["recurrence"] if e["model"] == "RS21"]
    assert rs["valid"] and rs["score"] == 24 and rs["group"] == "intermediate" and rs["approximation"] is None
    assert "TAILORx" in rs["note"] and "21-25" in rs["note"]


def test_no_diagnosis_is_not_assessed():
    c = assess(Case.model_validate({"patient": {"age": 50}}), default_kb())
    assert not c.recurrence and c.not_assessed[0].needed_input == "diagnosis.cancer_type"
    c = assess(Case.model_validate({"diagnosis": {"cancer_type": "NSCLC"}}), default_kb())
    assert not c.recurrence and "NSCLC" in c.not_assessed[0].reason and c.not_assessed[0].needed_input is None
