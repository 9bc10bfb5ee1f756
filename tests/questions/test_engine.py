"""Questions are specific to the findings, cover the seed list, keep engines' own, and never repeat."""

from __future__ import annotations

import pytest

from oncotailor.case import Case
from oncotailor.findings import Contribution, NotAssessed, Question
from oncotailor.i18n import Catalog
from oncotailor.questions.engine import assess, dedupe
from tests.report.factories import (
    breast_case,
    breast_report,
    colorectal_case,
    colorectal_report,
    nsclc_case,
    nsclc_report,
)


def _texts(case: Case, merged: Contribution) -> list[str]:
    return [q.text for q in assess(case, merged, None).questions]  # type: ignore[arg-type]


def test_specific_treatment_question_names_drug_and_alteration() -> None:
    texts = _texts(nsclc_case(), nsclc_report())
    assert "Is amivantamab + lazertinib right for my EGFR L858R?" in texts
    # osimertinib's label limit is not met (progressed on it) while another option fits: not asked as "right for me"
    assert "Is osimertinib right for my EGFR L858R?" not in texts
    assert any("erlotinib" in t and "clinical trial" in t for t in texts)  # level 3B: asked as investigational
    assert any("C797S" in t and "osimertinib" in t for t in texts)  # resistance


def test_unmet_label_condition_is_asked_when_nothing_else_fits() -> None:
    report = nsclc_report()
    only_unmet = report.model_copy(update={"therapies": [t for t in report.therapies if t.conditions_met == "not_met"]})
    texts = _texts(nsclc_case(), only_unmet)
    assert "Is osimertinib right for my EGFR L858R?" in texts
    assert any("no prior EGFR TKI" in t for t in texts)


def test_cascade_testing_names_relatives_from_family_history() -> None:
    texts = _texts(breast_case(), breast_report())
    assert "Should my sisters and mother be tested for BRCA2?" in texts


def test_cascade_without_family_history_asks_about_close_family() -> None:
    case = breast_case().model_copy(update={"family_history": None})
    texts = _texts(case, breast_report())
    assert any(t.startswith("Should my close family") and "BRCA2" in t for t in texts)


def test_pgx_dose_question() -> None:
    assert "Does my DPYD result change my capecitabine dose?" in _texts(colorectal_case(), colorectal_report())


def test_no_personalized_treatment_asks_for_standard_options() -> None:
    texts = _texts(colorectal_case(), colorectal_report())
    assert any("No targeted medicine is matched" in t for t in texts)
    assert not any(t.startswith("Is ") and "right for my" in t for t in texts)


def test_untested_tumor_asks_whether_testing_helps_not_that_nothing_was_found() -> None:
    case = Case.model_validate({"patient": {"id": "x"}, "diagnosis": {"cancer_type": "COAD"}})
    texts = _texts(case, Contribution())
    assert "Can testing my tumor's genes help choose my treatment?" in texts
    assert not any("No targeted medicine" in t for t in texts)


def test_seed_list_is_covered_for_a_person_with_cancer() -> None:
    qs = assess(nsclc_case(), nsclc_report(), None).questions  # type: ignore[arg-type]
    keys = {q.key for q in qs}
    assert {"options", "side_effects", "therapy_benefit", "personalized", "recovery", "trials_eligible"} <= keys
    colorectal = {q.key for q in assess(colorectal_case(), colorectal_report(), None).questions}  # type: ignore[arg-type]
    assert {"trials_any", "no_targeted"} <= colorectal


def test_trial_unknown_names_what_would_settle_it() -> None:
    texts = _texts(nsclc_case(), nsclc_report())
    assert "Can we check my bilirubin blood test to see if I can join trial NCT01234567?" in texts


def test_not_assessed_becomes_one_plain_question_per_section() -> None:
    merged = Contribution(not_assessed=[
        NotAssessed(section="therapy", reason="HER2 IHC not given", needed_input="tumor.biomarkers.her2_ihc"),
        NotAssessed(section="therapy", reason="MSI not given", needed_input="tumor.biomarkers.msi"),
        NotAssessed(section="hereditary", reason="no germline result", needed_input="germline.variants or germline.vcf"),
        NotAssessed(section="trials", reason="no trial store", needed_input="a trial store"),
    ])
    qs = [q for q in assess(nsclc_case(), merged, None).questions if q.key == "not_assessed"]  # type: ignore[arg-type]
    assert [q.text for q in qs] == [
        "Would a HER2 test of the tumor and an MSI test of the tumor help choose my treatment?",
        "Would a gene test from blood or saliva help tell if my cancer runs in my family?",
    ]  # the trial store is software set-up, not something to ask the care team
    assert all(q.topic == "testing" and q.why.startswith("Without it,") for q in qs)


def test_gene_list_needed_input_reads_as_a_gene_test() -> None:
    from oncotailor.questions.inputs import input_labels

    cat = Catalog("en")
    assert input_labels("ALK, ROS1", cat) == ["a test of the ALK and ROS1 genes"]
    assert input_labels("risk_factors.bmi; family_history", cat) == ["@inputs.risk_factors", "@inputs.family_history"]
    assert input_labels("review by a clinical geneticist", cat) == []


def test_engine_questions_are_kept_and_duplicates_dropped() -> None:
    own = Question(text="Is osimertinib right for my EGFR L858R?", why="engine's own", topic="treatment")
    merged = nsclc_report().model_copy(update={"questions": [own]})
    qs = assess(nsclc_case(), merged, None).questions  # type: ignore[arg-type]
    same = [q for q in qs if q.text.lower().startswith("is osimertinib right")]
    assert len(same) == 1 and same[0].why == "engine's own"
    assert any(q.text.startswith("Should a new biopsy") for q in assess(nsclc_case(), nsclc_report(), None).questions)  # type: ignore[arg-type]


def test_dedupe_ignores_case_and_punctuation() -> None:
    a = Question(text="What are my options?", why="a")
    b = Question(text="what are my options", why="b")
    assert [q.why for q in dedupe([a, b])] == ["a"]


def test_person_without_cancer_gets_no_treatment_questions() -> None:
    case = Case.model_validate({"patient": {"id": "r"}, "family_history": [{"relation": "mother", "cancer": "breast"}]})
    qs = assess(case, Contribution(), None).questions  # type: ignore[arg-type]
    assert [q.key for q in qs] == ["germline_testing"]


@pytest.mark.parametrize("factory", [nsclc_report, breast_report, colorectal_report])
def test_every_question_has_why_topic_and_a_catalog_key(factory) -> None:  # type: ignore[no-untyped-def]
    case = {nsclc_report: nsclc_case, breast_report: breast_case, colorectal_report: colorectal_case}[factory]()
    cat = Catalog("en")
    for q in assess(case, factory(), None).questions:  # type: ignore[arg-type]
        assert q.text and q.why and q.topic
        if q.key:
            assert cat.t(f"questions.{q.key}.text", **q.params) == q.text


def test_pgx_normal_phenotype_asks_only_about_drugs_the_patient_meets() -> None:
    from oncotailor.findings import PgxRecommendation, PgxResult

    rec = PgxRecommendation(drug="tacrolimus", text="higher start dose", patient_text="x", action="adjust_dose")
    res = PgxResult(gene="CYP3A5", call_status="called", phenotype="Normal Metabolizer", source="vcf",
                    recommendations=[rec])
    merged = Contribution(pgx=[res])
    assert not any(q.key == "pgx_dose" for q in assess(colorectal_case(), merged, None).questions)  # type: ignore[arg-type]
    on_it = colorectal_case().model_copy(deep=True)
    on_it.patient.medications = ["tacrolimus"]
    texts = _texts(on_it, merged)
    assert "Does my CYP3A5 result change my tacrolimus dose?" in texts
