"""Versions of the vocabulary tables (genes, OncoTree, drugs, exons, panels, karyotypes …) for the report.

The vocabularies change answers as much as the knowledge tables do (a drug's class decides "after a
platinum"; an exon table decides "exon 19 deletion"), so a report records them beside the knowledge
versions, in the same form: `<meta version or date>+<first 12 hex digits of the SHA-256 of the bytes>`.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml

from oncotailor.knowledge.base import version_tag

DATA = Path(__file__).parent / "data"


def _meta_of(path: Path) -> tuple[dict[str, object], bytes]:
    """The table's meta and the extra bytes it is versioned with (a separate .meta.yaml)."""
    if path.suffix == ".yaml":
        doc = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        return dict(doc.get("meta") or {}), b""
    stem = path.name.split(".")[0]
    meta_path = path.with_name(f"{stem}.meta.yaml")
    if not meta_path.exists():
        return {}, b""
    raw = meta_path.read_bytes()
    return dict(yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}), raw


@lru_cache(maxsize=1)
def vocab_versions() -> dict[str, str]:
    """`vocab/<table>` → version, for every bundled vocabulary table (read once per process)."""
    out: dict[str, str] = {}
    for path in sorted(DATA.iterdir()):
        if path.name.endswith(".meta.yaml") or not path.is_file():
            continue
        meta, extra = _meta_of(path)
        digest = hashlib.sha256(path.read_bytes())
        digest.update(extra)
        tag = meta.get("version") or meta.get("date") or "unversioned"
        out[f"vocab/{path.name.split('.')[0]}"] = version_tag(tag, digest)
    return out
