"""Wall time of `oncotailor analyze examples/nsclc_egfr.yaml` including interpreter start-up (goal < 1.5 s).

The baseline, measured in the same run, is a bare `python -c pass`. With `--importtime` the slowest imports
(cumulative, from `python -X importtime`) are listed, to see what to make lazy.

    python benchmarks/bench_startup.py [--repeat 5] [--case examples/nsclc_egfr.yaml] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _command(case: Path) -> list[str]:
    exe = shutil.which("oncotailor")
    return [exe, "analyze", str(case)] if exe else [sys.executable, "-m", "oncotailor.cli", "analyze", str(case)]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - t


def slowest_imports(case: Path, env: dict[str, str], n: int = 12) -> list[tuple[float, str]]:
    """(cumulative seconds, module) of the slowest imports of one analyze run."""
    cmd = [sys.executable, "-X", "importtime", "-m", "oncotailor.cli", "analyze", str(case)]
    err = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line[len("import time:"):].split("|")]
            if parts[1].isdigit():
                rows.append((int(parts[1]) / 1e6, parts[2]))
    return sorted(rows, reverse=True)[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--case", type=Path, default=ROOT / "examples" / "nsclc_egfr.yaml")
    ap.add_argument("--importtime", action="store_true", help="list the slowest imports")
    args = ap.parse_args(argv)
    env = dict(os.environ, ONCOTAILOR_HOME=tempfile.mkdtemp(prefix="oncotailor-bench-home-"))
    cmd = _command(args.case)
    _wall(cmd, env)  # warm the file cache and any first-run state
    base = statistics.median(_wall([sys.executable, "-c", "pass"], env) for _ in range(args.repeat))
    ours = [_wall(cmd, env) for _ in range(args.repeat)]
    med = statistics.median(ours)
    print(f"bench_startup: analyze {args.case.name}: median {med:.2f} s, best {min(ours):.2f} s over {args.repeat} runs "
          f"(goal < 1.5 s); bare python {base:.2f} s; ratio {med / base:.1f}x")
    if args.importtime or med >= 1.5:
        print("slowest imports (cumulative s):")
        for secs, mod in slowest_imports(args.case, env):
            print(f"  {secs:6.3f}  {mod}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
