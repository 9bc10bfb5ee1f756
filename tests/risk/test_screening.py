"""Screening plan: average-risk USPSTF rows by age and sex, risk-based and hereditary rows, surveillance rule."""

from __future__ import annotations

from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk.engine import assess
from tests.risk.conftest import make_case


def _plan(kb: KnowledgeBase, **case: object) -> dict[tuple[str, str], object]:
    res = assess(make_case(**case), kb)
    return {(s.cancer, s.test): s for s in res.screening}


def _cancers(kb: KnowledgeBase, **case: object) -> set[str]:
    return {c for c, _ in _plan(kb, **case)}


def test_average_woman_and_man(kb: KnowledgeBase) -> None:
    assert _cancers(kb, patient={"age": 50, "sex": "female"}) == {"breast", "cervical", "colorectal"}
    assert _cancers(kb, patient={"age": 60, "sex": "male"}) == {"colorectal", "prostate"}
    assert _cancers(kb, patient={"age": 35, "sex": "female"}) == {"cervical"}
    assert _cancers(kb, patient={"age": 72, "sex": "male"}) == {"colorectal"}


def test_every_item_is_cited_and_has_patient_text(kb: KnowledgeBase) -> None:
    res = assess(make_case(patient={"age": 50, "sex": "female"}), kb)
    assert res.screening
    for s in res.screening:
        assert s.patient_text and s.evidence and s.evidence[0].date and s.evidence[0].source


def test_lifetime_score_adds_mri_and_replaces_average_breast(kb: KnowledgeBase) -> None:
    plan = _plan(kb, patient={"age": 45, "sex": "female"}, risk_factors={"scores": {"tyrer_cuzick_lifetime": 24}})
    breast = [t for c, t in plan if c == "breast"]
    assert breast == ["breast MRI and mammography"]
    low = _plan(kb, patient={"age": 45, "sex": "female"}, risk_factors={"scores": {"canrisk_lifetime": 15}})
    assert [t for c, t in low if c == "breast"] == ["mammography (2D digital or tomosynthesis)"]


def test_lung_eligibility_and_unknown_smoking(kb: KnowledgeBase) -> None:
    smoker = {"status": "former", "pack_years": 25, "years_since_quit": 10}
    assert "lung" in _cancers(kb, patient={"age": 60, "sex": "male"}, risk_factors={"smoking": smoker})
    quit_long_ago = {**smoker, "years_since_quit": 20}
    assert "lung" not in _cancers(kb, patient={"age": 60, "sex": "male"}, risk_factors={"smoking": quit_long_ago})
    light = {"status": "current", "cigarettes_per_day": 10, "years_smoked": 20}  # 10 pack-years
    assert "lung" not in _cancers(kb, patient={"age": 60, "sex": "male"}, risk_factors={"smoking": light})
    res = assess(make_case(patient={"age": 60, "sex": "male"}), kb)
    assert any(n.section == "screening" and "smoking" in (n.needed_input or "") for n in res.not_assessed)


def test_brca1_carrier_schedule_by_gene(kb: KnowledgeBase) -> None:
    plan = _plan(kb, patient={"age": 28, "sex": "female"}, germline={"variants": ["BRCA1 c.68_69delAG pathogenic"]})
    mri = plan[("breast", "breast MRI with contrast")]
    assert mri.start_age == 25 and mri.stop_age == 29 and mri.risk_category == "high"  # type: ignore[attr-defined]
    assert ("breast", "mammography (2D digital or tomosynthesis)") not in plan


def test_lynch_colonoscopy_ages_differ_by_gene(kb: KnowledgeBase) -> None:
    mlh1 = _plan(kb, patient={"age": 30, "sex": "male"}, germline={"variants": ["MLH1 c.1A>G pathogenic"]})
    pms2 = _plan(kb, patient={"age": 30, "sex": "male"}, germline={"variants": ["PMS2 c.1A>G pathogenic"]})
    assert mlh1[("colorectal", "colonoscopy")].start_age == 20  # type: ignore[attr-defined]
    assert pms2[("colorectal", "colonoscopy")].start_age == 30  # type: ignore[attr-defined]


def test_family_history_colonoscopy(kb: KnowledgeBase) -> None:
    plan = _plan(kb, patient={"age": 42, "sex": "female"},
                 family_history=[{"relation": "father", "cancer": "colon cancer", "age_at_diagnosis": 55}])
    assert ("colorectal", "colonoscopy") in plan


def test_cancer_organ_gets_surveillance_not_screening(kb: KnowledgeBase) -> None:
    plan = _plan(kb, patient={"age": 55, "sex": "female"}, diagnosis={"cancer_type": "breast cancer"})
    breast = [s for (c, _), s in plan.items() if c == "breast"]
    assert len(breast) == 1 and "surveillance" in breast[0].test  # type: ignore[attr-defined]
    assert "replaced by surveillance" in breast[0].reason  # type: ignore[attr-defined]
    assert "colorectal" in {c for c, _ in plan}  # other organs keep their screening


def test_metastatic_cancer_defers_average_screening(kb: KnowledgeBase) -> None:
    res = assess(make_case(patient={"age": 62, "sex": "female"}, diagnosis={"cancer_type": "LUAD", "stage": "IV"}), kb)
    assert not [s for s in res.screening if s.risk_category == "average"]
    assert any("metastatic" in n.reason for n in res.not_assessed)
    assert not any(n.section == "risk_models" and "BCRAT" in n.reason for n in res.not_assessed)
    carrier = assess(make_case(patient={"age": 40, "sex": "male"}, diagnosis={"cancer_type": "PAAD", "stage": "IV"},
                               germline={"variants": ["MLH1 c.1A>G pathogenic"]}), kb)
    assert any(s.risk_category == "high" for s in carrier.screening)  # hereditary schedules stay


def test_empty_case_is_all_unknown(kb: KnowledgeBase) -> None:
    res = assess(make_case(), kb)
    assert not res.screening and not res.risk_models and not res.hereditary
    needed = " ".join(n.needed_input or "" for n in res.not_assessed)
    assert "patient.age" in needed and "germline" in needed


def test_past_age_windows_are_dropped(kb: KnowledgeBase) -> None:
    plan = _plan(kb, patient={"age": 45, "sex": "female"}, germline={"variants": ["BRCA2 c.5946delT pathogenic"]})
    assert ("breast", "breast MRI with contrast") not in plan  # the 25-29 MRI-only window is over
    assert ("breast", "breast MRI and mammography (often alternated every 6 months)") in plan
