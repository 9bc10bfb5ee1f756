"""Message catalogs: English complete, a partial German falls back key by key, templates untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oncotailor.errors import InputError
from oncotailor.i18n import Catalog, available_languages, catalog_keys, placeholders
from oncotailor.questions.engine import assess
from oncotailor.report.patient import render_patient_html
from tests.report.factories import breast_case, breast_report

SRC = Path(__file__).resolve().parents[2] / "src" / "oncotailor"


def test_languages_available() -> None:
    assert {"en", "de"} <= set(available_languages())


def test_missing_key_falls_back_to_english() -> None:
    de = Catalog("de")
    assert not de.is_translated("patient.no_personal_heading")
    assert de.t("patient.no_personal_heading") == Catalog("en").t("patient.no_personal_heading")
    assert de.t("patient.title") == "Ihr OncoTailor-Bericht"


def test_unknown_language_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--lang"):
        Catalog("xx")
    with pytest.raises(InputError):
        Catalog("../en")


def test_translations_use_the_same_placeholders_as_english() -> None:
    en = catalog_keys("en")
    for lang in available_languages():
        for key, text in catalog_keys(lang).items():
            assert key in en, f"{lang}: key {key} is not in English"
            assert placeholders(text) == placeholders(en[key]), f"{lang}: {key}"


def test_every_key_used_in_code_exists_in_english() -> None:
    en = catalog_keys("en")
    used: set[str] = set()
    for path in [*(SRC / "report").glob("*.py"), *(SRC / "questions").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?:say|\.t)\(\s*"((?:patient|figures|glossary|levels|section|common)\.[\w.]+)""", text))
        used |= {f"questions.{k}.text" for k in re.findall(r'b\.add\(\s*"(\w+)"', text)}
    assert used, "the scan found no keys"
    missing = sorted(k for k in used if k not in en)
    assert not missing


def test_placeholders_are_plain_names_only() -> None:
    with pytest.raises(Exception, match="needs the parameter"):
        Catalog("en").t("questions.pgx_dose.text", gene="DPYD")


def test_german_patient_report_without_touching_templates() -> None:
    report = breast_report()
    report = report.model_copy(update={"questions": assess(breast_case(), report, None).questions})  # type: ignore[arg-type]
    page = render_patient_html(report, lang="de")
    assert '<html lang="de">' in page
    assert "Fragen an Ihr Behandlungsteam" in page
    assert "Sollten sich meine Schwestern und Mutter auf BRCA2 testen lassen?" in page
    assert "What extra checks or care do I need because of my BRCA2 result?" in page  # English fallback
    assert "Klinische Studie" in page
    assert page.count("vom Behandlungsteam geprüft") == 1 and report.disclaimer not in page
