"""Lung labels that needed more than a table row: c-Met protein by IHC (telisotuzumab vedotin) and
zidesamtinib (ROS1, after a ROS1 TKI; a new drug in the vocabulary)."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.vocab.drugs import lookup

from .cases import PLATINUM_IO, case, condition, items, one, solid

TELISO = ("telisotuzumab vedotin",)
ZIDES = ("zidesamtinib",)


def test_cmet_overexpression_after_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [], lines=[PLATINUM_IO], biomarkers={"cmet_ihc": 60}))
    item = one(r, TELISO, "nsclc-met-overexpression-telisotuzumab")
    assert item.level == "1" and item.biomarker_status == "met" and item.conditions_met != "not_met"


def test_cmet_from_a_report_line() -> None:
    c = Case.model_validate({"diagnosis": {"cancer_type": "LUAD"}, "tumor": {"alterations": "c-Met IHC 3+ 70%, KRAS G12C"}})
    assert c.tumor is not None and c.tumor.biomarkers.cmet_ihc == 70


def test_cmet_below_threshold_or_squamous_gets_nothing(tmp_path_factory) -> None:
    low = case(tmp_path_factory, solid("LUAD", [], lines=[PLATINUM_IO], biomarkers={"cmet_ihc": 40}))
    assert not items(low, TELISO)
    squamous = case(tmp_path_factory, solid("LUSC", [], lines=[PLATINUM_IO], biomarkers={"cmet_ihc": 80}))
    assert not [t for t in items(squamous, TELISO) if t.cancer_type_match in ("exact", "ancestor")]


def test_cmet_not_measured_is_asked_for_not_assumed(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12D"], lines=[PLATINUM_IO]))
    assert not items(r, TELISO)
    assert any("c-Met" in (n.reason + (n.needed_input or "")) for n in r.not_assessed)


def test_zidesamtinib_after_a_ros1_tki(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"], lines=[["Augtyro"]]))
    item = one(r, ZIDES, "nsclc-ros1-zidesamtinib-after-tki")
    assert item.level == "1" and item.conditions_met == "met"
    assert item.evidence and item.evidence[0].date == "2026-07-22"


def test_zidesamtinib_not_before_a_ros1_tki(tmp_path_factory) -> None:
    naive = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"]))
    assert condition(one(naive, ZIDES, "nsclc-ros1-zidesamtinib-after-tki"), "ROS1 tyrosine kinase") == "not_met"
    chemo_only = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"], lines=[PLATINUM_IO]))
    assert one(chemo_only, ZIDES, "nsclc-ros1-zidesamtinib-after-tki").conditions_met == "not_met"


def test_subcutaneous_brands_read_as_their_drugs() -> None:
    assert (lookup("Keytruda Qlex"), lookup("Rybrevant Faspro"), lookup("NVL-520")) == (
        "pembrolizumab", "amivantamab", "zidesamtinib")


def test_erlotinib_is_not_offered_after_osimertinib(tmp_path_factory) -> None:
    after_tki = case(tmp_path_factory, solid("LUAD", ["EGFR L858R"], lines=[["osimertinib"]]))
    item = one(after_tki, ("erlotinib",), "nsclc-egfr-sens-erlotinib")
    assert condition(item, "not another EGFR TKI") == "not_met" and item.conditions_met == "not_met"
    after_chemo = case(tmp_path_factory, solid("LUAD", ["EGFR L858R"], lines=[PLATINUM_IO]))
    assert one(after_chemo, ("erlotinib",), "nsclc-egfr-sens-erlotinib").conditions_met == "met"
