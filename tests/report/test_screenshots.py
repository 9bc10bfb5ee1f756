"""Both reports for three cases in headless Chromium: PNGs saved under tests/artifacts/, key text asserted.

Cases: lung cancer with EGFR (examples/nsclc_egfr.yaml), breast cancer with germline BRCA2 and a PREDICT
estimate (examples/hereditary_brca2.yaml when present, else our fixture), colorectal
cancer with KRAS and DPYD (examples/colorectal_dpyd.yaml when present, else our fixture). Real analyses
check what the engines produce today; the hand-made reports (every section filled, including a PREDICT
estimate and a DPYD result) check the parts the engines may not fill yet.
Skips cleanly when Chromium is absent.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from oncotailor.findings import Report
from oncotailor.questions.engine import assess
from oncotailor.report.html import render_clinician_html
from oncotailor.report.patient import render_patient_html
from oncotailor.report.pdf import find_chromium
from tests.conftest import EXAMPLES, ROOT
from tests.report.browser import dump_dom, screenshot
from tests.report.factories import ALL

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(find_chromium() is None, reason="headless Chromium is not installed")]

ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
FIXTURES = Path(__file__).parent / "fixtures"


def _first(*paths: Path) -> Path:
    return next(p for p in paths if p.is_file())


CASES = {
    "lung_egfr": (_first(EXAMPLES / "nsclc_egfr.yaml"),
                  ["EGFR L858R", "Actionable findings", "osimertinib"],
                  ["About your cancer", "Lung Adenocarcinoma", "EGFR", "right for my EGFR L858R?"]),
    "breast_brca2": (_first(EXAMPLES / "hereditary_brca2.yaml", FIXTURES / "breast_brca2_predict.yaml"),
                     ["BRCA2", "Hereditary findings", "PREDICT"],
                     ["Gene changes you were born with", "BRCA2", "tested for BRCA2?", "Your chance after surgery"]),
    "colorectal_dpyd_kras": (_first(EXAMPLES / "colorectal_dpyd.yaml", FIXTURES / "colorectal_dpyd_kras.yaml"),
                             ["KRAS G12D", "Resistance", "DPYD", "Pharmacogenomics"],
                             ["KRAS", "DPYD", "Does my DPYD result change my", "Questions to ask your care team"]),
}
FACTORY_TEXT = {
    "nsclc": (["osimertinib", "NCT01234567", "Adequate liver function"],
              ["Is amivantamab + lazertinib right for my EGFR L858R?", "Clinical trials that may fit you"]),
    "breast": (["PREDICT v2.1", "BRCA2", "BCRAT"],
               ["Out of 100 people like you, about 3 will get invasive breast cancer",
                "Hormone therapy adds about 5 more out of 100.", "Should my sisters and mother be tested for BRCA2?"]),
    "colorectal": (["DPYD", "Intermediate Metabolizer", "capecitabine"],
                   ["Does my DPYD result change my capecitabine dose?", "No personalized treatment yet"]),
}


def _visible_text(dom: str) -> str:
    """Text of the DOM outside <style>/<script>, with entities decoded and spaces collapsed."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _pages(name: str, report: Report) -> dict[str, str]:
    return {f"{name}_clinician": render_clinician_html(report), f"{name}_patient": render_patient_html(report)}


@pytest.fixture(scope="module")
def rendered(analyzed) -> dict[str, tuple[Path, Path | None, str, str]]:  # type: ignore[no-untyped-def]
    """Render every page, then screenshot and DOM-dump them in parallel; name → (html, png, visible text, DOM)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}
    for name, (path, _, _) in CASES.items():
        pages.update(_pages(name, analyzed(path)))
    for name, (case, report) in ALL.items():
        r = report()
        pages.update(_pages(f"fixture_{name}", r.model_copy(update={"questions": assess(case(), r, None).questions})))
    files = {}
    for name, page in pages.items():
        files[name] = ARTIFACTS / f"{name}.html"
        files[name].write_text(page, encoding="utf-8")
    shots = [n for n in pages if not n.startswith("fixture_")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        doms = dict(zip(pages, pool.map(lambda n: dump_dom(files[n]), pages), strict=True))
        pngs = dict(zip(shots, pool.map(lambda n: screenshot(files[n], ARTIFACTS / f"{n}.png"), shots), strict=True))
    return {n: (files[n], pngs.get(n), _visible_text(doms[n]), doms[n]) for n in pages}


@pytest.mark.parametrize("case", sorted(CASES))
def test_real_case_reports_show_key_text(case: str, rendered) -> None:  # type: ignore[no-untyped-def]
    _, clinician_keys, patient_keys = CASES[case]
    for kind, keys in (("clinician", clinician_keys), ("patient", patient_keys)):
        _, png, text, _ = rendered[f"{case}_{kind}"]
        assert png is not None and png.is_file() and png.stat().st_size > 10_000
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "OncoTailor supports decisions made by qualified clinicians" in text
        for key in keys:
            assert key in text, f"{case} {kind}: '{key}' not visible"


@pytest.mark.parametrize("name", sorted(FACTORY_TEXT))
def test_full_reports_show_every_section_in_the_browser(name: str, rendered) -> None:  # type: ignore[no-untyped-def]
    clinician_keys, patient_keys = FACTORY_TEXT[name]
    for kind, keys in (("clinician", clinician_keys), ("patient", patient_keys)):
        text = rendered[f"fixture_{name}_{kind}"][2]
        for key in keys:
            assert key in text, f"{name} {kind}: '{key}' not visible"


def test_sorting_script_ran_in_the_browser(rendered) -> None:  # type: ignore[no-untyped-def]
    dom = rendered["fixture_nsclc_clinician"][3]
    assert re.search(r'<th[^>]*class="sortable"[^>]*tabindex="0"', dom)  # added by the inline script
