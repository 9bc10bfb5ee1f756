"""Run every benchmark in this folder (`bench_*.py`, each with a `main()`), one after another.

Each runs in its own interpreter so its imports and arguments do not leak into the next; the summary lists
exit code and wall time per benchmark. Pass `-k TEXT` to run only the benchmarks whose name contains TEXT.

    python benchmarks/run_all.py [-k vcf]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(keyword: str | None = None) -> list[Path]:
    return [p for p in sorted(HERE.glob("bench_*.py")) if keyword is None or keyword in p.stem]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", dest="keyword", help="only benchmarks whose file name contains this")
    args = ap.parse_args(argv)
    results = []
    for path in discover(args.keyword):
        print(f"== {path.stem}", flush=True)
        t = time.perf_counter()
        code = subprocess.run([sys.executable, str(path)], cwd=HERE.parent).returncode
        results.append((path.stem, code, time.perf_counter() - t))
    print("== summary")
    for name, code, secs in results:
        print(f"  {name:24s} {'ok' if code == 0 else f'FAILED ({code})':12s} {secs:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
