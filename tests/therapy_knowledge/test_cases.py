"""Case-level expectations: what an oncologist reads off the current FDA labels for each example case.

Each row names an example case (or a small inline case), the drugs of one recommendation (a combination
is one item), and the level / tumor-type match / condition status the report must show; negatives say
what must NOT be offered. Cases are read with `read_case` and matched by the therapy engine, whose
contribution holds the report's own `therapies` / `resistance` / `not_assessed` items
(`therapies[i].drugs/level/cancer_type_match/conditions_met`); one test runs the full `analyze` to hold
that the report carries them. One shared knowledge base keeps the folder fast.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.readers import read_case
from oncotailor.therapy.engine import assess

from ..conftest import EXAMPLES

_KB = KnowledgeBase()


def _run(case: Case) -> Contribution:
    return assess(case, _KB.view())


@cache
def _example(name: str) -> Contribution:
    return _run(read_case(EXAMPLES / f"{name}.yaml"))


def _items(report: Contribution, drugs: tuple[str, ...]) -> list[Any]:
    return [t for t in report.therapies if set(t.drugs) == set(drugs)]


def _has(report: Contribution, drugs: tuple[str, ...], level: str | None = None, match: str | None = None,
         met: str | None = None) -> bool:
    return any((level is None or t.level == level) and (match is None or t.cancer_type_match == match)
               and (met is None or t.conditions_met == met) for t in _items(report, drugs))


# (example, drugs, level, cancer_type_match or None, conditions_met or None)
EXPECTED = [
    # lung
    ("nsclc_egfr", ("amivantamab", "carboplatin", "pemetrexed"), "1", "ancestor", "met"),
    ("nsclc_egfr", ("osimertinib",), "1", "ancestor", None),
    ("nsclc_egfr", ("datopotamab deruxtecan",), "1", None, None),
    ("nsclc_alk", ("alectinib",), "1", "ancestor", "met"),
    ("nsclc_alk", ("lorlatinib",), "1", "ancestor", "met"),
    ("nsclc_alk", ("brigatinib",), "1", None, "met"),
    ("nsclc_kras_g12c", ("sotorasib",), "1", "ancestor", "met"),
    ("nsclc_kras_g12c", ("adagrasib",), "1", "ancestor", "met"),
    # colorectal
    ("colorectal_braf_v600e", ("encorafenib", "cetuximab"), "1", "ancestor", "met"),
    ("colorectal_braf_v600e", ("encorafenib", "cetuximab", "fluorouracil", "oxaliplatin"), "1", None, "not_met"),
    # breast
    ("breast_hrpos_pik3ca_esr1", ("elacestrant",), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("imlunestrant",), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("capivasertib", "fulvestrant"), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("alpelisib", "fulvestrant"), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("trastuzumab deruxtecan",), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("inavolisib", "palbociclib", "fulvestrant"), "1", None, "not_met"),
    ("breast_hrpos_pik3ca_esr1", ("ribociclib", "fulvestrant"), "1", None, "met"),
    ("breast_hrpos_pik3ca_esr1", ("palbociclib", "fulvestrant"), "1", None, "not_met"),  # progressed on it
    ("breast_her2_metastatic", ("trastuzumab", "pertuzumab", "docetaxel"), "1", "exact", "met"),
    ("breast_her2_metastatic", ("trastuzumab deruxtecan",), "1", "exact", "not_met"),
    # gynecologic
    ("cervical_pdl1", ("pembrolizumab",), "1", "ancestor", "met"),
    ("endometrial_dmmr", ("dostarlimab", "carboplatin", "paclitaxel"), "1", "ancestor", "met"),
    ("endometrial_dmmr", ("durvalumab", "carboplatin", "paclitaxel"), "1", "ancestor", "met"),
    # esophagogastric, head and neck
    ("esophageal_her2", ("trastuzumab", "cisplatin", "fluorouracil"), "1", "ancestor", "met"),
    ("esophageal_her2", ("pembrolizumab", "trastuzumab"), "1", "ancestor", "met"),
    ("esophageal_her2", ("trastuzumab deruxtecan",), "1", None, "not_met"),
    ("stomach_cldn18", ("zolbetuximab",), "1", "exact", "met"),
    ("stomach_cldn18", ("nivolumab",), "1", "ancestor", "met"),
    ("head_neck_pdl1", ("pembrolizumab",), "1", "exact", "met"),
    # GU
    ("bladder_fgfr3", ("erdafitinib",), "1", "exact", "met"),
    ("prostate_brca2", ("olaparib",), "1", "exact", "met"),
    ("prostate_brca2", ("lutetium lu 177 vipivotide tetraxetan",), "1", "exact", "met"),
    ("prostate_brca2", ("olaparib", "abiraterone", "prednisone"), "1", "exact", "not_met"),
    ("kidney_vhl", ("belzutifan",), "1", None, None),
    # GIST, sarcoma
    ("gist_kit_secondary", ("sunitinib",), "1", "exact", "met"),
    ("gist_kit_secondary", ("ripretinib",), "1", "exact", "not_met"),
    ("sarcoma_ddls_cdk4", ("palbociclib",), "2", "exact", "met"),
    # heme
    ("aml_flt3_npm1", ("midostaurin", "cytarabine", "daunorubicin"), "1", "exact", "met"),
    ("aml_flt3_npm1", ("quizartinib", "cytarabine", "daunorubicin"), "1", "exact", "met"),
    ("aml_flt3_npm1", ("gilteritinib",), "1", "exact", "not_met"),
    ("aml_flt3_npm1", ("ziftomenib",), "1", "exact", "not_met"),
    ("cml_t315i", ("ponatinib",), "1", "exact", "met"),
    ("cml_t315i", ("asciminib",), "1", "exact", None),
    ("lymphoma_follicular_ezh2", ("tazemetostat",), "1", "exact", "met"),
    ("myeloma_t11_14", ("venetoclax",), "2", "exact", "met"),
    ("leukemia_ph_all", ("ponatinib",), "1", "ancestor", "met"),
    ("leukemia_cll_tp53", ("acalabrutinib",), "2", "exact", "met"),
    ("ovarian_brca1", ("olaparib",), "1", "ancestor", None),
    ("ovarian_brca1", ("olaparib", "bevacizumab"), "1", "ancestor", None),
    ("biliary_fgfr2", ("futibatinib",), "1", "exact", "met"),
    ("biliary_fgfr2", ("pemigatinib",), "1", "ancestor", "met"),
    # melanoma, CNS, thyroid, NET, pancreas, pediatric
    ("melanoma_braf_v600e", ("dabrafenib", "trametinib"), "1", "ancestor", "met"),
    ("melanoma_braf_v600e", ("encorafenib", "binimetinib"), "1", "ancestor", "met"),
    ("melanoma_braf_v600e", ("vemurafenib", "cobimetinib"), "1", "ancestor", "met"),
    ("glioma_idh1", ("vorasidenib",), "1", "exact", None),
    ("thyroid_ret_mtc", ("selpercatinib",), "1", "exact", None),
    ("neuroendocrine_panet", ("lutetium lu 177 dotatate",), "1", "exact", None),
    ("pancreatic_brca2", ("olaparib",), "1", "exact", None),
    ("neuroblastoma_alk", ("lorlatinib",), "3A", "exact", "met"),
    ("pediatric_lgg_braf_fusion", ("tovorafenib",), "1", "ancestor", "met"),
]


@pytest.mark.parametrize("example,drugs,level,match,met", EXPECTED,
                         ids=[f"{e}:{'+'.join(d)}" for e, d, *_ in EXPECTED])
def test_expected_therapy(example: str, drugs: tuple[str, ...], level: str, match: str | None,
                          met: str | None) -> None:
    report = _example(example)
    found = [(t.level, t.cancer_type_match, t.conditions_met) for t in _items(report, drugs)]
    assert _has(report, drugs, level, match, met), f"expected {drugs} at {level}/{match}/{met}; found {found}"


# (example, drugs, levels that must NOT appear for these drugs; () = the drugs must not appear at all)
ABSENT = [
    ("colorectal_kras_g12d", ("cetuximab",), ()),
    ("colorectal_kras_g12d", ("panitumumab",), ()),
    ("colorectal_braf_v600e", ("cetuximab",), ()),
    ("colorectal_braf_v600e", ("dabrafenib", "trametinib"), ()),
    ("nsclc_alk", ("pembrolizumab",), ("1",)),
    ("nsclc_alk", ("osimertinib",), ()),
    ("nsclc_egfr", ("pembrolizumab",), ("1",)),
    ("stomach_cldn18", ("trastuzumab", "cisplatin", "fluorouracil"), ()),
    ("pancreatic_brca2", ("sotorasib",), ()),
    ("endometrial_dmmr", ("pembrolizumab", "lenvatinib"), ()),
    ("pediatric_lgg_braf_fusion", ("dabrafenib", "trametinib"), ()),
    ("breast_her2_metastatic", ("alpelisib", "fulvestrant"), ()),
]


@pytest.mark.parametrize("example,drugs,levels", ABSENT, ids=[f"{e}:no-{'+'.join(d)}" for e, d, _ in ABSENT])
def test_not_recommended(example: str, drugs: tuple[str, ...], levels: tuple[str, ...]) -> None:
    items = _items(_example(example), drugs)
    if levels:
        assert not [t for t in items if t.level in levels and t.conditions_met != "not_met"], items
    else:
        assert not items, [(t.level, t.rule_id) for t in items]


# (example, a drug the resistance item must name, level, acquired or None)
RESISTANCE = [
    ("colorectal_kras_g12d", "cetuximab", "R1", None),
    ("colorectal_kras_g12d", "panitumumab", "R1", None),
    ("colorectal_braf_v600e", "dabrafenib", "R1", None),
    ("breast_hrpos_pik3ca_esr1", "letrozole", "R1", True),
    ("cml_t315i", "dasatinib", "R1", True),
    ("cml_t315i", "imatinib", "R1", True),
    ("gist_kit_secondary", "imatinib", "R2", True),
]


@pytest.mark.parametrize("example,drug,level,acquired", RESISTANCE, ids=[f"{e}:{d}" for e, d, *_ in RESISTANCE])
def test_resistance_flag(example: str, drug: str, level: str, acquired: bool | None) -> None:
    hits = [r for r in _example(example).resistance if drug in r.drugs and r.level == level]
    assert hits, [(r.drugs, r.level) for r in _example(example).resistance]
    if acquired is not None:
        assert any(r.acquired is acquired for r in hits)


def test_resistance_names_the_way_out() -> None:
    cml = [r for r in _example("cml_t315i").resistance if "imatinib" in r.drugs]
    assert {"ponatinib", "asciminib"} <= set(cml[0].alternatives)
    crc = [r for r in _example("colorectal_braf_v600e").resistance if "dabrafenib" in r.drugs]
    assert set(crc[0].alternatives) == {"encorafenib", "cetuximab"}


@pytest.mark.parametrize("example", ["liver_hcc", "sarcoma_leiomyosarcoma"])
def test_no_targeted_option_is_said(example: str) -> None:
    report = _example(example)
    assert not [t for t in report.therapies if t.level in {"1", "2"}]
    assert any("no genomically targeted option" in n.reason.lower() for n in report.not_assessed)


def test_every_example_has_evidence_on_each_therapy() -> None:
    for name in [e for e, *_ in EXPECTED]:
        for t in _example(name).therapies:
            assert t.evidence and t.evidence[0].source and t.evidence[0].date, (name, t.rule_id)


# ───────────────────────── small inline cases ─────────────────────────


def _inline(tmp_path_factory: pytest.TempPathFactory, doc: dict[str, Any]) -> Contribution:
    path = Path(tmp_path_factory.mktemp("case")) / "case.yaml"
    doc = {"as_of": "2026-11-24", **doc}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return _run(read_case(path))


def _solid(code: str, alterations: list[str], stage: str = "IV", lines: list[list[str]] | None = None,
           biomarkers: dict[str, Any] | None = None, **diag: Any) -> dict[str, Any]:
    history = [{"line": i + 1, "setting": "metastatic", "drugs": d, "progressed": True}
               for i, d in enumerate(lines or [])]
    return {"patient": {"id": "INLINE", "age": 60},
            "diagnosis": {"cancer_type": code, "stage": stage, **diag},
            "tumor": {"alterations": alterations, "biomarkers": biomarkers or {}},
            "history": {"prior_therapies": history}}


def test_egfr_exon19_in_breast_is_not_level_1(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("BRCA", ["EGFR E746_A750del"]))
    osi = _items(r, ("osimertinib",))
    assert osi and all(t.level != "1" for t in osi)
    assert all(t.cancer_type_match == "other" for t in osi)


def test_t790m_after_erlotinib(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("LUAD", ["EGFR E746_A750del", "EGFR T790M"], lines=[["erlotinib"]]))
    assert _has(r, ("osimertinib",), "1", met="met")
    res = [x for x in r.resistance if "erlotinib" in x.drugs]
    assert res and res[0].level == "R1" and res[0].acquired is True and "osimertinib" in res[0].alternatives


def test_alk_g1202r_after_alectinib(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("LUAD", ["EML4::ALK", "ALK G1202R"], lines=[["alectinib"]]))
    res = [x for x in r.resistance if "alectinib" in x.drugs]
    assert res and res[0].level == "R2" and res[0].alternatives == ["lorlatinib"]
    assert _has(r, ("lorlatinib",), "1")


def test_pdgfra_d842v_gist(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("GIST", ["PDGFRA D842V"]))
    assert _has(r, ("avapritinib",), "1", "exact")
    assert any("imatinib" in x.drugs and x.level == "R1" for x in r.resistance)


def test_egfr_exon20_insertion(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("LUAD", ["EGFR exon 20 insertion"]))
    assert _has(r, ("amivantamab", "carboplatin", "pemetrexed"), "1", met="met")
    assert any("erlotinib" in x.drugs and x.level == "R2" for x in r.resistance)
    assert not _has(r, ("erlotinib",), "1")


def test_first_line_only_approval_is_flagged_for_third_line(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("LUAD", ["EGFR L858R"],
                                         lines=[["carboplatin", "pemetrexed"], ["docetaxel"]]))
    items = _items(r, ("osimertinib", "pemetrexed", "carboplatin"))
    assert items and all(t.conditions_met == "not_met" for t in items)


def test_ntrk_fusion_is_tumor_agnostic_in_solid_tumors(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("IFS", ["ETV6::NTRK3"], lines=[["doxorubicin"]]))
    assert _has(r, ("larotrectinib",), "1", "tumor_agnostic")
    assert _has(r, ("entrectinib",), "1", "tumor_agnostic")


def test_ntrk_fusion_in_leukemia_is_not_tumor_agnostic(tmp_path_factory) -> None:
    doc = _solid("AML", ["ETV6::NTRK3"])
    doc["diagnosis"].pop("stage")
    r = _inline(tmp_path_factory, doc)
    assert not _has(r, ("larotrectinib",), match="tumor_agnostic")


def test_msi_high_pancreatic_gets_pembrolizumab(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("PAAD", ["KRAS G12V"], lines=[["gemcitabine", "nab-paclitaxel"]],
                                         biomarkers={"msi": "high", "tmb": 25}))
    assert _has(r, ("pembrolizumab",), "1", "tumor_agnostic", "met")


def test_tmb_high_threshold_is_ten(tmp_path_factory) -> None:
    hi = _inline(tmp_path_factory, _solid("SCLC", [], lines=[["carboplatin", "etoposide"]], biomarkers={"tmb": 10}))
    lo = _inline(tmp_path_factory, _solid("SCLC", [], lines=[["carboplatin", "etoposide"]], biomarkers={"tmb": 9.9}))
    assert _has(hi, ("pembrolizumab",), "1", "tumor_agnostic")
    assert not _has(lo, ("pembrolizumab",), "1", "tumor_agnostic")


def test_her2_ihc3_bladder_gets_tumor_agnostic_tdxd(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("BLCA", [], lines=[["gemcitabine", "cisplatin"]],
                                         biomarkers={"her2_ihc": "3+"}))
    assert _has(r, ("trastuzumab deruxtecan",), "1", "tumor_agnostic")


def test_braf_v600e_cholangiocarcinoma_is_tumor_agnostic(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("IHCH", ["BRAF V600E"], lines=[["gemcitabine", "cisplatin"]]))
    assert _has(r, ("dabrafenib", "trametinib"), "1", "tumor_agnostic", "met")


def test_ret_fusion_outside_lung_and_thyroid(tmp_path_factory) -> None:
    r = _inline(tmp_path_factory, _solid("PAAD", ["CCDC6::RET"], lines=[["gemcitabine"]]))
    assert _has(r, ("selpercatinib",), "1", "tumor_agnostic")


def test_ras_wildtype_colorectal_gets_anti_egfr(tmp_path_factory) -> None:
    doc = _solid("COAD", ["APC R1450*", "TP53 R175H"])
    doc["tumor"]["tested_genes"] = ["KRAS", "NRAS", "BRAF", "APC", "TP53", "ERBB2", "NTRK1", "NTRK2", "NTRK3", "RET"]
    r = _inline(tmp_path_factory, doc)
    assert _has(r, ("cetuximab",), "1", "ancestor")
    assert _has(r, ("panitumumab",), "1", "ancestor")


def test_ras_untested_colorectal_does_not_claim_wildtype(tmp_path_factory) -> None:
    doc = _solid("COAD", ["APC R1450*"])
    doc["tumor"]["tested_genes"] = ["APC"]
    r = _inline(tmp_path_factory, doc)
    assert not [t for t in _items(r, ("cetuximab",)) if t.level == "1" and t.conditions_met == "met"
                and getattr(t, "biomarker_status", "met") == "met"]


def test_btk_c481s_after_ibrutinib(tmp_path_factory) -> None:
    doc = _solid("CLLSLL", ["BTK C481S"], lines=[["ibrutinib"], ["venetoclax", "obinutuzumab"]])
    doc["diagnosis"].pop("stage")
    r = _inline(tmp_path_factory, doc)
    res = [x for x in r.resistance if "ibrutinib" in x.drugs]
    assert res and res[0].level == "R1" and res[0].acquired is True and "pirtobrutinib" in res[0].alternatives
    assert _has(r, ("pirtobrutinib",), "1", "exact")


def test_full_report_carries_the_therapy_findings() -> None:
    """End to end through `analyze`: the KRAS G12D colorectal negative case, as the report shows it."""
    import oncotailor

    report = oncotailor.analyze(oncotailor.read_case(EXAMPLES / "colorectal_kras_g12d.yaml"))
    assert not [t for t in report.therapies if {"cetuximab", "panitumumab"} & set(t.drugs)]
    assert any(r.level == "R1" and "cetuximab" in r.drugs for r in report.resistance)
