"""Tab-separated tables (MAF, fusion caller output, copy-number calls): header by name, rows with line numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from oncotailor.errors import InputError
from oncotailor.readers.common import read_text


@dataclass
class Table:
    columns: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]]  # (1-based line, cells)

    def index(self, *names: str, required: bool = False, what: str = "table") -> int | None:
        """Position of the first of `names` present (case-insensitive), else None or an error naming it."""
        low = {c.strip().lower(): i for i, c in enumerate(self.columns)}
        for n in names:
            if n.lower() in low:
                return low[n.lower()]
        if required:
            raise InputError(f"the {what} has no '{names[0]}' column", line=self.header_line, field=names[0])
        return None

    def iter(self) -> Iterator[tuple[int, list[str]]]:
        yield from self.rows


def read_table(path: Path, *, what: str, is_header: Callable[[str], bool] | None = None) -> Table:
    """Read a TSV; the header is the first line for which `is_header` holds (default: first non-'#' line)."""
    text = read_text(path, what=what)
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[str]]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if header is None:
            if (is_header(line) if is_header else not line.startswith("#")):
                header, header_line = [c.strip().lstrip("#") for c in line.split("\t")], n
            continue
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise InputError(f"row has {len(cells)} columns but the header has {len(header)}", line=n)
        rows.append((n, cells + [""] * (len(header) - len(cells))))
    if header is None:
        raise InputError(f"the {what} has no header line", line=1)
    return Table(header, header_line, rows)


def cell(row: list[str], i: int | None) -> str | None:
    """A stripped cell, or None for absent/empty/NA-style values."""
    if i is None or i >= len(row):
        return None
    v = row[i].strip()
    return None if v in {"", ".", "NA", "N/A", "NaN", "nan", "None", "null", "-"} else v
