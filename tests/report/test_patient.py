"""The patient report: plain words, unknown is not negative, pictures, questions, glossary."""

from __future__ import annotations

from oncotailor.findings import CaseSummary
from oncotailor.questions.engine import assess
from oncotailor.report.patient import build_view, render_patient_html
from tests.report.factories import ALL, breast_report, colorectal_report, empty_report, nsclc_report


def _with_questions(name: str):  # type: ignore[no-untyped-def]
    case, report = ALL[name][0](), ALL[name][1]()
    return report.model_copy(update={"questions": assess(case, report, None).questions})  # type: ignore[arg-type]


def _section(view, sid):  # type: ignore[no-untyped-def]
    return next(s for s in view.sections if s.id == sid)


def test_glossary_has_the_unavoidable_words() -> None:
    terms = [t for t, _ in build_view(nsclc_report()).glossary]
    for word in ("Biomarker", "Targeted therapy", "Pharmacogenomics", "Recurrence", "Clinical trial"):
        assert word in terms


def test_questions_to_ask_are_shown() -> None:
    page = render_patient_html(_with_questions("colorectal"))
    assert "Questions to ask your care team" in page
    assert "Does my DPYD result change my capecitabine dose?" in page


def test_not_tested_is_not_reported_as_nothing_found() -> None:
    report = empty_report().model_copy(update={"summary": CaseSummary(cancer_type="COAD", stage="II")})
    view = build_view(report)
    text = " ".join(_section(view, "findings").intro)
    assert "This does not mean there are no changes" in text
    assert "found no change" not in text
    treat = _section(view, "treatments")
    assert "we did not have gene results" in " ".join(treat.intro)


def test_tested_and_nothing_found_says_so() -> None:
    report = empty_report().model_copy(update={"summary": CaseSummary(cancer_type="COAD", tested_genes_known=True)})
    text = " ".join(_section(build_view(report), "findings").intro)
    assert "It found no change that points to a medicine." in text


def test_says_plainly_when_no_personalized_treatment_exists() -> None:
    view = build_view(colorectal_report())
    treat = _section(view, "treatments")
    assert treat.heading == "No personalized treatment yet"
    assert "standard treatment" in treat.intro[0] and "clinical trials" in treat.intro[0]


def test_personal_treatment_named_with_plain_level() -> None:
    items = [i.text for i in _section(build_view(nsclc_report()), "treatments").items]
    assert any(t.startswith("Osimertinib for the change in EGFR.") and "approved" in t for t in items)


def test_pictures_with_text_alternatives_for_risk_and_recurrence() -> None:
    view = build_view(breast_report())
    risk = _section(view, "risk").items[0]
    assert risk.text.startswith("Out of 100 people like you, about 3 will get invasive breast cancer within 5 years.")
    assert risk.svg is not None and 'aria-label="Out of 100 people like you' in risk.svg
    rec = _section(view, "recurrence")
    assert any("Hormone therapy adds about 5 more out of 100." in i.text for i in rec.items)
    assert any(i.svg is not None and 'class="curve"' in i.svg for i in rec.items)


def test_refused_model_shows_reason_not_a_number() -> None:
    risk = _section(build_view(breast_report()), "risk")
    refused = next(i for i in risk.items if "could not use the CCRAT model" in i.text)
    assert refused.svg is None and refused.extra == []  # the reason is for the clinician report


def test_hereditary_section_mentions_family() -> None:
    h = _section(build_view(breast_report()), "hereditary").items[0].text
    assert "BRCA2" in h and "breast, ovarian, pancreatic and prostate" in h and "close family" in h


def test_disclaimer_once_and_escaping() -> None:
    report = nsclc_report()
    report.trials[0].title = "<img src=x onerror=alert(1)>"
    page = render_patient_html(report)
    assert page.count(report.disclaimer) == 1
    assert "<img" not in page and "&lt;img src=x" in page


def test_no_cancer_report_is_about_risk() -> None:
    view = build_view(empty_report())
    assert [s.id for s in view.sections] == ["about"]
    assert "This report is about risk and checks." in view.sections[0].intro[0]


def test_long_treatment_lists_are_cut_with_a_pointer_to_the_full_list() -> None:
    report = nsclc_report()
    base = report.therapies[1]
    report.therapies += [base.model_copy(update={"drugs": [f"drug{i}"]}) for i in range(8)]
    items = _section(build_view(report), "treatments").items
    assert len(items) == 7 and items[-1].text == "Your care team has the full list, with 5 more medicines."
    assert items[0].text.startswith("Amivantamab + lazertinib")
    # a level-1 label whose conditions are not met comes after those that fit, so it is cut here
    assert not any(i.text.startswith("Osimertinib") for i in items)


def test_unmet_label_conditions_are_said_plainly() -> None:
    items = _section(build_view(nsclc_report()), "treatments").items
    osi = next(i.text for i in items if i.text.startswith("Osimertinib"))
    assert "Some rules for this medicine may not fit you." in osi


def test_risk_without_a_time_span_reads_as_now() -> None:
    from oncotailor.findings import RiskModelResult

    report = breast_report()
    report.risk_models = [RiskModelResult(model="PREMM5", outcome="a Lynch syndrome gene variant", horizon="current",
                                          percent=2.4, valid=True)]
    item = _section(build_view(report), "risk").items[0]
    assert item.text == "Out of 100 people like you, about 2 have a Lynch syndrome gene variant."


def test_not_assessed_uses_plain_labels_not_field_paths() -> None:
    from oncotailor.findings import NotAssessed

    report = nsclc_report()
    report.not_assessed = [
        NotAssessed(section="therapy", reason="HER2 IHC not given: it decides T-DXd", needed_input="tumor.biomarkers.her2_ihc"),
        NotAssessed(section="therapy", reason="TMB not given", needed_input="tumor.biomarkers.tmb"),
        NotAssessed(section="recurrence", reason="no validated model for LUAD"),
    ]
    items = [i.text for i in _section(build_view(report), "not-assessed").items]
    assert items == [
        "The treatment match: What could help: a HER2 test of the tumor and a tumor mutation burden (TMB) test.",
        "The chance of the cancer coming back: Some details were missing. Your care team can see which.",
    ]
    page = render_patient_html(report)
    assert "tumor.biomarkers" not in page and "T-DXd" not in page


def test_alteration_with_only_early_evidence_is_not_promised_a_medicine() -> None:
    items = [i.text for i in _section(build_view(colorectal_report()), "findings").items]
    # KRAS G12D carries resistance only in this report
    assert items == ["A change in the KRAS gene (G12D). It may stop some medicines from working well."]
    report = nsclc_report()
    report.therapies = [t for t in report.therapies if t.level not in {"1", "2"}]
    texts = [i.text for i in _section(build_view(report), "findings").items]
    assert "A change in the EGFR gene (L858R). Medicines for it are still being studied." in texts


def test_patient_pictures_one_headline_group_per_model() -> None:
    from oncotailor.findings import RecurrenceEstimate

    report = breast_report()
    extra = [RecurrenceEstimate(model="PREDICT v2.1", outcome="breast cancer death", horizon="10y",
                                treatment=t, percent=p, benefit_points=b, valid=True)
             for t, p, b in (("surgery only", 20.3, None), ("+ hormone therapy", 14.3, 6.0))]
    extra.append(RecurrenceEstimate(model="PREDICT v2.1", outcome="overall survival", horizon="5y",
                                    treatment="surgery only", percent=90.8, valid=True))
    report.recurrence = extra + report.recurrence
    texts = [i.text for i in _section(build_view(report), "recurrence").items if i.text]
    assert texts[:2] == ["Numbers from the PREDICT v2.1 model:",
                         "Surgery only: about 78 out of 100 people like you are alive after 10 years."]
    assert not any("breast cancer death" in t or "5 years" in t for t in texts)


def test_patient_pictures_name_each_model_and_warn_that_models_differ() -> None:
    from oncotailor.findings import RecurrenceEstimate

    report = breast_report()
    report.recurrence = [RecurrenceEstimate(model=m, outcome="overall survival", horizon="10y",
                                            treatment="surgery only", percent=p, valid=True)
                         for m, p in (("PREDICT v2.1", 62.0), ("PREDICT v3", 73.0))]
    sec = _section(build_view(report), "recurrence")
    texts = [i.text for i in sec.items if i.text]
    assert texts.index("Numbers from the PREDICT v2.1 model:") < texts.index("Numbers from the PREDICT v3 model:")
    assert any("Models can give different numbers" in t for t in sec.intro)
    report.recurrence = report.recurrence[:1]
    assert not any("Models can give different numbers" in t for t in _section(build_view(report), "recurrence").intro)


def test_event_outcome_is_not_turned_into_its_opposite() -> None:
    from oncotailor.findings import RecurrenceEstimate

    report = breast_report()
    report.recurrence = [RecurrenceEstimate(model="RS21", outcome="distant recurrence", horizon="9y",
                                            treatment="endocrine therapy", percent=12.0, valid=True)]
    texts = [i.text for i in _section(build_view(report), "recurrence").items if i.text]
    assert texts == ["Numbers from the RS21 model:",
                     "Endocrine therapy: about 12 out of 100 people like you have distant recurrence within 9 years."]


def test_biomarker_only_tumor_counts_as_tested() -> None:
    report = empty_report().model_copy(update={"summary": CaseSummary(cancer_type="COAD", markers={"msi": "stable"})})
    view = build_view(report)
    assert "It found no change that points to a medicine." in " ".join(_section(view, "findings").intro)
    assert _section(view, "treatments").heading == "No personalized treatment yet"


def test_recurrence_picture_adds_each_steps_own_gain() -> None:
    import re as _re

    from oncotailor.report import figures

    rec = _section(build_view(breast_report()), "recurrence")
    svgs = [str(i.svg) for i in rec.items if i.svg]
    arrays = _re.findall(r'<svg class="icon-array".*?</svg>', svgs[0])
    counts = [(a.count(figures.COLORS["base"]), a.count(figures.COLORS["extra"])) for a in arrays]
    # surgery only 78; + hormone 83 (5 more); + chemo 86 (3 more than the step before)
    assert counts == [(78, 0), (78, 5), (83, 3)]


def test_identical_lines_are_shown_once() -> None:
    from oncotailor.findings import RiskModelResult

    report = breast_report()
    refused = dict(model="BCRAT", outcome="invasive breast cancer", valid=False, refusal_reason="x")
    report.risk_models = [RiskModelResult(horizon="5y", **refused), RiskModelResult(horizon="to_age_90", **refused)]
    assert len(_section(build_view(report), "risk").items) == 1
