"""Which sensitive matches a resistance finding withdraws, and prior-therapy conditions that need every drug.

An R1 resistance withdraws sensitive matches sharing a drug, except an on-label match found only on the
resistance's own alteration: the label for that cancer names the alteration, so its combination is the one
meant to overcome it (KRAS G12C colorectal cancer: a G12C inhibitor with an EGFR antibody).
"""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.knowledge.schemas.therapy import Condition
from oncotailor.therapy.conditions import evaluate
from tests.therapy.conftest import make_case
from tests.therapy_knowledge.cases import case, items, one, solid

FOLFOX_BEV = ["fluorouracil", "oxaliplatin", "bevacizumab"]
FOLFIRI = ["fluorouracil", "irinotecan"]


def _has_drug(report: Any, drug: str) -> list[Any]:
    return [t for t in report.therapies if drug in t.drugs]


def test_kras_g12c_colorectal_keeps_the_g12c_inhibitor_with_the_egfr_antibody(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COADREAD", ["KRAS G12C"], lines=[FOLFOX_BEV, FOLFIRI]))
    for drugs, rule in ((("sotorasib", "panitumumab"), "crc-kras-g12c-sotorasib-panitumumab"),
                        (("adagrasib", "cetuximab"), "crc-kras-g12c-adagrasib-cetuximab")):
        item = one(r, drugs, rule)
        assert item.level == "1" and item.cancer_type_match == "exact"
        assert "reduce benefit" not in (item.note or "")
    anti_egfr = [x for x in r.resistance if x.rule_id == "res-crc-kras-anti-egfr"]
    assert anti_egfr and anti_egfr[0].level == "R1"
    # the antibody on its own (RAS wild-type labels) is never offered
    assert not [t for t in r.therapies if set(t.drugs) <= {"cetuximab", "panitumumab", "fluorouracil", "irinotecan",
                                                           "oxaliplatin", "leucovorin"}
                and {"cetuximab", "panitumumab"} & set(t.drugs)]


def test_kras_g12d_colorectal_gets_no_egfr_antibody(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COADREAD", ["KRAS G12D"], lines=[FOLFOX_BEV]))
    assert not _has_drug(r, "cetuximab") and not _has_drug(r, "panitumumab")
    assert [x for x in r.resistance if x.rule_id == "res-crc-kras-anti-egfr"]


def test_t790m_withdraws_every_first_generation_regimen(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR exon 19 deletion", "EGFR T790M"], lines=[["erlotinib"]]))
    for drug in ("erlotinib", "gefitinib", "afatinib", "dacomitinib"):
        assert not _has_drug(r, drug), drug  # erlotinib + ramucirumab too: the partner does not rescue it
    assert one(r, ("osimertinib",), "nsclc-egfr-t790m-osimertinib").conditions_met == "met"
    t790m = [x for x in r.resistance if x.rule_id == "res-nsclc-egfr-t790m-early-tki"]
    assert t790m and "withdrawn" in t790m[0].explanation and t790m[0].acquired


def test_braf_v600e_colorectal_keeps_encorafenib_cetuximab_unflagged(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COADREAD", ["BRAF V600E"], lines=[FOLFOX_BEV]))
    item = one(r, ("encorafenib", "cetuximab"), "crc-braf-v600e-encorafenib-cetuximab")
    assert item.level == "1" and "reduce benefit" not in (item.note or "")
    # an off-label BRAF + MEK doublet of another cancer is withdrawn by the colorectal R1
    assert not items(r, ("dabrafenib", "trametinib"))
    assert [x for x in r.resistance if x.rule_id == "res-crc-braf-v600e-braf-mek-alone"]


# ── prior-therapy conditions that need every listed drug ──

AFTER_BOTH = Condition(kind="prior_therapy", text="after imatinib and sunitinib", drugs=["imatinib", "sunitinib"],
                       require_all=True)
AFTER_EITHER = Condition(kind="prior_therapy", text="after imatinib or sunitinib", drugs=["imatinib", "sunitinib"])
AFTER_CHEMO = Condition(kind="prior_therapy", text="after fluoropyrimidine, oxaliplatin and irinotecan",
                        drugs=["oxaliplatin", "irinotecan"], drug_classes=["fluoropyrimidine"], require_all=True)


def _history(*lines: list[str]) -> Any:
    return make_case("GIST", [], diagnosis={"stage": "IV"}, history={"prior_therapies": [
        {"line": i + 1, "setting": "metastatic", "drugs": d, "progressed": True} for i, d in enumerate(lines)]})


@pytest.mark.parametrize(("lines", "both", "either"), [
    ([["imatinib"]], "not_met", "met"),
    ([["imatinib"], ["sunitinib"]], "met", "met"),
    ([["Gleevec"], ["Sutent"]], "met", "met"),  # brand names
    ([["ripretinib"]], "not_met", "not_met"),
])
def test_require_all_needs_every_drug(lines: list[list[str]], both: str, either: str) -> None:
    c = _history(*lines)
    assert (evaluate(AFTER_BOTH, c).status, evaluate(AFTER_EITHER, c).status) == (both, either)


def test_require_all_names_what_is_missing() -> None:
    result = evaluate(AFTER_BOTH, _history(["imatinib"]))
    assert result.detail == "not received: sunitinib"


def test_require_all_with_a_class_across_lines() -> None:
    assert evaluate(AFTER_CHEMO, _history(["capecitabine", "oxaliplatin"], ["irinotecan"])).status == "met"
    missing = evaluate(AFTER_CHEMO, _history(["oxaliplatin"], ["irinotecan"]))
    assert missing.status == "not_met" and missing.detail == "not received: fluoropyrimidine"


def test_require_all_without_history_stays_unknown() -> None:
    assert evaluate(AFTER_BOTH, make_case("GIST", [])).status == "unknown"


def test_braf_v600e_colorectal_flags_off_label_braf_mek_without_egfr(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COADREAD", ["BRAF V600E"]))
    vem = items(r, ("vemurafenib", "cobimetinib"))
    assert vem and all("reduce benefit" in (t.note or "") for t in vem)
    assert [x for x in r.resistance if x.rule_id == "res-crc-braf-v600e-braf-mek-without-egfr"]


def test_regorafenib_gist_needs_imatinib_and_sunitinib(tmp_path_factory) -> None:
    def status(lines: list[list[str]]) -> tuple[str, str | None]:
        r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del"], lines=lines))
        item = one(r, ("regorafenib",), "gist-kit-regorafenib")
        cond = next(c for c in item.conditions if "imatinib and sunitinib" in c.text)
        return cond.status, cond.detail

    assert status([["imatinib"], ["ripretinib"]]) == ("not_met", "not received: sunitinib")
    assert status([["imatinib"], ["sunitinib"]])[0] == "met"
