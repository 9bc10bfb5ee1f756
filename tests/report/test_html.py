"""The clinician report: every section, sources linked, user text escaped, self-contained."""

from __future__ import annotations

import re

import pytest

from oncotailor.findings import Evidence
from oncotailor.report import render
from oncotailor.report.html import render_clinician_html
from oncotailor.report.views import actionable_summary, safe_url
from tests.report.factories import breast_report, colorectal_report, empty_report, nsclc_report

SECTIONS = ("summary", "therapies", "resistance", "alterations", "pgx", "hereditary", "risk", "screening",
            "recurrence", "trials", "questions", "not-assessed", "warnings", "versions")


@pytest.mark.parametrize("factory", [nsclc_report, breast_report, colorectal_report, empty_report])
def test_every_section_present_and_disclaimer_once(factory) -> None:  # type: ignore[no-untyped-def]
    report = factory()
    page = render_clinician_html(report)
    for sec in SECTIONS:
        assert f'<section id="{sec}">' in page
    assert page.count(report.disclaimer) == 1


def test_summary_shows_highest_level_per_alteration() -> None:
    rows = actionable_summary(nsclc_report())
    by_alt = {r.alteration: r for r in rows}
    assert by_alt["EGFR L858R"].level == "1"
    assert [t.drugs for t in by_alt["EGFR L858R"].therapies] == [["osimertinib"], ["amivantamab", "lazertinib"]]
    assert by_alt["EGFR C797S"].level == "R1"
    assert rows[0].alteration == "EGFR L858R"  # level 1 before resistance-only rows


def test_sources_are_linked_with_dates() -> None:
    page = render_clinician_html(nsclc_report())
    assert 'href="https://www.accessdata.fda.gov/example/osimertinib"' in page
    assert "(2024-02-16)" in page
    assert 'href="https://clinicaltrials.gov/study/NCT01234567"' in page


def test_user_and_knowledge_text_is_escaped() -> None:
    page = render_clinician_html(nsclc_report())
    assert "EGFR L858R &lt;script&gt;" in page
    assert page.count("<script>") == 1  # only our own inline sorter


def test_non_http_links_are_not_rendered() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://example.org/x") == "https://example.org/x"
    report = nsclc_report()
    report.therapies[0].evidence = [Evidence(source="X", id="bad", url="javascript:alert(1)")]
    page = render_clinician_html(report)
    assert "javascript:" not in page


def test_self_contained_no_external_resources() -> None:
    page = render_clinician_html(breast_report())
    assert not re.search(r"<(script|img|link)[^>]+(src|href)=", page)
    assert "@media print" in page
    assert "<svg" in page  # icon arrays and curves inline


def test_trials_show_met_not_met_unknown_per_criterion() -> None:
    page = render_clinician_html(nsclc_report())
    card = page[page.index('id="trial-NCT01234567"'):]
    for label, crit in (("Met", "EGFR mutation"), ("Not met", "No prior osimertinib"),
                        ("Unknown", "Adequate liver function")):
        assert f"<strong>{label}</strong>" in card and crit in card
    assert "would settle: bilirubin blood test" in card


def test_tables_are_sortable_and_filterable() -> None:
    page = render_clinician_html(nsclc_report())
    assert 'id="t-therapies" class="sortable"' in page
    assert 'data-table="t-therapies"' in page
    assert "localeCompare" in page  # the inline sorter


def test_empty_sections_say_so_instead_of_implying_negative() -> None:
    page = render_clinician_html(empty_report())
    assert "No tumor alterations were given; targeted therapy could not be assessed." in page


def test_render_dispatches_every_html_format() -> None:
    r = nsclc_report()
    assert "OncoTailor clinician report" in str(render(r, "html"))
    assert "Your OncoTailor report" in str(render(r, "patient-html"))


def test_summary_lists_each_drug_combination_once() -> None:
    report = nsclc_report()
    report.therapies.append(report.therapies[0].model_copy(update={"rule_id": "another-rule"}))
    row = next(r for r in actionable_summary(report) if r.alteration == "EGFR L858R")
    assert len(row.therapies) == 3 and [t.drugs for t in row.unique_therapies] == [
        ["osimertinib"], ["amivantamab", "lazertinib"]]


def test_recurrence_notes_shown_once_per_model() -> None:
    from oncotailor.findings import RecurrenceEstimate

    report = breast_report()
    note = "Range over the unknown inputs (grade); not a confidence interval."
    report.recurrence = [RecurrenceEstimate(model="PREDICT v3", outcome="overall survival", horizon=h,
                                            treatment="surgery only", percent=70.0, interval=(65.0, 74.0), note=note,
                                            valid=True) for h in ("5y", "10y")]
    html = render_clinician_html(report)
    notes = re.search(r'<ul class="notes" id="recurrence-notes">(.*?)</ul>', html, re.S)
    assert notes is not None and notes.group(1).count("not a confidence interval") == 1
    assert "65%–74%" in html  # the range is in the table
