"""What both HTML views share: the Jinja2 environment, safe links, and groupings of findings.

Autoescape is on for every template, so user and knowledge text is always escaped; only our own SVG
strings (escaped when built, in `figures`) are marked safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from oncotailor.findings import Evidence, RecurrenceEstimate, Report, ResistanceMatch, TherapyMatch

LEVEL_RANK = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4, "R1": 5, "R2": 6}


def safe_url(url: str | None) -> str | None:
    """Only http(s) links reach an href: a `javascript:` URL in a knowledge row must not run."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in {"http", "https"} and parsed.netloc else None


def pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return f"{text}%"


def static(name: str) -> Markup:
    """Our own CSS/JS, inlined so the report is one self-contained file."""
    return Markup((resources.files(__package__) / "templates" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("oncotailor.report", "templates"),
                      autoescape=select_autoescape(["html", "j2", "jinja"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(safe_url=safe_url, pct=pct, static=static, level_rank=LEVEL_RANK)
    env.filters["pct"] = pct
    return env


@dataclass
class ActionableRow:
    """One alteration with its highest therapy level, and resistance seen against it."""

    alteration: str
    level: str
    therapies: list[TherapyMatch] = field(default_factory=list)
    resistance: list[ResistanceMatch] = field(default_factory=list)

    @property
    def unique_therapies(self) -> list[TherapyMatch]:
        """One entry per drug combination (several rules can match the same drugs)."""
        seen: set[tuple[str, ...]] = set()
        out = []
        for t in self.therapies:
            key = tuple(sorted(d.lower() for d in t.drugs))
            if key not in seen:
                seen.add(key)
                out.append(t)
        return out

    @property
    def evidence(self) -> list[Evidence]:
        out: list[Evidence] = []
        items: list[TherapyMatch | ResistanceMatch] = [*self.therapies, *self.resistance]
        for item in items:
            out.extend(e for e in item.evidence if e not in out)
        return out


def actionable_summary(report: Report) -> list[ActionableRow]:
    """Highest level per alteration (therapies at that level only), then resistance-only alterations."""
    rows: dict[str, ActionableRow] = {}
    for th in sorted(report.therapies, key=lambda t: LEVEL_RANK.get(t.level, 9)):
        row = rows.setdefault(th.alteration, ActionableRow(th.alteration, th.level))
        if th.level == row.level:
            row.therapies.append(th)
    for r in report.resistance:
        row = rows.setdefault(r.alteration, ActionableRow(r.alteration, r.level))
        row.resistance.append(r)
    return sorted(rows.values(), key=lambda r: (LEVEL_RANK.get(r.level, 9), r.alteration))


@dataclass
class RecurrenceGroup:
    """Estimates of one model for one outcome and horizon, in treatment-step order."""

    model: str
    outcome: str
    horizon: str
    estimates: list[RecurrenceEstimate]

    @property
    def baseline(self) -> RecurrenceEstimate | None:
        valid = [e for e in self.estimates if e.valid and e.percent is not None]
        return next((e for e in valid if e.treatment.lower() == "surgery only"), valid[0] if valid else None)

    @property
    def has_curves(self) -> bool:
        return any(e.curve for e in self.estimates if e.valid)


def recurrence_groups(estimates: Iterable[RecurrenceEstimate]) -> list[RecurrenceGroup]:
    groups: dict[tuple[str, str, str], RecurrenceGroup] = {}
    for e in estimates:
        key = (e.model, e.outcome, e.horizon)
        groups.setdefault(key, RecurrenceGroup(*key, estimates=[])).estimates.append(e)
    return list(groups.values())


def headline_groups(estimates: Iterable[RecurrenceEstimate]) -> list[RecurrenceGroup]:
    """Per model, the group to picture: a survival outcome first, then the horizon nearest 10 years."""
    best: dict[str, RecurrenceGroup] = {}

    def rank(g: RecurrenceGroup) -> tuple[int, float]:
        years = horizon_years(g.horizon)
        return (0 if is_survival(g.outcome) else 1, abs((years if years is not None else 100.0) - 10.0))

    for g in recurrence_groups(estimates):
        if g.model not in best or rank(g) < rank(best[g.model]):
            best[g.model] = g
    return list(best.values())


def horizon_years(horizon: str) -> float | None:
    """'10y' → 10.0; other horizons (e.g. 'to_age_90') → None."""
    h = horizon.strip().lower()
    if h.endswith("y") and h[:-1].replace(".", "", 1).isdigit():
        return float(h[:-1])
    return None


def is_survival(outcome: str) -> bool:
    """Survival outcomes count people alive/free; others (recurrence, death) count events."""
    o = outcome.lower()
    return "surviv" in o or "free" in o
