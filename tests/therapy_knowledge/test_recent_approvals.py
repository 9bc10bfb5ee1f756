"""Case-level checks for the biomarker approvals added or changed in the 2026-11 knowledge update.

One small case per label, read with `read_case` and matched by the therapy engine (as `test_cases.py`
does): each approval has a positive case (the label population gets the drugs at level 1 with the
label's limits evaluated) and at least one negative (wrong line, setting, histology, tumor type or
variant). The approvals and their sources are listed in `docs/knowledge-therapy.md` ("Recent approvals").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from oncotailor.findings import Contribution
from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.readers import read_case
from oncotailor.therapy.engine import assess

from ..conftest import EXAMPLES

_KB = KnowledgeBase()

ERBB2_EX20INS = "ERBB2 A775_G776insYVMA"
PLATINUM_IO = ["carboplatin", "pemetrexed", "pembrolizumab"]


def _case(tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]) -> Contribution:
    path = Path(tmp_path_factory.mktemp("case")) / "case.yaml"
    path.write_text(yaml.safe_dump({"as_of": "2026-11-29", **doc}), encoding="utf-8")
    return assess(read_case(path), _KB.view())


def _solid(code: str, alterations: list[str], stage: str = "IV", lines: list[list[str]] | None = None,
           setting: str = "metastatic", biomarkers: dict[str, Any] | None = None, **diag: Any) -> dict[str, Any]:
    history = [{"line": i + 1, "setting": setting, "drugs": d, "progressed": True} for i, d in enumerate(lines or [])]
    return {"patient": {"id": "RECENT", "age": 58, "sex": "female"},
            "diagnosis": {"cancer_type": code, "stage": stage, **diag},
            "tumor": {"alterations": alterations, "biomarkers": biomarkers or {}},
            "history": {"prior_therapies": history}}


def _items(report: Contribution, drugs: tuple[str, ...]) -> list[Any]:
    return [t for t in report.therapies if set(t.drugs) == set(drugs)]


def _one(report: Contribution, drugs: tuple[str, ...], rule_id: str) -> Any:
    hits = [t for t in _items(report, drugs) if t.rule_id == rule_id]
    assert hits, f"{rule_id} not offered; found {[(t.rule_id, t.level) for t in report.therapies]}"
    return hits[0]


def _condition(item: Any, words: str) -> str:
    found = [c.status for c in item.conditions if words in c.text]
    assert found, f"no condition mentioning {words!r}: {[c.text for c in item.conditions]}"
    return found[0]


def _no_label_match(report: Contribution, drugs: tuple[str, ...]) -> bool:
    """The drugs are not offered as an on-label level-1 match for this tumor type."""
    return not [t for t in _items(report, drugs) if t.level == "1" and t.cancer_type_match in ("exact", "ancestor")]


# ───────────────────────── sevabertinib (HYRNUO), NSCLC HER2 TKD, 2025-11-19 ─────────────────────────


def test_sevabertinib_after_prior_therapy_in_lung_adenocarcinoma(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    item = _one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib")
    assert item.level == "1" and item.approval == "fda" and item.cancer_type_match == "ancestor"
    assert _condition(item, "prior systemic therapy") == "met"
    assert item.conditions_met != "not_met"
    assert item.evidence and item.evidence[0].date == "2025-11-19"


def test_sevabertinib_covers_a_tkd_point_mutation(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", ["ERBB2 V777L"], lines=[PLATINUM_IO]))
    assert _one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib").level == "1"


def test_sevabertinib_is_not_a_first_line_option(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", [ERBB2_EX20INS]))
    item = _one(r, ("sevabertinib",), "nsclc-erbb2-tkd-sevabertinib")
    assert _condition(item, "prior systemic therapy") == "not_met"
    assert item.conditions_met == "not_met"


def test_sevabertinib_not_on_label_in_squamous_nsclc(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUSC", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    assert not [t for t in _items(r, ("sevabertinib",)) if t.rule_id == "nsclc-erbb2-tkd-sevabertinib"]
    assert _no_label_match(r, ("sevabertinib",))


def test_sevabertinib_needs_a_mutation_not_amplification(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", ["ERBB2 amplification"], lines=[PLATINUM_IO]))
    assert not _items(r, ("sevabertinib",))


# ───────────── zongertinib (HERNEXEOS): first-line expansion 2026-02-26 removes the line limit ─────────────


def test_zongertinib_is_now_offered_first_line(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", [ERBB2_EX20INS]))
    item = _one(r, ("zongertinib",), "nsclc-erbb2-tkd-zongertinib")
    assert item.level == "1" and item.cancer_type_match == "ancestor"
    assert item.conditions_met != "not_met", [(c.text, c.status) for c in item.conditions]
    assert not [c for c in item.conditions if "prior systemic therapy" in c.text]
    assert _condition(item, "unresectable or metastatic") == "met"


def test_zongertinib_still_offered_after_prior_therapy(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO]))
    assert _one(r, ("zongertinib",), "nsclc-erbb2-tkd-zongertinib").conditions_met != "not_met"


def test_zongertinib_not_on_label_in_squamous_nsclc(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("LUSC", [ERBB2_EX20INS]))
    assert _no_label_match(r, ("zongertinib",))


# ──────────────── vepdegestrant (VEPPANU), ER+/HER2- ESR1-mutated breast cancer, 2026-05-01 ────────────────


def _brca_hr(alterations: list[str], lines: list[list[str]] | None = None, er: str = "positive") -> dict[str, Any]:
    return _solid("BRCA", alterations, lines=lines, er=er, pr="positive", her2="negative", her2_ihc="1+")


def test_vepdegestrant_after_endocrine_therapy(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_hr(["ESR1 Y537S"], lines=[["letrozole", "palbociclib"]]))
    item = _one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_vepdegestrant_in_the_example_beside_the_serds() -> None:
    report = assess(read_case(EXAMPLES / "breast_hrpos_pik3ca_esr1.yaml"), _KB.view())
    assert _one(report, ("vepdegestrant",), "brca-esr1-vepdegestrant").conditions_met == "met"
    ai = [x for x in report.resistance if "letrozole" in x.drugs]
    assert ai and "vepdegestrant" in ai[0].alternatives


def test_vepdegestrant_needs_prior_endocrine_therapy(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_hr(["ESR1 D538G"]))
    item = _one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant")
    assert _condition(item, "endocrine therapy") == "not_met" and item.conditions_met == "not_met"


def test_vepdegestrant_needs_er_positive_disease(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_hr(["ESR1 Y537S"], lines=[["letrozole", "palbociclib"]], er="negative"))
    assert _one(r, ("vepdegestrant",), "brca-esr1-vepdegestrant").conditions_met == "not_met"


def test_vepdegestrant_needs_an_esr1_mutation(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_hr(["PIK3CA H1047R"], lines=[["letrozole", "palbociclib"]]))
    assert not _items(r, ("vepdegestrant",))


# ─────────────── zenocutuzumab (BIZENGRI), NRG1-fusion cholangiocarcinoma, 2026-05-08 ───────────────

GEM_CIS = ["gemcitabine", "cisplatin", "durvalumab"]


def test_zenocutuzumab_nrg1_cholangiocarcinoma_after_prior_therapy(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("IHCH", ["CD74::NRG1"], lines=[GEM_CIS]))
    item = _one(r, ("zenocutuzumab",), "chol-nrg1-fusion-zenocutuzumab")
    assert item.level == "1" and item.cancer_type_match == "ancestor" and item.conditions_met == "met"


def test_zenocutuzumab_cholangiocarcinoma_not_first_line(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("EHCH", ["CD74::NRG1"]))
    assert _one(r, ("zenocutuzumab",), "chol-nrg1-fusion-zenocutuzumab").conditions_met == "not_met"


def test_zenocutuzumab_label_does_not_name_gallbladder_cancer(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("GBC", ["CD74::NRG1"], lines=[GEM_CIS]))
    assert _no_label_match(r, ("zenocutuzumab",))


def test_zenocutuzumab_needs_the_fusion(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _solid("IHCH", ["NRG1 amplification"], lines=[GEM_CIS]))
    assert not [t for t in _items(r, ("zenocutuzumab",)) if t.rule_id == "chol-nrg1-fusion-zenocutuzumab"]


# ────────── trastuzumab deruxtecan, HER2-positive breast cancer: 2025-12-15 and 2026-05-15 ──────────


def _brca_her2(stage: str, lines: list[list[str]] | None = None, setting: str = "metastatic",
               alterations: list[str] | None = None, her2_ihc: str | None = "3+") -> dict[str, Any]:
    diag: dict[str, Any] = {"er": "negative", "pr": "negative", "her2": "positive"}
    if her2_ihc:
        diag["her2_ihc"] = her2_ihc
    return _solid("BRCA", alterations or [], stage=stage, lines=lines, setting=setting, **diag)


def test_tdxd_pertuzumab_first_line_metastatic(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_her2("IV"))
    item = _one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-ihc3-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.level == "1" and item.cancer_type_match == "exact" and item.conditions_met == "met"


def test_tdxd_pertuzumab_first_line_by_erbb2_amplification(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_her2("IV", alterations=["ERBB2 amplification"], her2_ihc=None))
    item = _one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-amp-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.conditions_met == "met"


def test_tdxd_pertuzumab_first_line_in_the_example() -> None:
    report = assess(read_case(EXAMPLES / "breast_her2_metastatic.yaml"), _KB.view())
    hits = _items(report, ("trastuzumab deruxtecan", "pertuzumab"))
    assert hits and all(t.level == "1" and t.conditions_met == "met" for t in hits)


def test_tdxd_pertuzumab_not_after_first_line(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_her2("IV", lines=[["trastuzumab", "pertuzumab", "docetaxel"]]))
    item = _one(r, ("trastuzumab deruxtecan", "pertuzumab"), "brca-her2-ihc3-trastuzumab-deruxtecan-pertuzumab-1l")
    assert item.conditions_met == "not_met"


def test_tdxd_pertuzumab_needs_her2_positive(tmp_path_factory) -> None:
    doc = _solid("BRCA", [], er="positive", pr="positive", her2="negative", her2_ihc="1+")
    r = _case(tmp_path_factory, doc)
    assert not _items(r, ("trastuzumab deruxtecan", "pertuzumab"))


def test_tdxd_thp_neoadjuvant_stage_ii(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _brca_her2("IIA"))
    item = _one(r, ("trastuzumab deruxtecan", "trastuzumab", "pertuzumab"),
                "brca-her2-ihc3-trastuzumab-deruxtecan-thp-neoadjuvant")
    assert item.level == "1" and item.conditions_met == "met"
    assert _condition(item, "stage II or III") == "met"


def test_tdxd_thp_neoadjuvant_not_for_stage_i_or_metastatic(tmp_path_factory) -> None:
    rid = "brca-her2-ihc3-trastuzumab-deruxtecan-thp-neoadjuvant"
    drugs = ("trastuzumab deruxtecan", "trastuzumab", "pertuzumab")
    stage_one = _one(_case(tmp_path_factory, _brca_her2("IA")), drugs, rid)
    assert _condition(stage_one, "stage II or III") == "not_met" and stage_one.conditions_met == "not_met"
    assert _one(_case(tmp_path_factory, _brca_her2("IV")), drugs, rid).conditions_met == "not_met"


def test_tdxd_adjuvant_after_neoadjuvant_trastuzumab(tmp_path_factory) -> None:
    doc = _brca_her2("IIB", lines=[["paclitaxel", "trastuzumab", "pertuzumab"]], setting="neoadjuvant")
    item = _one(_case(tmp_path_factory, doc), ("trastuzumab deruxtecan",),
                "brca-her2-ihc3-trastuzumab-deruxtecan-residual-disease")
    assert item.level == "1"
    assert _condition(item, "adjuvant treatment after surgery") == "met"
    assert _condition(item, "neoadjuvant trastuzumab") == "met"
    assert _condition(item, "residual invasive disease") == "unknown"
    assert item.conditions_met == "unknown"


def test_tdxd_adjuvant_needs_prior_trastuzumab_and_early_disease(tmp_path_factory) -> None:
    rid = "brca-her2-ihc3-trastuzumab-deruxtecan-residual-disease"
    no_trastuzumab = _brca_her2("IIB", lines=[["doxorubicin", "cyclophosphamide"]], setting="neoadjuvant")
    item = _one(_case(tmp_path_factory, no_trastuzumab), ("trastuzumab deruxtecan",), rid)
    assert _condition(item, "neoadjuvant trastuzumab") == "not_met" and item.conditions_met == "not_met"
    metastatic = _one(_case(tmp_path_factory, _brca_her2("IV")), ("trastuzumab deruxtecan",), rid)
    assert metastatic.conditions_met == "not_met"


# ───────────────────────── end to end through analyze ─────────────────────────


def test_report_carries_sevabertinib_with_its_citation(tmp_path_factory) -> None:
    import oncotailor

    path = Path(tmp_path_factory.mktemp("case")) / "case.yaml"
    doc = {"as_of": "2026-11-29", **_solid("LUAD", [ERBB2_EX20INS], lines=[PLATINUM_IO])}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    report = oncotailor.analyze(oncotailor.read_case(path))
    seva = [t for t in report.therapies if t.drugs == ["sevabertinib"]]
    assert seva and seva[0].level == "1"
    assert "sevabertinib" in (seva[0].evidence[0].url or "") and seva[0].evidence[0].date == "2025-11-19"


# ─────────── capivasertib (TRUQAP) + abiraterone + prednisone, PTEN-deficient mHSPC, 2026-06-12 ───────────

CAPI = ("capivasertib", "abiraterone", "prednisone")


def _prostate(alterations: list[str], biomarkers: dict[str, Any] | None = None, stage: str = "IV") -> dict[str, Any]:
    doc = _solid("PRAD", alterations, stage=stage, biomarkers=biomarkers)
    doc["patient"]["sex"] = "male"
    return doc


def test_capivasertib_for_pten_deficient_metastatic_prostate(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _prostate([], {"pten_ihc": "deficient"}))
    item = _one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert _condition(item, "metastatic disease") == "met"
    assert _condition(item, "hormone-sensitive") == "unknown"  # the case model does not record castration status
    assert item.evidence and item.evidence[0].date == "2026-06-12"


def test_capivasertib_from_a_typed_report_line(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _prostate(["PTEN IHC deficient"]))
    assert _one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone").level == "1"


def test_capivasertib_not_for_intact_pten_or_a_genomic_loss_alone(tmp_path_factory) -> None:
    assert not _items(_case(tmp_path_factory, _prostate([], {"pten_ihc": "intact"})), CAPI)
    genomic = _case(tmp_path_factory, _prostate(["PTEN deletion"]))
    assert not [t for t in _items(genomic, CAPI) if t.rule_id == "prad-pten-ihc-capivasertib-abiraterone"]


def test_capivasertib_setting_not_met_for_localised_prostate(tmp_path_factory) -> None:
    r = _case(tmp_path_factory, _prostate([], {"pten_ihc": "deficient"}, stage="II"))
    assert _condition(_one(r, CAPI, "prad-pten-ihc-capivasertib-abiraterone"), "metastatic disease") == "not_met"


def test_capivasertib_hormone_setting_from_the_case(tmp_path_factory) -> None:
    sensitive = _prostate([], {"pten_ihc": "deficient"})
    sensitive["diagnosis"]["castration_status"] = "sensitive"
    item = _one(_case(tmp_path_factory, sensitive), CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert _condition(item, "hormone-sensitive") == "met" and item.conditions_met == "met"
    resistant = _prostate([], {"pten_ihc": "deficient"})
    resistant["diagnosis"]["castration_status"] = "resistant"
    item = _one(_case(tmp_path_factory, resistant), CAPI, "prad-pten-ihc-capivasertib-abiraterone")
    assert _condition(item, "hormone-sensitive") == "not_met" and item.conditions_met == "not_met"


# ────────── atezolizumab (TECENTRIQ), adjuvant, ctDNA-MRD-positive muscle-invasive bladder cancer, 2026-05-15 ──────────

ATEZO_MRD = "blca-ctdna-mrd-atezolizumab-adjuvant"


def _bladder(biomarkers: dict[str, Any], stage: str = "II") -> dict[str, Any]:
    return _solid("BLCA", [], stage=stage, biomarkers=biomarkers)


def test_adjuvant_atezolizumab_for_ctdna_positive_bladder(tmp_path_factory) -> None:
    item = _one(_case(tmp_path_factory, _bladder({"ctdna_mrd": "positive"})), ("atezolizumab",), ATEZO_MRD)
    assert item.level == "1" and item.cancer_type_match == "exact"
    assert _condition(item, "adjuvant") == "met" and _condition(item, "muscle-invasive") == "met"
    assert item.evidence and item.evidence[0].date == "2026-05-15"


def test_adjuvant_atezolizumab_not_for_ctdna_negative_or_metastatic(tmp_path_factory) -> None:
    assert not [t for t in _items(_case(tmp_path_factory, _bladder({"ctdna_mrd": "negative"})), ("atezolizumab",))
                if t.rule_id == ATEZO_MRD]
    metastatic = _one(_case(tmp_path_factory, _bladder({"ctdna_mrd": "positive"}, stage="IV")), ("atezolizumab",),
                      ATEZO_MRD)
    assert _condition(metastatic, "adjuvant") == "not_met"


def test_ctdna_mrd_is_asked_for_only_where_adjuvant_treatment_fits(tmp_path_factory) -> None:
    def asks(stage: str) -> bool:
        report = _case(tmp_path_factory, _solid("BLCA", ["TP53 R175H"], stage=stage))
        return any(n.needed_input == "tumor.biomarkers.ctdna_mrd" for n in report.not_assessed)

    assert asks("II") and not asks("IV")
