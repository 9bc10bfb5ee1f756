"""Case-level checks of the 2026-11-29 audit of the GI, melanoma, thyroid, head and neck, NET and sarcoma rules.

Each label gets a positive case (the label population is offered the drugs at the label's level with its
limits evaluated) and negatives (wrong line, setting, stage, tumor type, variant or biomarker status). The
expectations are read from the FDA labels and approval notices cited in the YAML rows, not from engine output:
colorectal.yaml, gastroesophageal.yaml, liver_biliary_pancreas.yaml, neuroendocrine.yaml, melanoma.yaml,
thyroid.yaml, head_neck.yaml and gist_sarcoma.yaml.
"""

from __future__ import annotations

from typing import Any

from .cases import case, condition, items, no_label_match, one, solid

FOLFOX = ["fluorouracil", "leucovorin", "oxaliplatin", "bevacizumab"]
FOLFIRI = ["fluorouracil", "leucovorin", "irinotecan", "bevacizumab"]
GEM_CIS = ["gemcitabine", "cisplatin", "durvalumab"]
FLUORO_PLATINUM = ["capecitabine", "oxaliplatin"]
CRC_PANEL = ["KRAS", "NRAS", "BRAF", "ERBB2", "APC", "TP53"]


def _crc(
    alterations: list[str],
    lines: list[list[str]] | None = None,
    biomarkers: dict[str, Any] | None = None,
    **diag: Any,
) -> dict[str, Any]:
    doc = solid("COAD", alterations, lines=lines, biomarkers=biomarkers, **diag)
    doc["tumor"]["tested_genes"] = CRC_PANEL
    return doc


def _level1(report: Any, drugs: tuple[str, ...], rule_id: str) -> Any:
    item = one(report, drugs, rule_id)
    assert item.level == "1" and item.approval == "fda", (item.level, item.approval)
    return item


# ───────────────────────── colorectal: BRAF V600E ─────────────────────────

ENCO_FOLFOX = ("encorafenib", "cetuximab", "fluorouracil", "oxaliplatin")
ENCO_FOLFIRI = ("encorafenib", "cetuximab", "fluorouracil", "irinotecan")


def test_braf_v600e_first_line_mfolfox6_is_a_traditional_approval(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["BRAF V600E"]))
    item = _level1(r, ENCO_FOLFOX, "crc-braf-v600e-encorafenib-cetuximab-mfolfox6-1l")
    assert item.conditions_met == "met" and item.cancer_type_match == "ancestor"
    assert item.evidence and item.evidence[0].date == "2026-02-24"


def test_braf_v600e_first_line_folfiri_backbone(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["BRAF V600E"]))
    item = _level1(r, ENCO_FOLFIRI, "crc-braf-v600e-encorafenib-cetuximab-folfiri-1l")
    assert item.conditions_met == "met"


def test_braf_v600e_chemotherapy_triplets_are_first_line_the_doublet_later(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["BRAF V600E"], lines=[FOLFOX]))
    for drugs, rid in (
        (ENCO_FOLFOX, "crc-braf-v600e-encorafenib-cetuximab-mfolfox6-1l"),
        (ENCO_FOLFIRI, "crc-braf-v600e-encorafenib-cetuximab-folfiri-1l"),
    ):
        assert one(r, drugs, rid).conditions_met == "not_met", rid
    assert (
        _level1(r, ("encorafenib", "cetuximab"), "crc-braf-v600e-encorafenib-cetuximab").conditions_met
        == "met"
    )
    first = case(tmp_path_factory, _crc(["BRAF V600E"]))
    assert (
        one(first, ("encorafenib", "cetuximab"), "crc-braf-v600e-encorafenib-cetuximab").conditions_met
        == "not_met"
    )


def test_braf_non_v600e_gets_no_encorafenib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["BRAF D594G"]))
    assert not [t for t in r.therapies if "encorafenib" in t.drugs]


def test_braf_v600e_blocks_anti_egfr_antibody_alone(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["BRAF V600E"]))
    assert not items(r, ("cetuximab",)) and not items(r, ("panitumumab",))


# ───────────────────────── colorectal: KRAS G12C, HER2, MSI-H ─────────────────────────


def test_kras_g12c_sotorasib_panitumumab_after_all_three_chemotherapies(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["KRAS G12C"], lines=[FOLFOX, FOLFIRI]))
    item = _level1(r, ("sotorasib", "panitumumab"), "crc-kras-g12c-sotorasib-panitumumab")
    assert item.conditions_met == "met"
    assert item.evidence and item.evidence[0].date == "2025-01-16"


def test_kras_g12c_combinations_need_irinotecan_too(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["KRAS G12C"], lines=[FOLFOX]))
    for drugs, rid in (
        (("sotorasib", "panitumumab"), "crc-kras-g12c-sotorasib-panitumumab"),
        (("adagrasib", "cetuximab"), "crc-kras-g12c-adagrasib-cetuximab"),
    ):
        item = one(r, drugs, rid)
        assert condition(item, "oxaliplatin") == "met"
        assert condition(item, "irinotecan") == "not_met"
        assert item.conditions_met == "not_met"


def test_kras_g12d_gets_no_g12c_combination(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["KRAS G12D"], lines=[FOLFOX, FOLFIRI]))
    assert not items(r, ("sotorasib", "panitumumab")) and not items(r, ("adagrasib", "cetuximab"))


def test_tucatinib_trastuzumab_her2_amplified_ras_wildtype_after_chemotherapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["ERBB2 amplification"], lines=[FOLFOX, FOLFIRI]))
    item = _level1(r, ("tucatinib", "trastuzumab"), "crc-her2-amp-tucatinib-trastuzumab")
    assert item.conditions_met == "met"
    first = case(tmp_path_factory, _crc(["ERBB2 amplification"]))
    assert (
        one(first, ("tucatinib", "trastuzumab"), "crc-her2-amp-tucatinib-trastuzumab").conditions_met
        == "not_met"
    )


def test_tucatinib_trastuzumab_not_for_ras_mutant_tumors(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["ERBB2 amplification", "KRAS G12D"], lines=[FOLFOX, FOLFIRI]))
    assert not [t for t in items(r, ("tucatinib", "trastuzumab")) if t.level == "1"]


def test_msi_high_nivolumab_ipilimumab_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc([], biomarkers={"msi": "high"}))
    item = _level1(r, ("nivolumab", "ipilimumab"), "crc-msih-nivolumab-ipilimumab")
    assert item.conditions_met == "met"
    assert _level1(r, ("pembrolizumab",), "crc-msih-pembrolizumab-1l").conditions_met == "met"


def test_pembrolizumab_colorectal_rule_is_first_line_only(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc([], lines=[FOLFOX], biomarkers={"msi": "high"}))
    assert one(r, ("pembrolizumab",), "crc-msih-pembrolizumab-1l").conditions_met == "not_met"


def test_nivolumab_alone_after_fluoropyrimidine_oxaliplatin_irinotecan(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc([], lines=[FOLFOX, FOLFIRI], biomarkers={"mmr": "deficient"}))
    # dMMR reads as MSI-H too; the engine shows one item for the two identical rules
    hits = [
        t
        for t in items(r, ("nivolumab",))
        if t.rule_id in ("crc-msih-nivolumab-after-chemo", "crc-dmmr-nivolumab-after-chemo")
    ]
    assert hits and hits[0].level == "1" and hits[0].conditions_met == "met"
    assert hits[0].evidence[0].date == "2025-04-08"
    first = case(tmp_path_factory, _crc([], biomarkers={"msi": "high"}))
    assert one(first, ("nivolumab",), "crc-msih-nivolumab-after-chemo").conditions_met == "not_met"


def test_nivolumab_colorectal_age_floor_is_twelve(tmp_path_factory) -> None:
    doc = _crc([], biomarkers={"msi": "high"})
    doc["patient"]["age"] = 10
    item = one(case(tmp_path_factory, doc), ("nivolumab", "ipilimumab"), "crc-msih-nivolumab-ipilimumab")
    assert condition(item, "12 years") == "not_met" and item.conditions_met == "not_met"


def test_microsatellite_stable_colorectal_gets_no_checkpoint_inhibitor(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["APC R1450*"], biomarkers={"msi": "stable", "mmr": "proficient"}))
    assert not items(r, ("nivolumab", "ipilimumab")) and not items(r, ("pembrolizumab",))


# ───────────────────────── stomach, GEJ, esophagus ─────────────────────────


def _gastric(
    code: str = "STAD",
    lines: list[list[str]] | None = None,
    biomarkers: dict[str, Any] | None = None,
    alterations: list[str] | None = None,
    **diag: Any,
) -> dict[str, Any]:
    return solid(code, alterations or [], lines=lines, biomarkers=biomarkers, **diag)


def test_pembrolizumab_trastuzumab_her2_positive_cps1_traditional_approval(tmp_path_factory) -> None:
    doc = _gastric(biomarkers={"pdl1_cps": 5}, her2="positive", her2_ihc="3+")
    item = _level1(
        case(tmp_path_factory, doc),
        ("pembrolizumab", "trastuzumab"),
        "egc-her2-ihc3-pdl1-pembrolizumab-trastuzumab-chemo",
    )
    assert item.conditions_met == "met" and item.evidence[0].date == "2025-03-19"


def test_pembrolizumab_trastuzumab_not_for_cps_below_one(tmp_path_factory) -> None:
    doc = _gastric(biomarkers={"pdl1_cps": 0}, her2="positive", her2_ihc="3+")
    r = case(tmp_path_factory, doc)
    assert not items(r, ("pembrolizumab", "trastuzumab"))
    assert (
        one(r, ("trastuzumab", "cisplatin", "fluorouracil"), "egc-her2-ihc3-trastuzumab-chemo").level == "1"
    )


def test_tdxd_gastric_after_trastuzumab_only(tmp_path_factory) -> None:
    rid = "egc-her2-ihc3-trastuzumab-deruxtecan"
    later = _gastric(lines=[["trastuzumab", "capecitabine", "oxaliplatin"]], her2="positive", her2_ihc="3+")
    assert _level1(case(tmp_path_factory, later), ("trastuzumab deruxtecan",), rid).conditions_met == "met"
    naive = _gastric(lines=[FLUORO_PLATINUM], her2="positive", her2_ihc="3+")
    assert one(case(tmp_path_factory, naive), ("trastuzumab deruxtecan",), rid).conditions_met == "not_met"


def test_zolbetuximab_covers_signet_ring_gastric_cancer(tmp_path_factory) -> None:
    doc = _gastric("SSRCC", biomarkers={"claudin18_2": 80}, her2="negative", her2_ihc="0")
    item = _level1(case(tmp_path_factory, doc), ("zolbetuximab",), "egc-cldn18-zolbetuximab-chemo")
    assert item.cancer_type_match == "ancestor" and item.conditions_met == "met"


def test_zolbetuximab_not_for_esophageal_adenocarcinoma_or_her2_positive(tmp_path_factory) -> None:
    esca = _gastric("ESCA", biomarkers={"claudin18_2": 80}, her2="negative", her2_ihc="0")
    assert no_label_match(case(tmp_path_factory, esca), ("zolbetuximab",))
    positive = _gastric(biomarkers={"claudin18_2": 80}, her2="positive", her2_ihc="3+")
    item = one(case(tmp_path_factory, positive), ("zolbetuximab",), "egc-cldn18-zolbetuximab-chemo")
    assert condition(item, "HER2-negative") == "not_met"
    low = _gastric(biomarkers={"claudin18_2": 50}, her2="negative", her2_ihc="0")
    assert not items(case(tmp_path_factory, low), ("zolbetuximab",))


def test_pembrolizumab_her2_negative_gastric_needs_cps1_and_her2_negative(tmp_path_factory) -> None:
    rid = "egc-pdl1-pembrolizumab-chemo"
    ok = _gastric(biomarkers={"pdl1_cps": 3}, her2="negative", her2_ihc="1+")
    item = _level1(case(tmp_path_factory, ok), ("pembrolizumab",), rid)
    assert item.conditions_met == "met" and condition(item, "HER2-negative") == "met"
    positive = _gastric(biomarkers={"pdl1_cps": 3}, her2="positive", her2_ihc="3+")
    assert (
        condition(one(case(tmp_path_factory, positive), ("pembrolizumab",), rid), "HER2-negative")
        == "not_met"
    )
    cps0 = _gastric(biomarkers={"pdl1_cps": 0}, her2="negative", her2_ihc="0")
    r0 = case(tmp_path_factory, cps0)
    assert not items(r0, ("pembrolizumab",)) and not items(r0, ("nivolumab",))


def test_esophageal_adenocarcinoma_uses_the_esophageal_pembrolizumab_label(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _gastric("ESCA", biomarkers={"pdl1_cps": 3}, her2="negative", her2_ihc="0"))
    assert not [t for t in items(r, ("pembrolizumab",)) if t.rule_id == "egc-pdl1-pembrolizumab-chemo"]
    assert _level1(r, ("pembrolizumab",), "escc-pdl1-pembrolizumab-chemo").conditions_met == "met"
    assert _level1(r, ("nivolumab",), "egc-pdl1-nivolumab-chemo").conditions_met == "met"


def test_nivolumab_gastric_first_line_only(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _gastric(lines=[FLUORO_PLATINUM], biomarkers={"pdl1_cps": 7}, her2="negative"))
    assert one(r, ("nivolumab",), "egc-pdl1-nivolumab-chemo").conditions_met == "not_met"


def test_escc_nivolumab_with_ipilimumab_is_its_own_regimen(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _gastric("ESCC", biomarkers={"pdl1_tps": 5}))
    item = _level1(r, ("nivolumab", "ipilimumab"), "escc-pdl1-nivolumab-ipilimumab")
    assert item.conditions_met == "met" and item.cancer_type_match == "exact"
    assert _level1(r, ("nivolumab",), "escc-pdl1-nivolumab-chemo-or-ipilimumab").conditions_met == "met"
    neg = case(tmp_path_factory, _gastric("ESCC", biomarkers={"pdl1_tps": 0}))
    assert not items(neg, ("nivolumab", "ipilimumab"))


def test_escc_pembrolizumab_monotherapy_cps10_after_prior_therapy(tmp_path_factory) -> None:
    rid = "escc-pdl1-cps10-pembrolizumab-2l"
    later = case(
        tmp_path_factory, _gastric("ESCC", lines=[["cisplatin", "fluorouracil"]], biomarkers={"pdl1_cps": 12})
    )
    assert _level1(later, ("pembrolizumab",), rid).conditions_met == "met"
    first = case(tmp_path_factory, _gastric("ESCC", biomarkers={"pdl1_cps": 12}))
    assert one(first, ("pembrolizumab",), rid).conditions_met == "not_met"
    low = case(
        tmp_path_factory, _gastric("ESCC", lines=[["cisplatin", "fluorouracil"]], biomarkers={"pdl1_cps": 5})
    )
    assert not [t for t in items(low, ("pembrolizumab",)) if t.rule_id == rid]


def test_her2_rules_do_not_reach_esophageal_squamous_cell_carcinoma(tmp_path_factory) -> None:
    doc = _gastric("ESCC", alterations=["ERBB2 amplification"], biomarkers={"pdl1_cps": 5})
    r = case(tmp_path_factory, doc)
    assert no_label_match(r, ("trastuzumab", "cisplatin", "fluorouracil"))
    assert no_label_match(r, ("pembrolizumab", "trastuzumab"))


# ───────────────────────── biliary tract, pancreas ─────────────────────────


def test_futibatinib_only_for_intrahepatic_cholangiocarcinoma(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("EHCH", ["FGFR2::BICC1"], lines=[GEM_CIS]))
    assert no_label_match(r, ("futibatinib",))
    assert _level1(r, ("pemigatinib",), "btc-fgfr2-fusion-pemigatinib").conditions_met == "met"


def test_fgfr2_fusion_gallbladder_cancer_is_off_label(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GBC", ["FGFR2::BICC1"], lines=[GEM_CIS]))
    assert no_label_match(r, ("pemigatinib",)) and no_label_match(r, ("futibatinib",))


def test_ivosidenib_idh1_cholangiocarcinoma_after_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["IDH1 R132C"], lines=[GEM_CIS]))
    assert _level1(r, ("ivosidenib",), "btc-idh1-ivosidenib").conditions_met == "met"
    first = case(tmp_path_factory, solid("IHCH", ["IDH1 R132C"]))
    assert one(first, ("ivosidenib",), "btc-idh1-ivosidenib").conditions_met == "not_met"
    assert no_label_match(
        case(tmp_path_factory, solid("GBC", ["IDH1 R132C"], lines=[GEM_CIS])), ("ivosidenib",)
    )


def test_ivosidenib_needs_idh1_not_idh2(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["IDH2 R172K"], lines=[GEM_CIS]))
    assert not [t for t in items(r, ("ivosidenib",)) if t.rule_id == "btc-idh1-ivosidenib"]


def test_zanidatamab_her2_ihc3_biliary_including_gallbladder(tmp_path_factory) -> None:
    doc = solid("GBC", [], lines=[GEM_CIS], biomarkers={"her2_ihc": "3+"})
    item = _level1(case(tmp_path_factory, doc), ("zanidatamab",), "btc-her2-ihc3-zanidatamab")
    assert item.conditions_met == "met"
    naive = solid("GBC", [], biomarkers={"her2_ihc": "3+"})
    assert (
        one(case(tmp_path_factory, naive), ("zanidatamab",), "btc-her2-ihc3-zanidatamab").conditions_met
        == "not_met"
    )
    two_plus = solid("GBC", [], lines=[GEM_CIS], biomarkers={"her2_ihc": "2+"})
    assert not items(case(tmp_path_factory, two_plus), ("zanidatamab",))


def test_olaparib_pancreatic_maintenance_says_germline(tmp_path_factory) -> None:
    doc = solid(
        "PAAD", ["BRCA2 S1982Rfs*22"], lines=[["fluorouracil", "leucovorin", "irinotecan", "oxaliplatin"]]
    )
    item = _level1(case(tmp_path_factory, doc), ("olaparib",), "paad-brca2-olaparib-maintenance")
    assert condition(item, "germline") == "unknown"
    assert [
        c for c in item.conditions if c.text == "first-line platinum-based chemotherapy" and c.status == "met"
    ]


def test_olaparib_pancreatic_label_is_adenocarcinoma_only(tmp_path_factory) -> None:
    r = case(
        tmp_path_factory, solid("PANET", ["BRCA2 S1982Rfs*22"], lines=[["capecitabine", "temozolomide"]])
    )
    assert no_label_match(r, ("olaparib",))


def test_zenocutuzumab_nrg1_pancreatic_adenocarcinoma(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("PAAD", ["ATP1B1::NRG1"], lines=[["gemcitabine", "nab-paclitaxel"]]))
    item = _level1(r, ("zenocutuzumab",), "paad-nrg1-fusion-zenocutuzumab")
    assert item.conditions_met == "met" and item.cancer_type_match == "exact"


def test_kras_g12c_pancreatic_is_a_guideline_option(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("PAAD", ["KRAS G12C"], lines=[["gemcitabine", "nab-paclitaxel"]]))
    item = one(r, ("sotorasib",), "paad-kras-g12c-sotorasib-guideline")
    assert item.level == "2" and item.approval == "guideline"


# ───────────────────────── neuroendocrine ─────────────────────────


def test_lutetium_dotatate_any_line_in_gep_net(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SBWDNET", [], biomarkers={"sstr": "positive"}))
    item = _level1(r, ("lutetium lu 177 dotatate",), "gepnet-sstr-lutetium-dotatate")
    assert item.conditions_met != "not_met" and item.cancer_type_match == "ancestor"
    assert condition(item, "12 years") == "met"


def test_lutetium_dotatate_not_on_label_for_lung_net(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LNET", [], biomarkers={"sstr": "positive"}))
    assert no_label_match(r, ("lutetium lu 177 dotatate",))


def test_lutetium_dotatate_needs_sstr_and_age_twelve(tmp_path_factory) -> None:
    assert not items(
        case(tmp_path_factory, solid("PANET", [], biomarkers={"sstr": "negative"})),
        ("lutetium lu 177 dotatate",),
    )
    child = solid("PANET", [], biomarkers={"sstr": "positive"})
    child["patient"]["age"] = 10
    item = one(case(tmp_path_factory, child), ("lutetium lu 177 dotatate",), "gepnet-sstr-lutetium-dotatate")
    assert condition(item, "12 years") == "not_met"


# ───────────────────────── melanoma ─────────────────────────


def test_braf_v600k_melanoma_gets_combinations_and_trametinib_not_dabrafenib_alone(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SKCM", ["BRAF V600K"]))
    for drugs, rid in (
        (("dabrafenib", "trametinib"), "mel-braf-v600-dabrafenib-trametinib"),
        (("encorafenib", "binimetinib"), "mel-braf-v600-encorafenib-binimetinib"),
        (("vemurafenib", "cobimetinib"), "mel-braf-v600-vemurafenib-cobimetinib"),
        (("trametinib",), "mel-braf-v600-trametinib"),
    ):
        assert _level1(r, drugs, rid).conditions_met == "met", rid
    assert not items(r, ("dabrafenib",)) and not items(r, ("vemurafenib",))


def test_dabrafenib_single_agent_for_v600e(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SKCM", ["BRAF V600E"]))
    assert _level1(r, ("dabrafenib",), "mel-braf-v600e-dabrafenib").conditions_met == "met"


def test_trametinib_alone_not_after_a_braf_inhibitor(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SKCM", ["BRAF V600E"], lines=[["vemurafenib"]]))
    item = one(r, ("trametinib",), "mel-braf-v600-trametinib")
    assert condition(item, "BRAF inhibitor") == "not_met" and item.conditions_met == "not_met"


def test_adjuvant_dabrafenib_trametinib_for_resected_stage_iii(tmp_path_factory) -> None:
    rid = "mel-braf-v600-dabrafenib-trametinib-adjuvant"
    r = case(tmp_path_factory, solid("SKCM", ["BRAF V600E"], stage="IIIB", setting="adjuvant"))
    item = _level1(r, ("dabrafenib", "trametinib"), rid)
    assert item.conditions_met == "met"
    stage_ii = one(
        case(tmp_path_factory, solid("SKCM", ["BRAF V600E"], stage="IIB")), ("dabrafenib", "trametinib"), rid
    )
    assert condition(stage_ii, "stage III") == "not_met"
    stage_iv = one(case(tmp_path_factory, solid("SKCM", ["BRAF V600E"])), ("dabrafenib", "trametinib"), rid)
    assert stage_iv.conditions_met == "not_met"


def test_braf_non_v600_melanoma_gets_no_braf_inhibitor(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SKCM", ["BRAF G469A"]))
    assert not [
        t
        for t in r.therapies
        if {"dabrafenib", "vemurafenib", "encorafenib"} & set(t.drugs) and t.level == "1"
    ]


def test_kit_exon11_melanoma_imatinib_is_guideline_level(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("ACRM", ["KIT L576P"], lines=[["nivolumab", "ipilimumab"]]))
    item = one(r, ("imatinib",), "mel-kit-imatinib-guideline")
    assert item.level == "2" and item.conditions_met == "met"


# ───────────────────────── thyroid ─────────────────────────


def test_anaplastic_thyroid_braf_v600e_dabrafenib_trametinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("THAP", ["BRAF V600E"]))
    item = _level1(r, ("dabrafenib", "trametinib"), "thap-braf-v600e-dabrafenib-trametinib")
    assert item.cancer_type_match == "exact"


def test_ret_fusion_papillary_thyroid_selpercatinib_and_pralsetinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("THPA", ["CCDC6::RET"]))
    assert _level1(r, ("selpercatinib",), "thyroid-ret-fusion-selpercatinib").cancer_type_match == "ancestor"
    assert _level1(r, ("pralsetinib",), "thyroid-ret-fusion-pralsetinib").level == "1"


def test_pralsetinib_medullary_indication_was_withdrawn(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("THME", ["RET M918T"]))
    assert not [t for t in items(r, ("pralsetinib",)) if t.level == "1"]
    assert _level1(r, ("selpercatinib",), "thme-ret-mut-selpercatinib").cancer_type_match == "exact"


def test_selpercatinib_medullary_age_floor_is_two(tmp_path_factory) -> None:
    doc = solid("THME", ["RET M918T"])
    doc["patient"]["age"] = 1
    item = one(case(tmp_path_factory, doc), ("selpercatinib",), "thme-ret-mut-selpercatinib")
    assert condition(item, "2 years") == "not_met"


# ───────────────────────── head and neck ─────────────────────────


def test_pembrolizumab_first_line_monotherapy_needs_cps1(tmp_path_factory) -> None:
    rid = "hnsc-pdl1-cps1-pembrolizumab-mono-1l"
    r = case(tmp_path_factory, solid("OCSC", [], biomarkers={"pdl1_cps": 5}))
    assert _level1(r, ("pembrolizumab",), rid).conditions_met == "met"
    later = case(
        tmp_path_factory, solid("OCSC", [], lines=[["cisplatin", "fluorouracil"]], biomarkers={"pdl1_cps": 5})
    )
    assert one(later, ("pembrolizumab",), rid).conditions_met == "not_met"
    cps0 = case(tmp_path_factory, solid("OCSC", [], biomarkers={"pdl1_cps": 0}))
    assert not [t for t in items(cps0, ("pembrolizumab",)) if t.rule_id == rid]


def test_perioperative_pembrolizumab_resectable_locally_advanced(tmp_path_factory) -> None:
    rid = "hnsc-pdl1-cps1-pembrolizumab-perioperative"
    r = case(
        tmp_path_factory, solid("LXSC", [], stage="III", setting="neoadjuvant", biomarkers={"pdl1_cps": 10})
    )
    item = _level1(r, ("pembrolizumab",), rid)
    assert item.conditions_met == "met" and item.evidence[0].date == "2025-06-12"
    early = one(
        case(tmp_path_factory, solid("LXSC", [], stage="II", biomarkers={"pdl1_cps": 10})),
        ("pembrolizumab",),
        rid,
    )
    assert condition(early, "stage III-IVA") == "not_met"
    metastatic = one(
        case(tmp_path_factory, solid("LXSC", [], stage="IVC", biomarkers={"pdl1_cps": 10})),
        ("pembrolizumab",),
        rid,
    )
    assert metastatic.conditions_met == "not_met"


def test_salivary_her2_ihc3_trastuzumab_pertuzumab_guideline(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("SDCA", [], biomarkers={"her2_ihc": "3+"}))
    item = one(r, ("trastuzumab", "pertuzumab"), "saca-her2-ihc3-trastuzumab-pertuzumab-guideline")
    assert item.level == "2" and item.approval == "guideline"


# ───────────────────────── GIST and sarcoma ─────────────────────────


def test_imatinib_adjuvant_after_resection_of_kit_mutant_gist(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del"], stage="II", setting="adjuvant"))
    item = _level1(r, ("imatinib",), "gist-kit-imatinib-adjuvant")
    assert condition(item, "adjuvant") == "met"
    assert one(r, ("imatinib",), "gist-kit-imatinib").conditions_met == "not_met"


def test_imatinib_first_line_metastatic_gist(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del"]))
    assert _level1(r, ("imatinib",), "gist-kit-imatinib").conditions_met == "met"
    assert condition(one(r, ("imatinib",), "gist-kit-imatinib-adjuvant"), "adjuvant") == "not_met"


def test_regorafenib_needs_imatinib_and_sunitinib(tmp_path_factory) -> None:
    rid = "gist-kit-regorafenib"
    after_one = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del", "KIT D816H"], lines=[["imatinib"]]))
    item = one(after_one, ("regorafenib",), rid)
    assert condition(item, "sunitinib") == "not_met" and item.conditions_met == "not_met"
    after_two = case(
        tmp_path_factory,
        solid("GIST", ["KIT W557_K558del", "KIT D816H"], lines=[["imatinib"], ["sunitinib"]]),
    )
    assert _level1(after_two, ("regorafenib",), rid).conditions_met == "met"


def test_ripretinib_fourth_line(tmp_path_factory) -> None:
    lines = [["imatinib"], ["sunitinib"], ["regorafenib"]]
    r = case(tmp_path_factory, solid("GIST", ["KIT W557_K558del", "KIT D816H"], lines=lines))
    assert _level1(r, ("ripretinib",), "gist-kit-ripretinib").conditions_met == "met"


def test_pdgfra_exon18_non_d842v_gets_avapritinib_and_imatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["PDGFRA D846Y"]))
    assert _level1(r, ("avapritinib",), "gist-pdgfra-ex18-avapritinib").cancer_type_match == "exact"
    assert one(r, ("imatinib",), "gist-pdgfra-non-d842v-imatinib").level == "2"


def test_pdgfra_d842v_is_not_an_imatinib_option(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GIST", ["PDGFRA D842V"]))
    assert not [t for t in items(r, ("imatinib",)) if t.rule_id == "gist-pdgfra-non-d842v-imatinib"]
    assert _level1(r, ("avapritinib",), "gist-pdgfra-ex18-avapritinib").conditions_met != "not_met"


def test_pecoma_tsc1_loss_nab_sirolimus(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("PECOMA", ["TSC1 R509*"]))
    assert _level1(r, ("sirolimus protein-bound",), "pecoma-tsc1-nab-sirolimus").cancer_type_match == "exact"


def test_epithelioid_sarcoma_smarcb1_truncation_tazemetostat(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("EPIS", ["SMARCB1 R40*"]))
    assert _level1(r, ("tazemetostat",), "epis-smarcb1-mut-tazemetostat").conditions_met != "not_met"
    teen = solid("EPIS", ["SMARCB1 R40*"])
    teen["patient"]["age"] = 14
    item = one(case(tmp_path_factory, teen), ("tazemetostat",), "epis-smarcb1-mut-tazemetostat")
    assert condition(item, "16 years") == "not_met"


def test_alk_imt_crizotinib_in_a_child(tmp_path_factory) -> None:
    doc = solid("IMT", ["TPM3::ALK"])
    doc["patient"]["age"] = 6
    item = _level1(case(tmp_path_factory, doc), ("crizotinib",), "imt-alk-crizotinib")
    assert condition(item, "1 year") == "met"


# ───────────────────────── additions after the first commit ─────────────────────────


def test_mucosal_melanoma_is_covered_by_the_melanoma_labels(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("VMM", ["BRAF V600E"]))
    item = _level1(r, ("dabrafenib", "trametinib"), "mel-braf-v600-dabrafenib-trametinib")
    assert item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_kit_mutant_head_and_neck_mucosal_melanoma_gets_imatinib(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("HNMUCM", ["KIT K642E"], lines=[["nivolumab"]]))
    item = one(r, ("imatinib",), "mel-kit-imatinib-guideline")
    assert item.level == "2" and item.cancer_type_match == "exact"


def test_uveal_melanoma_gets_no_melanoma_braf_rule(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("UM", ["BRAF V600E"]))
    assert not [t for t in r.therapies if t.rule_id.startswith("mel-")]


def test_escc_nivolumab_rules_carry_the_2025_pdl1_restriction(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _gastric("ESCC", biomarkers={"pdl1_tps": 2}))
    for drugs, rid in (
        (("nivolumab",), "escc-pdl1-nivolumab-chemo-or-ipilimumab"),
        (("nivolumab", "ipilimumab"), "escc-pdl1-nivolumab-ipilimumab"),
    ):
        assert _level1(r, drugs, rid).evidence[0].date == "2025-05-22", rid


def test_avapritinib_setting_is_read_from_the_case(tmp_path_factory) -> None:
    rid = "gist-pdgfra-ex18-avapritinib"
    metastatic = case(tmp_path_factory, solid("GIST", ["PDGFRA D842V"]))
    assert _level1(metastatic, ("avapritinib",), rid).conditions_met == "met"
    resected = case(tmp_path_factory, solid("GIST", ["PDGFRA D842V"], stage="II", setting="adjuvant"))
    assert one(resected, ("avapritinib",), rid).conditions_met == "not_met"


def test_dfsp_imatinib_for_advanced_disease(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("DFSP", ["COL1A1::PDGFB"]))
    assert _level1(r, ("imatinib",), "dfsp-pdgfb-imatinib").conditions_met == "met"


def test_panitumumab_ras_wildtype_carries_the_sidedness_note(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _crc(["APC R1450*"]))
    item = _level1(r, ("panitumumab",), "crc-ras-wt-panitumumab")
    assert condition(item, "left-sided") == "unknown"


def test_her2_amplified_colorectal_tdxd_is_a_guideline_option_after_chemotherapy(tmp_path_factory) -> None:
    rid = "crc-her2-amp-trastuzumab-deruxtecan-guideline"
    later = one(
        case(tmp_path_factory, _crc(["ERBB2 amplification"], lines=[FOLFOX])),
        ("trastuzumab deruxtecan",),
        rid,
    )
    assert later.level == "2" and later.conditions_met == "met"
    first = one(case(tmp_path_factory, _crc(["ERBB2 amplification"])), ("trastuzumab deruxtecan",), rid)
    assert first.conditions_met == "not_met"


def test_lutetium_dotatate_not_on_label_for_high_grade_neuroendocrine_carcinoma(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("HGNEC", [], biomarkers={"sstr": "positive"}))
    assert no_label_match(r, ("lutetium lu 177 dotatate",))
