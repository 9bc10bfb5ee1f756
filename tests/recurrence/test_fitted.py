"""Research Cox model: fitting on a small synthetic fixture, the script, the table-driven engine."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from oncotailor.case import Case
from oncotailor.knowledge import default_kb
from oncotailor.recurrence import fit, fitted
from oncotailor.recurrence.engine import assess


def _synthetic(n: int = 240, seed: int = 0) -> pd.DataFrame:
    """GBSG2-shaped patients whose recurrence hazard doubles per unit of log(nodes + 1)."""
    rng = np.random.default_rng(seed)
    nodes = rng.integers(1, 20, n)
    hazard = 0.05 * np.exp(math.log(2) * np.log(nodes + 1))
    years = rng.exponential(1 / hazard)
    censor = rng.uniform(2, 7, n)
    return pd.DataFrame({
        "horTh": rng.choice(["yes", "no"], n), "age": rng.integers(30, 75, n),
        "menostat": rng.choice(["Pre", "Post"], n), "tsize": rng.integers(5, 80, n),
        "tgrade": rng.choice(["I", "II", "III"], n), "pnodes": nodes, "progrec": rng.integers(0, 300, n),
        "estrec": rng.integers(0, 300, n), "time": np.round(np.minimum(years, censor) * 365.25).astype(int) + 1,
        "cens": (years < censor).astype(int)})


def test_fit_recovers_the_nodes_effect_and_reports_metrics():
    res = fit.fit(_synthetic())
    assert res.n == 240 and res.n_test == 72 and res.n_train == 168
    assert 0.4 < res.coefficients["log_nodes"] < 1.2  # true value ln 2 = 0.69
    assert res.metrics["c_index_test"] > 0.6
    assert [c["tertile"] for c in res.calibration] == [1, 2, 3]
    assert res.calibration[0]["predicted_rfs_5y"] > res.calibration[2]["predicted_rfs_5y"]
    assert res.baseline[0] == (0, 1.0) and all(a[1] >= b[1] for a, b in zip(res.baseline, res.baseline[1:], strict=False))


def test_split_is_fixed_and_disjoint():
    a, b = fit.split(100)
    a2, b2 = fit.split(100)
    assert list(a) == list(a2) and list(b) == list(b2) and not set(a) & set(b) and len(b) == 30


def test_script_with_data_option(tmp_path, capsys):
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("fit_script", ROOT / "scripts" / "fit_recurrence_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    data = tmp_path / "cohort.csv"
    _synthetic().to_csv(data, index=False)
    out = tmp_path / "model.yaml"
    assert mod.main(["--data", str(data), "-o", str(out), "--bootstrap", "12"]) == 0
    printed = capsys.readouterr().out
    assert "held-out C-index" in printed and "bootstrap covariance from" in printed
    doc = yaml.safe_load(out.read_text())
    kinds = {r["kind"] for r in doc["rows"]}
    assert kinds == {"coefficient", "baseline", "metric", "calibration", "range", "covariance"} and doc["meta"]["source"]
    assert len([r for r in doc["rows"] if r["kind"] == "covariance"]) == 10 * 11 // 2  # 9 coefficients + log H0
    assert mod.main(["--data", str(data), "-o", str(out), "--bootstrap", "0"]) == 0
    assert "covariance" not in {r["kind"] for r in yaml.safe_load(out.read_text())["rows"]}
    assert mod.main(["--data", str(tmp_path / "absent.csv"), "-o", str(out)]) == 2


def test_engine_formula_matches_hand_computation():
    rows = default_kb().table(fitted.TABLE, fitted.FitRow)
    coef = {r.name: (r.value, r.mean) for r in rows if r.kind == "coefficient"}
    s0_5 = next(r.value for r in rows if r.kind == "baseline" and r.year == 5)
    x = {"age": 60.0, "postmenopausal": 1.0, "size_mm": 25.0, "grade2": 1.0, "grade3": 0.0,
         "log_nodes": math.log(3), "er_pos": 1.0, "pr_pos": 1.0, "tamoxifen": 0.0}
    lp = sum(b * (x[k] - m) for k, (b, m) in coef.items())
    assert dict(fitted.survival(x, rows))[5] == pytest.approx(s0_5 ** math.exp(lp), rel=1e-12)


def _case(**diag):
    d = {"cancer_type": "IDC", "age_at_diagnosis": 60, "er": "positive", "pr": "positive", "grade": 2,
         "tumor_size_mm": 25, "nodes_positive": 2}
    d.update(diag)
    return Case.model_validate({"patient": {"sex": "female", "menopausal_status": "post"}, "diagnosis": d})


def test_engine_estimates_beside_published_models():
    r = assess(_case(), default_kb())
    mine = [e for e in r.recurrence if e.model == fitted.MODEL]
    assert [e.treatment for e in mine] == ["CMF chemotherapy (as in GBSG-2)", "+ tamoxifen"]
    assert all(e.valid and 0 < e.percent < 100 and e.curve and e.curve[0].percent == 100 for e in mine)
    assert "n=686" in mine[0].note and "C-index" in mine[0].note
    assert mine[1].benefit_points == pytest.approx(mine[1].percent - mine[0].percent)
    assert any(e.model == "PREDICT v2.1" for e in r.recurrence)


def test_engine_refuses_node_negative_and_asks_for_pr():
    r = assess(_case(nodes_positive=0), default_kb())
    assert not [e for e in r.recurrence if e.model == fitted.MODEL]
    assert any("node-positive" in n.reason for n in r.not_assessed)
    [e] = [e for e in assess(_case(stage="IV"), default_kb()).recurrence if e.model == fitted.MODEL]
    assert not e.valid and e.percent is None and "spread" in e.refusal_reason
    r = assess(_case(pr=None), default_kb())
    assert not [e for e in r.recurrence if e.model == fitted.MODEL]
    assert any(n.needed_input and "diagnosis.pr" in n.needed_input for n in r.not_assessed)


def test_validate_gbsg2_command(capsys, monkeypatch, tmp_path):
    from oncotailor.recurrence import validate

    data = tmp_path / "c.csv"
    _synthetic().to_csv(data, index=False)
    assert validate.main(["gbsg2", "--data", str(data)]) == 0
    assert "held-out C-index" in capsys.readouterr().out


def _x(**change):
    x = {"age": 60.0, "postmenopausal": 1.0, "size_mm": 25.0, "grade2": 1.0, "grade3": 0.0,
         "log_nodes": math.log(3), "er_pos": 1.0, "pr_pos": 1.0, "tamoxifen": 0.0}
    return {**x, **change}


def test_interval_by_hand_delta_method():
    rows = default_kb().table(fitted.TABLE, fitted.FitRow)
    coef = {r.name: (r.value, r.mean) for r in rows if r.kind == "coefficient"}
    cov = {r.name: r.value for r in rows if r.kind == "covariance"}
    s0_5 = next(r.value for r in rows if r.kind == "baseline" and r.year == 5)
    x = _x()
    names = [*coef, "log_H0_5y"]
    g = {**{k: x[k] - m for k, (_, m) in coef.items()}, "log_H0_5y": 1.0}
    var = sum(g[a] * g[b] * cov[f"{a}|{b}" if f"{a}|{b}" in cov else f"{b}|{a}"] for a in names for b in names)
    log_h = math.log(-math.log(s0_5)) + sum(b * (x[k] - m) for k, (b, m) in coef.items())
    lo, hi = fitted.interval(x, rows)
    assert lo == pytest.approx(100 * math.exp(-math.exp(log_h + 1.959963984540054 * math.sqrt(var))), rel=1e-12)
    assert hi == pytest.approx(100 * math.exp(-math.exp(log_h - 1.959963984540054 * math.sqrt(var))), rel=1e-12)
    point = 100 * dict(fitted.survival(x, rows))[5]
    assert lo < point < hi


def test_interval_widens_away_from_the_cohort_centre():
    """On the log cumulative hazard scale the half-width is z * sd, smallest at the training means."""
    rows = default_kb().table(fitted.TABLE, fitted.FitRow)

    def spread(x):
        lo, hi = fitted.interval(x, rows)
        return math.log(-math.log(lo / 100)) - math.log(-math.log(hi / 100))
    centre = {r.name: r.mean for r in rows if r.kind == "coefficient"}
    var_h0 = next(r.value for r in rows if r.name == "log_H0_5y|log_H0_5y")
    assert spread(centre) == pytest.approx(2 * 1.959963984540054 * math.sqrt(var_h0), rel=1e-9)
    far = _x(size_mm=110.0, log_nodes=math.log(36), grade3=1.0, grade2=0.0, pr_pos=0.0)
    assert spread(far) > 1.5 * spread(centre)


def test_engine_shows_the_interval_and_says_what_it_covers():
    mine = [e for e in assess(_case(), default_kb()).recurrence if e.model == fitted.MODEL]
    assert all(e.interval and e.interval[0] < e.percent < e.interval[1] for e in mine)
    assert "bootstrap" in mine[0].note and "sampling error only" in mine[0].note


def test_bootstrap_standard_errors_agree_with_lifelines():
    """The shipped bootstrap covariance against lifelines' information-matrix standard errors on the same fit."""
    pytest.importorskip("lifelines")
    from lifelines import CoxPHFitter

    df = fit.design(fit.load_table())
    train = df.iloc[fit.split(len(df))[0]]
    cph = CoxPHFitter().fit(train[[*fit.COVARIATES, "years", "event"]], duration_col="years", event_col="event")
    rows = default_kb().table(fitted.TABLE, fitted.FitRow)
    cov = {r.name: r.value for r in rows if r.kind == "covariance"}
    for k in fit.COVARIATES:
        ratio = math.sqrt(cov[f"{k}|{k}"]) / float(cph.standard_errors_[k])
        assert 0.7 < ratio < 1.5, (k, ratio)


def test_bootstrap_covariance_is_reproducible_and_symmetric_input():
    df = fit.design(_synthetic())
    train = df.iloc[fit.split(len(df))[0]]
    means = {k: float(train[k].mean()) for k in fit.COVARIATES}
    a, n = fit.bootstrap_covariance(train, means, replicates=8)
    b, _ = fit.bootstrap_covariance(train, means, replicates=8)
    assert a == b and n == 8 and len(a) == 55 and all(a[(k, k)] > 0 for k in (*fit.COVARIATES, fit.LOG_H0))
