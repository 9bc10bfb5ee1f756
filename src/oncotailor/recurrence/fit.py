"""Fitting and checking the research Cox model on GBSG2 (lifelines; used by the fit script and `validate`, never at report time).

Covariates are those a present-day case file carries: age, post-menopausal, tumour size (mm), grade 2 and 3
(vs 1), log(positive nodes + 1), ER and PR positive (GBSG2 receptor levels >= 10 fmol/mg, the classical
biochemical cut-off) and tamoxifen. Endpoint: recurrence-free survival in years. A fixed-seed split keeps
30 % of patients for the held-out C-index and calibration (predicted vs Kaplan-Meier 5-year RFS by
tertile of predicted risk, and the calibration slope: the Cox coefficient of the linear predictor refitted
on the held-out set).

Uncertainty: `BOOTSTRAP` refits on resamples of the training set give the covariance of the coefficients
and of the log baseline cumulative hazard at the horizon (at the training means). Shipped with the model,
it lets the engine give a 95 % interval for any patient's predicted survival by the delta method on the
log cumulative hazard scale, without lifelines at report time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

COVARIATES = ("age", "postmenopausal", "size_mm", "grade2", "grade3", "log_nodes", "er_pos", "pr_pos", "tamoxifen")
RECEPTOR_CUTOFF_FMOL = 10.0
DAYS_PER_YEAR = 365.25
SEED = 20261129
TEST_FRACTION = 0.3
HORIZON_YEARS = 5
BOOTSTRAP = 200
Z95 = 1.959963984540054
LOG_H0 = f"log_H0_{HORIZON_YEARS}y"  # name of the log baseline cumulative hazard in the covariance


def load_table(path: Path | None = None) -> Any:
    """GBSG2 as lifelines ships it, or a user CSV with the same columns (horTh, age, menostat, tsize, tgrade,
    pnodes, progrec, estrec, time in days, cens)."""
    import pandas as pd

    if path is None:
        from lifelines.datasets import load_gbsg2

        return load_gbsg2()
    return pd.read_csv(path)


def design(raw: Any) -> Any:
    import pandas as pd

    grade = raw["tgrade"].astype(str).str.strip()
    return pd.DataFrame({
        "age": raw["age"].astype(float),
        "postmenopausal": (raw["menostat"].astype(str).str.lower() == "post").astype(float),
        "size_mm": raw["tsize"].astype(float),
        "grade2": (grade == "II").astype(float),
        "grade3": (grade == "III").astype(float),
        "log_nodes": np.log(raw["pnodes"].astype(float) + 1),
        "er_pos": (raw["estrec"].astype(float) >= RECEPTOR_CUTOFF_FMOL).astype(float),
        "pr_pos": (raw["progrec"].astype(float) >= RECEPTOR_CUTOFF_FMOL).astype(float),
        "tamoxifen": (raw["horTh"].astype(str).str.lower() == "yes").astype(float),
        "years": raw["time"].astype(float) / DAYS_PER_YEAR,
        "event": raw["cens"].astype(int),
    })


def split(n: int, seed: int = SEED, test_fraction: float = TEST_FRACTION) -> tuple[Any, Any]:
    order = np.random.default_rng(seed).permutation(n)
    k = round(n * test_fraction)
    return np.sort(order[k:]), np.sort(order[:k])


@dataclass
class FitResult:
    coefficients: dict[str, float]
    means: dict[str, float]
    baseline: list[tuple[int, float]]  # (year, S0 at the covariate means)
    metrics: dict[str, float]
    calibration: list[dict[str, float]]
    ranges: dict[str, tuple[float, float]]
    n_train: int
    n_test: int
    n: int
    covariance: dict[tuple[str, str], float] = field(default_factory=dict)  # (COVARIATES + LOG_H0) pairs
    replicates: int = 0


def _km_at(years: Any, event: Any, t: float) -> float:
    from lifelines import KaplanMeierFitter

    km = KaplanMeierFitter().fit(years, event)
    return float(km.survival_function_at_times(t).iloc[0])


def bootstrap_covariance(train: Any, means: dict[str, float], seed: int = SEED,
                         replicates: int = BOOTSTRAP) -> tuple[dict[tuple[str, str], float], int]:
    """Covariance of (coefficients, log H0(horizon) at `means`) over Cox refits on bootstrap resamples of `train`.

    lifelines centres each refit at its own sample means, so each replicate's log baseline is moved to the
    training means: log H0(t | means) = log(-log S0_b(t)) + beta_b . (means - means_b). Refits that fail to
    converge are skipped; the count used is returned.
    """
    import warnings

    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    rng = np.random.default_rng(seed + 1)
    draws = []
    cols = [*COVARIATES, "years", "event"]
    for _ in range(replicates):
        sample = train.iloc[rng.integers(0, len(train), len(train))]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence warnings of degenerate resamples: skipped below
                cph = CoxPHFitter().fit(sample[cols], duration_col="years", event_col="event")
        except (ConvergenceError, np.linalg.LinAlgError, ValueError, ZeroDivisionError):
            continue
        beta = [float(cph.params_[k]) for k in COVARIATES]
        s0 = cph.baseline_survival_
        s_h = float(s0[s0.index <= HORIZON_YEARS].iloc[-1, 0])
        shift = sum(b * (means[k] - float(sample[k].mean())) for b, k in zip(beta, COVARIATES, strict=True))
        draws.append([*beta, math.log(-math.log(s_h)) + shift])
    names = [*COVARIATES, LOG_H0]
    cov = np.cov(np.array(draws), rowvar=False)
    return {(a, b): float(cov[i, j]) for i, a in enumerate(names) for j, b in enumerate(names) if j >= i}, len(draws)


def fit(raw: Any, seed: int = SEED, replicates: int = 0) -> FitResult:
    """Fit on the training split and check on the held-out one; `replicates` > 0 adds the bootstrap covariance."""
    from lifelines import CoxPHFitter
    from lifelines.utils import concordance_index

    df = design(raw)
    train_idx, test_idx = split(len(df), seed)
    train, test = df.iloc[train_idx], df.iloc[test_idx]
    cph = CoxPHFitter().fit(train[[*COVARIATES, "years", "event"]], duration_col="years", event_col="event")
    coef = {k: float(cph.params_[k]) for k in COVARIATES}
    means = {k: float(train[k].mean()) for k in COVARIATES}
    s0 = cph.baseline_survival_
    last = math.floor(float(train["years"].max()))
    baseline = [(0, 1.0)] + [(y, float(s0[s0.index <= y].iloc[-1, 0])) for y in range(1, last + 1)]

    def lp(frame: Any) -> Any:
        return sum(coef[k] * (frame[k] - means[k]) for k in COVARIATES)

    s5 = dict(baseline)[HORIZON_YEARS]
    lp_test = lp(test)
    pred5 = s5 ** np.exp(lp_test)
    metrics = {
        "c_index_test": float(concordance_index(test["years"], -lp_test, test["event"])),
        "c_index_train": float(concordance_index(train["years"], -lp(train), train["event"])),
    }
    slope_fit = CoxPHFitter().fit(test.assign(lp=lp_test)[["lp", "years", "event"]], duration_col="years",
                                  event_col="event")
    metrics["calibration_slope_test"] = float(slope_fit.params_["lp"])
    tertile = np.digitize(lp_test, np.quantile(lp_test, [1 / 3, 2 / 3]))
    calibration = []
    for k in range(3):
        sel = tertile == k
        calibration.append({"tertile": k + 1, "n": int(sel.sum()),
                            "predicted_rfs_5y": float(100 * pred5[sel].mean()),
                            "observed_rfs_5y": float(100 * _km_at(test["years"][sel], test["event"][sel], HORIZON_YEARS))})
    ranges = {"age": (float(df["age"].min()), float(df["age"].max())),
              "size_mm": (float(df["size_mm"].min()), float(df["size_mm"].max())),
              "nodes": (float(raw["pnodes"].min()), float(raw["pnodes"].max()))}
    covariance, used = bootstrap_covariance(train, means, seed, replicates) if replicates else ({}, 0)
    return FitResult(coef, means, baseline, metrics, calibration, ranges, len(train), len(test), len(df),
                     covariance, used)


def to_table(res: FitResult, data_label: str) -> dict[str, Any]:
    """Our knowledge-table layout: meta + rows of kind coefficient / baseline / metric / calibration / range."""
    rows: list[dict[str, Any]] = []
    src = "fit_recurrence_model.py on " + data_label
    rows += [{"kind": "coefficient", "name": k, "value": round(v, 10), "mean": round(res.means[k], 10), "source": src}
             for k, v in res.coefficients.items()]
    rows += [{"kind": "baseline", "name": f"S0_{y}y", "year": y, "value": round(s, 10), "source": src}
             for y, s in res.baseline]
    rows += [{"kind": "metric", "name": k, "value": round(v, 6), "source": src} for k, v in res.metrics.items()]
    rows += [{"kind": "metric", "name": k, "value": float(v), "source": src}
             for k, v in (("n", res.n), ("n_train", res.n_train), ("n_test", res.n_test), ("seed", SEED))]
    rows += [{"kind": "calibration", "name": f"tertile_{c['tertile']}", "year": HORIZON_YEARS,
              "value": round(c["predicted_rfs_5y"], 4), "observed": round(c["observed_rfs_5y"], 4), "n": c["n"],
              "source": src} for c in res.calibration]
    rows += [{"kind": "range", "name": k, "min": lo, "max": hi, "source": src} for k, (lo, hi) in res.ranges.items()]
    if res.covariance:
        boot = f"{src}, bootstrap covariance ({res.replicates} resamples of the training set)"
        rows += [{"kind": "metric", "name": "bootstrap_replicates", "value": float(res.replicates), "source": boot},
                 {"kind": "metric", "name": "interval_z", "value": Z95, "source": "normal quantile for 95 %"}]
        rows += [{"kind": "covariance", "name": f"{a}|{b}", "value": float(f"{v:.8e}"), "source": boot}
                 for (a, b), v in res.covariance.items()]
    meta = {
        "title": f"Research Cox model for recurrence-free survival fitted on {data_label}",
        "description": ("Cox proportional-hazards coefficients (centred at the training means), yearly baseline "
                        "survival at the means, held-out C-index and calibration, and the bootstrap covariance of "
                        f"the coefficients and {LOG_H0} (for 95 % intervals). Produced by "
                        "scripts/fit_recurrence_model.py; a research model shown beside the published models."),
        "source": ("GBSG2: Schumacher M et al. JCO 1994;12:2086-93; Sauerbrei W, Royston P. JRSS A 1999;162:71-94; "
                   "data as shipped in lifelines 0.30 (lifelines.datasets.load_gbsg2)" if data_label.startswith("GBSG2")
                   else data_label),
        "url": "https://doi.org/10.1200/JCO.1994.12.10.2086",
        "version": f"seed {SEED}, test fraction {TEST_FRACTION}",
        "date": "2026-11-29",
        "licence": "our fit (Apache-2.0 with the code); GBSG2 data redistributed for decades, original licence unstated",
        "notes": f"ER/PR positive = receptor level >= {RECEPTOR_CUTOFF_FMOL:g} fmol/mg; time in years (days / 365.25).",
    }
    return {"meta": meta, "rows": rows}
