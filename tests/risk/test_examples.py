"""The three risk examples, through the public API: the report lists what a reader needs."""

from __future__ import annotations

import oncotailor
from tests.conftest import EXAMPLES


def _report(name: str) -> oncotailor.Report:
    from oncotailor.analyze import (
        analyze,  # the package attribute can be shadowed by the submodule once imported
    )
    from oncotailor.readers import read_case

    return analyze(read_case(EXAMPLES / f"{name}.yaml"))


def test_brca2_example() -> None:
    r = _report("hereditary_brca2")
    (f,) = [h for h in r.hereditary if h.gene == "BRCA2"]
    assert f.classification == "pathogenic" and "HBOC" in (f.syndrome or "")
    assert any("MRI" in m for m in f.management)  # screening schedule
    assert any("salpingo-oophorectomy" in x for x in f.risk_reducing)  # risk-reducing options
    assert "PARP" in (f.therapy_relevance or "")  # therapy relevance
    assert f.cascade_testing
    gail = [m for m in r.risk_models if m.model == "BCRAT"]
    assert gail and not any(m.valid for m in gail)  # a breast cancer patient and carrier: refused, no number
    assert any("surveillance" in s.test for s in r.screening if s.cancer == "breast")


def test_lynch_example() -> None:
    r = _report("lynch_colorectal")
    msh2 = [h for h in r.hereditary if h.gene == "MSH2"]
    assert msh2 and all(h.syndrome == "Lynch syndrome" for h in msh2)
    assert any("olonoscopy" in m for m in msh2[0].management)
    assert msh2[0].risk_reducing and "checkpoint" in (msh2[0].therapy_relevance or "")
    assert {s.cancer for s in r.screening} >= {"stomach", "colorectal"}
    assert not any(m.valid for m in r.risk_models if m.model in {"CCRAT", "PREMM5"})


def test_no_cancer_example() -> None:
    r = _report("risk_no_cancer")
    models = {(m.model, m.horizon): m for m in r.risk_models}
    for key in (("BCRAT", "5y"), ("BCRAT", "to_age_90"), ("PLCOm2012", "6y"), ("CCRAT", "5y"), ("CCRAT", "to_age_90")):
        m = models[key]
        assert m.valid and m.percent is not None and 0 < m.percent < 100
        assert m.interpretation and m.interpretation.startswith("Out of 100")
    assert models[("BCRAT", "5y")].average_percent is not None
    cancers = {s.cancer for s in r.screening}
    assert {"breast", "colorectal", "cervical", "lung"} <= cancers
    assert not r.hereditary
