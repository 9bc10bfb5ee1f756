"""Case-level checks for the biomarker approvals added or changed in the 2026-11 knowledge update.

One small case per label, read with `read_case` and matched by the therapy engine (as `test_cases.py`
does): each approval has a positive case (the label population gets the drugs at level 1 with the
label's limits evaluated) and at least one negative (wrong line, setting, histology, tumor type or
variant). The approvals and their sources are listed in `docs/knowledge-therapy.md` ("Recent approvals").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .cases import ERBB2_EX20INS, PLATINUM_IO, case, condition, example, items, no_label_match, one, solid

# ───────────────────────── sevabertinib (HYRNUO), NSCLC HER2 TKD, 2025-11-19 ─────────────────────────


def test_sevabertinib_after_prior_therapy_in_lung_adenocarcinoma(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    item = one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib")
    assert item.level == "1" and item.approval == "fda" and item.cancer_type_match == "ancestor"
    assert condition(item, "prior systemic therapy") == "met"
    assert item.conditions_met != "not_met"
    assert item.evidence and item.evidence[0].date == "2025-11-19"


def test_sevabertinib_covers_a_tkd_point_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["ERBB2 V777L"], lines=[PLATINUM_IO]))
    assert one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib").level == "1"


def test_sevabertinib_is_not_a_first_line_option(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [ERBB2_EX20INS]))
    item = one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib")
    assert condition(item, "prior systemic therapy") == "not_met"
    assert item.conditions_met == "not_met"


def test_sevabertinib_not_on_label_in_squamous_nsclc(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUSC", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    assert not [t for t in items(r, ("sevabertinib",)) if t.rule_id == "nsclc-erbb2-tkd-sevabertinib"]
    assert no_label_match(r, ("sevabertinib",))


def test_sevabertinib_needs_a_mutation_not_amplification(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["ERBB2 amplification"], lines=[PLATINUM_IO]))
    assert not items(r, ("sevabertinib",))


# ───────────── zongertinib (HERNEXEOS): first-line expansion 2026-02-26 removes the line limit ─────────────


def test_zongertinib_is_now_offered_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [ERBB2_EX20INS]))
    item = one(r, ("zongertinib",), "nsclc-erbb2-tkd-zongertinib")
    assert item.level == "1" and item.cancer_type_match == "ancestor"
    assert item.conditions_met != "not_met", [(c.text, c.status) for c in item.conditions]
    assert not [c for c in item.conditions if "prior systemic therapy" in c.text]
    assert condition(item, "unresectable or metastatic") == "met"


def test_zongertinib_still_offered_after_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    assert one(r, ("zongertinib",), "nsclc-erbb2-tkd-zongertinib").conditions_met != "not_met"


def test_zongertinib_not_on_label_in_squamous_nsclc(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUSC", [ERBB2_EX20INS]))
    assert no_label_match(r, ("zongertinib",))


# ──────────────── vepdegestrant (VEPPANU), ER+/HER2- ESR1-mutated breast cancer, 2026-05-01 ────────────────


def _brca_hr(alterations: list[str], lines: list[list[str]] | None = None, er: str = "positive") -> dict[str, Any]:
    return solid("BRCA", alterations, lines=lines, er=er, pr="positive", her2="negative", her2_ihc="1+")


def test_vepdegestrant_after_endocrine_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_hr(["ESR1 Y537S"], lines=[["letrozole", "palbociclib"]]))
    item = one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_vepdegestrant_in_the_example_beside_the_serds() -> None:
    report = example("breast_hrpos_pik3ca_esr1.yaml")
    assert one(report, ("vepdegestrant",), "brca-esr1-vepdegestrant").conditions_met == "met"
    ai = [x for x in report.resistance if "letrozole" in x.drugs]
    assert ai and "vepdegestrant" in ai[0].alternatives


def test_vepdegestrant_needs_prior_endocrine_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_hr(["ESR1 D538G"]))
    item = one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant")
    assert condition(item, "endocrine therapy") == "not_met" and item.conditions_met == "not_met"


def test_vepdegestrant_needs_er_positive_disease(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_hr(["ESR1 Y537S"], lines=[["letrozole", "palbociclib"]], er="negative"))
    assert one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant").conditions_met == "not_met"


def test_vepdegestrant_needs_an_esr1_mutation(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_hr(["PIK3CA H1047R"], lines=[["letrozole", "palbociclib"]]))
    assert not items(r, ("vepdegestrant",))


# ─────────────── zenocutuzumab (BIZENGRI), NRG1-fusion cholangiocarcinoma, 2026-05-08 ───────────────

GEM_CIS = ["gemcitabine", "cisplatin", "durvalumab"]


def test_zenocutuzumab_nrg1_cholangiocarcinoma_after_prior_therapy(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["CD74::NRG1"], lines=[GEM_CIS]))
    item = one(r, ("zenocutuzumab",), "chol-nrg1-fusion-zenocutuzumab")
    assert item.level == "1" and item.cancer_type_match == "ancestor" and item.conditions_met == "met"


def test_zenocutuzumab_cholangiocarcinoma_not_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("EHCH", ["CD74::NRG1"]))
    assert one(r, ("zenocutuzumab",), "chol-nrg1-fusion-zenocutuzumab").conditions_met == "not_met"


def test_zenocutuzumab_label_does_not_name_gallbladder_cancer(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("GBC", ["CD74::NRG1"], lines=[GEM_CIS]))
    assert no_label_match(r, ("zenocutuzumab",))


def test_zenocutuzumab_needs_the_fusion(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("IHCH", ["NRG1 amplification"], lines=[GEM_CIS]))
    assert not [t for t in items(r, ("zenocutuzumab",)) if t.rule_id == "chol-nrg1-fusion-zenocutuzumab"]


# ────────── trastuzumab deruxtecan, HER2-positive breast cancer: 2025-12-15 and 2026-05-15 ──────────


def _brca_her2(stage: str, lines: list[list[str]] | None = None, setting: str = "metastatic",
               alterations: list[str] | None = None, her2_ihc: str | None = "3+") -> dict[str, Any]:
    diag: dict[str, Any] = {"er": "negative", "pr": "negative", "her2": "positive"}
    if her2_ihc:
        diag["her2_ihc"] = her2_ihc
    return solid("BRCA", alterations or [], stage=stage, lines=lines, setting=setting, **diag)


def test_tdxd_pertuzumab_first_line_metastatic(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_her2("IV"))
    item = one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-ihc3-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_tdxd_pertuzumab_first_line_by_erbb2_amplification(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_her2("IV", alterations=["ERBB2 amplification"], her2_ihc=None))
    item = one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-amp-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.conditions_met == "met"


def test_tdxd_pertuzumab_first_line_in_the_example() -> None:
    report = example("breast_her2_metastatic.yaml")
    hits = items(report, ("trastuzumab deruxtecan", "pertuzumab"))
    assert hits and all(t.level == "1" and t.conditions_met == "met" for t in hits)


def test_tdxd_pertuzumab_not_after_first_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_her2("IV", lines=[["trastuzumab", "pertuzumab", "docetaxel"]]))
    item = one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-ihc3-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.conditions_met == "not_met"


def test_tdxd_pertuzumab_needs_her2_positive(tmp_path_factory) -> None:
    doc = solid("BRCA", [], er="positive", pr="positive", her2="negative", her2_ihc="1+")
    r = case(tmp_path_factory, doc)
    assert not items(r, ("trastuzumab deruxtecan", "pertuzumab"))


def test_tdxd_thp_neoadjuvant_stage_ii(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _brca_her2("IIA"))
    item = one(r, ("trastuzumab deruxtecan", "trastuzumab", "pertuzumab"),
                "brca-her2-ihc3-trastuzumab-deruxtecan-thp-neoadjuvant")
    assert item.level == "1" and item.conditions_met == "met"
    assert condition(item, "stage II or III") == "met"


def test_tdxd_thp_neoadjuvant_not_for_stage_i_or_metastatic(tmp_path_factory) -> None:
    rid = "brca-her2-ihc3-trastuzumab-deruxtecan-thp-neoadjuvant"
    drugs = ("trastuzumab deruxtecan", "trastuzumab", "pertuzumab")
    stage_one = one(case(tmp_path_factory, _brca_her2("IA")), drugs, rid)
    assert condition(stage_one, "stage II or III") == "not_met" and stage_one.conditions_met == "not_met"
    assert one(case(tmp_path_factory, _brca_her2("IV")), drugs, rid).conditions_met == "not_met"


def test_tdxd_adjuvant_after_neoadjuvant_trastuzumab(tmp_path_factory) -> None:
    doc = _brca_her2("IIB", lines=[["paclitaxel", "trastuzumab", "pertuzumab"]], setting="neoadjuvant")
    item = one(case(tmp_path_factory, doc), ("trastuzumab deruxtecan",),
                "brca-her2-ihc3-trastuzumab-deruxtecan-residual-disease")
    assert item.level == "1"
    assert condition(item, "adjuvant treatment after surgery") == "met"
    assert condition(item, "neoadjuvant trastuzumab") == "met"
    assert condition(item, "residual invasive disease") == "unknown"
    assert item.conditions_met == "unknown"


def test_tdxd_adjuvant_needs_prior_trastuzumab_and_early_disease(tmp_path_factory) -> None:
    rid = "brca-her2-ihc3-trastuzumab-deruxtecan-residual-disease"
    no_trastuzumab = _brca_her2("IIB", lines=[["doxorubicin", "cyclophosphamide"]], setting="neoadjuvant")
    item = one(case(tmp_path_factory, no_trastuzumab), ("trastuzumab deruxtecan",), rid)
    assert condition(item, "neoadjuvant trastuzumab") == "not_met" and item.conditions_met == "not_met"
    metastatic = one(case(tmp_path_factory, _brca_her2("IV")), ("trastuzumab deruxtecan",), rid)
    assert metastatic.conditions_met == "not_met"


# ───────────────────────── end to end through analyze ─────────────────────────


def test_report_carries_sevabertinib_with_its_citation(tmp_path_factory) -> None:
    import oncotailor

    path = Path(tmp_path_factory.mktemp("case")) / "case.yaml"
    doc = {"as_of": "2026-11-29", **solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO])}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    report = oncotailor.analyze(oncotailor.read_case(path))
    seva = [t for t in report.therapies if t.drugs == ["sevabertinib"]]
    assert seva and seva[0].level == "1"
    assert "sevabertinib" in (seva[0].evidence[0].url or "") and seva[0].evidence[0].date == "2025-11-19"


# ─────────── capivasertib (TRUQAP) + abiraterone + prednisone, PTEN-deficient mHSPC, 2026-06-12 ───────────

CAPI = ("capivasertib", "abiraterone", "prednisone")


def _prostate(alterations: list[str], biomarkers: dict[str, Any] | None = None, stage: str = "IV") -> dict[str, Any]:
    doc = solid("PRAD", alterations, stage=stage, biomarkers=biomarkers)
    doc["patient"]["sex"] = "male"
    return doc


def test_capivasertib_for_pten_deficient_metastatic_prostate(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _prostate([], {"pten_ihc": "deficient"}))
    item = one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert condition(item, "metastatic disease") == "met"
    assert condition(item, "hormone-sensitive") == "unknown"  # the case model does not record castration status
    assert item.evidence and item.evidence[0].date == "2026-06-12"


def test_capivasertib_from_a_typed_report_line(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _prostate(["PTEN IHC deficient"]))
    assert one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone").level == "1"


def test_capivasertib_not_for_intact_pten_or_a_genomic_loss_alone(tmp_path_factory) -> None:
    assert not items(case(tmp_path_factory, _prostate([], {"pten_ihc": "intact"})), CAPI)
    genomic = case(tmp_path_factory, _prostate(["PTEN deletion"]))
    assert not [t for t in items(genomic, CAPI) if t.rule_id == "prad-pten-ihc-capivasertib-abiraterone"]


def test_capivasertib_setting_not_met_for_localised_prostate(tmp_path_factory) -> None:
    r = case(tmp_path_factory, _prostate([], {"pten_ihc": "deficient"}, stage="II"))
    assert condition(one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone"), "metastatic disease") == "not_met"


def test_capivasertib_hormone_setting_from_the_case(tmp_path_factory) -> None:
    sensitive = _prostate([], {"pten_ihc": "deficient"})
    sensitive["diagnosis"]["castration_status"] = "sensitive"
    item = one(case(tmp_path_factory, sensitive), CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert condition(item, "hormone-sensitive") == "met" and item.conditions_met == "met"
    resistant = _prostate([], {"pten_ihc": "deficient"})
    resistant["diagnosis"]["castration_status"] = "resistant"
    item = one(case(tmp_path_factory, resistant), CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert condition(item, "hormone-sensitive") == "not_met" and item.conditions_met == "not_met"


# ────────── atezolizumab (TECENTRIQ), adjuvant, ctDNA-MRD-positive muscle-invasive bladder cancer, 2026-05-15 ──────────

ATEZO_MRD = "blca-ctdna-mrd-atezolizumab-adjuvant"


def _bladder(biomarkers: dict[str, Any], stage: str = "II") -> dict[str, Any]:
    return solid("BLCA", [], stage=stage, biomarkers=biomarkers)


def test_adjuvant_atezolizumab_for_ctdna_positive_bladder(tmp_path_factory) -> None:
    item = one(case(tmp_path_factory, _bladder({"ctdna_mrd": "positive"})), ("atezolizumab",), ATEZO_MRD)
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert condition(item, "adjuvant") == "met" and condition(item, "muscle-invasive") == "met"
    assert item.evidence and item.evidence[0].date == "2026-05-15"


def test_adjuvant_atezolizumab_not_for_ctdna_negative_or_metastatic(tmp_path_factory) -> None:
    assert not [t for t in items(case(tmp_path_factory, _bladder({"ctdna_mrd": "negative"})), ("atezolizumab",))
                if t.rule_id == ATEZO_MRD]
    metastatic = one(case(tmp_path_factory, _bladder({"ctdna_mrd": "positive"}, stage="IV")), ("atezolizumab",),
                      ATEZO_MRD)
    assert condition(metastatic, "adjuvant") == "not_met"


def test_ctdna_mrd_is_asked_for_only_where_adjuvant_treatment_fits(tmp_path_factory) -> None:
    def asks(stage: str) -> bool:
        report = case(tmp_path_factory, solid("BLCA", ["TP53 R175H"], stage=stage))
        return any(n.needed_input == "tumor.biomarkers.ctdna_mrd" for n in report.not_assessed)

    assert asks("II") and not asks("IV")
