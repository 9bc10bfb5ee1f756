"""Eligibility text → inclusion and exclusion items.

Handles the CT.gov "Inclusion Criteria:" / "Exclusion Criteria:" blocks and their variants ("Key Exclusion
Criteria:", "EXCLUSION CRITERIA:", "Exclusion criteria for apheresis alone:"), bullets (``*``, ``-``, ``•``,
``1.``, ``a)``, ``i.``), nested lists (a parent ending in ':' is a heading for its children, who carry it as
context), and NCI CTS paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oncotailor.trials.criteria.normalise import unescape

_HEADER = re.compile(
    r"^[\s*\-•#]*(?:[\w\-/ ]{0,40}?\s)?(inclusion|exclusion|eligibility|ineligibility)\s*(criteria|criterion)?\b"
    r"[^:\n]{0,60}:?\s*(.*)$",
    re.I,
)
_BULLET = re.compile(r"^(\s*)(?:[*\-•·▪◦●o]\s+|\(?\d{1,2}[.)]\s*(?!\d)|\(?[a-hj-z][.)]\s+|\(?[ivx]{1,4}[.)]\s+)")


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    exclusion: bool
    context: str | None = None  # the parent heading of a nested item


def _header(line: str) -> tuple[bool, str] | None:
    """(is_exclusion, rest-of-line) when the line opens a section."""
    stripped = line.strip().strip("*_#").strip()
    if len(stripped) > 110:
        return None
    m = _HEADER.match(stripped)
    if not m:
        return None
    word = m.group(1).lower()
    has_crit = bool(m.group(2))
    colon = ":" in stripped
    if not (has_crit or colon):
        return None
    rest = m.group(3).strip() if colon else ""
    if not colon and len(stripped) > 40:
        return None
    if colon and stripped.index(":") > 70:
        return None
    return word in ("exclusion", "ineligibility"), rest


def split_criteria(text: str, *, default_exclusion: bool = False) -> list[Item]:
    """Split one eligibility text into items, each tagged inclusion or exclusion."""
    exclusion = default_exclusion
    items: list[Item] = []
    current: list[str] = []
    cur_indent = 0
    cur_excl = exclusion
    parents: list[tuple[int, str]] = []  # (indent, heading) stack for nested lists

    def flush() -> None:
        nonlocal current
        if current:
            body = " ".join(s.strip() for s in current).strip()
            ctx = next((h for ind, h in reversed(parents) if ind < cur_indent), None)
            if body:
                items.append(Item(body, cur_excl, ctx))
        current = []

    for raw in unescape(text).split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        head = _header(re.sub(r"^\s*[*\-•]\s*", "", line))
        if head is not None:
            flush()
            exclusion, rest = head
            parents = []
            if rest:
                current, cur_indent, cur_excl = [rest], 0, exclusion
            continue
        m = _BULLET.match(line)
        if m:
            flush()
            indent = len(m.group(1).expandtabs(4))
            body = line[m.end():].strip()
            while parents and parents[-1][0] >= indent:
                parents.pop()
            current, cur_indent, cur_excl = [body], indent, exclusion
            if body.endswith(":"):
                parents.append((indent, body.rstrip(":")))
                current = []
            continue
        if current:
            current.append(line)
        else:
            indent = len(line) - len(line.lstrip())
            body = line.strip()
            if body.endswith(":") and len(body) < 200:
                while parents and parents[-1][0] >= indent:
                    parents.pop()
                parents.append((indent, body.rstrip(":")))
                continue
            current, cur_indent, cur_excl = [body], indent, exclusion
    flush()
    return [i for i in items if re.search(r"[a-zA-Z]", i.text)]
