#!/usr/bin/env python
"""Fit the research Cox model for recurrence-free survival and write it as our knowledge table.

    python scripts/fit_recurrence_model.py                       # GBSG2 as shipped in lifelines
    python scripts/fit_recurrence_model.py --data my_cohort.csv  # same columns as GBSG2 (see recurrence/fit.py)
    python scripts/fit_recurrence_model.py -o OTHER.yaml --seed 7
    python scripts/fit_recurrence_model.py --bootstrap 0         # no interval covariance (faster)

Prints the held-out C-index, the calibration slope and predicted vs observed 5-year RFS by risk tertile.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "oncotailor" / "knowledge" / "data" / "recurrence" / "gbsg2_cox.yaml"


def main(argv: list[str] | None = None) -> int:
    from oncotailor.recurrence import fit

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, help="CSV with GBSG2 columns (default: lifelines' GBSG2)")
    p.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--seed", type=int, default=fit.SEED)
    p.add_argument("--bootstrap", type=int, default=fit.BOOTSTRAP,
                   help=f"bootstrap refits for the 95 %% interval covariance (default {fit.BOOTSTRAP}; 0: none)")
    a = p.parse_args(argv)
    try:
        raw = fit.load_table(a.data)
        res = fit.fit(raw, seed=a.seed, replicates=a.bootstrap)
    except (OSError, KeyError, ValueError) as exc:
        print(f"error: cannot fit from {a.data or 'GBSG2'}: {exc}", file=sys.stderr)
        return 2
    label = f"GBSG2, n={res.n}" if a.data is None else f"{a.data.name}, n={res.n}"
    doc = fit.to_table(res, label)
    tmp = a.out.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(doc, sort_keys=False, width=120))
    tmp.replace(a.out)
    m = res.metrics
    print(f"{label}: train {res.n_train}, held-out {res.n_test} (seed {a.seed})")
    print(f"held-out C-index {m['c_index_test']:.3f} (train {m['c_index_train']:.3f}); "
          f"calibration slope {m['calibration_slope_test']:.2f}")
    for c in res.calibration:
        print(f"  risk tertile {c['tertile']} (n={c['n']}): predicted 5-y RFS {c['predicted_rfs_5y']:.1f} %, "
              f"observed (Kaplan-Meier) {c['observed_rfs_5y']:.1f} %")
    if res.replicates:
        print(f"bootstrap covariance from {res.replicates} of {a.bootstrap} refits")
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
