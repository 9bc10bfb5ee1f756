"""Shared loaders for the therapy-knowledge tests: every therapy table, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.knowledge.base import DATA_DIR, KnowledgeBase
from oncotailor.knowledge.schemas.therapy import NoTargetedOption, TherapyRule

THERAPY_DIR = DATA_DIR / "therapy"
NO_OPTION_TABLE = "therapy/no_targeted_option"


def rule_tables() -> list[str]:
    return sorted(f"therapy/{p.stem}" for p in THERAPY_DIR.glob("*.yaml") if p.stem != "no_targeted_option")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase()


@pytest.fixture(scope="session")
def rules(kb: KnowledgeBase) -> dict[str, list[TherapyRule]]:
    return {name: kb.table(name, TherapyRule) for name in rule_tables()}


@pytest.fixture(scope="session")
def all_rules(rules: dict[str, list[TherapyRule]]) -> list[TherapyRule]:
    return [r for rows in rules.values() for r in rows]


@pytest.fixture(scope="session")
def no_option_rows(kb: KnowledgeBase) -> list[NoTargetedOption]:
    return kb.table(NO_OPTION_TABLE, NoTargetedOption)


def therapy_files() -> list[Path]:
    return sorted(THERAPY_DIR.glob("*.yaml"))
