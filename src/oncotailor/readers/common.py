"""Shared reader plumbing: safe file opening, sniffing, hashing and the result of reading one data file."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from oncotailor.case import Alteration, Genotype, GermlineVariant, ReadWarning
from oncotailor.errors import InputError

MAX_TEXT_BYTES = 50 * 1024 * 1024  # case files larger than this are refused, not parsed


@dataclass
class ReadResult:
    """What one tumor/germline data file yielded."""

    alterations: list[Alteration] = field(default_factory=list)
    germline: list[GermlineVariant] = field(default_factory=list)
    genotypes: list[Genotype] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    records: int = 0
    genome_build: str | None = None


def display_name(path: Path) -> str:
    """A file name safe to print: no control characters, bounded length."""
    name = "".join(ch if ch.isprintable() else "?" for ch in str(path))
    return name if len(name) <= 200 else "…" + name[-199:]


def safe_text(text: str, limit: int = 40) -> str:
    """File content quoted in a message: printable characters only, bounded length."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def require_file(path: Path, *, field_name: str | None = None) -> Path:
    if not path.exists():
        raise InputError("file not found", file=display_name(path), field=field_name)
    if not path.is_file():
        raise InputError("not a regular file", file=display_name(path), field=field_name)
    return path


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_text(path: Path, *, what: str) -> str:
    """Read a small text file (case file, TSV), refusing binary, truncated gzip and oversize input."""
    require_file(path)
    name = display_name(path)
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise InputError(f"{what} is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB", file=name)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{what} is a damaged or truncated gzip file", file=name) from exc
    if b"\x00" in raw[:8192]:
        raise InputError(f"{what} is binary, not text", file=name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{what} is not valid UTF-8 text", file=name, line=line) from exc
