"""Stage IV is distant metastasis for most solid tumors, but IVA (and for some, IVB) is locoregional in
head and neck, thyroid, cervical, esophagogastric, liver, biliary, prostate and uterine staging."""

from __future__ import annotations

import pytest

from oncotailor.case import Diagnosis
from oncotailor.knowledge import KnowledgeBase
from oncotailor.knowledge.schemas.therapy import Condition
from oncotailor.stage_setting import distant_metastasis
from oncotailor.therapy.conditions import evaluate
from oncotailor.trials.evaluate import ev_stage
from oncotailor.trials.facts import facts_of
from oncotailor.trials.model import StageP
from tests.therapy.conftest import make_case


@pytest.mark.parametrize(("code", "stage", "distant"), [
    ("HNSC", "IVA", False), ("HNSC", "IVB", False), ("HNSC", "IVC", True), ("HNSC", "IV", None),
    ("NPC", "IVA", False), ("NPC", "IVB", True),
    ("THAP", "IVB", False), ("THME", "IVB", False), ("THPA", "IVB", True), ("THPA", "IVA", False),
    ("CESC", "IVA", False), ("CESC", "IVB", True), ("UCEC", "IVA", False), ("UCEC", "IVB", True),
    ("STAD", "IVA", False), ("STAD", "IVB", True), ("STAD", "IV", True), ("HCC", "IVA", False),
    ("PRAD", "IVA", False), ("PRAD", "IVB", True),
    ("CCRCC", "IV", None), ("LUAD", "IVA", True), ("COADREAD", "IVA", True), ("BLCA", "IVA", True),
    ("LUAD", "IIIB", False), ("LUAD", "I", False), ("LUAD", None, None),
])
def test_distant_metastasis_by_stage(code: str, stage: str | None, distant: bool | None) -> None:
    assert distant_metastasis(Diagnosis(cancer_type=code, oncotree_code=code, stage=stage)) is distant


def test_listed_metastatic_sites_always_mean_distant_spread() -> None:
    d = Diagnosis(cancer_type="HNSC", oncotree_code="HNSC", stage="IVA", metastatic_sites=["lung"])
    assert distant_metastasis(d) is True


METASTATIC = Condition(kind="setting", text="recurrent or metastatic", values=["metastatic"])


def test_label_setting_for_locoregional_head_and_neck() -> None:
    iva = make_case("HNSC", [], diagnosis={"stage": "IVA"})
    ivc = make_case("HNSC", [], diagnosis={"stage": "IVC"})
    assert (evaluate(METASTATIC, iva).status, evaluate(METASTATIC, ivc).status) == ("not_met", "met")


def test_trial_criteria_read_the_same_way() -> None:
    crit = StageP(extents=["metastatic"])
    iva = facts_of(make_case("HNSC", [], diagnosis={"stage": "IVA"}))
    ivc = facts_of(make_case("HNSC", [], diagnosis={"stage": "IVC"}))
    assert (ev_stage(crit, iva)[0], ev_stage(crit, ivc)[0]) == (False, True)


def test_perioperative_pembrolizumab_fits_stage_iva_head_and_neck() -> None:
    from oncotailor.therapy.engine import assess

    def status(stage: str) -> str:
        case = make_case("HNSC", [], diagnosis={"stage": stage}, tumor={"biomarkers": {"pdl1_cps": 10}})
        out = assess(case, KnowledgeBase())
        hits = [t for t in out.therapies if t.rule_id == "hnsc-pdl1-cps1-pembrolizumab-perioperative"]
        assert hits, [t.rule_id for t in out.therapies]
        return hits[0].conditions_met

    assert status("IVA") != "not_met" and status("IVC") == "not_met"
