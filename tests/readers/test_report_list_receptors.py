"""Receptor words in a report's list ('ER positive, PR-, HER2-low') are diagnosis facts, not alterations."""

from __future__ import annotations

import pytest

from oncotailor.case import Case
from oncotailor.errors import InputError
from oncotailor.vocab.biomarkers import parse_receptor


@pytest.mark.parametrize(("text", "fields"), [
    ("ER positive", {"er": "positive"}), ("ER+", {"er": "positive"}), ("Estrogen receptor: negative", {"er": "negative"}),
    ("ER low", {"er": "low"}), ("PR-", {"pr": "negative"}), ("PgR positive", {"pr": "positive"}),
    ("HER2 negative", {"her2": "negative"}), ("HER2+", {"her2": "positive"}), ("HER2-low", {"her2": "low"}),
    ("triple negative", {"er": "negative", "pr": "negative", "her2": "negative"}),
    ("HER2 IHC 3+", None), ("ERBB2 amplification", None), ("ERCC2 negative", None), ("PTEN loss", None),
])
def test_parse_receptor(text: str, fields: dict[str, str] | None) -> None:
    assert parse_receptor(text) == fields


def test_a_breast_report_line_fills_the_diagnosis() -> None:
    case = Case.model_validate({"diagnosis": {"cancer_type": "BRCA"}, "tumor": {
        "alterations": "ER positive, PR negative, HER2 1+, PIK3CA H1047R, TMB 3"}})
    assert case.diagnosis is not None and case.tumor is not None
    assert (case.diagnosis.er, case.diagnosis.pr, case.diagnosis.her2) == ("positive", "negative", None)
    assert [a.alteration for a in case.tumor.alterations] == ["H1047R"]
    assert case.tumor.biomarkers.her2_ihc == "1+" and case.tumor.biomarkers.tmb == 3


def test_receptors_without_a_diagnosis_block_create_one() -> None:
    case = Case.model_validate({"tumor": {"alterations": ["triple negative", "BRCA1 Q1756fs"]}})
    assert case.diagnosis is not None and case.diagnosis.her2 == "negative"


def test_a_contradiction_with_the_diagnosis_names_the_item() -> None:
    with pytest.raises(InputError) as err:
        Case.model_validate({"diagnosis": {"cancer_type": "BRCA", "er": "negative"},
                             "tumor": {"alterations": ["PIK3CA H1047R", "ER positive"]}})
    assert err.value.field == "tumor.alterations.1" and "contradicts diagnosis.er" in str(err.value)


def test_agreeing_statements_are_fine() -> None:
    case = Case.model_validate({"diagnosis": {"cancer_type": "BRCA", "er": "positive"},
                                "tumor": {"alterations": ["ER+"]}})
    assert case.diagnosis is not None and case.diagnosis.er == "positive"
