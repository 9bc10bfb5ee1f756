"""Validation commands for the recurrence models (lifelines; never imported at report time).

    python -m oncotailor.recurrence.validate gene70-vdx --data /work/shared/data/risk/genefu
    python -m oncotailor.recurrence.validate gbsg2 [--data GBSG2_LIKE.csv]

gene70-vdx: the 70-gene classifier on the VDX cohort (Wang 2005; 150 node-negative untreated patients,
Affymetrix). Signature reporters are matched to VDX probes by Entrez id (one probe per gene, the most
variable, as genefu does); absolute intensities (VDX) are centred on each probe's cohort median so they
become ratios to a cohort reference, as the template expects; ratio cohorts (NKI) are used as they are. Reports the share called poor, the Cox hazard ratio (poor vs
good) for distant-metastasis-free survival with its 95 % interval, and the log-rank p.
gbsg2: refits the research Cox model and prints its held-out C-index and calibration.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from oncotailor.errors import InputError


@dataclass
class Separation:
    n: int
    reporters_used: int
    share_poor: float
    hazard_ratio: float
    hr_low: float
    hr_high: float
    logrank_p: float
    events: int


def probe_per_gene(annot: Any, expr: Any, entrez_ids: set[int]) -> dict[int, str]:
    """For each wanted Entrez id, the cohort probe with the largest variance."""
    best: dict[int, tuple[float, str]] = {}
    for probe, ent in zip(annot["probe"], annot["EntrezGene.ID"], strict=True):
        if ent != ent or probe not in expr.columns:  # NaN Entrez
            continue
        e = int(ent)
        if e in entrez_ids:
            var = float(np.nanvar(expr[probe].to_numpy(dtype=float)))
            if e not in best or var > best[e][0]:
                best[e] = (var, probe)
    return {e: p for e, (_, p) in best.items()}


def correlations(expr: Any, annot: Any, reporters: list[Any], centre: str = "auto") -> tuple[Any, int]:
    """Pearson correlation of each sample with the template over the matched reporters (missing values skipped).

    `centre`: "median" subtracts each probe's cohort median (absolute intensities become ratios to a cohort
    reference); "none" keeps values that already are ratios; "auto" centres only when no value is negative.
    """
    ids = {r.entrez for r in reporters if r.entrez is not None}
    probes = probe_per_gene(annot, expr, ids)
    pairs = [(probes[r.entrez], r.template) for r in reporters if r.entrez in probes]
    if len(pairs) < 3:
        raise InputError("fewer than 3 signature genes found in the cohort", field="expression")
    x = expr[[p for p, _ in pairs]].to_numpy(dtype=float)
    if centre == "median" or (centre == "auto" and np.nanmin(x) >= 0):
        x = x - np.nanmedian(x, axis=0)
    t = np.array([v for _, v in pairs])
    out = np.full(x.shape[0], np.nan)
    for i, row in enumerate(x):
        ok = ~np.isnan(row)
        if ok.sum() >= 3:
            out[i] = np.corrcoef(row[ok], t[ok])[0, 1]
    return out, len(pairs)


def separation(years: Any, events: Any, poor: Any, reporters_used: int) -> Separation:
    import pandas as pd
    from lifelines import CoxPHFitter
    from lifelines.statistics import logrank_test

    df = pd.DataFrame({"years": years, "event": events, "poor": poor.astype(float)}).dropna()
    cph = CoxPHFitter().fit(df, duration_col="years", event_col="event")
    hr = float(np.exp(cph.params_["poor"]))
    ci = np.exp(cph.confidence_intervals_.loc["poor"].to_numpy())
    good, bad = df[df.poor == 0], df[df.poor == 1]
    p = float(logrank_test(good.years, bad.years, good.event, bad.event).p_value)
    return Separation(len(df), reporters_used, float(df.poor.mean()), hr, float(ci[0]), float(ci[1]), p,
                      int(df.event.sum()))


def gene70_cohort(expr: Any, annot: Any, clinical: Any, threshold: float | None = None,
                  centre: str = "auto") -> Separation:
    from oncotailor.knowledge import default_kb
    from oncotailor.recurrence import gene70
    from oncotailor.recurrence.model_base import named_values

    kb = default_kb()
    reporters = kb.table(gene70.TABLE, gene70.ReporterRow)
    cut = threshold if threshold is not None else named_values(kb, gene70.RULE)["good_if_correlation_above"]
    expr = expr.set_index("sample") if "sample" in expr.columns else expr
    clinical = clinical.set_index("sample").loc[expr.index]
    r, used = correlations(expr, annot, reporters, centre)
    keep = ~np.isnan(r)
    poor = np.array([gene70.classify(float(v), cut) == "poor" for v in r[keep]])
    return separation(clinical["t.dmfs"].to_numpy(float)[keep] / 365.25, clinical["e.dmfs"].to_numpy(float)[keep],
                      poor, used)


def gene70_vdx(folder: Path, prefix: str = "vdxs") -> Separation:
    import pandas as pd

    files = [folder / f"{prefix}_{k}.csv" for k in ("expression", "annot", "clinical")]
    for f in files:
        if not f.is_file():
            raise InputError("file not found", file=str(f), hint="point --data at the genefu export folder")
    expr, annot, clinical = (pd.read_csv(f) for f in files)
    return gene70_cohort(expr, annot, clinical)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m oncotailor.recurrence.validate")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gene70-vdx", help="70-gene classifier separation on VDX (or NKI with --cohort nkis)")
    g.add_argument("--data", type=Path, required=True, help="genefu export folder")
    g.add_argument("--cohort", default="vdxs")
    b = sub.add_parser("gbsg2", help="held-out C-index of the research Cox model")
    b.add_argument("--data", type=Path, help="CSV with GBSG2 columns (default: lifelines' GBSG2)")
    a = p.parse_args(argv)
    try:
        if a.cmd == "gene70-vdx":
            s = gene70_vdx(a.data, a.cohort)
            print(f"70-gene signature on {a.cohort.upper()[:3]} (n={s.n}, {s.events} distant metastases; "
                  f"{s.reporters_used} of 70 reporters matched by Entrez id)")
            print(f"called poor: {100 * s.share_poor:.1f} %")
            print(f"DMFS hazard ratio poor vs good: {s.hazard_ratio:.2f} (95 % CI {s.hr_low:.2f}-{s.hr_high:.2f}); "
                  f"log-rank p = {s.logrank_p:.2g}")
        else:
            from oncotailor.recurrence import fit

            res = fit.fit(fit.load_table(a.data))
            m = res.metrics
            print(f"GBSG2 Cox (research): n={res.n}, train {res.n_train}, held-out {res.n_test} (seed {fit.SEED})")
            print(f"held-out C-index {m['c_index_test']:.3f}; calibration slope {m['calibration_slope_test']:.2f}")
            for c in res.calibration:
                print(f"  tertile {c['tertile']}: predicted 5-y RFS {c['predicted_rfs_5y']:.1f} %, "
                      f"observed {c['observed_rfs_5y']:.1f} %")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
