"""Case-level checks of the breast, gynecologic and genitourinary rules after the 2026-11-29 label audit.

Each rule added or changed in `breast.yaml`, `gyn.yaml` and `gu.yaml` has a positive case (the label
population gets the drugs at level 1 with the label's limits evaluated) and at least one negative (wrong
line, setting, receptor status, biomarker, variant or tumor type). A few long-standing rules an oncologist
would check first are covered too. Label facts are those of the FDA labels and approval notices cited in
the rows (DailyMed; FDA notices of 2025-12-12, 2025-12-17, 2026-02-10 and 2026-06-24).
"""

from __future__ import annotations

from typing import Any

from .cases import case, condition, items, no_label_match, one, solid

# ───────────────────────────── helpers ─────────────────────────────


def _history(doc: dict[str, Any], *lines: tuple[str, list[str]]) -> dict[str, Any]:
    """Replace the case history by (setting, drugs) entries, each progressed; palliative lines are numbered."""
    entries, n = [], 0
    for setting, drugs in lines:
        entry: dict[str, Any] = {"setting": setting, "drugs": drugs, "progressed": True}
        if setting == "metastatic":
            n += 1
            entry["line"] = n
        entries.append(entry)
    doc["history"] = {"prior_therapies": entries}
    return doc


def _her2_pos(
    stage: str = "IV", lines: list[list[str]] | None = None, er: str = "negative", setting: str = "metastatic"
) -> dict[str, Any]:
    return solid(
        "BRCA", [], stage=stage, lines=lines, setting=setting, er=er, pr=er, her2="positive", her2_ihc="3+"
    )


def _hr_pos(
    alterations: list[str],
    stage: str = "IV",
    lines: list[list[str]] | None = None,
    her2_ihc: str = "0",
    her2: str = "negative",
) -> dict[str, Any]:
    return solid(
        "BRCA",
        alterations,
        stage=stage,
        lines=lines,
        er="positive",
        pr="positive",
        her2=her2,
        her2_ihc=her2_ihc,
    )


def _tnbc(cps: float, lines: list[list[str]] | None = None, er: str = "negative") -> dict[str, Any]:
    return solid(
        "BRCA",
        [],
        lines=lines,
        er=er,
        pr="negative",
        her2="negative",
        her2_ihc="0",
        biomarkers={"pdl1_cps": cps},
    )


def _prostate(
    alterations: list[str], castration: str | None, lines: list[list[str]] | None = None, stage: str = "IV"
) -> dict[str, Any]:
    doc = solid("PRAD", alterations, stage=stage, lines=lines)
    doc["patient"]["sex"] = "male"
    if castration:
        doc["diagnosis"]["castration_status"] = castration
    return doc


THP = ["docetaxel", "trastuzumab", "pertuzumab"]
TDXD = ["trastuzumab deruxtecan"]
CARBO_TAX = ["carboplatin", "paclitaxel"]

# ──────────────── HER2-positive breast: rows added for labels that were missing ────────────────


def test_tdm1_after_trastuzumab_and_taxane_in_metastatic_disease(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _her2_pos(lines=[THP]))
    item = one(r, ("trastuzumab emtansine",), "brca-her2-ihc3-trastuzumab-emtansine-metastatic")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"
    assert item.evidence[0].date == "2013-02-22"


def test_tdm1_metastatic_needs_prior_trastuzumab(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _her2_pos()),
        ("trastuzumab emtansine",),
        "brca-her2-ihc3-trastuzumab-emtansine-metastatic",
    )
    assert (
        condition(item, "previously received trastuzumab") == "not_met" and item.conditions_met == "not_met"
    )


def test_tdm1_metastatic_by_amplification_only(tmp_path_factory) -> None:
    doc = solid("BRCA", ["ERBB2 amplification"], lines=[THP], er="negative", pr="negative")
    item = one(
        case(tmp_path_factory, doc),
        ("trastuzumab emtansine",),
        "brca-her2-amp-trastuzumab-emtansine-metastatic",
    )
    assert item.level == "1" and item.conditions_met == "met"


def test_neratinib_capecitabine_after_two_anti_her2_lines(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _her2_pos(lines=[THP, TDXD]))
    item = one(r, ("neratinib", "capecitabine"), "brca-her2-ihc3-neratinib-capecitabine")
    assert item.level == "1" and item.conditions_met == "met"


def test_neratinib_capecitabine_not_after_a_single_line(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _her2_pos(lines=[THP])),
        ("neratinib", "capecitabine"),
        "brca-her2-ihc3-neratinib-capecitabine",
    )
    assert condition(item, "two or more anti-HER2") == "not_met" and item.conditions_met == "not_met"


def test_margetuximab_after_anti_her2_therapy(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _her2_pos(lines=[THP, TDXD])),
        ("margetuximab",),
        "brca-her2-ihc3-margetuximab-chemo",
    )
    assert item.level == "1" and condition(item, "anti-HER2 regimens") == "met"


def test_margetuximab_not_for_her2_low(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _hr_pos([], lines=[["letrozole", "palbociclib"]], her2_ihc="1+", her2="low"))
    assert not items(r, ("margetuximab",))


def test_adjuvant_trastuzumab_for_early_her2_positive(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _her2_pos(stage="IIA")),
        ("trastuzumab",),
        "brca-her2-ihc3-trastuzumab-adjuvant",
    )
    assert item.level == "1" and condition(item, "adjuvant treatment of early breast cancer") == "met"


def test_adjuvant_trastuzumab_not_for_metastatic(tmp_path_factory) -> None:
    item = one(case(tmp_path_factory, _her2_pos()), ("trastuzumab",), "brca-her2-ihc3-trastuzumab-adjuvant")
    assert item.conditions_met == "not_met"


def test_trastuzumab_paclitaxel_first_line_only(tmp_path_factory) -> None:
    drugs, rid = ("trastuzumab", "paclitaxel"), "brca-her2-ihc3-trastuzumab-paclitaxel-1l"
    assert one(case(tmp_path_factory, _her2_pos()), drugs, rid).conditions_met == "met"
    assert one(case(tmp_path_factory, _her2_pos(lines=[THP])), drugs, rid).conditions_met == "not_met"


def test_lapatinib_letrozole_needs_hormone_receptor_positive(tmp_path_factory) -> None:
    drugs, rid = ("lapatinib", "letrozole"), "brca-her2-ihc3-lapatinib-letrozole"
    assert one(case(tmp_path_factory, _her2_pos(er="positive")), drugs, rid).conditions_met == "met"
    negative = one(case(tmp_path_factory, _her2_pos(er="negative")), drugs, rid)
    assert condition(negative, "hormone receptor-positive") == "not_met"


# ──────────────── HER2-low (DESTINY-Breast04): prior chemotherapy, not any second line ────────────────


def test_tdxd_her2_low_after_chemotherapy(tmp_path_factory) -> None:
    doc = solid("BRCA", [], lines=[["paclitaxel"]], er="negative", pr="negative", her2="low", her2_ihc="1+")
    item = one(
        case(tmp_path_factory, doc), ("trastuzumab deruxtecan",), "brca-her2-low-trastuzumab-deruxtecan"
    )
    assert item.level == "1" and item.conditions_met == "met"


def test_tdxd_her2_low_after_endocrine_therapy_alone_is_the_db06_label(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _hr_pos([], lines=[["letrozole", "palbociclib"]], her2_ihc="1+", her2="low"))
    db04 = one(r, ("trastuzumab deruxtecan",), "brca-her2-low-trastuzumab-deruxtecan")
    assert condition(db04, "prior chemotherapy") == "not_met" and db04.conditions_met == "not_met"
    db06 = one(r, ("trastuzumab deruxtecan",), "brca-her2-low-ultralow-hrpos-trastuzumab-deruxtecan")
    assert db06.conditions_met == "met"


def test_tdxd_her2_low_not_for_early_disease(tmp_path_factory) -> None:
    doc = solid("BRCA", [], stage="IIA", er="negative", pr="negative", her2="low", her2_ihc="1+")
    item = one(
        case(tmp_path_factory, doc), ("trastuzumab deruxtecan",), "brca-her2-low-trastuzumab-deruxtecan"
    )
    assert condition(item, "unresectable or metastatic") == "not_met"


# ──────────── TNBC PD-L1 CPS >=10: sacituzumab govitecan + pembrolizumab (2026-06-24) ────────────

SG_PEMBRO = ("sacituzumab govitecan", "pembrolizumab")
SG_RULE = "brca-tnbc-pdl1-cps10-sacituzumab-pembrolizumab-1l"


def test_sacituzumab_pembrolizumab_first_line_tnbc(tmp_path_factory) -> None:
    item = one(case(tmp_path_factory, _tnbc(12)), SG_PEMBRO, SG_RULE)
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"
    assert item.evidence[0].date == "2026-06-24"


def test_sacituzumab_pembrolizumab_needs_cps_10(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, _tnbc(5)), SG_PEMBRO)


def test_sacituzumab_pembrolizumab_not_for_er_positive_or_later_lines(tmp_path_factory) -> None:
    er_pos = one(case(tmp_path_factory, _tnbc(12, er="positive")), SG_PEMBRO, SG_RULE)
    assert condition(er_pos, "ER-negative") == "not_met"
    later = one(
        case(tmp_path_factory, _tnbc(12, lines=[["paclitaxel", "pembrolizumab"]])), SG_PEMBRO, SG_RULE
    )
    assert condition(later, "first-line") == "not_met"


def test_pembrolizumab_chemo_tnbc_cps10(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _tnbc(15)), ("pembrolizumab",), "brca-tnbc-pdl1-cps10-pembrolizumab-chemo"
    )
    assert item.level == "1" and item.conditions_met == "met"
    assert not [
        t
        for t in items(case(tmp_path_factory, _tnbc(3)), ("pembrolizumab",))
        if t.rule_id == "brca-tnbc-pdl1-cps10-pembrolizumab-chemo"
    ]


# ───────────── HR-positive: CDK4/6 with fulvestrant, PI3K/AKT pathway, relapse on adjuvant ET ─────────────


def test_ribociclib_fulvestrant_as_initial_endocrine_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _hr_pos([]))
    ribo = one(r, ("ribociclib", "fulvestrant"), "brca-er-ribociclib-fulvestrant")
    assert ribo.level == "1" and ribo.conditions_met == "met"
    palbo = one(r, ("palbociclib", "fulvestrant"), "brca-er-palbociclib-fulvestrant")
    # palbociclib and abemaciclib with fulvestrant need progression on endocrine therapy
    assert palbo.conditions_met == "not_met"


def test_cdk46_fulvestrant_after_relapse_on_adjuvant_ai(tmp_path_factory) -> None:
    doc = _history(_hr_pos([]), ("adjuvant", ["letrozole"]))
    item = one(case(tmp_path_factory, doc), ("abemaciclib", "fulvestrant"), "brca-er-abemaciclib-fulvestrant")
    assert item.conditions_met == "met"


def test_alpelisib_after_relapse_on_adjuvant_endocrine_therapy(tmp_path_factory) -> None:
    doc = _history(_hr_pos(["PIK3CA H1047R"]), ("adjuvant", ["anastrozole"]))
    item = one(case(tmp_path_factory, doc), ("alpelisib", "fulvestrant"), "brca-pik3ca-alpelisib-fulvestrant")
    assert item.level == "1" and condition(item, "endocrine-based regimen") == "met"
    assert item.conditions_met == "met"


def test_alpelisib_needs_a_listed_pik3ca_mutation_and_prior_endocrine_therapy(tmp_path_factory) -> None:
    assert not items(
        case(tmp_path_factory, _hr_pos(["PIK3CA I391M"], lines=[["letrozole"]])), ("alpelisib", "fulvestrant")
    )
    naive = one(
        case(tmp_path_factory, _hr_pos(["PIK3CA E545K"])),
        ("alpelisib", "fulvestrant"),
        "brca-pik3ca-alpelisib-fulvestrant",
    )
    assert naive.conditions_met == "not_met"


def test_capivasertib_for_akt1_and_pten_loss(tmp_path_factory) -> None:
    drugs = ("capivasertib", "fulvestrant")
    akt = one(
        case(tmp_path_factory, _hr_pos(["AKT1 E17K"], lines=[["letrozole", "palbociclib"]])),
        drugs,
        "brca-akt1-capivasertib-fulvestrant",
    )
    assert akt.level == "1" and akt.conditions_met == "met"
    pten = case(tmp_path_factory, _hr_pos(["PTEN R130*"], lines=[["letrozole", "palbociclib"]]))
    assert one(pten, drugs, "brca-pten-capivasertib-fulvestrant").conditions_met == "met"


def test_capivasertib_not_for_early_disease(tmp_path_factory) -> None:
    doc = _history(_hr_pos(["AKT1 E17K"], stage="IIB"), ("adjuvant", ["letrozole"]))
    item = one(
        case(tmp_path_factory, doc), ("capivasertib", "fulvestrant"), "brca-akt1-capivasertib-fulvestrant"
    )
    assert condition(item, "advanced or metastatic") == "not_met"


def test_inavolisib_after_relapse_on_adjuvant_endocrine_therapy(tmp_path_factory) -> None:
    doc = _history(_hr_pos(["PIK3CA H1047R"]), ("adjuvant", ["letrozole"]))
    item = one(
        case(tmp_path_factory, doc),
        ("inavolisib", "palbociclib", "fulvestrant"),
        "brca-pik3ca-inavolisib-palbociclib-fulvestrant",
    )
    assert item.level == "1"
    assert condition(item, "first treatment") == "met" and condition(item, "adjuvant endocrine") == "met"
    assert item.conditions_met != "not_met"


def test_inavolisib_not_after_a_metastatic_line(tmp_path_factory) -> None:
    doc = _history(_hr_pos(["PIK3CA H1047R"]), ("adjuvant", ["letrozole"]), ("metastatic", ["fulvestrant"]))
    item = one(
        case(tmp_path_factory, doc),
        ("inavolisib", "palbociclib", "fulvestrant"),
        "brca-pik3ca-inavolisib-palbociclib-fulvestrant",
    )
    assert condition(item, "first treatment") == "not_met" and item.conditions_met == "not_met"


# ──────────────────────── germline BRCA: olaparib and talazoparib ────────────────────────


def test_olaparib_metastatic_after_adjuvant_chemotherapy(tmp_path_factory) -> None:
    doc = _history(
        _hr_pos(["BRCA2 R3052*"]),
        ("adjuvant", ["doxorubicin", "cyclophosphamide", "paclitaxel"]),
        ("metastatic", ["letrozole", "palbociclib"]),
    )
    item = one(case(tmp_path_factory, doc), ("olaparib",), "brca-brca2-olaparib-metastatic")
    assert item.level == "1"
    assert condition(item, "metastatic disease") == "met" and condition(item, "previously treated") == "met"
    assert condition(item, "germline BRCA1 or BRCA2") == "unknown"


def test_olaparib_metastatic_not_for_her2_positive(tmp_path_factory) -> None:
    doc = solid(
        "BRCA",
        ["BRCA1 Q1756fs"],
        lines=[["paclitaxel"]],
        er="negative",
        pr="negative",
        her2="positive",
        her2_ihc="3+",
    )
    item = one(case(tmp_path_factory, doc), ("olaparib",), "brca-brca12-olaparib-metastatic")
    assert condition(item, "HER2-negative") == "not_met" and item.conditions_met == "not_met"


def test_olaparib_adjuvant_after_neoadjuvant_chemotherapy(tmp_path_factory) -> None:
    doc = _history(
        solid(
            "BRCA",
            ["BRCA1 Q1756fs"],
            stage="IIB",
            er="negative",
            pr="negative",
            her2="negative",
            her2_ihc="0",
        ),
        ("neoadjuvant", ["doxorubicin", "cyclophosphamide", "paclitaxel"]),
    )
    item = one(case(tmp_path_factory, doc), ("olaparib",), "brca-brca1-olaparib-adjuvant")
    assert condition(item, "adjuvant, high-risk") == "met" and condition(item, "chemotherapy") == "met"
    metastatic = one(
        case(
            tmp_path_factory,
            _tnbc(0, lines=[["paclitaxel"]])
            | {"tumor": {"alterations": ["BRCA1 Q1756fs"], "biomarkers": {}}},
        ),
        ("olaparib",),
        "brca-brca1-olaparib-adjuvant",
    )
    assert condition(metastatic, "adjuvant, high-risk") == "not_met"


def test_talazoparib_only_for_advanced_disease(tmp_path_factory) -> None:
    rid = "brca-brca2-talazoparib"
    adv = one(case(tmp_path_factory, _hr_pos(["BRCA2 R3052*"])), ("talazoparib",), rid)
    assert adv.level == "1" and condition(adv, "locally advanced or metastatic") == "met"
    early = one(case(tmp_path_factory, _hr_pos(["BRCA2 R3052*"], stage="IA")), ("talazoparib",), rid)
    assert condition(early, "locally advanced or metastatic") == "not_met"


def test_breast_parp_inhibitors_not_for_a_brca2_missense_of_unknown_effect(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _hr_pos(["BRCA2 V2466A"], lines=[["paclitaxel"]]))
    assert no_label_match(r, ("olaparib",)) and no_label_match(r, ("talazoparib",))


# ──────────────────────────────── endometrial ────────────────────────────────


def _endometrial(
    biomarkers: dict[str, Any], stage: str = "IV", lines: list[list[str]] | None = None
) -> dict[str, Any]:
    return solid("UEC", [], stage=stage, lines=lines, biomarkers=biomarkers)


def test_dostarlimab_chemo_for_primary_advanced_stage_iii_dmmr(tmp_path_factory) -> None:
    drugs = ("dostarlimab", "carboplatin", "paclitaxel")
    item = one(
        case(tmp_path_factory, _endometrial({"mmr": "deficient"}, stage="IIIC1")),
        drugs,
        "ucec-dmmr-dostarlimab-chemo-1l",
    )
    assert item.level == "1" and item.cancer_type_match == "ancestor" and item.conditions_met == "met"


def test_dostarlimab_chemo_not_after_first_line(tmp_path_factory) -> None:
    drugs = ("dostarlimab", "carboplatin", "paclitaxel")
    item = one(
        case(tmp_path_factory, _endometrial({"mmr": "deficient"}, lines=[CARBO_TAX])),
        drugs,
        "ucec-dmmr-dostarlimab-chemo-1l",
    )
    assert item.conditions_met == "not_met"


def test_pembrolizumab_chemo_first_line_dmmr_endometrial(tmp_path_factory) -> None:
    drugs = ("pembrolizumab", "carboplatin", "paclitaxel")
    hits = [
        t
        for t in items(case(tmp_path_factory, _endometrial({"msi": "high"})), drugs)
        if t.rule_id in ("ucec-msih-pembrolizumab-chemo-1l", "ucec-dmmr-pembrolizumab-chemo-1l")
    ]
    assert hits and all(t.level == "1" and t.conditions_met == "met" for t in hits)
    assert hits[0].evidence[0].date == "2024-06-17"
    assert not items(case(tmp_path_factory, _endometrial({"mmr": "proficient"})), drugs)


def test_pembrolizumab_lenvatinib_for_mss_endometrial_after_chemo(tmp_path_factory) -> None:
    drugs = ("pembrolizumab", "lenvatinib")
    item = one(
        case(tmp_path_factory, _endometrial({"msi": "stable"}, lines=[CARBO_TAX])),
        drugs,
        "ucec-mss-pembrolizumab-lenvatinib",
    )
    assert item.level == "1" and item.conditions_met == "met"
    first = one(
        case(tmp_path_factory, _endometrial({"msi": "stable"})), drugs, "ucec-mss-pembrolizumab-lenvatinib"
    )
    assert first.conditions_met == "not_met"


def test_pembrolizumab_lenvatinib_not_for_msi_high(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _endometrial({"msi": "high"}, lines=[CARBO_TAX]))
    assert not items(r, ("pembrolizumab", "lenvatinib"))


def test_dostarlimab_monotherapy_after_platinum(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _endometrial({"mmr": "deficient"}, lines=[CARBO_TAX])),
        ("dostarlimab",),
        "ucec-dmmr-dostarlimab-mono",
    )
    assert item.conditions_met == "met" and item.evidence[0].date == "2023-02-09"
    naive = one(
        case(tmp_path_factory, _endometrial({"mmr": "deficient"})),
        ("dostarlimab",),
        "ucec-dmmr-dostarlimab-mono",
    )
    assert naive.conditions_met == "not_met"


# ──────────────────────────────── ovarian and cervical ────────────────────────────────

PEMBRO_PAC = ("pembrolizumab", "paclitaxel")
OV_PEMBRO = "ov-pdl1-cps1-pembrolizumab-paclitaxel"


def _ovarian(
    code: str,
    alterations: list[str],
    biomarkers: dict[str, Any] | None = None,
    lines: list[list[str]] | None = None,
) -> dict[str, Any]:
    return solid(code, alterations, stage="IIIC", lines=lines, biomarkers=biomarkers)


def test_pembrolizumab_paclitaxel_platinum_resistant_ovarian(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _ovarian("HGSOC", [], {"pdl1_cps": 5}, lines=[CARBO_TAX])),
        PEMBRO_PAC,
        OV_PEMBRO,
    )
    assert item.level == "1" and item.cancer_type_match == "ancestor"
    assert condition(item, "one or two prior") == "met" and condition(item, "platinum-resistant") == "unknown"
    assert item.evidence[0].date == "2026-02-10"


def test_pembrolizumab_paclitaxel_ovarian_needs_cps1_and_one_or_two_prior_regimens(tmp_path_factory) -> None:
    assert not items(
        case(tmp_path_factory, _ovarian("HGSOC", [], {"pdl1_cps": 0}, lines=[CARBO_TAX])), PEMBRO_PAC
    )
    naive = one(case(tmp_path_factory, _ovarian("HGSOC", [], {"pdl1_cps": 5})), PEMBRO_PAC, OV_PEMBRO)
    assert condition(naive, "one or two prior") == "not_met"
    late = _ovarian(
        "HGSOC", [], {"pdl1_cps": 5}, lines=[CARBO_TAX, ["pegylated liposomal doxorubicin"], ["topotecan"]]
    )
    assert (
        condition(one(case(tmp_path_factory, late), PEMBRO_PAC, OV_PEMBRO), "one or two prior") == "not_met"
    )


def test_olaparib_first_line_maintenance_brca1_ovarian(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _ovarian("HGSOC", ["BRCA1 Q1756fs"], lines=[CARBO_TAX])),
        ("olaparib",),
        "ov-brca1-olaparib-1l-maintenance",
    )
    assert item.level == "1" and item.cancer_type_match == "ancestor"


def test_niraparib_recurrent_maintenance_states_germline(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _ovarian("HGSOC", ["BRCA2 R3052*"], lines=[CARBO_TAX])),
        ("niraparib",),
        "ov-brca2-niraparib-recurrent-maintenance",
    )
    assert condition(item, "germline BRCA required") == "unknown"


def test_mirvetuximab_needs_fra_75_percent(tmp_path_factory) -> None:
    pos = one(
        case(tmp_path_factory, _ovarian("HGSOC", [], {"folr1": 80}, lines=[CARBO_TAX])),
        ("mirvetuximab soravtansine",),
        "ov-folr1-mirvetuximab",
    )
    assert pos.level == "1"
    assert not items(
        case(tmp_path_factory, _ovarian("HGSOC", [], {"folr1": 50}, lines=[CARBO_TAX])),
        ("mirvetuximab soravtansine",),
    )


def test_avutometinib_defactinib_kras_low_grade_serous_only(tmp_path_factory) -> None:
    drugs = ("avutometinib", "defactinib")
    item = one(
        case(tmp_path_factory, _ovarian("LGSOC", ["KRAS G12V"], lines=[CARBO_TAX])),
        drugs,
        "ov-lgsoc-kras-avutometinib-defactinib",
    )
    assert item.level == "1" and item.conditions_met == "met"
    assert no_label_match(case(tmp_path_factory, _ovarian("HGSOC", ["KRAS G12V"], lines=[CARBO_TAX])), drugs)


def test_cervical_pembrolizumab_chemo_cps1_first_line(tmp_path_factory) -> None:
    doc = solid("CESC", [], biomarkers={"pdl1_cps": 3})
    item = one(case(tmp_path_factory, doc), ("pembrolizumab",), "cesc-pdl1-cps1-pembrolizumab-chemo")
    assert item.level == "1" and item.conditions_met == "met"
    assert not items(
        case(tmp_path_factory, solid("CESC", [], biomarkers={"pdl1_cps": 0})), ("pembrolizumab",)
    )


# ──────────────────────────────── prostate ────────────────────────────────

ENZA = ["enzalutamide"]


def test_olaparib_for_a_profound_hrr_gene_beyond_brca(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _prostate(["RAD51B R47*"], "resistant", lines=[ENZA])),
        ("olaparib",),
        "prad-rad51b-olaparib",
    )
    assert item.level == "1" and item.conditions_met == "met"


def test_olaparib_hrr_needs_castration_resistance_and_prior_arpi(tmp_path_factory) -> None:
    sensitive = one(
        case(tmp_path_factory, _prostate(["BRIP1 R798*"], "sensitive", lines=[ENZA])),
        ("olaparib",),
        "prad-brip1-olaparib",
    )
    assert (
        condition(sensitive, "castration-resistant disease") == "not_met"
        and sensitive.conditions_met == "not_met"
    )
    naive = one(
        case(tmp_path_factory, _prostate(["BRIP1 R798*"], "resistant")), ("olaparib",), "prad-brip1-olaparib"
    )
    assert naive.conditions_met == "not_met"


def test_olaparib_hrr_gene_is_not_a_breast_label(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _hr_pos(["RAD51B R47*"], lines=[["paclitaxel"]]))
    assert no_label_match(r, ("olaparib",))


def test_talazoparib_enzalutamide_for_talapro2_genes(tmp_path_factory) -> None:
    drugs = ("talazoparib", "enzalutamide")
    item = one(
        case(tmp_path_factory, _prostate(["NBN K219fs"], "resistant")),
        drugs,
        "prad-nbn-talazoparib-enzalutamide",
    )
    assert item.level == "1" and item.conditions_met == "met"
    # RAD54L is a PROfound gene, not a TALAPRO-2 gene
    assert not items(case(tmp_path_factory, _prostate(["RAD54L R100*"], "resistant")), drugs)


def test_niraparib_abiraterone_brca2_mcspc(tmp_path_factory) -> None:
    drugs, rid = ("niraparib", "abiraterone", "prednisone"), "prad-brca2-niraparib-abiraterone-mcspc"
    item = one(case(tmp_path_factory, _prostate(["BRCA2 R3052*"], "sensitive")), drugs, rid)
    assert item.level == "1" and item.conditions_met == "met" and item.evidence[0].date == "2025-12-12"
    resistant = one(case(tmp_path_factory, _prostate(["BRCA2 R3052*"], "resistant")), drugs, rid)
    assert condition(resistant, "castration-sensitive") == "not_met"


def test_niraparib_abiraterone_mcspc_is_brca2_only(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _prostate(["BRCA1 Q1756fs"], "sensitive"))
    assert not [
        t
        for t in items(r, ("niraparib", "abiraterone", "prednisone"))
        if t.rule_id == "prad-brca2-niraparib-abiraterone-mcspc"
    ]


def test_niraparib_abiraterone_mcspc_not_for_localised_disease(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _prostate(["BRCA2 R3052*"], "sensitive", stage="II")),
        ("niraparib", "abiraterone", "prednisone"),
        "prad-brca2-niraparib-abiraterone-mcspc",
    )
    assert condition(item, "metastatic disease") == "not_met"


def test_rucaparib_after_arpi_without_taxane(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, _prostate(["BRCA2 R3052*"], "resistant", lines=[ENZA])),
        ("rucaparib",),
        "prad-brca2-rucaparib",
    )
    assert item.level == "1" and item.conditions_met == "met" and item.evidence[0].date == "2025-12-17"
    naive = one(
        case(tmp_path_factory, _prostate(["BRCA2 R3052*"], "resistant")),
        ("rucaparib",),
        "prad-brca2-rucaparib",
    )
    assert condition(naive, "androgen receptor-directed") == "not_met"


def test_olaparib_abiraterone_first_line_mcrpc_brca(tmp_path_factory) -> None:
    drugs = ("olaparib", "abiraterone", "prednisone")
    item = one(
        case(tmp_path_factory, _prostate(["BRCA1 Q1756fs"], "resistant")),
        drugs,
        "prad-brca1-olaparib-abiraterone",
    )
    assert item.level == "1" and item.conditions_met == "met"
    assert not items(case(tmp_path_factory, _prostate(["ATM R35*"], "resistant")), drugs)


# ──────────────────────────────── kidney and bladder ────────────────────────────────


def test_everolimus_for_tsc1_angiomyolipoma(tmp_path_factory) -> None:
    item = one(
        case(tmp_path_factory, solid("RAML", ["TSC1 R692*"])),
        ("everolimus",),
        "rcc-tsc1-everolimus-angiomyolipoma",
    )
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert no_label_match(case(tmp_path_factory, solid("CCRCC", ["TSC1 R692*"])), ("everolimus",))


def test_belzutifan_for_vhl_kidney_cancer(tmp_path_factory) -> None:
    item = one(case(tmp_path_factory, solid("CCRCC", ["VHL R167W"])), ("belzutifan",), "rcc-vhl-belzutifan")
    assert item.level == "1" and condition(item, "von Hippel-Lindau") == "unknown"


def test_erdafitinib_fgfr3_after_prior_therapy(tmp_path_factory) -> None:
    item = one(
        case(
            tmp_path_factory, solid("BLCA", ["FGFR3 S249C"], lines=[["pembrolizumab", "enfortumab vedotin"]])
        ),
        ("erdafitinib",),
        "blca-fgfr3-mut-erdafitinib",
    )
    assert item.level == "1" and item.conditions_met == "met"
    first = one(
        case(tmp_path_factory, solid("BLCA", ["FGFR3 S249C"])), ("erdafitinib",), "blca-fgfr3-mut-erdafitinib"
    )
    assert first.conditions_met == "not_met"


def test_erdafitinib_needs_a_listed_fgfr3_variant_and_urothelial_cancer(tmp_path_factory) -> None:
    lines = [["pembrolizumab", "enfortumab vedotin"]]
    assert not [
        t
        for t in items(case(tmp_path_factory, solid("BLCA", ["FGFR3 K650E"], lines=lines)), ("erdafitinib",))
        if t.rule_id == "blca-fgfr3-mut-erdafitinib"
    ]
    assert no_label_match(
        case(tmp_path_factory, solid("PRAD", ["FGFR3 S249C"], lines=lines)), ("erdafitinib",)
    )


# ──────────────── second pass: olaparib + bevacizumab by BRCA, uterine HER2 by ISH, mirvetuximab lines ────────────────


def test_olaparib_bevacizumab_for_brca_mutation_without_an_hrd_score(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _ovarian("HGSOC", ["BRCA2 R3052*"], lines=[[*CARBO_TAX, "bevacizumab"]]))
    item = one(r, ("olaparib", "bevacizumab"), "ov-brca2-olaparib-bevacizumab")
    assert item.level == "1" and item.cancer_type_match == "ancestor"


def test_olaparib_bevacizumab_not_without_brca_or_hrd(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _ovarian("HGSOC", ["TP53 R175H"], {"hrd": "negative"}, lines=[CARBO_TAX]))
    assert not items(r, ("olaparib", "bevacizumab"))


def test_uterine_serous_trastuzumab_by_erbb2_amplification(tmp_path_factory) -> None:
    drugs = ("trastuzumab", "carboplatin", "paclitaxel")
    r = case(tmp_path_factory, solid("USC", ["ERBB2 amplification"]))
    item = one(r, drugs, "ucec-her2-amp-serous-trastuzumab-guideline")
    assert item.level == "2" and item.approval == "guideline"
    # endometrioid histology is outside the guideline listing: at most an extrapolated, lower level
    endometrioid = items(case(tmp_path_factory, solid("UEC", ["ERBB2 amplification"])), drugs)
    assert all(t.level not in ("1", "2") for t in endometrioid)


def test_mirvetuximab_limited_to_one_to_three_prior_regimens(tmp_path_factory) -> None:
    drugs, rid = ("mirvetuximab soravtansine",), "ov-folr1-mirvetuximab"
    naive = one(case(tmp_path_factory, _ovarian("HGSOC", [], {"folr1": 80})), drugs, rid)
    assert condition(naive, "one to three prior") == "not_met"
    lines = [CARBO_TAX, ["pegylated liposomal doxorubicin"], ["topotecan"], ["gemcitabine"]]
    late = one(case(tmp_path_factory, _ovarian("HGSOC", [], {"folr1": 80}, lines=lines)), drugs, rid)
    assert condition(late, "one to three prior") == "not_met"
    ok = one(case(tmp_path_factory, _ovarian("HGSOC", [], {"folr1": 80}, lines=[CARBO_TAX])), drugs, rid)
    assert condition(ok, "one to three prior") == "met"
