"""PREDICT Breast v3 against an independent re-statement of the Winton Centre's v3.2 R function (benefits32.R).

`_reference` is written from the R code's formulas with every constant typed here (not read from our
knowledge table), and follows the R code's own order of work: cumulative baselines -> yearly increments ->
yearly mortality -> cumulative sums -> 1 - S -> yearly increments again -> the breast share of all-cause
deaths. Inputs use the R codes: 9 = unknown for grade/HER2/Ki-67/PR, 2 = unknown detection. Our module
is only called through its public `survival`, never its helpers.
"""

from __future__ import annotations

import itertools
import math

import pytest

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence import predict_v3
from oncotailor.recurrence.engine import assess
from oncotailor.recurrence.model_base import named_values

HER2_POS_ERPOS = [0.608, .532, .457, .382, .307, .231, .156, .081, .006, 0, 0, 0, 0, 0, 0]
HER2_NEG_ERPOS = [-.053, -.046, -.040, -.033, -.027, -.020, -.014, -.007, 0, 0, 0, 0, 0, 0, 0]


def _diff(cum):
    return [cum[0]] + [cum[i] - cum[i - 1] for i in range(1, len(cum))]


def _cumsum(xs):
    out, s = [], 0.0
    for v in xs:
        s += v
        out.append(s)
    return out


def _reference(age_start, screen, size, grade, nodes, er, her2, ki67, pr,
               generation, horm, traz, bis, radio, heart_gy, smoker):
    """benefits32.R for one treatment column. horm: 0 none, 5 = column 'h', 10 = column 'h10'."""
    year = 2017
    screen = 0.204 if screen == 2 else screen
    grade = 2.13 if grade == 9 else grade
    time = range(1, 16)
    age = age_start - 24
    if er == 1:
        pi = (0.1958986203588129 * (age / 100) ** -0.5 + 2.929125051895787 * (age / 100) ** 2
              + 2.27417420673498 * (1 - math.exp(-size / 20)) + 0.6724828209061207 * math.log(nodes + 1)
              + 0.7050339629739382 * grade - 0.32039363353015476 * screen - 0.048251370712776756 * (year - 2000))
    else:
        pi = (1.7560679383953317 * (age / 100) + 4.555274634880487 * (age / 100) * math.log(age / 100)
              + 0.7443277265210039 * math.log(size) + 0.6308590364310884 * math.log(nodes + 1)
              + 0.3462287839000938 * grade - 0.2110969326598672 * screen - 0.045504610416172736 * (year - 2000))
    if her2 == 1 and er == 1:
        her2_beta = HER2_POS_ERPOS
    elif her2 == 0 and er == 1:
        her2_beta = HER2_NEG_ERPOS
    else:
        her2_beta = [{(1, 0): 0.2316, (0, 0): -0.08589}.get((her2, er), 0.0)] * 15
    ki67_beta = {(1, 1): 0.14904, (0, 1): -0.11333}.get((ki67, er), 0.0)
    pr_beta = {(1, 1): -0.0619, (0, 1): 0.2624, (1, 0): -0.2231, (0, 0): 0.0296}.get((pr, er), 0.0)
    rr_acm = 0.25 * 2 + 1 - 0.25
    smoker_beta = math.log((1 if smoker == 0 else rr_acm) / (1 - 0.1 + rr_acm * 0.1))
    r_base_br = 0.55 if er == 0 else 0.7
    c_oth = 0 if generation == 0 else math.log(1.2)
    r_oth = math.log(1.02) * heart_gy
    mi = (4.211443507724736 * (age / 100) ** 3 - 31.41202815365277 * (age / 100) ** 3 * math.log(age / 100)
          - 0.021186462111818898 * (year - 2000) - 0.062 + smoker_beta)
    pi_t = [pi + her2_beta[i] + ki67_beta + pr_beta + r_base_br for i in range(15)]
    c = {0: 0, 2: -.248, 3: -.446}[generation]
    h = -0.3857 if (horm and er == 1) else 0
    hv = [h] * 15 if (h == 0 or horm == 5) else [h] * 10 + [-.301 + h] * 5
    t = -.3567 if (her2 == 1 and traz) else 0
    b = -0.198 if bis else 0
    r = math.log(0.82) if radio else 0
    rx = [r + hv[i] + c + t + b for i in range(15)]
    mi_rx = mi + (r_oth if radio else 0) + (c_oth if generation else 0)

    base_m_oth = _diff([math.exp(-4.845654758283992 + 1.341348310005262 * math.log(x / 10)
                                 + 0.49539394353046057 * (x / 10)) for x in time])
    s_cum_oth = [math.exp(-v) for v in _cumsum([m * math.exp(mi_rx) for m in base_m_oth])]
    m_oth = _diff([1 - s for s in s_cum_oth])
    if er == 1:
        cum_br = [math.exp(-2.3193510039281637 - 3.622538332641392 * (x / 10) ** -0.5
                           - 0.542240944493945 * (x / 10) ** -0.5 * math.log(x / 10)) for x in time]
    else:
        cum_br = [math.exp(-3.0153139765165835 - 0.5755380524044251 * (x / 10) ** -1
                           - 0.1028439317178058 * (x / 10) ** -1 * math.log(x / 10)) for x in time]
    base_m_br = _diff(cum_br)
    s_cum_br = [math.exp(-v) for v in _cumsum([base_m_br[i] * math.exp(pi_t[i] + rx[i]) for i in range(15)])]
    m_br = _diff([1 - s for s in s_cum_br])
    m_cum_all = [1 - so * sb for so, sb in zip(s_cum_oth, s_cum_br, strict=True)]
    m_all = _diff(m_cum_all)
    pred_m_br = [m_br[i] / (m_br[i] + m_oth[i]) * m_all[i] for i in range(15)]
    pred_cum_br = _cumsum(pred_m_br)
    pred_cum_all = _cumsum(m_all)
    return [100 * (1 - v) for v in pred_cum_all], [100 * v for v in pred_cum_br]


@pytest.fixture(scope="module")
def coeffs() -> dict[str, float]:
    return named_values(default_kb(), predict_v3.TABLE)


def _ours(c, age, screen, size, grade, nodes, er, her2, ki67, pr, generation, horm, traz, bis, radio, heart_gy, smoker):
    def flag(v):
        return None if v == 9 else bool(v)
    x = predict_v3.V3Inputs(age=age, size_mm=size, nodes=nodes, er=bool(er), grade=None if grade == 9 else grade,
                            her2=flag(her2), ki67=flag(ki67), pr=flag(pr), screen=None if screen == 2 else bool(screen),
                            smoker=flag(smoker))
    rx = predict_v3.Regimen(hormone_years=horm, chemo=generation, trastuzumab=traz, bisphosphonate=bis,
                            radiotherapy=radio, heart_gy=heart_gy)
    s = predict_v3.survival(x, rx, c)
    return [100 * v for v in s.os[1:]], [100 * v for v in s.bcsm[1:]]


#            age                 screen     size          grade         nodes        er      her2       ki67       pr
GRID = list(itertools.product((25, 40, 57.5, 85), (0, 1, 2), (1, 18, 75), (1, 2, 3, 9), (0, 3, 20), (0, 1),
                              (0, 1, 9), (0, 1, 9), (0, 1, 9)))
#             generation, horm, traz, bis, radio, heart Gy, smoker (9 = unknown: the model has no code; we use 0)
TREATMENTS = [(0, 0, False, False, False, 0, 0), (3, 5, True, True, False, 0, 1), (2, 10, False, True, True, 4, 0),
              (0, 10, True, False, True, 2, 1), (3, 0, False, False, True, 0.5, 0), (2, 5, True, True, True, 2, 0)]
RX_ALL = list(itertools.product((0, 2, 3), (0, 5, 10), (False, True), (False, True), (False, True)))


def _max_diff(ref, got):
    return max(abs(a - b) for a, b in zip(ref[0] + ref[1], got[0] + got[1], strict=True))


def test_grid_matches_r_function(coeffs):
    worst = 0.0
    for i, point in enumerate(GRID):
        rx = TREATMENTS[i % len(TREATMENTS)]
        ref_smoker = 0 if rx[-1] == 9 else rx[-1]
        worst = max(worst, _max_diff(_reference(*point, *rx[:-1], ref_smoker), _ours(coeffs, *point, *rx)))
    assert len(GRID) == 4 * 3 * 3 * 4 * 3 * 2 * 3 * 3 * 3 == 23_328
    assert worst < 1e-6, worst


def test_every_treatment_on_a_sub_grid(coeffs):
    worst = 0.0
    for point in GRID[::331]:
        for generation, horm, traz, bis, radio in RX_ALL:
            for heart, smoker in ((2, 0), (3.5, 1)):
                rx = (generation, horm, traz, bis, radio, heart if radio else 0, smoker)
                worst = max(worst, _max_diff(_reference(*point, *rx), _ours(coeffs, *point, *rx)))
    assert worst < 1e-6, worst


def test_unknown_smoking_is_coded_as_non_smoker(coeffs):
    point = (50, 0, 20, 2, 2, 1, 0, 1, 1)
    assert _ours(coeffs, *point, 3, 5, False, False, False, 0, 9) == _ours(coeffs, *point, 3, 5, False, False, False, 0, 0)


@pytest.mark.parametrize(("er", "names"), [
    (1, ("erpos.pr_neg", "erpos.her2_neg.y3", "other.year", "base.erpos.t2", "erpos.rt_baseline", "smoking.rr")),
    (0, ("erneg.pr_neg", "erneg.her2_neg", "erneg.age2", "base.erneg.i", "base.erneg.t2", "erneg.rt_baseline")),
])
def test_the_comparison_can_fail(coeffs, er, names):
    """One coefficient off by 0.01 is caught, so the grid comparison is not vacuous. The ER- baseline is the
    fixed one of benefits32.R (the v3.1 script forgot to assign it)."""
    point, rx = (57.5, 0, 18, 2, 3, er, 0, 0, 0), (0, 0, False, False, False, 0, 0)
    assert _max_diff(_reference(*point, *rx), _ours(coeffs, *point, *rx)) < 1e-6
    for name in names:
        bad = {**coeffs, name: coeffs[name] + 0.01}
        assert _max_diff(_reference(*point, *rx), _ours(bad, *point, *rx)) > 1e-3, name


@pytest.mark.parametrize("er", [1, 0])
def test_pr_negative_is_worse_than_pr_positive(coeffs, er):
    pos = _ours(coeffs, 55, 0, 22, 2, 1, er, 0, 9, 1, 0, 0, False, False, False, 0, 0)
    neg = _ours(coeffs, 55, 0, 22, 2, 1, er, 0, 9, 0, 0, 0, False, False, False, 0, 0)
    unk = _ours(coeffs, 55, 0, 22, 2, 1, er, 0, 9, 9, 0, 0, False, False, False, 0, 0)
    for y in (4, 9, 14):
        assert neg[0][y] < unk[0][y] < pos[0][y]  # overall survival
        assert neg[1][y] > unk[1][y] > pos[1][y]  # breast cancer death


# ── through the engine ──

def _case(patient=None, *, risk_factors=None, **diag):
    d = {"cancer_type": "IDC", "age_at_diagnosis": 62, "er": "positive", "pr": "positive", "her2": "negative",
         "grade": 2, "tumor_size_mm": 18, "nodes_positive": 1, "detected_by": "screening", "ki67": "negative"}
    d.update(diag)
    doc = {"patient": {"sex": "female", "menopausal_status": "post", **(patient or {})}, "diagnosis": d}
    doc["risk_factors"] = risk_factors if risk_factors is not None else {"smoking": {"status": "never"}}
    return Case.model_validate(doc)


def _v3(case, model="PREDICT v3"):
    return [e for e in assess(case, default_kb()).recurrence if e.model == model]


def _at(estimates, treatment, outcome="overall survival", horizon="10y"):
    return next(e for e in estimates if e.treatment == treatment and e.outcome == outcome and e.horizon == horizon)


def test_reported_beside_v21_with_its_own_steps():
    r = assess(_case(her2="positive"), default_kb())
    models = list(dict.fromkeys(e.model for e in r.recurrence))
    assert models[:2] == ["PREDICT v2.1", "PREDICT v3"]
    v3 = [e for e in r.recurrence if e.model == "PREDICT v3"]
    assert list(dict.fromkeys(e.treatment for e in v3)) == [
        "surgery only", "+ hormone therapy", "+ chemotherapy (2nd generation)", "+ chemotherapy (3rd generation)",
        "+ trastuzumab", "+ bisphosphonates", "+ hormone therapy to 10 years", "+ radiotherapy"]
    assert len(v3) == 8 * 2 * 3 and all(e.valid for e in v3)
    rt = _at(v3, "+ radiotherapy")
    assert rt.compared_with == "surgery only" and "2 Gy assumed" in rt.regimen[-1]
    ext = [_at(v3, "+ hormone therapy to 10 years", horizon=h) for h in ("5y", "10y", "15y")]
    assert ext[0].compared_with == "+ hormone therapy"
    assert ext[0].benefit_points == pytest.approx(0, abs=1e-12) and ext[1].benefit_points == pytest.approx(0, abs=1e-12)
    assert ext[2].benefit_points > 0
    assert _at(v3, "+ trastuzumab").benefit_points > 0


def test_engine_numbers_are_the_model_numbers(coeffs):
    v3 = _v3(_case())
    os_, bc = _ours(coeffs, 62, 1, 18, 2, 1, 1, 0, 0, 1, 0, 0, False, False, False, 0, 0)
    assert _at(v3, "surgery only").percent == pytest.approx(os_[9], abs=1e-9)
    assert _at(v3, "surgery only", "breast cancer death", "15y").percent == pytest.approx(bc[14], abs=1e-9)
    hormone = _ours(coeffs, 62, 1, 18, 2, 1, 1, 0, 0, 1, 0, 5, False, False, False, 0, 0)[0]
    assert _at(v3, "+ hormone therapy").benefit_points == pytest.approx(hormone[9] - os_[9], abs=1e-9)


def test_all_inputs_known_no_interval_and_a_validation_note():
    v3 = _v3(_case())
    assert all(e.interval is None for e in v3)
    assert all("no confidence interval" in (e.note or "") and "AUC" in (e.note or "") for e in v3)
    assert any("Grootes" in (ev.note or "") for ev in v3[0].evidence)


def test_interval_is_the_range_over_the_unknown_pr():
    unknown = _v3(_case(pr=None))
    pos, neg = _v3(_case(pr="positive")), _v3(_case(pr="negative"))
    for e in unknown:
        p = _at(pos, e.treatment, e.outcome, e.horizon).percent
        n = _at(neg, e.treatment, e.outcome, e.horizon).percent
        assert e.interval == pytest.approx((min(p, n), max(p, n)), abs=1e-12)
        assert e.interval[0] <= e.percent <= e.interval[1] and e.interval[0] < e.interval[1]
        assert "PR +/-" in (e.note or "") and "not a confidence interval" in (e.note or "")


def test_interval_contains_the_point_for_many_unknowns():
    v3 = _v3(_case(grade=None, her2=None, ki67=None, pr=None, detected_by=None, risk_factors={}))
    assert v3 and all(e.interval and e.interval[0] - 1e-9 <= e.percent <= e.interval[1] + 1e-9 for e in v3)
    first = v3[0]
    assert "2.13" in str(first.inputs_used["grade"]) and "0.204" in str(first.inputs_used["detection"])
    assert "unknown" in str(first.inputs_used["smoking"])
    for name in ("grade 1-3", "HER2 +/-", "Ki-67 +/-", "PR +/-", "detection", "smoker"):
        assert name in (first.note or "")
    known = _v3(_case())
    assert _at(v3, "surgery only").interval[1] - _at(v3, "surgery only").interval[0] > 5
    assert _at(known, "surgery only").interval is None


@pytest.mark.parametrize("er", ["positive", "negative"])
def test_point_lies_inside_the_range_over_many_patients(er):
    """The range is taken over completed inputs only, so containment of the point is a real property (both models)."""
    checked = 0
    for age, size, nodes in itertools.product((26, 45, 70, 84), (2, 25, 110), (0, 4, 30)):
        case = _case(age_at_diagnosis=age, tumor_size_mm=size, nodes_positive=nodes, er=er, grade=None, her2=None,
                     ki67=None, pr=None, detected_by=None, risk_factors={})
        for e in assess(case, default_kb()).recurrence:
            if e.model.startswith("PREDICT"):
                assert e.interval[0] - 1e-9 <= e.percent <= e.interval[1] + 1e-9, (e.model, e.treatment, age, size)
                checked += 1
    assert checked > 1000


def test_er_negative_grade_unknown_uses_2_13_and_ki67_is_not_varied():
    v3 = _v3(_case(er="negative", pr="negative", grade=None, ki67=None))
    assert "2.13" in str(v3[0].inputs_used["grade"]) and "Ki-67" not in (v3[0].note or "")
    assert not any(e.treatment.startswith("+ hormone") for e in v3)


def test_v21_gets_a_range_too_and_none_when_known():
    v21 = _v3(_case(grade=None), model="PREDICT v2.1")
    assert all(e.interval and e.interval[0] <= e.percent <= e.interval[1] for e in v21)
    assert all(e.interval is None for e in _v3(_case(), model="PREDICT v2.1"))


@pytest.mark.parametrize(("change", "patient", "fragment"), [
    ({"stage": "IV"}, {}, "spread"),
    ({"age_at_diagnosis": 88}, {}, "outside 25-85"),
    ({"tumor_size_mm": 0}, {}, "outside 1-500"),
    ({"nodes_positive": 60}, {}, "outside 0-50"),
    ({}, {"sex": "male"}, "women"),
])
def test_refusals_give_reason_not_number(change, patient, fragment):
    v3 = _v3(_case(patient, **change))
    assert len(v3) == 1 and not v3[0].valid and v3[0].percent is None and v3[0].interval is None
    assert fragment in (v3[0].refusal_reason or "")


def test_missing_inputs_are_not_assessed_and_pr_question_asked():
    r = assess(_case(tumor_size_mm=None), default_kb())
    assert not [e for e in r.recurrence if e.model == "PREDICT v3"]
    assert any(n.reason.startswith("PREDICT Breast v3") and "diagnosis.tumor_size_mm" in (n.needed_input or "")
               for n in r.not_assessed)
    r = assess(_case(pr=None, risk_factors={}), default_kb())
    assert any("progesterone" in q.text and "smoke" in q.text for q in r.questions)


def test_pr_terms_match_grootes_2022_hazard_ratios(coeffs):
    """Grootes et al. 2022 (abstract): PR-positive tumours had a 23 % (ER-) and 28 % (ER+) lower risk of breast
    cancer death than PR-negative ones (model terms: 22.3 % and 27.7 %, i.e. hazard ratios 0.777 / 0.723)."""
    assert 1 - math.exp(coeffs["erneg.pr_pos"] - coeffs["erneg.pr_neg"]) == pytest.approx(0.23, abs=0.01)
    assert 1 - math.exp(coeffs["erpos.pr_pos"] - coeffs["erpos.pr_neg"]) == pytest.approx(0.28, abs=0.01)
