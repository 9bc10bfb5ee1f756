"""The therapy engine: `assess(case, kb) -> Contribution` (see engine.py)."""
