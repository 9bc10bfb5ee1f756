"""The risk engine: `assess(case, kb) -> Contribution` (see engine.py)."""
