"""Shared helpers for the risk tests: the bundled knowledge base and quick case building."""

from __future__ import annotations

from typing import Any

import pytest

from oncotailor.case import Case
from oncotailor.knowledge import KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase()


def make_case(**parts: Any) -> Case:
    """A Case from plain dicts, the way a case file would give it."""
    return Case.model_validate(parts)
