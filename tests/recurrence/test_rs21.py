"""21-gene Recurrence Score: hand-computed profiles, band boundaries, normalisation, refusals and trial context."""

from __future__ import annotations

import pytest

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence import rs21
from oncotailor.recurrence.engine import assess

HIGH = {"GRB7": 10, "ERBB2": 12, "ESR1": 11, "PGR": 6, "BCL2": 9, "SCUBE2": 7, "BIRC5": 7, "MKI67": 6, "MYBL2": 8,
        "CCNB1": 7, "AURKA": 7, "CTSV": 5, "MMP11": 9, "CD68": 6, "GSTM1": 5, "BAG1": 8}
# HER2 = 0.9*10 + 0.1*12 = 10.2; ER = (0.8*11 + 1.2*6 + 9 + 7)/4 = 8.0; prolif = 35/5 = 7.0; invasion = 7.0
# RSU = 0.47*10.2 - 0.34*8 + 1.04*7 + 0.10*7 + 0.05*6 - 0.08*5 - 0.07*8 = 9.394 -> RS = 20*(9.394-6.7) = 53.88
HIGH_RS = 20 * ((0.47 * 10.2) - (0.34 * 8.0) + (1.04 * 7.0) + (0.10 * 7.0) + (0.05 * 6) - (0.08 * 5) - (0.07 * 8) - 6.7)

FLOORED = {"GRB7": 5, "ERBB2": 5, "ESR1": 12, "PGR": 10, "BCL2": 10, "SCUBE2": 10, "BIRC5": 5, "MKI67": 5, "MYBL2": 5,
           "CCNB1": 5, "AURKA": 5, "CTSV": 4, "MMP11": 6, "CD68": 5, "GSTM1": 7, "BAG1": 9}
# HER2 = 5 -> floor 8; prolif = 5 -> floor 6.5; ER = (9.6 + 12 + 10 + 10)/4 = 10.4; invasion = 5
# RSU = 3.76 - 3.536 + 6.76 + 0.5 + 0.25 - 0.56 - 0.63 = 6.544 -> 20*(6.544-6.7) < 0 -> RS 0

NEAR = dict(HIGH, GRB7=8, ERBB2=8, ESR1=12, PGR=10, BCL2=10, SCUBE2=10)
# HER2 = 8.0; ER = 10.4; RSU = 3.76 - 3.536 + 7.28 + 0.7 + 0.3 - 0.4 - 0.56 = 7.544 -> RS = 16.88 -> 17 (low)


@pytest.fixture(scope="module")
def formula() -> rs21.Formula:
    from oncotailor.knowledge.base import KnowledgeBase

    return rs21.Formula.load(KnowledgeBase())


@pytest.mark.parametrize(("values", "expected"), [(HIGH, 53.88), (FLOORED, 0.0), (NEAR, 16.88)])
def test_hand_computed_scores(formula, values, expected):
    assert rs21.recurrence_score(values, formula) == pytest.approx(expected, abs=1e-9)


def test_hand_arithmetic_matches_written_formula():
    assert pytest.approx(53.88, abs=1e-9) == HIGH_RS


def test_group_scores_and_floors(formula):
    g = rs21.group_scores(FLOORED, formula)
    assert g["her2"] == 8.0 and g["proliferation"] == 6.5
    assert g["estrogen"] == pytest.approx(10.4) and g["invasion"] == pytest.approx(5.0)
    assert rs21.scaled(106.0, formula) == 100.0


@pytest.mark.parametrize(("score", "paik", "tailorx"), [
    (0, "low", "0-10"), (10, "low", "0-10"), (11, "low", "11-25"), (17, "low", "11-25"), (18, "intermediate", "11-25"),
    (25, "intermediate", "11-25"), (26, "intermediate", "26-100"), (30, "intermediate", "26-100"), (31, "high", "26-100"),
    (100, "high", "26-100"),
])
def test_band_boundaries(score, paik, tailorx):
    rows = default_kb().table("recurrence/rs21_groups", rs21.BandRow)
    assert rs21.band(score, rows, "Paik 2004").group == paik
    assert rs21.band(score, rows, "TAILORx").group == tailorx


def test_reported_score_rounds_half_up():
    assert rs21.reported(17.49) == 17 and rs21.reported(17.5) == 18 and rs21.reported(30.5) == 31


def _case(values, scale="rt_pcr_ct_delta", platform="rt_pcr", nodes=0, age=45, menopause="pre", er="positive"):
    return Case.model_validate({
        "patient": {"sex": "female", "menopausal_status": menopause},
        "diagnosis": {"cancer_type": "IDC", "age_at_diagnosis": age, "er": er, "her2": "negative",
                      "nodes_positive": nodes},
        "tumor": {"expression": {"scale": scale, "platform": platform, "values": values}}})


def _rs(case):
    return [e for e in assess(case, default_kb()).recurrence if e.model == "RS21"]


def test_engine_assay_scale_exact_with_aliases():
    values = {("CTSL2" if k == "CTSV" else "STK15" if k == "AURKA" else k): v for k, v in HIGH.items()}
    [e] = _rs(_case(values))
    assert e.valid and e.score == 54 and e.group == "high" and e.approximation is None
    assert e.inputs_used["score_unrounded"] == pytest.approx(53.88)
    assert e.percent == 30.5 and e.interval == (23.6, 37.4)
    assert "26 or more" in (e.note or "")


def test_engine_reference_normalisation_other_platform():
    refs = {"ACTB": 9.0, "GAPDH": 8.0, "GUSB": 5.0, "RPLP0": 9.5, "TFRC": 3.5}  # mean 7.0
    # normalised = value - mean(reference) + reference_level (10): give value - 3 so it normalises back
    values = {k: v - 3.0 for k, v in NEAR.items()} | refs
    [e] = _rs(_case(values, scale="log2_normalised", platform="rnaseq"))
    assert e.score == 17 and e.group == "low"
    assert e.approximation and "approximation" in e.approximation


def test_incomplete_panel_refused_with_missing_genes():
    values = {k: v for k, v in HIGH.items() if k not in ("MKI67", "BAG1")}
    [e] = _rs(_case(values))
    assert not e.valid and e.score is None and "MKI67" in e.refusal_reason and "BAG1" in e.refusal_reason
    # other scales also need the reference genes
    [e] = _rs(_case(HIGH, scale="log2_normalised", platform="microarray"))
    assert not e.valid and "ACTB" in e.refusal_reason and "TFRC" in e.refusal_reason


def test_unrelated_expression_table_is_not_assessed_not_refused():
    r = assess(_case({"ESR1": 9.0, "FOXA1": 8.0}), default_kb())
    assert not [e for e in r.recurrence if e.model in ("RS21", "GENE70")]
    assert any("21-gene" in n.reason for n in r.not_assessed) and any("70-gene" in n.reason for n in r.not_assessed)


def test_er_negative_refused():
    [e] = _rs(_case(HIGH, er="negative"))
    assert not e.valid and "ER-positive" in e.refusal_reason


@pytest.mark.parametrize(("values", "nodes", "age", "menopause", "fragment"), [
    (NEAR, 0, 45, "pre", "16-20"),  # RS 17, node-negative, 50 or younger
    (NEAR, 0, 62, "post", "over 50"),
    (NEAR, 2, 62, "post", "post-menopausal"),
    (NEAR, 2, 45, "pre", "pre-menopausal"),
    (HIGH, 2, 62, "post", "not part of RxPONDER"),
    (NEAR, 5, 62, "post", "No randomised trial"),
])
def test_trial_context(values, nodes, age, menopause, fragment):
    [e] = _rs(_case(values, nodes=nodes, age=age, menopause=menopause))
    assert fragment in (e.note or "")


@pytest.mark.parametrize(("scale", "bad"), [("rt_pcr_ct_delta", float("nan")), ("linear", -2.0)])
def test_bad_expression_value_is_an_input_error_naming_the_field(scale, bad):
    from oncotailor.case import Expression
    from oncotailor.errors import InputError

    with pytest.raises(ValueError, match=r"values\.MKI67"):  # the case model refuses it when read
        _case(dict(HIGH, MKI67=bad), scale=scale)
    # a case built without validation still gets an input error naming the field, never a traceback
    case = _case(HIGH, scale=scale)
    bad_expr = Expression.model_construct(scale=scale, platform="rt_pcr", values=dict(HIGH, MKI67=bad))
    case.tumor.expression = bad_expr
    with pytest.raises(InputError) as err:
        assess(case, default_kb())
    assert err.value.field == "tumor.expression.values.MKI67"
