"""Engine (sources, not-tested vs tested), recommendations from the table, and links to therapies."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.findings.therapy import TherapyMatch
from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.pgx import engine, link
from oncotailor.readers.pgx_vcf import read_pgx_genotypes

from .vcfgen import write_vcf


def _case(**kw: object) -> Case:
    return Case.model_validate(kw)


def _vcf_case(tmp_path: Path, genes: dict[str, tuple[str, ...]], **kw: object) -> Case:
    vcf = write_vcf(tmp_path / "g.vcf", list(genes), {"S": genes})
    gts = read_pgx_genotypes(vcf).genotypes
    return _case(germline={"genotypes": [g.model_dump() for g in gts], "pgx_positions_read": True}, **kw)


def _rec(res: Contribution, gene: str, drug: str) -> str | None:
    r = next(p for p in res.pgx if p.gene == gene)
    return next((x.action for x in r.recommendations if x.drug == drug and x.action != "caution"), None)


@pytest.mark.parametrize(("call", "action"), [("Reference/Reference", "standard"), ("*1/*2A", "adjust_dose"),
                                              ("c.2846A>T/c.2846A>T", "adjust_dose"),
                                              ("c.1905+1G>A (*2A)/c.2846A>T", "avoid"), ("*2A/*2A", "avoid")])
def test_dpyd_activity_score_drives_capecitabine(call: str, action: str) -> None:
    res = engine.assess(_case(germline={"pgx": {"DPYD": call}}), KnowledgeBase())
    assert _rec(res, "DPYD", "capecitabine") == action == _rec(res, "DPYD", "fluorouracil")


@pytest.mark.parametrize(("tpmt", "nudt15", "action", "owner"), [
    ("*1/*1", "*1/*1", "standard", "TPMT"), ("*1/*3A", "*1/*1", "adjust_dose", "TPMT"),
    ("*3A/*3A", "*1/*1", "adjust_dose", "TPMT"), ("*1/*1", "*3/*3", "adjust_dose", "NUDT15"),
])
def test_thiopurines_use_both_genes(tpmt: str, nudt15: str, action: str, owner: str) -> None:
    res = engine.assess(_case(germline={"pgx": {"TPMT": tpmt, "NUDT15": nudt15}}), KnowledgeBase())
    assert _rec(res, owner, "mercaptopurine") == action


def test_thiopurine_with_nudt15_untested_asks_for_it() -> None:
    res = engine.assess(_case(germline={"pgx": {"TPMT": "*1/*1"}}), KnowledgeBase())
    assert _rec(res, "TPMT", "mercaptopurine") == "insufficient"


def test_tamoxifen_caution_for_paroxetine_and_not_for_unrelated_drugs() -> None:
    kb = KnowledgeBase()
    with_ssri = engine.assess(_case(germline={"pgx": {"CYP2D6": "*1/*1"}}, patient={"medications": ["Paxil"]}), kb)
    cyp = next(p for p in with_ssri.pgx if p.gene == "CYP2D6")
    assert any(r.drug == "tamoxifen" and r.action == "caution" and "paroxetine" in r.text for r in cyp.recommendations)
    plain = engine.assess(_case(germline={"pgx": {"CYP2D6": "*1/*1"}}, patient={"medications": ["omeprazole"]}), kb)
    assert not any(r.action == "caution" for p in plain.pgx for r in p.recommendations)


def test_g6pd_rasburicase_and_dabrafenib_warning() -> None:
    res = engine.assess(_case(germline={"pgx": {"G6PD": "Deficient"}}), KnowledgeBase())
    assert _rec(res, "G6PD", "rasburicase") == "avoid" and _rec(res, "G6PD", "dabrafenib") == "monitor"


def test_recommendations_carry_dated_evidence_and_patient_text() -> None:
    res = engine.assess(_case(germline={"pgx": {"UGT1A1": "*28/*28", "CYP3A5": "*1/*3"}}), KnowledgeBase())
    recs = [r for p in res.pgx for r in p.recommendations]
    assert {"irinotecan", "sacituzumab govitecan", "belinostat", "tacrolimus"} <= {r.drug for r in recs}
    assert all(r.patient_text and r.evidence and all(e.date for e in r.evidence) for r in recs)


def test_no_data_is_not_assessed_never_normal() -> None:
    res = engine.assess(_case(), KnowledgeBase())
    assert not res.pgx and res.not_assessed and "not tested" in res.not_assessed[0].reason


def test_vcf_gene_absent_is_not_tested_and_present_reference_is_normal(tmp_path: Path) -> None:
    res = engine.assess(_vcf_case(tmp_path, {"TPMT": ("*1", "*1")}), KnowledgeBase())
    tpmt = next(p for p in res.pgx if p.gene == "TPMT")
    assert tpmt.phenotype == "Normal Metabolizer" and tpmt.source == "vcf"
    assert any(n.reason.startswith("DPYD") and "not tested" in n.reason for n in res.not_assessed)
    assert not any(p.gene == "DPYD" for p in res.pgx)


def test_outside_call_overrides_vcf_and_vcf_cyp2d6_is_research_grade(tmp_path: Path) -> None:
    case = _vcf_case(tmp_path, {"CYP2D6": ("*1", "*4"), "TPMT": ("*1", "*1")})
    res = engine.assess(case, KnowledgeBase())
    d6 = next(p for p in res.pgx if p.gene == "CYP2D6")
    assert d6.research_grade and d6.diplotypes == ["*1/*4"]
    case.germline.pgx["CYP2D6"] = "*1/*1x2"  # type: ignore[union-attr]
    d6 = next(p for p in engine.assess(case, KnowledgeBase()).pgx if p.gene == "CYP2D6")
    assert d6.source == "outside_call" and not d6.research_grade and d6.activity_score == 3.0


def _therapy(drugs: list[str]) -> TherapyMatch:
    return TherapyMatch(drugs=drugs, level="1", alteration="x", biomarker_rule="x", cancer_type_match="exact", approval="fda")


def test_link_attaches_note_to_combination_and_regimen() -> None:
    kb = KnowledgeBase()
    case = _case(germline={"pgx": {"DPYD": "*1/*2A", "UGT1A1": "*28/*28"}})
    merged = engine.assess(case, kb)
    merged.therapies = [_therapy(["capecitabine + oxaliplatin"]), _therapy(["FOLFIRI"]), _therapy(["osimertinib"])]
    out = link.assess(case, merged, kb)
    assert [n.drug for n in out.therapies[0].pgx] == ["capecitabine"]
    assert {(n.gene, n.drug) for n in out.therapies[1].pgx} == {("DPYD", "fluorouracil"), ("UGT1A1", "irinotecan")}
    assert not out.therapies[2].pgx
    assert "Does my DPYD result change my capecitabine dose?" in [q.text for q in out.questions]
    assert "your DPYD result means" in (out.therapies[0].pgx[0].patient_text or "")


def test_link_asks_for_dpyd_testing_in_colorectal_cancer_and_for_history_drugs() -> None:
    kb = KnowledgeBase()
    case = _case(diagnosis={"cancer_type": "COADREAD", "oncotree_code": "COADREAD"})
    out = link.assess(case, engine.assess(case, kb), kb)
    assert any("DPYD" in n.reason and "Fluoropyrimidines" in n.reason for n in out.not_assessed)
    lung = _case(diagnosis={"cancer_type": "LUAD", "oncotree_code": "LUAD"},
                 history={"prior_therapies": [{"line": 1, "drugs": ["capecitabine"]}]})
    out2 = link.assess(lung, engine.assess(lung, kb), kb)
    assert any(q.text.startswith("Should I be tested for DPYD") for q in out2.questions)
    nsclc = _case(diagnosis={"cancer_type": "LUAD", "oncotree_code": "LUAD"})
    assert not [n for n in link.assess(nsclc, engine.assess(nsclc, kb), kb).not_assessed if "DPYD" in n.reason and "Fluoro" in n.reason]


def test_cohort_calls_equal_single_sample_calls(tmp_path: Path) -> None:
    from oncotailor.pgx.cohort import call_cohort
    from oncotailor.readers.pgx_vcf import read_pgx_matrix

    from .vcfgen import tables

    samples = {"A": {"TPMT": ("*1", "*3A"), "UGT1A1": ("*28", "*28")},
               "B": {"TPMT": ("*1", "*1"), "UGT1A1": ("*1", "*28")},
               "C": {"TPMT": ("*1", "*3A"), "UGT1A1": ("*28", "*28")}}
    vcf = write_vcf(tmp_path / "c.vcf", ["TPMT", "UGT1A1"], samples)
    cohort = call_cohort(read_pgx_matrix(vcf), tables())
    for i, name in enumerate(samples):
        single = engine.assess(_case(germline={"genotypes": [g.model_dump() for g in read_pgx_genotypes(vcf, sample=name).genotypes],
                                                "pgx_positions_read": True}), KnowledgeBase())
        for res in single.pgx:
            assert cohort[res.gene][i].diplotypes == res.diplotypes and cohort[res.gene][i].phenotype == res.phenotype
    assert cohort["DPYD"][0].call_status == "not_tested"
