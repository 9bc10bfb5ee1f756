"""SVG pictures: right number of coloured people, escaped text alternatives, one line per option."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from oncotailor.findings import CurvePoint
from oncotailor.report import figures

NS = "{http://www.w3.org/2000/svg}"


def _colours(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [g.get("fill", "") for g in root.iter(f"{NS}g")]


def test_icon_array_counts_people() -> None:
    svg = figures.icon_array(23.4, extra=5.6, alt="x")
    fills = _colours(svg)
    assert len(fills) == 100
    assert fills.count(figures.COLORS["base"]) == 23
    assert fills.count(figures.COLORS["extra"]) == 6
    assert fills.count(figures.COLORS["rest"]) == 71


def test_icon_array_clamps_to_100_people() -> None:
    fills = _colours(figures.icon_array(97, extra=10, alt="x"))
    assert fills.count(figures.COLORS["base"]) == 97 and fills.count(figures.COLORS["extra"]) == 3


def test_icon_array_has_escaped_text_alternative() -> None:
    svg = figures.icon_array(10, alt='10 of 100 <b>"people"</b>')
    root = ET.fromstring(svg)  # well-formed despite the markup in the text
    assert root.get("role") == "img"
    assert root.get("aria-label") == '10 of 100 <b>"people"</b>'
    assert root.find(f"{NS}title").text == '10 of 100 <b>"people"</b>'  # type: ignore[union-attr]


def test_survival_curves_one_path_per_option_and_legend() -> None:
    pts = [CurvePoint(year=y, percent=100 - 2 * y) for y in range(11)]
    svg = figures.survival_curves([("surgery only", pts), ("+ chemo & <x>", pts[:5])], alt="curves")
    root = ET.fromstring(svg)
    paths = list(root.iter(f"{NS}path"))
    assert len(paths) == 2
    assert paths[0].get("d", "").count("L") == 10
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "+ chemo & <x>" in texts and "surgery only" in texts


def test_survival_curves_empty_without_points() -> None:
    assert figures.survival_curves([("a", [])], alt="none") == ""
