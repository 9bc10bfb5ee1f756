"""The registry of engines `analyze` runs, in report order.

Each engine module exposes ``assess(case, kb) -> Contribution`` and does no I/O. Post-processors see
the assembled contributions and may annotate across sections (PGx notes on therapies, questions).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from oncotailor.case import Case
from oncotailor.findings import Contribution
from oncotailor.knowledge import KnowledgeBase

Engine = Callable[[Case, KnowledgeBase], Contribution]
PostProcessor = Callable[[Case, Contribution, KnowledgeBase], Contribution]

ENGINES: tuple[tuple[str, str], ...] = (
    ("therapy", "oncotailor.therapy.engine"),
    ("pgx", "oncotailor.pgx.engine"),
    ("risk", "oncotailor.risk.engine"),
    ("recurrence", "oncotailor.recurrence.engine"),
    ("trials", "oncotailor.trials.engine"),
)

POST_PROCESSORS: tuple[tuple[str, str], ...] = (
    ("pgx_links", "oncotailor.pgx.link"),
    ("questions", "oncotailor.questions.engine"),
)


def load(module: str, attr: str = "assess") -> Callable[..., Contribution]:
    return getattr(import_module(module), attr)
