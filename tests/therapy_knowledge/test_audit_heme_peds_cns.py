"""Case-level checks of the 2026-11-29 audit of `heme.yaml`, `pediatric.yaml` and `cns.yaml` against the FDA labels.

Each rule added or changed by the audit has a positive case (the label population gets the drug at the right
level with its limits evaluated) and at least one negative (wrong line, age, tumor type, variant or biomarker
status); a second group holds important rules of these areas that no other test covered. Expectations are
read off the labels' indications (and NCCN for the guideline rows), not copied from the engine's output.
"""

from __future__ import annotations

from typing import Any

from .cases import case, condition, items, no_label_match, one, rule_ids

INDUCTION = ["cytarabine", "daunorubicin"]


def blood(
    code: str,
    alterations: list[str],
    lines: list[list[str]] | None = None,
    age: float = 58,
    biomarkers: dict[str, Any] | None = None,
    **diag: Any,
) -> dict[str, Any]:
    """A blood cancer (no stage): each prior line progressed."""
    history = [{"line": i + 1, "drugs": d, "progressed": True} for i, d in enumerate(lines or [])]
    return {
        "patient": {"id": "AUDIT-HEME", "age": age, "sex": "male"},
        "diagnosis": {"cancer_type": code, **diag},
        "tumor": {"alterations": alterations, "biomarkers": biomarkers or {}},
        "history": {"prior_therapies": history},
    }


def brain(
    code: str, alterations: list[str], lines: list[list[str]] | None = None, age: float = 34, **diag: Any
) -> dict[str, Any]:
    """A brain or nerve tumor: no AJCC stage, so label lines count the prior treatments."""
    doc = blood(code, alterations, lines, age, **diag)
    doc["patient"]["id"] = "AUDIT-CNS"
    return doc


# ───────────────────────────── AML: FLT3 ─────────────────────────────

MIDO = ("midostaurin", "cytarabine", "daunorubicin")
QUIZ = ("quizartinib", "cytarabine", "daunorubicin")


def test_midostaurin_newly_diagnosed_adult_flt3_tkd(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["FLT3 D835Y"]))
    item = one(r, MIDO, "aml-flt3-midostaurin-induction")
    assert item.level == "1" and item.approval == "fda" and item.cancer_type_match == "exact"
    assert condition(item, "adults") == "met" and item.conditions_met == "met"


def test_midostaurin_is_adult_and_first_line_only(tmp_path_factory) -> None:
    child = one(
        case(tmp_path_factory, blood("AML", ["FLT3 ITD"], age=12)), MIDO, "aml-flt3-midostaurin-induction"
    )
    assert condition(child, "adults") == "not_met" and child.conditions_met == "not_met"
    relapsed = one(
        case(tmp_path_factory, blood("AML", ["FLT3 ITD"], lines=[INDUCTION])),
        MIDO,
        "aml-flt3-midostaurin-induction",
    )
    assert condition(relapsed, "newly diagnosed") == "not_met"


def test_quizartinib_needs_itd_not_a_tkd_point_mutation(tmp_path_factory) -> None:
    itd = one(case(tmp_path_factory, blood("AML", ["FLT3 ITD"])), QUIZ, "aml-flt3-itd-quizartinib-induction")
    assert itd.level == "1" and itd.conditions_met == "met"
    assert not items(case(tmp_path_factory, blood("AML", ["FLT3 D835Y"])), QUIZ)


def test_gilteritinib_relapsed_adult_and_not_first_line(tmp_path_factory) -> None:
    rr = one(
        case(tmp_path_factory, blood("AML", ["FLT3 D835Y"], lines=[INDUCTION])),
        ("gilteritinib",),
        "aml-flt3-gilteritinib-rr",
    )
    assert rr.level == "1" and rr.conditions_met == "met"
    first = one(
        case(tmp_path_factory, blood("AML", ["FLT3 ITD"])), ("gilteritinib",), "aml-flt3-gilteritinib-rr"
    )
    assert condition(first, "relapsed or refractory") == "not_met"


# ───────────────────────────── AML: IDH1 / IDH2 ─────────────────────────────


def test_ivosidenib_azacitidine_newly_diagnosed_unfit_adult(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["IDH1 R132C"], age=78))
    item = one(r, ("ivosidenib", "azacitidine"), "aml-idh1-ivosidenib-azacitidine")
    assert (
        item.level == "1"
        and condition(item, "newly diagnosed") == "met"
        and condition(item, "adults") == "met"
    )
    assert item.conditions_met == "unknown"  # fitness for intensive induction is stated in words


def test_ivosidenib_azacitidine_not_after_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["IDH1 R132H"], lines=[["azacitidine", "venetoclax"]]))
    item = one(r, ("ivosidenib", "azacitidine"), "aml-idh1-ivosidenib-azacitidine")
    assert condition(item, "newly diagnosed") == "not_met" and item.conditions_met == "not_met"


def test_olutasidenib_relapsed_idh1_adult_only(tmp_path_factory) -> None:
    adult = one(
        case(tmp_path_factory, blood("AML", ["IDH1 R132H"], lines=[INDUCTION])),
        ("olutasidenib",),
        "aml-idh1-olutasidenib-rr",
    )
    assert adult.level == "1" and adult.conditions_met == "met"
    teen = one(
        case(tmp_path_factory, blood("AML", ["IDH1 R132H"], lines=[INDUCTION], age=15)),
        ("olutasidenib",),
        "aml-idh1-olutasidenib-rr",
    )
    assert condition(teen, "adults") == "not_met"


def test_enasidenib_relapsed_idh2_r140q(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["IDH2 R140Q"], lines=[INDUCTION]))
    item = one(r, ("enasidenib",), "aml-idh2-enasidenib-rr")
    assert item.level == "1" and item.conditions_met == "met"


def test_enasidenib_not_for_idh1_nor_first_line(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, blood("AML", ["IDH1 R132H"], lines=[INDUCTION])), ("enasidenib",))
    first = one(
        case(tmp_path_factory, blood("AML", ["IDH2 R172K"])), ("enasidenib",), "aml-idh2-enasidenib-rr"
    )
    assert first.conditions_met == "not_met"


# ───────────────────────────── AML / acute leukemia: menin inhibitors ─────────────────────────────

NPM1 = "NPM1 W288Cfs*12"


def test_revumenib_kmt2a_translocated_relapsed_b_all_in_a_child(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("BLL", ["KMT2A::AFF1"], lines=[["vincristine", "dexamethasone"]], age=5))
    item = one(r, ("revumenib",), "acute-leukemia-kmt2a-revumenib")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_revumenib_kmt2a_not_in_infants_nor_first_line(tmp_path_factory) -> None:
    infant = one(
        case(tmp_path_factory, blood("AML", ["KMT2A::MLLT3"], lines=[INDUCTION], age=0.5)),
        ("revumenib",),
        "acute-leukemia-kmt2a-revumenib",
    )
    assert condition(infant, "1 year and older") == "not_met"
    first = one(
        case(tmp_path_factory, blood("AML", ["KMT2A::MLLT3"])),
        ("revumenib",),
        "acute-leukemia-kmt2a-revumenib",
    )
    assert first.conditions_met == "not_met"


def test_revumenib_needs_a_kmt2a_translocation_not_a_point_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["KMT2A R1154W"], lines=[INDUCTION]))
    assert "acute-leukemia-kmt2a-revumenib" not in rule_ids(r, ("revumenib",))


def test_npm1_menin_inhibitors_relapsed_adult(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", [NPM1], lines=[INDUCTION]))
    for drug, rid in (("revumenib", "aml-npm1-revumenib"), ("ziftomenib", "aml-npm1-ziftomenib")):
        item = one(r, (drug,), rid)
        assert item.level == "1" and item.conditions_met == "met", rid


def test_ziftomenib_is_adult_only_revumenib_from_one_year(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", [NPM1], lines=[INDUCTION], age=15))
    assert condition(one(r, ("ziftomenib",), "aml-npm1-ziftomenib"), "adults") == "not_met"
    assert one(r, ("revumenib",), "aml-npm1-revumenib").conditions_met == "met"


def test_npm1_menin_inhibitors_not_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", [NPM1]))
    assert one(r, ("ziftomenib",), "aml-npm1-ziftomenib").conditions_met == "not_met"
    assert one(r, ("revumenib",), "aml-npm1-revumenib").conditions_met == "not_met"


# ───────────────────────────── APL and CD33 ─────────────────────────────


def test_apl_arsenic_tretinoin_first_line(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, blood("APLPMLRARA", ["PML::RARA"])),
        ("arsenic trioxide", "tretinoin"),
        "apl-pml-rara-arsenic-tretinoin",
    )
    assert item.level == "1" and item.cancer_type_match == "ancestor"
    assert condition(item, "newly diagnosed") == "met"


def test_apl_relapsed_arsenic_trioxide_after_tretinoin(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["PML::RARA"], lines=[["tretinoin", "idarubicin"]]))
    rr = one(r, ("arsenic trioxide",), "apl-pml-rara-arsenic-trioxide-rr")
    assert rr.level == "1" and rr.conditions_met == "met"
    combo = one(r, ("arsenic trioxide", "tretinoin"), "apl-pml-rara-arsenic-tretinoin")
    assert condition(combo, "newly diagnosed") == "not_met"


def test_apl_relapsed_row_not_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", ["PML::RARA"]))
    assert one(r, ("arsenic trioxide",), "apl-pml-rara-arsenic-trioxide-rr").conditions_met == "not_met"


def test_gemtuzumab_for_cd33_positive_aml(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("AML", [], biomarkers={"cd33": "positive"}))
    item = one(r, ("gemtuzumab ozogamicin",), "aml-cd33-gemtuzumab-ozogamicin")
    assert item.level == "1" and item.approval == "fda" and item.cancer_type_match == "exact"
    assert item.evidence and "gemtuzumab" in (item.evidence[0].url or "")


def test_gemtuzumab_not_for_cd33_negative_or_all(tmp_path_factory) -> None:
    assert not items(
        case(tmp_path_factory, blood("AML", [], biomarkers={"cd33": "negative"})), ("gemtuzumab ozogamicin",)
    )
    assert no_label_match(
        case(tmp_path_factory, blood("BLL", [], biomarkers={"cd33": "positive"})), ("gemtuzumab ozogamicin",)
    )


# ───────────────────────────── CML and Ph+ ALL ─────────────────────────────

BCR_ABL1 = "BCR::ABL1"


def test_second_generation_tkis_stay_open_after_imatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("CML", [BCR_ABL1], lines=[["imatinib"]]))
    for drug in ("dasatinib", "nilotinib", "bosutinib"):
        item = one(r, (drug,), f"cml-bcr-abl1-{drug}")
        assert item.level == "1" and item.conditions_met != "not_met", drug
        assert not [c for c in item.conditions if c.status == "not_met"], drug


def test_asciminib_first_line_only_in_newly_diagnosed_adults(tmp_path_factory) -> None:
    new = one(case(tmp_path_factory, blood("CML", [BCR_ABL1])), ("asciminib",), "cml-bcr-abl1-asciminib-1l")
    assert new.level == "1" and new.conditions_met == "met"
    later = one(
        case(tmp_path_factory, blood("CML", [BCR_ABL1], lines=[["imatinib"]])),
        ("asciminib",),
        "cml-bcr-abl1-asciminib-1l",
    )
    assert condition(later, "newly diagnosed") == "not_met"
    child = one(
        case(tmp_path_factory, blood("CML", [BCR_ABL1], age=10)), ("asciminib",), "cml-bcr-abl1-asciminib-1l"
    )
    assert condition(child, "adults") == "not_met"


def test_ponatinib_and_asciminib_after_two_tkis(tmp_path_factory) -> None:
    two = case(tmp_path_factory, blood("CML", [BCR_ABL1], lines=[["imatinib"], ["dasatinib"]]))
    assert one(two, ("ponatinib",), "cml-bcr-abl1-ponatinib-later").conditions_met == "met"
    assert one(two, ("asciminib",), "cml-bcr-abl1-asciminib-later").conditions_met == "met"
    one_tki = case(tmp_path_factory, blood("CML", [BCR_ABL1], lines=[["imatinib"]]))
    item = one(one_tki, ("ponatinib",), "cml-bcr-abl1-ponatinib-later")
    assert condition(item, "two or more prior TKIs") == "not_met" and item.conditions_met == "not_met"


def test_t315i_ponatinib_has_no_prior_therapy_requirement(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("CML", [BCR_ABL1, "ABL1 T315I"]))
    item = one(r, ("ponatinib",), "cml-abl1-t315i-ponatinib")
    assert item.level == "1" and item.conditions_met == "met"
    assert one(r, ("asciminib",), "cml-abl1-t315i-asciminib").conditions_met != "not_met"


def test_t315i_ponatinib_covers_ph_positive_all_but_not_aml(tmp_path_factory) -> None:
    ph_all = case(tmp_path_factory, blood("BLLBCRABL1", [BCR_ABL1, "ABL1 T315I"], lines=[["imatinib"]]))
    assert one(ph_all, ("ponatinib",), "cml-abl1-t315i-ponatinib").cancer_type_match == "exact"
    aml = case(tmp_path_factory, blood("AML", ["ABL1 T315I"]))
    assert "cml-abl1-t315i-ponatinib" not in {
        t.rule_id for t in items(aml, ("ponatinib",)) if t.cancer_type_match in ("exact", "ancestor")
    }


def test_ponatinib_with_chemotherapy_newly_diagnosed_ph_all_adult(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("BLLBCRABL1", [BCR_ABL1], age=45))
    item = one(r, ("ponatinib",), "phall-bcr-abl1-ponatinib-chemo")
    assert item.level == "1" and item.cancer_type_match == "ancestor" and item.conditions_met == "met"


def test_ponatinib_ph_all_first_line_not_for_children_or_relapse(tmp_path_factory) -> None:
    child = one(
        case(tmp_path_factory, blood("BLL", [BCR_ABL1], age=9)),
        ("ponatinib",),
        "phall-bcr-abl1-ponatinib-chemo",
    )
    assert condition(child, "adults") == "not_met"
    relapsed = one(
        case(tmp_path_factory, blood("BLL", [BCR_ABL1], lines=[["imatinib", "vincristine"]])),
        ("ponatinib",),
        "phall-bcr-abl1-ponatinib-chemo",
    )
    assert condition(relapsed, "newly diagnosed") == "not_met"


# ───────────────────────────── CLL ─────────────────────────────


def test_tp53_cll_first_line_guideline_regimens(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("CLLSLL", ["TP53 R248Q"]))
    veno = one(r, ("venetoclax", "obinutuzumab"), "cll-tp53-venetoclax-obinutuzumab-guideline")
    assert veno.level == "2" and veno.approval == "guideline" and veno.conditions_met == "met"
    assert one(r, ("zanubrutinib",), "cll-tp53-zanubrutinib-guideline").level == "2"


def test_tp53_guideline_rows_need_tp53_and_first_line(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, blood("CLLSLL", ["SF3B1 K700E"])), ("venetoclax", "obinutuzumab"))
    later = case(tmp_path_factory, blood("CLLSLL", ["TP53 R248Q"], lines=[["acalabrutinib"]]))
    assert (
        one(
            later, ("venetoclax", "obinutuzumab"), "cll-tp53-venetoclax-obinutuzumab-guideline"
        ).conditions_met
        == "not_met"
    )


def test_pirtobrutinib_after_a_covalent_btk_inhibitor(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("CLLSLL", ["BTK C481S"], lines=[["ibrutinib"]]))
    item = one(r, ("pirtobrutinib",), "cll-btk-c481-pirtobrutinib")
    assert item.level == "1" and item.conditions_met == "met"
    assert item.evidence and item.evidence[0].date == "2025-12-03"  # traditional approval, BRUIN CLL-321


def test_pirtobrutinib_needs_prior_covalent_btki(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("CLLSLL", ["BTK C481S"], lines=[["venetoclax", "obinutuzumab"]]))
    item = one(r, ("pirtobrutinib",), "cll-btk-c481-pirtobrutinib")
    assert condition(item, "covalent BTK inhibitor") == "not_met" and item.conditions_met == "not_met"


# ───────────────────────────── lymphoma ─────────────────────────────

TWO_LINES = [["rituximab", "bendamustine"], ["lenalidomide", "rituximab"]]


def test_tazemetostat_reads_legacy_ezh2_numbering(tmp_path_factory) -> None:
    for variant in ("EZH2 Y646N", "EZH2 Y641N", "EZH2 A677G"):
        r = case(tmp_path_factory, blood("FL", [variant], lines=TWO_LINES))
        item = one(r, ("tazemetostat",), "fl-ezh2-tazemetostat")
        assert item.level == "1" and item.conditions_met == "met", variant


def test_tazemetostat_needs_two_prior_lines_and_follicular_lymphoma(tmp_path_factory) -> None:
    one_line = one(
        case(tmp_path_factory, blood("FL", ["EZH2 Y646F"], lines=TWO_LINES[:1])),
        ("tazemetostat",),
        "fl-ezh2-tazemetostat",
    )
    assert one_line.conditions_met == "not_met"
    assert no_label_match(
        case(tmp_path_factory, blood("DLBCLNOS", ["EZH2 Y646F"], lines=TWO_LINES)), ("tazemetostat",)
    )


def test_brentuximab_cd30_mycosis_fungoides(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("MYCF", [], lines=[["bexarotene"]], biomarkers={"cd30": "positive"}))
    item = one(r, ("brentuximab vedotin",), "lymphoma-cd30-brentuximab")
    assert item.level == "1" and item.cancer_type_match == "exact"


def test_crizotinib_alk_alcl_young_patients_only(tmp_path_factory) -> None:
    young = one(
        case(tmp_path_factory, blood("ALCLALKP", ["NPM1::ALK"], lines=[["cyclophosphamide"]], age=15)),
        ("crizotinib",),
        "alcl-alk-crizotinib",
    )
    assert young.level == "1" and young.conditions_met == "met"
    older = one(
        case(tmp_path_factory, blood("ALCLALKP", ["NPM1::ALK"], lines=[["cyclophosphamide"]], age=40)),
        ("crizotinib",),
        "alcl-alk-crizotinib",
    )
    assert condition(older, "1 to 21 years") == "not_met"


# ───────────────────────────── myeloma, MDS, myeloid neoplasms ─────────────────────────────


def test_t11_14_venetoclax_is_guideline_not_fda(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory,
        blood("PCM", ["CCND1::IGH"], lines=[["bortezomib", "lenalidomide", "dexamethasone"]]),
    )
    item = one(r, ("venetoclax",), "mm-t1114-venetoclax-guideline")
    assert item.level == "2" and item.approval == "guideline" and item.conditions_met == "met"


def test_luspatercept_for_sf3b1_mutant_mds(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("MDSRS", ["SF3B1 K700E"], age=72))
    item = one(r, ("luspatercept",), "mds-sf3b1-luspatercept")
    assert item.level == "1" and item.cancer_type_match == "ancestor" and condition(item, "adults") == "met"


def test_luspatercept_not_for_other_sf3b1_changes_or_aml(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, blood("MDS", ["SF3B1 R1074H"])), ("luspatercept",))
    assert no_label_match(case(tmp_path_factory, blood("AML", ["SF3B1 K700E"])), ("luspatercept",))


def test_ivosidenib_relapsed_idh1_mds(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("MDS", ["IDH1 R132H"], lines=[["azacitidine"]]))
    assert one(r, ("ivosidenib",), "mds-idh1-ivosidenib").conditions_met == "met"
    first = one(case(tmp_path_factory, blood("MDS", ["IDH1 R132H"])), ("ivosidenib",), "mds-idh1-ivosidenib")
    assert first.conditions_met == "not_met"


def test_imatinib_for_pdgfrb_rearranged_neoplasm(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("MLNER", ["ETV6::PDGFRB"]))
    item = one(r, ("imatinib",), "mlner-pdgfrb-imatinib")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"
    cel = case(tmp_path_factory, blood("CELNOS", ["FIP1L1::PDGFRA"]))
    assert one(cel, ("imatinib",), "mlner-pdgfra-imatinib").cancer_type_match == "exact"


def test_fgfr1_rearrangement_gets_pemigatinib_not_imatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("MLNER", ["ZMYM2::FGFR1"], lines=[["hydroxyurea"]]))
    assert one(r, ("pemigatinib",), "mlner-fgfr1-pemigatinib").conditions_met == "met"
    assert not [t for t in items(r, ("imatinib",)) if t.rule_id.startswith("mlner-")]


def test_avapritinib_kit_d816v_adults(tmp_path_factory) -> None:
    adult = one(
        case(tmp_path_factory, blood("ISM", ["KIT D816V"])), ("avapritinib",), "sm-kit-d816v-avapritinib"
    )
    assert adult.level == "1" and adult.cancer_type_match == "ancestor"
    child = one(
        case(tmp_path_factory, blood("ISM", ["KIT D816V"], age=10)),
        ("avapritinib",),
        "sm-kit-d816v-avapritinib",
    )
    assert condition(child, "adults") == "not_met"


# ───────────────────────────── pediatric low-grade glioma ─────────────────────────────


def test_dabrafenib_trametinib_plgg_after_chemotherapy(tmp_path_factory) -> None:
    doc = brain("PAST", ["BRAF V600E"], lines=[["carboplatin", "vincristine"]], age=8)
    item = one(
        case(tmp_path_factory, doc), ("dabrafenib", "trametinib"), "plgg-braf-v600e-dabrafenib-trametinib"
    )
    assert item.level == "1" and item.cancer_type_match == "ancestor"
    assert not [c for c in item.conditions if c.status == "not_met"]  # not a first-line-only label


def test_dabrafenib_trametinib_plgg_is_pediatric(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, brain("PAST", ["BRAF V600E"], age=30)),
        ("dabrafenib", "trametinib"),
        "plgg-braf-v600e-dabrafenib-trametinib",
    )
    assert condition(item, "pediatric") == "not_met"


def test_tovorafenib_relapsed_braf_fusion_and_not_first_line(tmp_path_factory) -> None:
    rr = one(
        case(
            tmp_path_factory, brain("PAST", ["KIAA1549::BRAF"], lines=[["carboplatin", "vincristine"]], age=6)
        ),
        ("tovorafenib",),
        "plgg-braf-fusion-tovorafenib",
    )
    assert rr.level == "1" and rr.conditions_met == "met"
    first = one(
        case(tmp_path_factory, brain("PAST", ["KIAA1549::BRAF"], age=6)),
        ("tovorafenib",),
        "plgg-braf-fusion-tovorafenib",
    )
    assert first.conditions_met == "not_met"


# ───────────────────────────── NF1 plexiform neurofibroma ─────────────────────────────

PN = "plexiform neurofibroma"


def test_selumetinib_nf1_plexiform_neurofibroma_from_one_year_and_adults(tmp_path_factory) -> None:
    for age in (1.5, 35):
        doc = brain("NFIB", ["NF1 R1362*"], age=age, histology=PN)
        item = one(case(tmp_path_factory, doc), ("selumetinib",), "pn-nf1-selumetinib")
        assert item.level == "1" and item.cancer_type_match == "exact", age
        assert condition(item, "1 year and older") == "met" and condition(item, "plexiform") == "met", age
        assert condition(item, "germline") == "unknown"  # NF1 the disease is stated in words


def test_mirdametinib_from_two_years(tmp_path_factory) -> None:
    ok = one(
        case(tmp_path_factory, brain("NFIB", ["NF1 R1362*"], age=9, histology=PN)),
        ("mirdametinib",),
        "pn-nf1-mirdametinib",
    )
    assert ok.level == "1" and condition(ok, "2 years and older") == "met"
    toddler = one(
        case(tmp_path_factory, brain("NFIB", ["NF1 R1362*"], age=1.5, histology=PN)),
        ("mirdametinib",),
        "pn-nf1-mirdametinib",
    )
    assert condition(toddler, "2 years and older") == "not_met"


def test_mek_inhibitors_not_for_cutaneous_neurofibroma_or_mpnst(tmp_path_factory) -> None:
    cut = one(
        case(tmp_path_factory, brain("NFIB", ["NF1 R1362*"], histology="cutaneous neurofibroma")),
        ("selumetinib",),
        "pn-nf1-selumetinib",
    )
    assert condition(cut, "plexiform") == "not_met"
    assert no_label_match(case(tmp_path_factory, brain("MPNST", ["NF1 R1362*"])), ("selumetinib",))


# ───────────────────────────── adult-type glioma and diffuse midline glioma ─────────────────────────────


def test_vorasidenib_grade_2_idh_mutant_astrocytoma(tmp_path_factory) -> None:
    doc = brain("ASTR", ["IDH1 R132H"], histology="astrocytoma, IDH-mutant, CNS WHO grade 2")
    item = one(case(tmp_path_factory, doc), ("vorasidenib",), "glioma-idh1-vorasidenib")
    assert item.level == "1" and item.cancer_type_match == "exact" and condition(item, "grade 2") == "met"


def test_vorasidenib_not_for_grade_3_or_glioblastoma(tmp_path_factory) -> None:
    g3 = one(
        case(tmp_path_factory, brain("ODG", ["IDH2 R172K"], histology="oligodendroglioma, CNS WHO grade 3")),
        ("vorasidenib",),
        "glioma-idh2-vorasidenib",
    )
    assert condition(g3, "grade 2") == "not_met" and g3.conditions_met == "not_met"
    assert no_label_match(case(tmp_path_factory, brain("GB", ["IDH1 R132H"])), ("vorasidenib",))


def test_dordaviprone_progressive_h3_k27m_diffuse_midline_glioma(tmp_path_factory) -> None:
    r = case(tmp_path_factory, brain("DMG", ["H3-3A K28M"], lines=[["temozolomide"]], age=9))
    item = one(r, ("dordaviprone",), "dmg-h3-k27m-dordaviprone")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_dordaviprone_reads_legacy_k27m_in_a_dipg(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, brain("DIFG", ["H3C2 K27M"], lines=[["temozolomide"]], age=7, histology="DIPG")
    )
    item = one(r, ("dordaviprone",), "dmg-h3c2-k27m-dordaviprone")
    assert condition(item, "midline") == "met" and item.conditions_met == "met"


def test_dordaviprone_needs_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, brain("DMG", ["H3-3A K28M"], age=9))
    assert one(r, ("dordaviprone",), "dmg-h3-k27m-dordaviprone").conditions_met == "not_met"


# ───────────────────────────── added in the second pass ─────────────────────────────


def test_imatinib_for_asm_without_kit_d816v(tmp_path_factory) -> None:
    doc = blood("ASM", ["KIT M541L"])
    doc["tumor"]["tested_genes"] = ["KIT"]
    item = one(case(tmp_path_factory, doc), ("imatinib",), "asm-kit-d816v-negative-imatinib")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_imatinib_asm_rule_not_with_kit_d816v(tmp_path_factory) -> None:
    doc = blood("ASM", ["KIT D816V"])
    doc["tumor"]["tested_genes"] = ["KIT"]
    r = case(tmp_path_factory, doc)
    assert "asm-kit-d816v-negative-imatinib" not in rule_ids(r, ("imatinib",))
    assert one(r, ("avapritinib",), "sm-kit-d816v-avapritinib").level == "1"


def test_belzutifan_vhl_cns_hemangioblastoma(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, brain("HMBL", ["VHL R167Q"])),
        ("belzutifan",),
        "cns-hemangioblastoma-vhl-belzutifan",
    )
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert condition(item, "adults") == "met" and condition(item, "germline") == "unknown"


def test_belzutifan_hemangioblastoma_rule_not_for_glioma_or_children(tmp_path_factory) -> None:
    assert no_label_match(case(tmp_path_factory, brain("ASTR", ["VHL R167Q"])), ("belzutifan",))
    child = one(
        case(tmp_path_factory, brain("HMBL", ["VHL R167Q"], age=14)),
        ("belzutifan",),
        "cns-hemangioblastoma-vhl-belzutifan",
    )
    assert condition(child, "adults") == "not_met"


BCMA = {"bcma": "positive"}
VRD = ["bortezomib", "lenalidomide", "dexamethasone"]


def test_teclistamab_daratumumab_after_one_line_with_pi_and_imid(tmp_path_factory) -> None:
    r = case(tmp_path_factory, blood("PCM", [], lines=[VRD], biomarkers=BCMA))
    item = one(r, ("teclistamab", "daratumumab"), "mm-bcma-teclistamab-daratumumab")
    assert item.level == "1" and item.conditions_met == "met"
    assert item.evidence and item.evidence[0].date == "2026-03-06"
    mono = one(r, ("teclistamab",), "mm-bcma-teclistamab")
    assert condition(mono, "fifth line or later") == "not_met"


def test_teclistamab_daratumumab_not_first_line_nor_without_an_imid(tmp_path_factory) -> None:
    first = one(
        case(tmp_path_factory, blood("PCM", [], biomarkers=BCMA)),
        ("teclistamab", "daratumumab"),
        "mm-bcma-teclistamab-daratumumab",
    )
    assert first.conditions_met == "not_met"
    no_imid = one(
        case(tmp_path_factory, blood("PCM", [], lines=[["bortezomib", "dexamethasone"]], biomarkers=BCMA)),
        ("teclistamab", "daratumumab"),
        "mm-bcma-teclistamab-daratumumab",
    )
    assert condition(no_imid, "immunomodulatory") == "not_met"


def test_vemurafenib_erdheim_chester_braf_v600_adults(tmp_path_factory) -> None:
    adult = one(
        case(tmp_path_factory, blood("ECD", ["BRAF V600E"])), ("vemurafenib",), "ecd-braf-v600-vemurafenib"
    )
    assert adult.level == "1" and adult.cancer_type_match == "exact" and adult.conditions_met == "met"
    child = one(
        case(tmp_path_factory, blood("ECD", ["BRAF V600E"], age=12)),
        ("vemurafenib",),
        "ecd-braf-v600-vemurafenib",
    )
    assert condition(child, "adults") == "not_met"


def test_cobimetinib_histiocytic_neoplasm_adults(tmp_path_factory) -> None:
    adult = one(
        case(tmp_path_factory, blood("LCH", ["MAP2K1 K57N"])), ("cobimetinib",), "histiocytic-cobimetinib"
    )
    assert adult.level == "1" and adult.cancer_type_match == "ancestor" and adult.conditions_met == "met"
    child = one(
        case(tmp_path_factory, blood("LCH", ["MAP2K1 K57N"], age=6)),
        ("cobimetinib",),
        "histiocytic-cobimetinib",
    )
    assert condition(child, "adults") == "not_met"


def test_vorasidenib_roman_numeral_grade_iii_is_not_grade_2(tmp_path_factory) -> None:
    doc = brain("ASTR", ["IDH1 R132H"], histology="anaplastic astrocytoma, IDH-mutant, WHO grade III")
    item = one(case(tmp_path_factory, doc), ("vorasidenib",), "glioma-idh1-vorasidenib")
    assert condition(item, "grade 2") == "not_met"
