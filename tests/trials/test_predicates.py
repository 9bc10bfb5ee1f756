"""Typed predicates from real-world criteria sentences (phrasings as they occur in CT.gov v2 records)."""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.trials.criteria.parse import parse_criterion


def _find(text: str, kind: str, exclusion: bool = False) -> list[Any]:
    preds = [p for p in parse_criterion(text, exclusion=exclusion) if p.kind == kind]
    assert preds, f"no {kind} predicate in {text!r}: {parse_criterion(text, exclusion=exclusion)}"
    return preds


@pytest.mark.parametrize(("text", "excl", "op", "value"), [
    ("ECOG performance status of 0-1", False, "<=", 1),
    ("ECOG ≤ 1", False, "<=", 1),
    ("Eastern Cooperative Oncology Group (ECOG) performance status ≤ 2", False, "<=", 2),
    ("ECOG performance status score \\>2", True, ">", 2),
    ("The Eastern Cancer Cooperative Group (ECOG) performance score of 0 or 1.", False, "<=", 1),
    ("ECOG performance status of 0, 1 or 2", False, "<=", 2),
    ("World Health Organisation (WHO) performance status 0-2", False, "<=", 2),
    ("a performance status of 0 or 1 on the Eastern Cooperative Oncology Group (ECOG) Performance Status.", False,
     "<=", 1),
])
def test_ecog(text: str, excl: bool, op: str, value: float) -> None:
    (p,) = _find(text, "performance", excl)
    assert (p.scale, p.op, p.value) == ("ecog", op, value)


def test_karnofsky() -> None:
    (p,) = _find("Karnofsky performance status ≥ 70%", "performance")
    assert (p.scale, p.op, p.value) == ("karnofsky", ">=", 70)


@pytest.mark.parametrize(("text", "analyte", "op", "value", "x_uln"), [
    ("Absolute neutrophil count (ANC) ≥ 1.5 x 109/L", "anc", ">=", 1.5, False),
    ("ANC ≥ 1.5 × 10⁹/L", "anc", ">=", 1.5, False),
    ("absolute neutrophil count >1,500/mL", "anc", ">", 1.5, False),
    ("Platelets ≥ 100 000/uL (collected within 10 days prior to the start of study treatment)", "platelets", ">=", 100,
     False),
    ("Platelet count ≥100×10^9/L", "platelets", ">=", 100, False),
    ("Hemoglobin ≥ 9 g/dL", "hemoglobin", ">=", 9, False),
    ("hemoglobin (HB) ≥90g/L", "hemoglobin", ">=", 9, False),
    ("Serum total bilirubin (TBIL) ≤ 1.5 × ULN", "bilirubin", "<=", 1.5, True),
    ("Kidney function: Creatinine ≤1.5 × ULN", "creatinine", "<=", 1.5, True),
    ("Creatinine clearance ≥ 60 mL/min", "creatinine_clearance", ">=", 60, False),
    ("Serum bilirubin less than 1.5 times the upper normal limit", "bilirubin", "<", 1.5, True),
])
def test_labs(text: str, analyte: str, op: str, value: float, x_uln: bool) -> None:
    preds = [p for p in _find(text, "lab") if p.analyte == analyte]
    assert preds, text
    assert (preds[0].op, preds[0].value, preds[0].x_uln) == (op, pytest.approx(value), x_uln)


def test_ast_alt_with_liver_metastases_bound() -> None:
    preds = _find("AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN with liver metastases)", "lab")
    assert {p.analyte for p in preds} == {"ast", "alt"}
    assert all((p.op, p.value, p.x_uln, p.value_liver_mets) == ("<=", 2.5, True, 5.0) for p in preds)


def test_ast_alt_split_over_two_clauses() -> None:
    text = ("Aspartate aminotransferase (AST) and alanine aminotransferase (ALT)\\<2.5×ULN in patients without liver "
            "metastases; \\<5×ULN in patients with liver metastases")
    preds = _find(text, "lab")
    assert {p.analyte for p in preds} == {"ast", "alt"}
    assert all(p.value == 2.5 and p.value_liver_mets == 5.0 for p in preds)


def test_creatinine_and_clearance_in_one_sentence() -> None:
    preds = _find("Serum creatinine less than 1.5 times the upper normal limit and Creatinine Clearance \\>60 ml/min",
                  "lab")
    got = {(p.analyte, p.op, p.value) for p in preds}
    assert got == {("creatinine", "<", 1.5), ("creatinine_clearance", ">", 60)}


def test_egfr_exon19_or_l858r_gives_two_alternatives() -> None:
    (p,) = _find("Documented EGFR exon 19 deletion or L858R mutation", "biomarker")
    alts = {(a.gene, a.exon, a.exon_change, a.protein_change) for a in p.alternatives}
    assert alts == {("EGFR", 19, "deletion", None), ("EGFR", None, None, "L858R")}
    assert not p.negate


def test_details_written_before_the_gene() -> None:
    (p,) = _find("Confirmed with Exon 19 deletion or L858R EGFR mutation", "biomarker")
    assert {a.protein_change or f"ex{a.exon}" for a in p.alternatives} == {"L858R", "ex19"}


def test_shared_detail_across_genes() -> None:
    (p,) = _find("Cohort 5: Documented EGFR or HER2 exon 20 insertion mutations", "biomarker")
    assert {(a.gene, a.exon, a.exon_change) for a in p.alternatives} == {("EGFR", 20, "insertion"),
                                                                       ("ERBB2", 20, "insertion")}


def test_kras_g12c_and_braf_v600e() -> None:
    (k,) = _find("Documented KRAS G12C mutation", "biomarker")
    assert (k.alternatives[0].gene, k.alternatives[0].protein_change) == ("KRAS", "G12C")
    (b,) = _find("BRAF V600E mutation confirmed by a validated test", "biomarker")
    assert (b.alternatives[0].gene, b.alternatives[0].protein_change) == ("BRAF", "V600E")


def test_alk_positive_is_a_fusion() -> None:
    (p,) = _find("Pathologically confirmed locally-advanced or metastatic ALK-positive non-small cell lung cancer.",
                 "biomarker")
    assert (p.alternatives[0].gene, p.alternatives[0].category) == ("ALK", "fusion")


def test_wildtype_and_exclusion_of_drivers() -> None:
    (w,) = _find("EGFR and ALK wild-type", "biomarker")
    assert w.negate and {a.gene for a in w.alternatives} == {"EGFR", "ALK"} and w.label == "wildtype"
    (x,) = _find("Patients with known EGFR mutations or ALK rearrangements", "biomarker", exclusion=True)
    assert not x.negate and {(a.gene, a.category) for a in x.alternatives} == {("EGFR", "mutation"), ("ALK", "fusion")}


def test_driver_negative() -> None:
    (p,) = _find("Driver gene negative", "biomarker")
    assert p.negate and p.label == "driver-negative"
    assert {"EGFR", "ALK", "ROS1", "KRAS"} <= {a.gene for a in p.alternatives}


def test_egfr_tki_is_therapy_not_biomarker() -> None:
    preds = parse_criterion("No prior EGFR TKI therapy")
    assert [p.kind for p in preds] == ["prior_therapy"]
    (p,) = preds
    assert p.negate and p.classes == ["egfr_tki"]


def test_progressed_after_platinum() -> None:
    (p,) = _find("Progressed after ≥1 platinum-based regimen", "prior_therapy")
    assert (p.classes, p.progressed, p.min_lines, p.negate) == (["platinum"], True, 1, False)


def test_prior_checkpoint_inhibitor_in_exclusion() -> None:
    (p,) = _find("Prior treatment with PD-1 or PD-L1 inhibitors", "prior_therapy", exclusion=True)
    assert not p.negate and "immune_checkpoint_inhibitor" in p.classes


def test_lines_of_therapy() -> None:
    (p,) = _find("Patient has received at least 1 prior line of systemic therapy for Stage IV NSCLC", "prior_therapy")
    assert p.any_systemic and p.min_lines == 1


@pytest.mark.parametrize(("text", "excl", "days", "negate"), [
    ("≥ 14 days since last systemic therapy", False, 14, False),
    ("Chemotherapy within 4 weeks before the first dose", True, 28, True),
    ("Must have not received any cancer treatment for at least 2 weeks.", False, 14, False),
])
def test_washout(text: str, excl: bool, days: int, negate: bool) -> None:
    (p,) = _find(text, "washout", excl)
    assert (p.days, p.negate) == (days, negate)


@pytest.mark.parametrize(("text", "excl", "status", "kind"), [
    ("Untreated brain metastases", True, "active", "brain_metastases"),
    ("Active brain metastases, cancerous meningitis, spinal cord compression", True, "active", "brain_metastases"),
    ("Symptomatic central nervous system metastases", True, "active", "brain_metastases"),
    ("Patients with treated, stable brain metastases are eligible", False, None, "allowance"),
    ("Known brain metastases", True, "any", "brain_metastases"),
])
def test_brain_metastases(text: str, excl: bool, status: str | None, kind: str) -> None:
    (p,) = _find(text, kind, excl)
    if status:
        assert p.status == status


def test_measurable_disease() -> None:
    (p,) = _find("At least one measurable lesion per RECIST 1.1", "measurable_disease")
    assert not p.negate


@pytest.mark.parametrize(("text", "op", "value"), [
    ("Age ≥ 18 years of age at time of consent", ">=", 18),
    ("Patients must be ≥18 years.", ">=", 18),
    ("Male or female patients at least 18 years of age", ">=", 18),
    ("Males and/or females over age 18", ">", 18),
])
def test_age(text: str, op: str, value: float) -> None:
    (p,) = _find(text, "age")
    assert (p.op, p.value) == (op, value)


def test_age_range() -> None:
    preds = _find("Aged 18-75 years", "age")
    assert {(p.op, p.value) for p in preds} == {(">=", 18), ("<=", 75)}


def test_pregnancy_inclusion_and_exclusion() -> None:
    (inc,) = _find("Women of childbearing potential must not be pregnant or breast-feeding.", "pregnancy")
    assert inc.negate
    (exc,) = _find("Pregnant or nursing", "pregnancy", exclusion=True)
    assert not exc.negate
    _find("Male patients should be willing to use barrier contraception, i.e. condoms;", "contraception")


def test_cancer_type_and_stage() -> None:
    preds = parse_criterion("Histological or cytological confirmed diagnosis of locally or metastatic NSCLC "
                            "(stage IIIB/IV).")
    ct = [p for p in preds if p.kind == "cancer_type"]
    st = [p for p in preds if p.kind == "stage"]
    assert ct[0].codes == ["NSCLC"]
    assert st[0].stages == ["IIIB", "IV"] and "metastatic" in st[0].extents


def test_stage_range_is_expanded() -> None:
    (p,) = _find("patients must be classified as Stage IA2 to IIIA according to the AJCC 8th edition", "stage")
    assert p.stages[0] == "IA2" and p.stages[-1] == "IIIA" and "IIB" in p.stages


def test_non_squamous_nsclc() -> None:
    preds = _find("Histologically confirmed non-squamous NSCLC", "cancer_type")
    assert {(tuple(p.codes), p.negate) for p in preds} == {(("NSCLC",), False), (("LUSC",), True)}


def test_pdl1_and_msi() -> None:
    (p,) = _find("PD-L1 TPS ≥ 50%", "biomarker_value")
    assert (p.analyte, p.op, p.value) == ("pdl1_tps", ">=", 50)
    (m,) = _find("MSI-H or dMMR solid tumors", "biomarker_value")[:1]
    assert m.category in ("high", "deficient")


def test_treatment_naive_for_a_class() -> None:
    (p,) = _find("EGFR TKI treatment-naïve eligible to receive first-line treatment with EGFR TKI;", "prior_therapy")
    assert p.negate and p.classes == ["egfr_tki"]


def test_short_diagnosis_line() -> None:
    (p,) = _find("NSCLC patients", "cancer_type")
    assert p.codes == ["NSCLC"]


def test_unparsed_is_needs_review() -> None:
    preds = parse_criterion("Able to provide written informed consent")
    assert [p.kind for p in preds] == ["needs_review"]
