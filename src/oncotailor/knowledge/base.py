"""Loads the tables in `knowledge/data/`, checks each row against its schema and versions the content.

A table is either ``<name>.yaml`` holding ``meta:`` and ``rows:``, or ``<name>.tsv`` beside
``<name>.meta.yaml``. ``<name>`` is the path below the data folder without suffix (``therapy/rules``).
The version a report records is ``<meta.version or meta.date>+<sha256 of the file bytes, 12 hex>``,
so any edit to a table changes every report that used it. Imported sources (CIViC, trial stores) live
under ``$ONCOTAILOR_HOME`` and register their own versions through :meth:`KnowledgeBase.note_version`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncotailor.errors import KnowledgeError

DATA_DIR = Path(__file__).parent / "data"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10x faster


def _cache_dir() -> Path | None:
    """Where parsed tables are kept as JSON, keyed by content hash; None disables the cache."""
    import os

    if os.environ.get("ONCOTAILOR_NO_CACHE"):
        return None
    env = os.environ.get("ONCOTAILOR_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("oncotailor", appauthor=False)) / "knowledge"


def version_tag(label: object, digest: Any) -> str:
    """How a table's version is written: its meta version (or date) + the first 12 hex digits of its SHA-256."""
    return f"{label}+{digest.hexdigest()[:12]}"


def memo_json(data: bytes, tag: str, build: Any) -> Any:
    """`build()` memoised on disk as JSON under SHA-256(tag + data): for indexes derived from bundled files."""
    import json
    import os
    import tempfile

    digest = hashlib.sha256(tag.encode() + b"\0" + data).hexdigest()
    folder = _cache_dir()
    path = folder / f"{digest}.json" if folder else None
    if path is not None and path.exists():
        try:
            return json.loads(path.read_bytes())
        except (OSError, ValueError):
            pass
    # the JSON round trip makes a cache miss return exactly what a cache hit will (dates become ISO text)
    text = json.dumps(build(), default=str)
    value = json.loads(text)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except (OSError, TypeError, ValueError):
            pass
    return value


def parse_yaml_cached(data: bytes) -> Any:
    """YAML → Python, memoised on disk by SHA-256 of the bytes (JSON reloads far faster than YAML parses)."""
    return memo_json(data, "yaml-v1", lambda: yaml.load(data, Loader=_Loader))  # safe loaders only


M = TypeVar("M", bound=BaseModel)


class TableMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    description: str | None = None
    source: str = Field(description="the original public source(s), in words")
    url: str | None = None
    version: str | None = Field(None, description="the source's own release/version")
    date: str = Field(description="date the facts were checked against the source (ISO)")
    licence: str
    genome_build: str | None = None
    notes: str | None = None


class CitedRow(BaseModel):
    """Base of knowledge rows that state a clinical fact: each names its source and that source's date."""

    model_config = ConfigDict(extra="forbid")

    source: str
    source_id: str | None = None
    url: str | None = None
    date: str | None = None


class KnowledgeBase:
    """Lazy access to knowledge tables; remembers which ones a run used and their versions.

    Engines receive one instance and only read it. Loading is cached per instance and thread-safe so
    a cohort run shares one parsed copy across workers.
    """

    def __init__(self, data_dir: Path | None = None, home: Path | None = None) -> None:
        self.data_dir = data_dir or DATA_DIR
        self.home = home
        self._cache: dict[tuple[str, str], Any] = {}
        self._versions: dict[str, str] = {}
        self._lock = threading.RLock()

    # ── raw access ──
    def _paths(self, name: str) -> tuple[Path, Path | None]:
        yml = self.data_dir / f"{name}.yaml"
        if yml.exists():
            return yml, None
        tsv = self.data_dir / f"{name}.tsv"
        meta = self.data_dir / f"{name}.meta.yaml"
        if tsv.exists():
            if not meta.exists():
                raise KnowledgeError(f"knowledge table {name}.tsv has no {name}.meta.yaml beside it")
            return tsv, meta
        raise KnowledgeError(f"knowledge table '{name}' not found under {self.data_dir}")

    def exists(self, name: str) -> bool:
        return (self.data_dir / f"{name}.yaml").exists() or (self.data_dir / f"{name}.tsv").exists()

    def raw(self, name: str) -> tuple[TableMeta, list[dict[str, Any]]]:
        """Meta and rows as plain dicts (TSV cells are strings; empty cells become None)."""
        with self._lock:
            key = (name, "__raw__")
            if key in self._cache:
                self._versions[name] = self._cache[(name, "__version__")]
                return self._cache[key]
            path, meta_path = self._paths(name)
            data = path.read_bytes()
            digest = hashlib.sha256(data)
            try:
                if meta_path is None:
                    doc = parse_yaml_cached(data) or {}
                    meta_doc, rows = doc.get("meta"), doc.get("rows", [])
                else:
                    meta_bytes = meta_path.read_bytes()
                    digest.update(meta_bytes)
                    meta_doc = yaml.load(meta_bytes, Loader=_Loader)
                    reader = csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t")
                    rows = [{k: (v if v != "" else None) for k, v in r.items()} for r in reader]
            except (yaml.YAMLError, UnicodeDecodeError, csv.Error) as exc:
                raise KnowledgeError(f"knowledge table '{name}' cannot be parsed: {exc}") from exc
            try:
                meta = TableMeta.model_validate(meta_doc)
            except ValidationError as exc:
                raise KnowledgeError(f"knowledge table '{name}' has invalid meta: {exc}") from exc
            if not isinstance(rows, list):
                raise KnowledgeError(f"knowledge table '{name}': 'rows' must be a list")
            version = version_tag(meta.version or meta.date, digest)
            self._cache[key] = (meta, rows)
            self._cache[(name, "__version__")] = version
            self._versions[name] = version
            return meta, rows

    def table(self, name: str, model: type[M]) -> list[M]:
        """Rows validated against `model`; an invalid row names table, row number and field."""
        with self._lock:
            key = (name, f"{model.__module__}.{model.__qualname__}")
            if key in self._cache:
                self._versions[name] = self._cache[(name, "__version__")]
                return self._cache[key]
            _, rows = self.raw(name)
            out: list[M] = []
            for i, row in enumerate(rows, start=1):
                try:
                    out.append(model.model_validate(row))
                except ValidationError as exc:
                    first = exc.errors()[0]
                    loc = ".".join(str(p) for p in first["loc"])
                    raise KnowledgeError(
                        f"knowledge table '{name}' row {i}: field '{loc}': {first['msg']}"
                    ) from exc
            self._cache[key] = out
            return out

    def meta(self, name: str) -> TableMeta:
        return self.raw(name)[0]

    def note_version(self, source: str, version: str) -> None:
        """Record the version of an imported source (CIViC import, trial store) that a run used."""
        with self._lock:
            self._versions[source] = version

    def versions(self) -> dict[str, str]:
        """Versions of everything used so far, sorted for a stable report."""
        with self._lock:
            return dict(sorted(self._versions.items()))

    def view(self) -> KnowledgeBase:
        """A per-run handle: shares parsed tables, records its own versions (safe for parallel runs)."""
        other = KnowledgeBase.__new__(KnowledgeBase)
        other.data_dir, other.home, other._cache, other._lock = self.data_dir, self.home, self._cache, self._lock
        other._versions = {}
        return other

    def all_tables(self) -> list[str]:
        names = set()
        for p in self.data_dir.rglob("*"):
            if p.suffix in {".yaml", ".tsv"} and not p.name.endswith(".meta.yaml"):
                names.add(str(p.relative_to(self.data_dir).with_suffix("")))
        return sorted(names)


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The bundled knowledge plus whatever was imported under `$ONCOTAILOR_HOME`."""
    from oncotailor.settings import home

    return KnowledgeBase(home=home())
