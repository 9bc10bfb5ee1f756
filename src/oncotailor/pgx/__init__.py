"""The pgx engine: `assess(case, kb) -> Contribution` (see engine.py)."""
