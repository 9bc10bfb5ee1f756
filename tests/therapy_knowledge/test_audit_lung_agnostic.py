"""Case-level checks of the 2026-11-29 audit of `lung.yaml` and `tumor_agnostic.yaml` against the FDA labels.

Each rule changed by the audit has a positive case (the label population gets the drug at level 1 with its
limits evaluated) and at least one negative (wrong line, setting, tumor type, variant or biomarker status);
a second group holds important lung and tumor-agnostic rules no other test covered. Expectations are read
off the labels (indications and usage), not copied from the engine's output.
"""

from __future__ import annotations

from typing import Any

from .cases import PLATINUM_IO, case, condition, items, no_label_match, one, rule_ids, solid

EX19 = "EGFR E746_A750del"
CHEMO = ["carboplatin", "pemetrexed"]


# ─────────────── osimertinib: first-line label now states its line limit ───────────────


def test_osimertinib_first_line_for_untreated_metastatic_exon19(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [EX19]))
    item = one(r, ("osimertinib",), "nsclc-egfr-sens-osimertinib-1l")
    assert item.level == "1" and item.approval == "fda" and item.cancer_type_match == "ancestor"
    assert condition(item, "first-line") == "met" and item.conditions_met == "met"


def test_osimertinib_first_line_rule_not_met_after_chemotherapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L858R"], lines=[CHEMO]))
    item = one(r, ("osimertinib",), "nsclc-egfr-sens-osimertinib-1l")
    assert condition(item, "first-line") == "not_met" and item.conditions_met == "not_met"


def test_osimertinib_first_line_rule_needs_a_sensitizing_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR A767_V769dup"]))
    assert "nsclc-egfr-sens-osimertinib-1l" not in rule_ids(r, ("osimertinib",))


def test_osimertinib_not_on_label_in_small_cell_lung_cancer(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SCLC", ["EGFR L858R"]))
    assert no_label_match(r, ("osimertinib",))


# ─────────────── osimertinib adjuvant (ADAURA): plain stage II counts ───────────────


def test_osimertinib_adjuvant_after_resection_of_stage_ii(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [EX19], stage="II"))
    item = one(r, ("osimertinib",), "nsclc-egfr-sens-osimertinib-adjuvant")
    assert item.level == "1" and item.conditions_met == "met"
    assert condition(item, "stage IB-IIIA") == "met"


def test_osimertinib_adjuvant_not_for_stage_iiib_or_metastatic(tmp_path_factory) -> None:
    rid = "nsclc-egfr-sens-osimertinib-adjuvant"
    stage_3b = one(case(tmp_path_factory, solid("LUAD", [EX19], stage="IIIB")), ("osimertinib",), rid)
    assert condition(stage_3b, "stage IB-IIIA") == "not_met"
    stage_4 = one(case(tmp_path_factory, solid("LUAD", [EX19])), ("osimertinib",), rid)
    assert stage_4.conditions_met == "not_met"


# ─────────────── afatinib for uncommon EGFR mutations: first line only ───────────────


def test_afatinib_first_line_for_g719x(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR G719A"]))
    item = one(r, ("afatinib",), "nsclc-egfr-uncommon-afatinib")
    assert item.level == "1" and item.conditions_met == "met"


def test_afatinib_uncommon_rule_not_met_after_chemotherapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L861Q"], lines=[CHEMO]))
    item = one(r, ("afatinib",), "nsclc-egfr-uncommon-afatinib")
    assert condition(item, "first-line") == "not_met" and item.conditions_met == "not_met"


def test_afatinib_uncommon_rule_does_not_take_l858r(tmp_path_factory) -> None:
    ids = rule_ids(case(tmp_path_factory, solid("LUAD", ["EGFR L858R"])), ("afatinib",))
    assert "nsclc-egfr-uncommon-afatinib" not in ids and "nsclc-egfr-sens-afatinib" in ids


# ─────────────── amivantamab, EGFR exon 20 insertion after platinum: regular approval ───────────────


def test_amivantamab_exon20_after_platinum(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR exon 20 insertion"], lines=[CHEMO]))
    item = one(r, ("amivantamab",), "nsclc-egfr-ex20ins-amivantamab-after-platinum")
    assert item.level == "1" and item.conditions_met == "met"
    assert item.evidence and item.evidence[0].date == "2024-03-01"


def test_amivantamab_monotherapy_not_met_without_prior_platinum(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR exon 20 insertion"]))
    item = one(r, ("amivantamab",), "nsclc-egfr-ex20ins-amivantamab-after-platinum")
    assert item.conditions_met == "not_met"
    first_line = one(
        r, ("amivantamab", "carboplatin", "pemetrexed"), "nsclc-egfr-ex20ins-amivantamab-chemo-1l"
    )
    assert first_line.conditions_met == "met"


def test_fqea_insertion_is_not_an_exon20_insertion_for_amivantamab(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR A763_Y764insFQEA"], lines=[CHEMO]))
    assert "nsclc-egfr-ex20ins-amivantamab-after-platinum" not in rule_ids(r, ("amivantamab",))


# ─────────────── ensartinib: ALK-inhibitor naive, prior chemotherapy allowed ───────────────


def test_ensartinib_after_chemotherapy_in_alk_inhibitor_naive_patient(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EML4::ALK"], lines=[CHEMO]))
    item = one(r, ("ensartinib",), "nsclc-alk-ensartinib")
    assert item.level == "1" and item.conditions_met == "met"
    assert not [c for c in item.conditions if c.status == "not_met"]


def test_ensartinib_not_after_an_alk_inhibitor(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EML4::ALK"], lines=[["alectinib"]]))
    item = one(r, ("ensartinib",), "nsclc-alk-ensartinib")
    assert condition(item, "ALK inhibitor") == "not_met" and item.conditions_met == "not_met"


def test_ensartinib_needs_alk_not_ros1(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"])), ("ensartinib",))


# ─────────────── datopotamab deruxtecan: EGFR-mutated, after EGFR therapy and platinum ───────────────

DATO = ("datopotamab deruxtecan",)
DATO_ID = "nsclc-egfr-mut-datopotamab-deruxtecan"


def test_datopotamab_for_uncommon_egfr_mutation_after_egfr_tki_and_platinum(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR G719A"], lines=[["afatinib"], CHEMO]))
    item = one(r, DATO, DATO_ID)
    assert item.level == "1" and item.conditions_met == "met"


def test_datopotamab_needs_prior_platinum(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [EX19], lines=[["osimertinib"]]))
    item = one(r, DATO, DATO_ID)
    assert condition(item, "platinum") == "not_met" and item.conditions_met == "not_met"


def test_datopotamab_egfr_rule_needs_an_egfr_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12C"], lines=[PLATINUM_IO, ["sotorasib"]]))
    assert DATO_ID not in rule_ids(r, DATO)


# ─────────────── other lung rules an oncologist checks first ───────────────


def test_amivantamab_lazertinib_first_line_only(tmp_path_factory) -> None:
    drugs, rid = ("amivantamab", "lazertinib"), "nsclc-egfr-sens-amivantamab-lazertinib"
    assert one(case(tmp_path_factory, solid("LUAD", [EX19])), drugs, rid).conditions_met == "met"
    after = one(case(tmp_path_factory, solid("LUAD", [EX19], lines=[["osimertinib"]])), drugs, rid)
    assert after.conditions_met == "not_met"


def test_amivantamab_chemo_after_osimertinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L858R"], lines=[["osimertinib"]]))
    item = one(
        r, ("amivantamab", "carboplatin", "pemetrexed"), "nsclc-egfr-sens-amivantamab-chemo-after-osimertinib"
    )
    assert item.level == "1" and item.conditions_met == "met"


def test_osimertinib_after_chemoradiation_for_unresectable_stage_iii(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [EX19], stage="IIIB", resectable=False))
    item = one(r, ("osimertinib",), "nsclc-egfr-sens-osimertinib-after-crt")
    assert condition(item, "stage III") == "met" and item.conditions_met != "not_met"
    stage_4 = one(
        case(tmp_path_factory, solid("LUAD", [EX19])),
        ("osimertinib",),
        "nsclc-egfr-sens-osimertinib-after-crt",
    )
    assert stage_4.conditions_met == "not_met"


def test_ros1_fusion_gets_the_four_labelled_tkis(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"]))
    for drug in ("crizotinib", "entrectinib", "repotrectinib", "taletrectinib"):
        assert one(r, (drug,), f"nsclc-ros1-{drug}").level == "1"
    assert not [t for t in items(r, ("alectinib",)) if t.level == "1"]


def test_met_exon14_skipping_gets_capmatinib_and_tepotinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["MET exon 14 skipping"]))
    assert one(r, ("capmatinib",), "nsclc-met-ex14-capmatinib").conditions_met == "met"
    assert one(r, ("tepotinib",), "nsclc-met-ex14-tepotinib").conditions_met == "met"


def test_kras_g12c_inhibitors_need_a_prior_line_and_g12c(tmp_path_factory) -> None:
    first = case(tmp_path_factory, solid("LUAD", ["KRAS G12C"]))
    assert one(first, ("sotorasib",), "nsclc-kras-g12c-sotorasib").conditions_met == "not_met"
    g12d = case(tmp_path_factory, solid("LUAD", ["KRAS G12D"], lines=[PLATINUM_IO]))
    assert not [t for t in items(g12d, ("sotorasib",)) if t.level == "1"]


def test_braf_v600e_nsclc_gets_both_combinations(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["BRAF V600E"]))
    dt = one(r, ("dabrafenib", "trametinib"), "nsclc-braf-v600e-dabrafenib-trametinib")
    eb = one(r, ("encorafenib", "binimetinib"), "nsclc-braf-v600e-encorafenib-binimetinib")
    assert dt.level == eb.level == "1" and dt.cancer_type_match == "ancestor"


def test_ret_fusion_nsclc_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KIF5B::RET"]))
    assert one(r, ("selpercatinib",), "nsclc-ret-fusion-selpercatinib").conditions_met != "not_met"
    assert one(r, ("pralsetinib",), "nsclc-ret-fusion-pralsetinib").level == "1"


def test_cemiplimab_first_line_excluded_by_ros1_fusion(tmp_path_factory) -> None:
    doc = solid("LUAD", ["CD74::ROS1"], biomarkers={"pdl1_tps": 80})
    doc["tumor"]["tested_genes"] = ["EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "ERBB2"]
    r = case(tmp_path_factory, doc)
    assert "nsclc-pdl1-tps50-cemiplimab-1l" not in rule_ids(r, ("cemiplimab",))


def test_pembrolizumab_first_line_needs_egfr_and_alk_negative(tmp_path_factory) -> None:
    tested = ["EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "ERBB2"]
    doc = solid("LUAD", ["KRAS G12V"], biomarkers={"pdl1_tps": 60})
    doc["tumor"]["tested_genes"] = tested
    item = one(case(tmp_path_factory, doc), ("pembrolizumab",), "nsclc-pdl1-tps1-pembrolizumab-1l")
    assert item.level == "1" and item.conditions_met == "met"
    egfr = solid("LUAD", [EX19], biomarkers={"pdl1_tps": 60})
    egfr["tumor"]["tested_genes"] = tested
    assert "nsclc-pdl1-tps1-pembrolizumab-1l" not in rule_ids(case(tmp_path_factory, egfr), ("pembrolizumab",))


# ─────────────── tumor-agnostic: larotrectinib / entrectinib exclude acquired resistance ───────────────


def test_larotrectinib_regular_approval_for_ntrk3_fusion(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SARCNOS", ["ETV6::NTRK3"], lines=[["doxorubicin"]]))
    item = one(r, ("larotrectinib",), "agnostic-ntrk3-larotrectinib")
    assert item.level == "1" and item.cancer_type_match == "tumor_agnostic"
    assert item.evidence and item.evidence[0].date == "2025-04-10"


def test_first_generation_trk_inhibitors_withheld_with_solvent_front_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SARCNOS", ["ETV6::NTRK3", "NTRK3 G623R"], lines=[["larotrectinib"]]))
    assert "agnostic-ntrk3-larotrectinib" not in rule_ids(r, ("larotrectinib",))
    assert "agnostic-ntrk3-entrectinib" not in rule_ids(r, ("entrectinib",))
    assert one(r, ("repotrectinib",), "agnostic-ntrk3-repotrectinib").level == "1"


def test_entrectinib_ntrk1_fusion_and_g595r(tmp_path_factory) -> None:
    plain = case(tmp_path_factory, solid("IHCH", ["TPM3::NTRK1"], lines=[["gemcitabine", "cisplatin"]]))
    assert one(plain, ("entrectinib",), "agnostic-ntrk1-entrectinib").level == "1"
    resistant = case(tmp_path_factory, solid("IHCH", ["TPM3::NTRK1", "NTRK1 G595R"], lines=[["entrectinib"]]))
    assert "agnostic-ntrk1-entrectinib" not in rule_ids(resistant, ("entrectinib",))


# ─────────────── tumor-agnostic selpercatinib: prior therapy OR no alternative ───────────────


def test_selpercatinib_agnostic_not_blocked_in_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("PAAD", ["NCOA4::RET"]))
    item = one(r, ("selpercatinib",), "agnostic-ret-fusion-selpercatinib")
    assert item.level == "1" and item.cancer_type_match == "tumor_agnostic"
    assert item.conditions_met != "not_met", [(c.text, c.status) for c in item.conditions]
    assert condition(item, "locally advanced or metastatic") == "met"


def test_selpercatinib_agnostic_not_for_early_disease_or_ret_mutation(tmp_path_factory) -> None:
    early = case(tmp_path_factory, solid("PAAD", ["NCOA4::RET"], stage="IB"))
    assert one(early, ("selpercatinib",), "agnostic-ret-fusion-selpercatinib").conditions_met == "not_met"
    mutation = case(tmp_path_factory, solid("PAAD", ["RET M918T"], lines=[["gemcitabine"]]))
    assert "agnostic-ret-fusion-selpercatinib" not in rule_ids(mutation, ("selpercatinib",))


def test_selpercatinib_agnostic_age_limit(tmp_path_factory) -> None:
    doc = solid("IFS", ["ETV6::RET"])
    doc["patient"]["age"] = 1
    item = one(case(tmp_path_factory, doc), ("selpercatinib",), "agnostic-ret-fusion-selpercatinib")
    assert condition(item, "2 years") == "not_met"


# ─────────────── other tumor-agnostic labels ───────────────


def test_msi_high_pembrolizumab_needs_prior_treatment(tmp_path_factory) -> None:
    first = case(tmp_path_factory, solid("SARCNOS", [], biomarkers={"msi": "high"}))
    assert one(first, ("pembrolizumab",), "agnostic-msih-pembrolizumab").conditions_met == "not_met"
    later = case(tmp_path_factory, solid("SARCNOS", [], lines=[["doxorubicin"]], biomarkers={"msi": "high"}))
    assert one(later, ("pembrolizumab",), "agnostic-msih-pembrolizumab").conditions_met == "met"


def test_dostarlimab_agnostic_is_dmmr_in_adults(tmp_path_factory) -> None:
    doc = solid("PAAD", [], lines=[["gemcitabine"]], biomarkers={"mmr": "deficient"})
    item = one(case(tmp_path_factory, doc), ("dostarlimab",), "agnostic-dmmr-dostarlimab")
    assert item.level == "1" and item.conditions_met == "met"
    child = solid("PAAD", [], lines=[["gemcitabine"]], biomarkers={"mmr": "deficient"})
    child["patient"]["age"] = 12
    assert (
        one(case(tmp_path_factory, child), ("dostarlimab",), "agnostic-dmmr-dostarlimab").conditions_met
        == "not_met"
    )


def test_braf_v600e_agnostic_excludes_colorectal(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COAD", ["BRAF V600E"], lines=[["fluorouracil", "oxaliplatin"]]))
    assert "agnostic-braf-v600e-dabrafenib-trametinib" not in rule_ids(r, ("dabrafenib", "trametinib"))


def test_braf_non_v600e_is_not_tumor_agnostic(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["BRAF G469A"], lines=[["gemcitabine", "cisplatin"]]))
    assert "agnostic-braf-v600e-dabrafenib-trametinib" not in rule_ids(r, ("dabrafenib", "trametinib"))


def test_tdxd_agnostic_needs_ihc3_and_prior_treatment(tmp_path_factory) -> None:
    rid = "agnostic-her2-ihc3-trastuzumab-deruxtecan"
    first = case(tmp_path_factory, solid("BLCA", [], biomarkers={"her2_ihc": "3+"}))
    assert one(first, ("trastuzumab deruxtecan",), rid).conditions_met == "not_met"
    ihc2 = case(
        tmp_path_factory,
        solid("BLCA", [], lines=[["gemcitabine", "cisplatin"]], biomarkers={"her2_ihc": "2+"}),
    )
    assert rid not in rule_ids(ihc2, ("trastuzumab deruxtecan",))


# ─────────────── HER2 TKD inhibitors: extracellular S310F is not a kinase-domain mutation ───────────────


def test_her2_tkd_inhibitors_not_for_extracellular_s310f(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["ERBB2 S310F"], lines=[PLATINUM_IO]))
    assert "nsclc-erbb2-tkd-zongertinib" not in rule_ids(r, ("zongertinib",))
    assert "nsclc-erbb2-tkd-sevabertinib" not in rule_ids(r, ("sevabertinib",))
    tdxd = one(r, ("trastuzumab deruxtecan",), "nsclc-erbb2-mut-trastuzumab-deruxtecan")
    assert tdxd.level == "1" and tdxd.conditions_met == "met"


def test_her2_tkd_inhibitors_still_take_kinase_domain_point_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["ERBB2 L755S"], lines=[PLATINUM_IO]))
    assert one(r, ("zongertinib",), "nsclc-erbb2-tkd-zongertinib").level == "1"
    assert one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib").conditions_met == "met"


# ─────────────── MET amplification: guideline options, no FDA level ───────────────


def test_met_amplification_guideline_options(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["MET amplification"], lines=[PLATINUM_IO]))
    for drug in ("capmatinib", "tepotinib", "crizotinib"):
        item = one(r, (drug,), f"nsclc-met-amp-{drug}")
        assert item.level == "2" and item.approval == "guideline"
    assert not [t for t in items(r, ("capmatinib",)) if t.level == "1"]


def test_met_exon14_rules_do_not_take_amplification(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["MET amplification"], lines=[PLATINUM_IO]))
    assert "nsclc-met-ex14-tepotinib" not in rule_ids(r, ("tepotinib",))


# ─────────────── advanced-disease labels are not met in resected early disease ───────────────


def test_ros1_and_alk_tkis_not_met_in_resected_stage_ii(tmp_path_factory) -> None:
    ros1 = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1"], stage="IIA"))
    for drug in ("crizotinib", "entrectinib", "repotrectinib", "taletrectinib"):
        assert one(ros1, (drug,), f"nsclc-ros1-{drug}").conditions_met == "not_met"
    alk = case(tmp_path_factory, solid("LUAD", ["EML4::ALK"], stage="IIA"))
    assert one(alk, ("ensartinib",), "nsclc-alk-ensartinib").conditions_met == "not_met"
    assert one(alk, ("alectinib",), "nsclc-alk-alectinib-adjuvant").conditions_met != "not_met"


def test_ret_nsclc_rules_not_met_in_resected_stage_i(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KIF5B::RET"], stage="IB"))
    assert one(r, ("selpercatinib",), "nsclc-ret-fusion-selpercatinib").conditions_met == "not_met"
    assert one(r, ("pralsetinib",), "nsclc-ret-fusion-pralsetinib").conditions_met == "not_met"


# ─────────────── PD-L1 thresholds and the FLAURA2 combination ───────────────

TESTED = ["EGFR", "ALK", "ROS1", "KRAS", "BRAF", "MET", "RET", "ERBB2"]


def _pdl1(tps: float, alterations: list[str] | None = None) -> dict[str, Any]:
    doc = solid("LUAD", alterations or ["KRAS G12V"], biomarkers={"pdl1_tps": tps})
    doc["tumor"]["tested_genes"] = TESTED
    return doc


def test_tps_30_gets_pembrolizumab_but_not_the_tps50_monotherapies(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _pdl1(30))
    assert one(r, ("pembrolizumab",), "nsclc-pdl1-tps1-pembrolizumab-1l").conditions_met == "met"
    assert one(r, ("nivolumab", "ipilimumab"), "nsclc-pdl1-tps1-nivolumab-ipilimumab-1l").level == "1"
    assert "nsclc-pdl1-tps50-atezolizumab-1l" not in rule_ids(r, ("atezolizumab",))
    assert "nsclc-pdl1-tps50-cemiplimab-1l" not in rule_ids(r, ("cemiplimab",))


def test_tps_below_one_gets_no_pdl1_selected_monotherapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _pdl1(0))
    assert "nsclc-pdl1-tps1-pembrolizumab-1l" not in rule_ids(r, ("pembrolizumab",))


def test_tps_80_gets_atezolizumab_and_cemiplimab_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _pdl1(80))
    assert one(r, ("atezolizumab",), "nsclc-pdl1-tps50-atezolizumab-1l").conditions_met == "met"
    assert one(r, ("cemiplimab",), "nsclc-pdl1-tps50-cemiplimab-1l").conditions_met == "met"


def test_osimertinib_chemotherapy_first_line_only(tmp_path_factory) -> None:
    drugs, rid = ("osimertinib", "pemetrexed", "carboplatin"), "nsclc-egfr-sens-osimertinib-chemo-1l"
    assert one(case(tmp_path_factory, solid("LUAD", ["EGFR L858R"])), drugs, rid).conditions_met == "met"
    later = case(tmp_path_factory, solid("LUAD", ["EGFR L858R"], lines=[["erlotinib"]]))
    assert one(later, drugs, rid).conditions_met == "not_met"
