"""The trials engine: `assess(case, kb) -> Contribution` (see engine.py)."""
