"""Case-level checks for the resistance rules (`resistance.yaml`) and the no-targeted-option statements, audit 2026-11-29.

Each rule added or changed in the audit has a positive case (the alteration after the drug it defeats is
reported as the likely reason for progression, naming the drugs that still work) and a negative (wrong
co-alteration, variant, drug history or tumor type). Key existing resistance rules that had no case test
are covered at the end. Sources are cited in the YAML rows (publications by PMID, NCCN, FDA labels).
"""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.knowledge.schemas.therapy import NoTargetedOption

from .cases import case, items, solid

PLATINUM_IO = ["carboplatin", "pemetrexed", "pembrolizumab"]
GEM_CIS = ["gemcitabine", "cisplatin", "durvalumab"]
FOLFOX = ["fluorouracil", "oxaliplatin", "bevacizumab"]


def res(report: Any, rule_id: str) -> Any:
    hits = [r for r in report.resistance if r.rule_id == rule_id]
    assert hits, f"{rule_id} not reported; found {[(r.rule_id, r.level) for r in report.resistance]}"
    return hits[0]


def no_res(report: Any, rule_id: str) -> bool:
    return not [r for r in report.resistance if r.rule_id == rule_id]


def heme(code: str, alterations: list[str], lines: list[list[str]] | None = None) -> dict[str, Any]:
    doc = solid(code, alterations, lines=lines)
    doc["diagnosis"].pop("stage")
    return doc


# ───────────────────── KRAS G12C inhibitors: acquired second KRAS mutations (Awad 2021) ─────────────────────


def test_kras_y96d_explains_progression_on_sotorasib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12C", "KRAS Y96D"], lines=[PLATINUM_IO, ["sotorasib"]]))
    x = res(r, "res-kras-g12c-secondary-kras")
    assert x.level == "R2" and x.acquired is True
    assert {"sotorasib", "adagrasib"} <= set(x.drugs)
    assert x.explanation.startswith("Likely reason for progression on sotorasib")
    assert x.evidence and "34161704" in (x.evidence[0].url or "")


def test_kras_second_activating_allele_counts_in_colorectal(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory,
        solid("COAD", ["KRAS G12C", "KRAS G12V"], lines=[FOLFOX, ["sotorasib", "panitumumab"]]),
    )
    x = res(r, "res-kras-g12c-secondary-kras")
    assert x.acquired is True and "adagrasib" in x.drugs


def test_kras_g12c_alone_is_not_acquired_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12C"], lines=[PLATINUM_IO]))
    assert no_res(r, "res-kras-g12c-secondary-kras") and no_res(r, "res-kras-g12c-h95-adagrasib")


def test_kras_y96d_without_g12c_is_not_flagged(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12D", "KRAS Y96D"], lines=[PLATINUM_IO]))
    assert no_res(r, "res-kras-g12c-secondary-kras")


def test_kras_h95_defeats_adagrasib_but_points_to_sotorasib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12C", "KRAS H95Q"], lines=[PLATINUM_IO, ["adagrasib"]]))
    x = res(r, "res-kras-g12c-h95-adagrasib")
    assert x.acquired is True and x.drugs == ["adagrasib"] and x.alternatives == ["sotorasib"]
    assert no_res(r, "res-kras-g12c-secondary-kras")


def test_kras_h95_is_not_the_reason_for_sotorasib_progression(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KRAS G12C", "KRAS H95Q"], lines=[PLATINUM_IO, ["sotorasib"]]))
    assert res(r, "res-kras-g12c-h95-adagrasib").acquired is not True


# ───────────────────── FGFR2 fusion cholangiocarcinoma: secondary kinase mutations ─────────────────────


def test_fgfr2_gatekeeper_after_pemigatinib_blocks_futibatinib_too(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("IHCH", ["FGFR2::BICC1", "FGFR2 V564F"], lines=[GEM_CIS, ["pemigatinib"]])
    )
    x = res(r, "res-chol-fgfr2-gatekeeper")
    assert x.acquired is True and {"pemigatinib", "futibatinib"} <= set(x.drugs) and x.alternatives == []
    assert no_res(r, "res-chol-fgfr2-kinase-pemigatinib")


def test_fgfr2_gatekeeper_in_iiib_numbering(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("IHCH", ["FGFR2::BICC1", "FGFR2 V565F"], lines=[GEM_CIS, ["pemigatinib"]])
    )
    assert res(r, "res-chol-fgfr2-gatekeeper").acquired is True


def test_fgfr2_molecular_brake_after_pemigatinib_points_to_futibatinib(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("IHCH", ["FGFR2::BICC1", "FGFR2 N549K"], lines=[GEM_CIS, ["pemigatinib"]])
    )
    x = res(r, "res-chol-fgfr2-kinase-pemigatinib")
    assert x.acquired is True and x.drugs == ["pemigatinib"] and x.alternatives == ["futibatinib"]
    assert no_res(r, "res-chol-fgfr2-gatekeeper")


def test_fgfr2_kinase_mutation_without_fusion_is_not_acquired_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["FGFR2 N549K"], lines=[GEM_CIS]))
    assert no_res(r, "res-chol-fgfr2-kinase-pemigatinib")


def test_fgfr2_secondary_mutation_rule_is_limited_to_biliary_cancer(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("UEC", ["FGFR2::BICC1", "FGFR2 N549K"], lines=[["carboplatin", "paclitaxel"]])
    )
    assert no_res(r, "res-chol-fgfr2-kinase-pemigatinib") and no_res(r, "res-chol-fgfr2-gatekeeper")


# ───────────────────────────── ALK: alectinib-specific and compound mutations ─────────────────────────────


def test_alk_i1171n_after_alectinib_points_to_lorlatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EML4::ALK", "ALK I1171N"], lines=[["alectinib"]]))
    x = res(r, "res-nsclc-alk-i1171-v1180-alectinib")
    assert x.acquired is True and "alectinib" in x.drugs and "lorlatinib" in x.alternatives
    assert "lorlatinib" not in x.drugs


def test_alk_i1171n_rule_is_for_lung_cancer_only(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("NBL", ["ALK I1171N"]))
    assert no_res(r, "res-nsclc-alk-i1171-v1180-alectinib")


def test_alk_compound_mutation_explains_progression_on_lorlatinib(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory,
        solid("LUAD", ["EML4::ALK", "ALK G1202R", "ALK L1196M"], lines=[["alectinib"], ["lorlatinib"]]),
    )
    x = res(r, "res-nsclc-alk-compound-lorlatinib")
    assert x.acquired is True and "lorlatinib" in x.drugs and x.alternatives == []
    assert "lorlatinib" in x.explanation.split(":")[0]


def test_single_g1202r_is_not_a_compound_and_lorlatinib_still_works(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EML4::ALK", "ALK G1202R"], lines=[["alectinib"]]))
    assert no_res(r, "res-nsclc-alk-compound-lorlatinib")
    x = res(r, "res-nsclc-alk-g1202r")
    assert x.alternatives == ["lorlatinib"] and "lorlatinib" not in x.drugs


# ───────────────────────────── ROS1, EGFR changes ─────────────────────────────


def test_ros1_g2032r_after_crizotinib_also_blocks_lorlatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["CD74::ROS1", "ROS1 G2032R"], lines=[["crizotinib"]]))
    x = res(r, "res-nsclc-ros1-g2032r")
    assert x.acquired is True and "lorlatinib" in x.drugs
    assert set(x.alternatives) == {"repotrectinib", "taletrectinib"}
    assert x.evidence[0].date == "2025-06-11"


def test_egfr_c797s_after_osimertinib_also_covers_lazertinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L858R", "EGFR C797S"], lines=[["osimertinib"]]))
    x = res(r, "res-nsclc-egfr-c797s-osimertinib")
    assert x.acquired is True and {"osimertinib", "lazertinib"} <= set(x.drugs)
    assert "amivantamab" in x.alternatives


def test_egfr_c797s_is_not_the_reason_without_a_third_generation_tki(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L858R", "EGFR C797S"], lines=[["erlotinib"]]))
    assert res(r, "res-nsclc-egfr-c797s-osimertinib").acquired is not True


def test_egfr_exon20_insertion_resists_dacomitinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR exon 20 insertion"]))
    x = res(r, "res-nsclc-egfr-ex20ins-early-tki")
    assert "dacomitinib" in x.drugs and "amivantamab" in x.alternatives


def test_egfr_fqea_insertion_is_not_flagged(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR A763_Y764insFQEA"]))
    assert no_res(r, "res-nsclc-egfr-ex20ins-early-tki")


def test_met_amplification_explains_progression_on_erlotinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["EGFR L858R", "MET amplification"], lines=[["erlotinib"]]))
    x = res(r, "res-nsclc-met-amp-after-egfr-tki")
    assert x.acquired is True and "erlotinib" in x.drugs


def test_met_amplification_without_egfr_mutation_is_not_egfr_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["MET amplification"], lines=[PLATINUM_IO]))
    assert no_res(r, "res-nsclc-met-amp-after-egfr-tki")


# ───────────────────────────── NTRK: solvent front / gatekeeper vs xDFG ─────────────────────────────


@pytest.mark.parametrize(
    "fusion,mutation,rule",
    [
        ("ETV6::NTRK3", "NTRK3 G623R", "res-ntrk3-solvent-front"),
        ("ETV6::NTRK3", "NTRK3 F617L", "res-ntrk3-solvent-front"),
        ("TPM3::NTRK1", "NTRK1 G595R", "res-ntrk-solvent-front"),
        ("QKI::NTRK2", "NTRK2 G639R", "res-ntrk2-solvent-front"),
    ],
)
def test_ntrk_solvent_front_points_to_repotrectinib(
    tmp_path_factory, fusion: str, mutation: str, rule: str
) -> None:
    r = case(tmp_path_factory, solid("SARCNOS", [fusion, mutation], lines=[["larotrectinib"]]))
    x = res(r, rule)
    assert x.acquired is True and x.alternatives == ["repotrectinib"] and "repotrectinib" not in x.drugs
    assert no_res(r, "res-ntrk1-xdfg") and no_res(r, "res-ntrk3-xdfg")


@pytest.mark.parametrize(
    "fusion,mutation,rule",
    [
        ("ETV6::NTRK3", "NTRK3 G696A", "res-ntrk3-xdfg"),
        ("TPM3::NTRK1", "NTRK1 G667C", "res-ntrk1-xdfg"),
    ],
)
def test_ntrk_xdfg_also_defeats_repotrectinib(
    tmp_path_factory, fusion: str, mutation: str, rule: str
) -> None:
    r = case(
        tmp_path_factory, solid("SARCNOS", [fusion, mutation], lines=[["larotrectinib"], ["repotrectinib"]])
    )
    x = res(r, rule)
    assert x.acquired is True and "repotrectinib" in x.drugs and x.alternatives == []
    assert no_res(r, "res-ntrk3-solvent-front") and no_res(r, "res-ntrk-solvent-front")


# ───────────────────────────── CML: bosutinib V299L ─────────────────────────────


def test_abl1_v299l_rules_out_bosutinib_and_dasatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("CML", ["BCR::ABL1", "ABL1 V299L"], lines=[["imatinib"]]))
    x = res(r, "res-cml-abl1-bosutinib")
    assert x.level == "R1" and x.drugs == ["bosutinib"] and "nilotinib" in x.alternatives
    assert res(r, "res-cml-abl1-dasatinib").level == "R1"
    assert not [t for t in items(r, ("bosutinib",)) if t.level == "1"]
    assert not [t for t in items(r, ("dasatinib",)) if t.level == "1"]


def test_abl1_y253h_leaves_bosutinib_alone(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("CML", ["BCR::ABL1", "ABL1 Y253H"], lines=[["imatinib"]]))
    assert no_res(r, "res-cml-abl1-bosutinib")
    assert res(r, "res-cml-abl1-nilotinib").level == "R1"


# ───────────────────────── existing rules an oncologist checks first ─────────────────────────


def test_t315i_in_ph_positive_all_names_ponatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("BLL", ["BCR::ABL1", "ABL1 T315I"], lines=[["dasatinib"]]))
    x = res(r, "res-cml-abl1-t315i")
    assert x.level == "R1" and x.acquired is True and "ponatinib" in x.alternatives
    assert not [t for t in items(r, ("dasatinib",)) if t.level == "1"]


def test_btk_c481s_in_mantle_cell_after_ibrutinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("MCL", ["BTK C481S"], lines=[["ibrutinib"]]))
    x = res(r, "res-cll-btk-c481")
    assert x.level == "R1" and x.acquired is True and "pirtobrutinib" in x.alternatives


def test_bcl2_g101v_after_venetoclax(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory,
        heme("CLLSLL", ["BCL2 G101V"], lines=[["ibrutinib"], ["venetoclax", "obinutuzumab"]]),
    )
    x = res(r, "res-cll-bcl2-g101v")
    assert x.level == "R2" and x.acquired is True and x.drugs == ["venetoclax"]


def test_plcg2_after_ibrutinib_is_acquired_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("CLLSLL", ["PLCG2 R665W"], lines=[["ibrutinib"]]))
    x = res(r, "res-cll-plcg2")
    assert x.acquired is True and "venetoclax" in x.alternatives


def test_sm_kit_d816v_withdraws_imatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("SM", ["KIT D816V"]))
    x = res(r, "res-sm-kit-d816v-imatinib")
    assert x.level == "R1" and "avapritinib" in x.alternatives
    assert not [t for t in items(r, ("imatinib",)) if t.level == "1"]


@pytest.mark.parametrize("alteration", ["NRAS Q61K", "KRAS A146T", "KRAS Q61H"])
def test_ras_exon_3_and_4_mutations_exclude_anti_egfr(tmp_path_factory, alteration: str) -> None:
    r = case(tmp_path_factory, solid("COAD", [alteration], lines=[FOLFOX]))
    rule = "res-crc-nras-anti-egfr" if alteration.startswith("NRAS") else "res-crc-kras-anti-egfr"
    assert res(r, rule).level == "R1"
    assert not [t for t in items(r, ("cetuximab",)) if t.level == "1"]
    assert not [t for t in items(r, ("panitumumab",)) if t.level == "1"]


def test_kras_mutation_outside_colorectal_is_not_anti_egfr_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("HNSC", ["KRAS G12D"]))
    assert no_res(r, "res-crc-kras-anti-egfr")


def test_gist_kit_exon17_after_imatinib_points_to_ripretinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del", "KIT D820Y"], lines=[["imatinib"]]))
    x = res(r, "res-gist-kit-ex17-18-imatinib")
    assert x.acquired is True and {"ripretinib", "regorafenib"} <= set(x.alternatives)


def test_gist_kit_exon13_points_to_sunitinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del", "KIT V654A"], lines=[["imatinib"]]))
    x = res(r, "res-gist-kit-ex13-14-imatinib")
    assert x.acquired is True and x.alternatives == ["sunitinib"] and "sunitinib" not in x.drugs


def test_flt3_f691l_after_gilteritinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("AML", ["FLT3 ITD", "FLT3 F691L"], lines=[["gilteritinib"]]))
    x = res(r, "res-aml-flt3-f691l")
    assert x.acquired is True and x.alternatives == []


def test_idh_isoform_switch_on_ivosidenib(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, heme("AML", ["IDH1 R132C", "IDH2 R140Q"], lines=[["ivosidenib", "azacitidine"]])
    )
    x = res(r, "res-aml-idh2-switch-on-ivosidenib")
    assert x.acquired is True and x.alternatives == ["enasidenib"]


def test_esr1_mutation_after_aromatase_inhibitor(tmp_path_factory) -> None:
    doc = solid(
        "BRCA",
        ["ESR1 D538G"],
        lines=[["letrozole", "palbociclib"]],
        er="positive",
        pr="positive",
        her2="negative",
        her2_ihc="1+",
    )
    x = res(case(tmp_path_factory, doc), "res-brca-esr1-aromatase-inhibitor")
    assert x.level == "R1" and x.acquired is True and "elacestrant" in x.alternatives


@pytest.mark.parametrize("alteration", ["ESR1 R12C", "ESR1 D538D", "ESR1 E380*"])
def test_esr1_change_that_is_not_an_activating_lbd_mutation_is_not_flagged(
    tmp_path_factory, alteration: str
) -> None:
    """Outside the ligand-binding domain, synonymous or truncating: not the R1 that withdraws aromatase inhibitors."""
    doc = solid("BRCA", [alteration], lines=[["letrozole"]], er="positive", her2="negative")
    assert no_res(case(tmp_path_factory, doc), "res-brca-esr1-aromatase-inhibitor")


@pytest.mark.parametrize("alteration", ["KRAS G12G", "KRAS p.Gly12=", "NRAS Q61Q"])
def test_synonymous_ras_change_does_not_withdraw_anti_egfr(tmp_path_factory, alteration: str) -> None:
    r = case(tmp_path_factory, solid("COAD", [alteration], lines=[FOLFOX]))
    assert no_res(r, "res-crc-kras-anti-egfr") and no_res(r, "res-crc-nras-anti-egfr")


def test_synonymous_btk_c481_is_not_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("CLLSLL", ["BTK C481C"], lines=[["ibrutinib"]]))
    assert no_res(r, "res-cll-btk-c481")


# ───────────────────────────── no-targeted-option statements ─────────────────────────────


def test_no_option_statements_name_the_recent_non_genomic_drugs() -> None:
    rows = {r.cancer_type: r for r in KnowledgeBase().table("therapy/no_targeted_option", NoTargetedOption)}
    assert "dordaviprone" in rows["GB"].statement and "H3 K27M" in rows["GB"].statement
    assert "cabozantinib" in rows["GINET"].statement


def test_glioblastoma_without_marker_says_no_targeted_option(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("GB", ["TERT c.-124C>T", "EGFR amplification"], lines=[["temozolomide"]])
    )
    assert not [t for t in r.therapies if t.level in {"1", "2"} and t.cancer_type_match != "other"]
    assert any("no genomically targeted option" in n.reason.lower() for n in r.not_assessed)


# ───────────────── second-site IDH2 mutations; synonymous changes at codon-defined rules ─────────────────


def test_idh2_second_site_mutation_after_enasidenib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("AML", ["IDH2 R140Q", "IDH2 Q316E"], lines=[["enasidenib"]]))
    x = res(r, "res-aml-idh2-second-site-enasidenib")
    assert x.acquired is True and x.drugs == ["enasidenib"] and x.alternatives == []


def test_idh2_second_site_alone_is_not_flagged(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("AML", ["IDH2 Q316E"], lines=[["azacitidine"]]))
    assert no_res(r, "res-aml-idh2-second-site-enasidenib")


@pytest.mark.parametrize("alteration", ["KIT D816D", "KIT N822="])
def test_synonymous_kit_activation_loop_change_is_not_resistance(tmp_path_factory, alteration: str) -> None:
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del", alteration], lines=[["imatinib"]]))
    assert no_res(r, "res-gist-kit-ex17-18-imatinib")


def test_kit_exon18_a829p_after_imatinib(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory,
        solid("GIST", ["KIT W557_K558del", "KIT A829P"], lines=[["imatinib"], ["sunitinib"]]),
    )
    x = res(r, "res-gist-kit-ex17-18-imatinib")
    assert x.acquired is True and "ripretinib" in x.alternatives


def test_flt3_d835y_after_quizartinib_points_to_gilteritinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("AML", ["FLT3 ITD", "FLT3 D835Y"], lines=[["quizartinib"]]))
    x = res(r, "res-aml-flt3-d835-quizartinib")
    assert x.acquired is True and x.alternatives == ["gilteritinib"]


def test_synonymous_flt3_d835_is_not_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, heme("AML", ["FLT3 ITD", "FLT3 D835D"], lines=[["quizartinib"]]))
    assert no_res(r, "res-aml-flt3-d835-quizartinib")


# ───────────────────────────── RET G810: any RET-driven tumor ─────────────────────────────


@pytest.mark.parametrize(
    "code,fusion,drug", [("LUAD", "KIF5B::RET", "pralsetinib"), ("PAAD", "NCOA4::RET", "selpercatinib")]
)
def test_ret_g810_explains_progression_on_a_selective_ret_inhibitor(
    tmp_path_factory, code: str, fusion: str, drug: str
) -> None:
    r = case(tmp_path_factory, solid(code, [fusion, "RET G810S"], lines=[[drug]]))
    x = res(r, "res-ret-g810")
    assert x.acquired is True and {"selpercatinib", "pralsetinib"} <= set(x.drugs) and x.alternatives == []


def test_synonymous_ret_g810_is_not_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["KIF5B::RET", "RET G810G"], lines=[["pralsetinib"]]))
    assert no_res(r, "res-ret-g810")


# ───────────────────────────── HER2 amplification and anti-EGFR in colorectal cancer ─────────────────────────────


def test_her2_amplified_colorectal_flags_anti_egfr_and_names_her2_options(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("COAD", ["ERBB2 amplification"], lines=[FOLFOX]))
    x = res(r, "res-crc-erbb2-amp-anti-egfr")
    assert x.level == "R2" and {"cetuximab", "panitumumab"} <= set(x.drugs) and "tucatinib" in x.alternatives


def test_her2_amplification_outside_colorectal_is_not_anti_egfr_resistance(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("HNSC", ["ERBB2 amplification"]))
    assert no_res(r, "res-crc-erbb2-amp-anti-egfr")
