"""The three risk examples, through the public API: the report lists what a reader needs."""

from __future__ import annotations

import pytest

import oncotailor
from oncotailor.knowledge import KnowledgeBase
from tests.conftest import EXAMPLES

NAMES = ("hereditary_brca2", "lynch_colorectal", "risk_no_cancer")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, oncotailor.Report]:
    """The three reports, analysed once (all engines) with an isolated ONCOTAILOR_HOME."""
    from oncotailor.pipeline import analyze
    from oncotailor.readers import read_case

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ONCOTAILOR_HOME", str(tmp_path_factory.mktemp("home")))
        kb = KnowledgeBase()
        return {n: analyze(read_case(EXAMPLES / f"{n}.yaml"), kb=kb) for n in NAMES}


def test_brca2_example(reports: dict[str, oncotailor.Report]) -> None:
    r = reports["hereditary_brca2"]
    (f,) = [h for h in r.hereditary if h.gene == "BRCA2"]
    assert f.classification == "pathogenic" and "HBOC" in (f.syndrome or "")
    assert any("MRI" in m for m in f.management)  # screening schedule
    assert any("salpingo-oophorectomy" in x for x in f.risk_reducing)  # risk-reducing options
    assert "PARP" in (f.therapy_relevance or "")  # therapy relevance
    assert f.cascade_testing
    gail = [m for m in r.risk_models if m.model == "BCRAT"]
    assert gail and not any(m.valid for m in gail)  # a breast cancer patient and carrier: refused, no number
    assert any("surveillance" in s.test for s in r.screening if s.cancer == "breast")


def test_lynch_example(reports: dict[str, oncotailor.Report]) -> None:
    r = reports["lynch_colorectal"]
    msh2 = [h for h in r.hereditary if h.gene == "MSH2"]
    assert msh2 and all(h.syndrome == "Lynch syndrome" for h in msh2)
    assert any("olonoscopy" in m for m in msh2[0].management)
    assert msh2[0].risk_reducing and "checkpoint" in (msh2[0].therapy_relevance or "")
    assert {s.cancer for s in r.screening} >= {"stomach", "colorectal"}
    assert not any(m.valid for m in r.risk_models if m.model in {"CCRAT", "PREMM5"})


def test_no_cancer_example(reports: dict[str, oncotailor.Report]) -> None:
    r = reports["risk_no_cancer"]
    models = {(m.model, m.horizon): m for m in r.risk_models}
    for key in (("BCRAT", "5y"), ("BCRAT", "to_age_90"), ("PLCOm2012", "6y"), ("CCRAT", "5y"), ("CCRAT", "to_age_90")):
        m = models[key]
        assert m.valid and m.percent is not None and 0 < m.percent < 100
        assert m.interpretation and m.interpretation.startswith("Out of 100")
    assert models[("BCRAT", "5y")].average_percent is not None
    cancers = {s.cancer for s in r.screening}
    assert {"breast", "colorectal", "cervical", "lung"} <= cancers
    assert not r.hereditary
