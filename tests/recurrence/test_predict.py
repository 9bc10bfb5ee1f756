"""PREDICT v2.1 against an independent re-statement of the published equations (Candido dos Reis 2017 + v2.1).

`_reference` below is written from the paper's equations and coefficient tables (typed here, not read from
our knowledge table) in the plainest form: a direct loop over years. The grid crosses ages, sizes, nodes,
grades (incl. unknown), ER, HER2, Ki-67, detection and treatment combinations; every year 1-15 of overall
survival and breast-cancer mortality must agree to 1e-6 percentage points.
"""

from __future__ import annotations

import itertools
import math

import pytest

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence import predict
from oncotailor.recurrence.engine import assess


def _reference(age, size, nodes, grade, er, her2, ki67, screen, horm, chemo, traz, bis):
    """Published v2.1 equations. grade/her2/ki67/screen use the model's unknown codes: 9 (grade, her2, ki67), 2 (screen)."""
    if er == 1:
        g = 2.13 if grade == 9 else grade
        scr = 0.204 if screen == 2 else screen
        pi = (34.53642 * ((age / 10) ** -2 - 0.0287449295)
              - 34.20342 * ((age / 10) ** -2 * math.log(age / 10) - 0.0510121013)
              + 0.7530729 * (math.log(size / 100) + 1.545233938)
              + 0.7060723 * (math.log((nodes + 1) / 10) + 1.387566896)
              + 0.746655 * g - 0.22763366 * scr)
        pi += 0.14904 if ki67 == 1 else (-0.11333 if ki67 == 0 else 0)
    else:
        pi = (0.0089827 * (age - 56.3254902) + 2.093446 * ((size / 100) ** 0.5 - 0.5090456276)
              + 0.6260541 * (math.log((nodes + 1) / 10) + 1.086916249) + (1.129091 if grade in (2, 3) else 0))
    pi += 0.2413 if her2 == 1 else (-0.0762 if her2 == 0 else 0)
    rx = (-0.3857 if (horm and er == 1) else 0) + {0: 0, 2: -0.248, 3: -0.446}[chemo]
    rx += (-0.3567 if (traz and her2 == 1) else 0) + (-0.198 if bis else 0)
    mi = 0.0698252 * ((age / 10) ** 2 - 34.23391957)
    os_, bcsm = [], []
    prev_bc = prev_oth = prev_all = 1.0
    cum = 0.0
    for t in range(1, 16):
        if er == 1:
            h_bc = math.exp(0.7424402 - 7.527762 / t ** 0.5 - 1.812513 * math.log(t) / t ** 0.5)
        else:
            h_bc = math.exp(-1.156036 + 0.4707332 / t ** 2 - 3.51355 / t)
        h_oth = math.exp(-6.052919 + 1.079863 * math.log(t) + 0.3255321 * t ** 0.5)
        s_bc = math.exp(-h_bc * math.exp(pi + rx))
        s_oth = math.exp(-h_oth * math.exp(mi))
        s_all = s_bc * s_oth
        m_bc, m_oth, m_all = prev_bc - s_bc, prev_oth - s_oth, prev_all - s_all
        cum += m_bc / (m_bc + m_oth) * m_all
        os_.append(100 * s_all)
        bcsm.append(100 * cum)
        prev_bc, prev_oth, prev_all = s_bc, s_oth, s_all
    return os_, bcsm


def _ours(c, age, size, nodes, grade, er, her2, ki67, screen, horm, chemo, traz, bis):
    x = predict.PredictInputs(age=age, size_mm=size, nodes=nodes, er=bool(er), grade=None if grade == 9 else grade,
                              her2=None if her2 == 9 else bool(her2), ki67=None if ki67 == 9 else bool(ki67),
                              screen=None if screen == 2 else bool(screen))
    s = predict.survival(x, predict.Regimen(hormone=horm, chemo=chemo, trastuzumab=traz, bisphosphonate=bis), c)
    return [100 * v for v in s.os[1:]], [100 * v for v in s.bcsm[1:]]


GRID = list(itertools.product(
    (25, 44, 62.5, 85), (1, 18, 80), (0, 2, 9), (1, 2, 3, 9), (0, 1), (0, 1, 9), (0, 1, 9), (0, 1, 2),
))
TREATMENTS = [(False, 0, False, False), (True, 0, False, False), (True, 3, True, True), (False, 2, True, False),
              (True, 2, False, True)]


@pytest.fixture(scope="module")
def coeffs() -> dict[str, float]:
    from oncotailor.knowledge.base import KnowledgeBase
    from oncotailor.recurrence.model_base import named_values
    return named_values(KnowledgeBase(), predict.TABLE)


def test_grid_matches_published_equations(coeffs):
    worst, n = 0.0, 0
    for i, point in enumerate(GRID):
        rx = TREATMENTS[i % len(TREATMENTS)]
        ref = _reference(*point, *rx)
        got = _ours(coeffs, *point, *rx)
        for a, b in zip(ref[0] + ref[1], got[0] + got[1], strict=True):
            worst = max(worst, abs(a - b))
        n += 1
    assert n == len(GRID) == 4 * 3 * 3 * 4 * 2 * 3 * 3 * 3
    assert worst < 1e-6, worst


def test_grid_every_treatment_on_a_sub_grid(coeffs):
    for point in GRID[::50]:
        for rx in itertools.product((False, True), (0, 2, 3), (False, True), (False, True)):
            ref, got = _reference(*point, *rx), _ours(coeffs, *point, *rx)
            assert max(abs(a - b) for a, b in zip(ref[0] + ref[1], got[0] + got[1], strict=True)) < 1e-6


def test_worked_example_er_positive(coeffs):
    """Team notes B1: 62 y, screen-detected, 18 mm, grade 2, 1 node, ER+, HER2-, Ki-67-."""
    os_, _ = _ours(coeffs, 62, 18, 1, 2, 1, 0, 0, 1, False, 0, False, False)
    assert [round(os_[i], 2) for i in (4, 9, 14)] == [92.15, 79.94, 67.08]
    base = os_[9]
    assert round(_ours(coeffs, 62, 18, 1, 2, 1, 0, 0, 1, True, 0, False, False)[0][9] - base, 2) == 3.07
    assert round(_ours(coeffs, 62, 18, 1, 2, 1, 0, 0, 1, False, 3, False, False)[0][9] - base, 2) == 3.46
    assert round(_ours(coeffs, 62, 18, 1, 2, 1, 0, 0, 1, True, 3, False, False)[0][9] - base, 2) == 5.50


def test_worked_example_er_negative(coeffs):
    """Team notes B1: 44 y, clinical, 30 mm, grade 3, 3 nodes, ER-, HER2-."""
    os_, _ = _ours(coeffs, 44, 30, 3, 3, 0, 0, 9, 0, False, 0, False, False)
    assert [round(os_[i], 2) for i in (4, 9, 14)] == [60.56, 48.83, 43.73]
    chemo = _ours(coeffs, 44, 30, 3, 3, 0, 0, 9, 0, False, 3, False, False)[0]
    assert [round(chemo[i] - os_[i], 2) for i in (4, 9, 14)] == [11.72, 13.73, 14.01]


def _case(patient=None, **diag):
    d = {"cancer_type": "IDC", "age_at_diagnosis": 62, "er": "positive", "her2": "negative", "grade": 2,
         "tumor_size_mm": 18, "nodes_positive": 1, "detected_by": "screening", "ki67": "negative"}
    d.update(diag)
    return Case.model_validate({"patient": {"sex": "female", "menopausal_status": "post", **(patient or {})},
                                "diagnosis": d})


def test_engine_steps_curves_and_benefits():
    r = assess(_case(her2="positive"), default_kb())
    pred = [e for e in r.recurrence if e.model == "PREDICT v2.1"]
    steps = list(dict.fromkeys(e.treatment for e in pred))
    assert steps == ["surgery only", "+ hormone therapy", "+ chemotherapy (2nd generation)",
                     "+ chemotherapy (3rd generation)", "+ trastuzumab", "+ bisphosphonates"]
    os10 = {e.treatment: e for e in pred if e.outcome == "overall survival" and e.horizon == "10y"}
    for e in os10.values():
        assert [p.year for p in e.curve] == [float(y) for y in range(16)]
        assert e.curve[0].percent == 100 and abs(e.curve[10].percent - e.percent) < 1e-9
    assert os10["+ trastuzumab"].benefit_points == pytest.approx(
        os10["+ trastuzumab"].percent - os10["+ chemotherapy (3rd generation)"].percent)
    assert os10["+ chemotherapy (2nd generation)"].compared_with == "+ hormone therapy"
    bc10 = {e.treatment: e for e in pred if e.outcome == "breast cancer death" and e.horizon == "10y"}
    assert bc10["+ hormone therapy"].benefit_points == pytest.approx(
        bc10["surgery only"].percent - bc10["+ hormone therapy"].percent)
    assert all(e.benefit_points > 0 for e in bc10.values() if e.benefit_points is not None)


@pytest.mark.parametrize(("change", "patient", "fragment"), [
    ({"stage": "IV"}, {}, "spread"),
    ({"age_at_diagnosis": 88}, {}, "outside 25-85"),
    ({"tumor_size_mm": 0}, {}, "outside 1-500"),
    ({}, {"sex": "male"}, "women"),
])
def test_refusals_give_reason_not_number(change, patient, fragment):
    case = _case(patient, **change)
    pred = [e for e in assess(case, default_kb()).recurrence if e.model == "PREDICT v2.1"]
    assert len(pred) == 1 and not pred[0].valid and pred[0].percent is None
    assert fragment in (pred[0].refusal_reason or "")


def test_missing_inputs_and_unknowns():
    r = assess(_case(tumor_size_mm=None, er=None), default_kb())
    na = [n for n in r.not_assessed if "PREDICT" in n.reason]
    assert na and "diagnosis.tumor_size_mm" in na[0].needed_input and "diagnosis.er" in na[0].needed_input
    assert not [e for e in r.recurrence if e.model == "PREDICT v2.1"]
    r = assess(_case(grade=None, her2=None, detected_by=None), default_kb())
    first = next(e for e in r.recurrence if e.model == "PREDICT v2.1")
    assert "2.13" in str(first.inputs_used["grade"]) and "0.204" in str(first.inputs_used["detection"])
    assert any(n.needed_input == "diagnosis.her2" for n in r.not_assessed)
    assert not any(e.treatment == "+ trastuzumab" for e in r.recurrence)


def test_ki67_percent_threshold_and_menopause():
    kb = default_kb()
    hi = next(e for e in assess(_case(ki67=25.0), kb).recurrence if e.horizon == "10y")
    lo = next(e for e in assess(_case(ki67=5.0), kb).recurrence if e.horizon == "10y")
    assert hi.inputs_used["ki67"] == "positive" and lo.inputs_used["ki67"] == "negative"
    assert hi.percent < lo.percent
    pre = _case({"menopausal_status": "pre"})
    assert not any(e.treatment == "+ bisphosphonates" for e in assess(pre, kb).recurrence)
