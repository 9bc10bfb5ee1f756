"""Shared fixtures: paths to the repo's examples and to ../shared/data (validation skips without it)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own ONCOTAILOR_HOME so nothing leaks between tests or into the user's data."""
    monkeypatch.setenv("ONCOTAILOR_HOME", str(tmp_path_factory.mktemp("home")))
    from oncotailor.knowledge.base import default_kb

    default_kb.cache_clear()
