"""The recurrence engine: `assess(case, kb) -> Contribution` (see engine.py)."""
