"""Germline findings as therapy biomarkers: a pathogenic inherited BRCA variant selects the germline-BRCA
labels without a tumor test, and those labels' germline condition reads the germline test."""

from __future__ import annotations

from typing import Any

from oncotailor.case import Case
from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess

KB = KnowledgeBase()
TNBC_AFTER_CHEMO: dict[str, Any] = {
    "as_of": "2026-11-29", "patient": {"age": 48, "sex": "female"},
    "diagnosis": {"cancer_type": "BRCA", "stage": "IV", "er": "negative", "pr": "negative", "her2": "negative"},
    "history": {"prior_therapies": [{"line": 1, "setting": "metastatic", "drugs": ["paclitaxel"], "progressed": True}]},
}


def _run(doc: dict[str, Any], **extra: Any):  # type: ignore[no-untyped-def]
    return assess(Case.model_validate({**doc, **extra}), KB)


def _germline_condition(out: Any, rule_id: str) -> tuple[str, str]:
    item = next(t for t in out.therapies if t.rule_id == rule_id)
    cond = next(c for c in item.conditions if "germline" in c.text)
    return item.conditions_met, cond.status


def test_a_germline_brca2_carrier_is_matched_without_a_tumor_test() -> None:
    out = _run(TNBC_AFTER_CHEMO, germline={"variants": ["BRCA2 c.5946delT pathogenic"]})
    assert _germline_condition(out, "brca-brca2-olaparib-metastatic") == ("met", "met")
    assert _germline_condition(out, "brca-brca2-talazoparib") == ("met", "met")
    [item] = [a for a in out.alterations if a.gene == "BRCA2"]
    assert item.source == "germline" and "germline" in item.flags
    assert any("only the germline findings" in n.reason for n in out.not_assessed)


def test_a_tumor_only_brca2_leaves_the_germline_condition_unknown() -> None:
    out = _run(TNBC_AFTER_CHEMO, tumor={"alterations": ["BRCA2 E1493fs"]})
    assert _germline_condition(out, "brca-brca2-olaparib-metastatic") == ("unknown", "unknown")


def test_negative_germline_testing_makes_the_tumor_variant_somatic() -> None:
    out = _run(TNBC_AFTER_CHEMO, tumor={"alterations": ["BRCA2 E1493fs"]},
               germline={"variants": [], "tested_genes": ["BRCA1", "BRCA2"]})
    assert _germline_condition(out, "brca-brca2-olaparib-metastatic") == ("not_met", "not_met")


def test_a_germline_vus_selects_nothing() -> None:
    out = _run(TNBC_AFTER_CHEMO, germline={"variants": ["BRCA2 c.7397T>C uncertain"]})
    assert not [t for t in out.therapies if "olaparib" in t.drugs]
    assert not [a for a in out.alterations if a.gene == "BRCA2"]


def test_the_same_variant_in_tumor_and_germline_is_listed_once() -> None:
    out = _run(TNBC_AFTER_CHEMO, tumor={"alterations": ["BRCA2 c.5946delT"]},
               germline={"variants": ["BRCA2 c.5946delT pathogenic"]})
    assert len([a for a in out.alterations if a.gene == "BRCA2"]) == 1
    assert _germline_condition(out, "brca-brca2-olaparib-metastatic")[1] == "met"


def test_germline_brca1_in_pancreatic_cancer() -> None:
    doc = {**TNBC_AFTER_CHEMO, "diagnosis": {"cancer_type": "PAAD", "stage": "IV"}, "history": {"prior_therapies": [
        {"line": 1, "setting": "metastatic", "drugs": ["oxaliplatin", "irinotecan", "fluorouracil"],
         "best_response": "SD", "progressed": False}]}}
    out = _run(doc, germline={"variants": ["BRCA1 c.68_69delAG pathogenic"]})
    olaparib = [t for t in out.therapies if t.drugs == ["olaparib"] and t.cancer_type_match in ("exact", "ancestor")]
    assert olaparib and all([c.status for c in t.conditions if "germline" in c.text] == ["met"] for t in olaparib)


def test_von_hippel_lindau_disease_reads_the_germline_test() -> None:
    doc = {**TNBC_AFTER_CHEMO, "diagnosis": {"cancer_type": "CCRCC", "stage": "I"}, "history": {"prior_therapies": []}}
    carrier = _run(doc, tumor={"alterations": ["VHL R167Q"]}, germline={"variants": ["VHL c.500G>A pathogenic"]})
    sporadic = _run(doc, tumor={"alterations": ["VHL R167Q"]}, germline={"variants": [], "tested_genes": ["VHL"]})

    def vhl_disease(out: Any) -> str:
        item = next(t for t in out.therapies if t.rule_id == "rcc-vhl-belzutifan")
        return next(c.status for c in item.conditions if "germline VHL" in c.text)

    assert (vhl_disease(carrier), vhl_disease(sporadic)) == ("met", "not_met")
