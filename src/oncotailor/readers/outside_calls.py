"""PharmCAT-style outside-call TSV (placeholder until the PGx work lands)."""

from __future__ import annotations

from pathlib import Path


def read_outside_calls(path: Path) -> dict[str, str]:
    return {}
