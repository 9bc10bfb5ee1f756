"""Where state that outlives a run lives: `$ONCOTAILOR_HOME` and the database URL, validated once."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """`$ONCOTAILOR_HOME`, else the platform's user data dir; created on first use by writers only."""
    env = os.environ.get("ONCOTAILOR_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("oncotailor", appauthor=False))


def database_url(explicit: str | None = None) -> str:
    """`--db URL`, else `$ONCOTAILOR_DB`, else a SQLite file under home()."""
    if explicit:
        return explicit
    env = os.environ.get("ONCOTAILOR_DB")
    if env:
        return env
    return f"sqlite:///{home() / 'oncotailor.sqlite'}"
