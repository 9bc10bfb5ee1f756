"""Analyze each example case once per session with one knowledge base, for the view tests that need many."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from oncotailor.case import Case
from oncotailor.findings import Report
from oncotailor.pipeline import analyze
from oncotailor.readers import read_case

Analyzer = Callable[[Path | Case], Report]


@pytest.fixture(scope="session")
def analyzed(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    """Case file or Case → Report; cached by path, isolated ONCOTAILOR_HOME, the knowledge base loaded once."""
    home = tmp_path_factory.mktemp("reports-home")
    cache: dict[Path, Report] = {}
    kb_holder: list[object] = []

    def run(case: Case) -> Report:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ONCOTAILOR_HOME", str(home))
            if not kb_holder:
                from oncotailor.knowledge.base import default_kb

                kb_holder.append(default_kb())
            return analyze(case, kb_holder[0])  # type: ignore[arg-type]

    def get(item: Path | Case) -> Report:
        if isinstance(item, Case):
            return run(item)
        if item not in cache:
            cache[item] = run(read_case(item))
        return cache[item].model_copy(deep=True)

    return get
