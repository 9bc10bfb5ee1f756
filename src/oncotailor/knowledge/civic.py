"""CIViC import: TSV exports or GraphQL JSON → `$ONCOTAILOR_HOME/knowledge/civic/` (parquet + manifest).

CIViC (https://civicdb.org, CC0; cite Griffith et al., Nat Genet 2017;49:170-174 and the release date) is
added as a separate, clearly labelled research-level source beside our curated rules. Two inputs give the
same stored tables:

- the nightly / monthly TSV exports: ``ClinicalEvidenceSummaries`` (required) and, when given,
  ``MolecularProfileSummaries`` and ``VariantSummaries`` in both the legacy 26-column and the current
  41-column layouts. Columns are looked up by header name, never by position, and every row's column
  count is checked against its header (a known export pitfall);
- the JSON of the public GraphQL API (`civic_graphql`): one or more pages of an ``evidenceItems`` query.

Which items are used: ``accepted`` ones; ``submitted`` ones only when the caller asks
(``include_submitted``, CLI ``--include-submitted``), and they stay marked as submitted; ``rejected`` never.
The TSV exports named ``Accepted…`` hold accepted items only, so for them the rule changes nothing.

A bad file raises `InputError` naming file and line/field (or JSON path); nothing is written until every
file has been read, and the store is then replaced in one rename.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from oncotailor.errors import InputError
from oncotailor.io_utils import read_utf8

SOURCE = "CIViC"
LICENCE = "CC0 1.0 (CIViC content); cite Griffith et al., Nat Genet 2017;49:170-174 and the release date"
STORE = Path("knowledge") / "civic"

EVIDENCE_COLUMNS = (
    "molecular_profile", "molecular_profile_id", "disease", "doid", "therapies", "therapy_interaction_type",
    "evidence_type", "evidence_direction", "evidence_level", "significance", "citation_id", "source_type",
    "citation", "rating", "evidence_id", "variant_origin", "last_review_date", "evidence_civic_url",
)
PROFILE_COLUMNS = ("name", "molecular_profile_id", "variant_ids")
VARIANT_COMMON = ("variant_id", "variant", "variant_types", "single_variant_molecular_profile_id")
VARIANT_LEGACY = (*VARIANT_COMMON, "gene", "chromosome2")
VARIANT_CURRENT = (*VARIANT_COMMON, "feature_type", "feature_name", "5_prime_partner", "3_prime_partner")

STATUSES = frozenset({"accepted", "submitted", "rejected"})
EVIDENCE_TYPES = frozenset({"Predictive", "Diagnostic", "Prognostic", "Predisposing", "Oncogenic", "Functional"})
LEVELS = frozenset("ABCDE")
VARIANT_SCHEMA = {"variant_id": pl.Int64, "feature_type": pl.Utf8, "gene": pl.Utf8, "variant": pl.Utf8,
                  "five_prime": pl.Utf8, "three_prime": pl.Utf8, "variant_types": pl.Utf8,
                  "molecular_profile_id": pl.Int64, "layout": pl.Utf8}
PROFILE_SCHEMA = {"molecular_profile_id": pl.Int64, "name": pl.Utf8, "variant_ids": pl.Utf8}
_RELEASE = re.compile(r"(\d{2})-([A-Z][a-z]{2})-(\d{4})")


@dataclass(frozen=True)
class Table:
    kind: str  # evidence | profiles | variants
    layout: str
    path: Path
    rows: list[dict[str, str]]
    sha256: str


def release_from_name(name: str) -> str | None:
    """``01-Aug-2024-ClinicalEvidenceSummaries.tsv`` → ``2024-08-01``; None for nightly or other names."""
    m = _RELEASE.search(name)
    if not m:
        return None
    try:
        return dt.datetime.strptime("-".join(m.groups()), "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def _kind(header: list[str], path: Path) -> tuple[str, str]:
    cols = set(header)
    if {"evidence_id", "molecular_profile"} <= cols:
        return "evidence", f"{len(header)}-column"
    if {"variant_id", "feature_type"} <= cols:
        return "variants", "current"
    if {"variant_id", "gene", "chromosome2"} <= cols:
        return "variants", "legacy"
    if {"molecular_profile_id", "variant_ids", "name"} <= cols:
        return "profiles", f"{len(header)}-column"
    raise InputError("not a CIViC evidence, molecular-profile or variant summary export", file=path, line=1,
                     field="header", hint="expected e.g. 01-Aug-2024-ClinicalEvidenceSummaries.tsv")


def read_table(path: Path) -> Table:
    """Read one export: header by name, every row's column count checked, values validated per kind."""
    data, text = read_utf8(path)
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file", file=path, line=1, field="header") from None
    header = [h.strip() for h in header]
    kind, layout = _kind(header, path)
    needed = {"evidence": EVIDENCE_COLUMNS, "profiles": PROFILE_COLUMNS,
              "variants": VARIANT_CURRENT if layout == "current" else VARIANT_LEGACY}[kind]
    missing = [c for c in needed if c not in header]
    if missing:
        raise InputError(f"column '{missing[0]}' is missing", file=path, line=1, field=missing[0],
                         hint="is this a CIViC export in the current or legacy layout?")
    rows: list[dict[str, str]] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or fields == [""]:
                continue
            if len(fields) != len(header):
                raise InputError(f"row has {len(fields)} columns, the header has {len(header)}", file=path,
                                 line=line, field="columns", hint="the export is damaged or mixes layouts")
            row = dict(zip(header, (f.strip() for f in fields), strict=True))
            _validate(kind, row, path, line)
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"cannot parse TSV: {exc}", file=path, line=reader.line_num) from None
    return Table(kind=kind, layout=layout, path=path, rows=rows, sha256=hashlib.sha256(data).hexdigest())


def _int(row: dict[str, str], col: str, path: Path, line: int, *, optional: bool = False) -> None:
    value = row.get(col, "")
    if optional and value == "":
        return
    if not value.isdigit():
        raise InputError(f"'{value[:40]}' is not a whole number", file=path, line=line, field=col)


def _validate(kind: str, row: dict[str, str], path: Path, line: int) -> None:
    if kind == "evidence":
        _int(row, "evidence_id", path, line)
        _int(row, "molecular_profile_id", path, line)
        _int(row, "rating", path, line, optional=True)
        if row["evidence_level"] not in LEVELS:
            raise InputError(f"evidence level '{row['evidence_level'][:20]}' is not one of A-E", file=path,
                             line=line, field="evidence_level")
        if row["evidence_type"] not in EVIDENCE_TYPES:
            raise InputError(f"unknown evidence type '{row['evidence_type'][:30]}'", file=path, line=line,
                             field="evidence_type")
        status = row.get("evidence_status", "")
        if status and status not in STATUSES:
            raise InputError(f"unknown evidence status '{status[:20]}'", file=path, line=line,
                             field="evidence_status", hint="accepted, submitted or rejected")
    elif kind == "profiles":
        _int(row, "molecular_profile_id", path, line)
    else:
        _int(row, "variant_id", path, line)


def _evidence_frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    cols = {c: [r.get(c, "") or None for r in rows] for c in EVIDENCE_COLUMNS}
    cols["evidence_statement"] = [r.get("evidence_statement") or None for r in rows]
    cols["evidence_status"] = [r.get("evidence_status") or "accepted" for r in rows]
    df = pl.DataFrame(cols, schema={c: pl.Utf8 for c in cols})
    return df.with_columns(pl.col("evidence_id").cast(pl.Int64), pl.col("molecular_profile_id").cast(pl.Int64),
                           pl.col("rating").cast(pl.Int64, strict=False))


def _variant_frame(tables: list[Table]) -> pl.DataFrame:
    """Both layouts → one shape: variant_id, gene (or feature), variant, feature_type, fusion partners."""
    out: list[dict[str, Any]] = []
    for t in tables:
        for r in t.rows:
            current = t.layout == "current"
            out.append({
                "variant_id": int(r["variant_id"]),
                "feature_type": r.get("feature_type") if current else "Gene",
                "gene": (r.get("gene") or r.get("feature_name")) if current else r.get("gene"),
                "variant": r.get("variant"),
                "five_prime": r.get("5_prime_partner") or None if current else None,
                "three_prime": r.get("3_prime_partner") or None if current else None,
                "variant_types": r.get("variant_types") or None,
                "molecular_profile_id": int(r["single_variant_molecular_profile_id"])
                if (r.get("single_variant_molecular_profile_id") or "").isdigit() else None,
                "layout": t.layout,
            })
    return pl.DataFrame(out, schema=VARIANT_SCHEMA, orient="row").unique("variant_id", keep="last")


def _release_arg(release: str) -> str:
    try:
        return dt.date.fromisoformat(release).isoformat()
    except ValueError:
        raise InputError(f"not a date: '{release}'", field="--release", hint="use YYYY-MM-DD") from None


def _keep(status: str, include_submitted: bool) -> bool:
    return status == "accepted" or (include_submitted and status == "submitted")


def _split_status(rows: list[dict[str, str]], include_submitted: bool) -> tuple[list[dict[str, str]], dict[str, int]]:
    kept: list[dict[str, str]] = []
    skipped: dict[str, int] = {}
    for r in rows:
        status = r.get("evidence_status") or "accepted"
        if _keep(status, include_submitted):
            kept.append(r)
        else:
            skipped[status] = skipped.get(status, 0) + 1
    return kept, skipped


def _read_tsv(files: list[Path], release: str | None) -> dict[str, Any]:
    tables = [read_table(f) for f in files]
    evidence = [t for t in tables if t.kind == "evidence"]
    if not evidence:
        raise InputError("a ClinicalEvidenceSummaries export is required", file=files[0],
                         hint="add the evidence TSV; variant and profile files are optional")
    if release is not None:
        release, source = _release_arg(release), "--release"
    else:
        dates = {d for t in tables if (d := release_from_name(t.path.name))}
        if len(dates) > 1:
            raise InputError(f"files come from different releases: {', '.join(sorted(dates))}", field="--release")
        release, source = (dates.pop() if dates else None), "file names"
        if release is None:
            raise InputError("cannot tell the release date from the file names", field="--release",
                             hint="pass --release YYYY-MM-DD (e.g. for nightly exports)")
    profiles = [{"molecular_profile_id": int(r["molecular_profile_id"]), "name": r["name"],
                 "variant_ids": r["variant_ids"]} for t in tables if t.kind == "profiles" for r in t.rows]
    variant_tables = [t for t in tables if t.kind == "variants"]
    return {
        "format": "tsv", "release": release, "version": release, "release_from": source,
        "evidence": [r for t in evidence for r in t.rows],
        "profiles": profiles or None,
        "variants": _variant_frame(variant_tables) if variant_tables else None,
        "files": [{"name": t.path.name, "kind": t.kind, "layout": t.layout, "rows": len(t.rows), "sha256": t.sha256}
                  for t in tables],
        "warnings": [],
    }


def _read_graphql(files: list[Path], release: str | None) -> dict[str, Any]:
    from oncotailor.knowledge.civic_graphql import read_snapshot

    snaps = [read_snapshot(f) for f in files]
    if release is not None:
        release, source = _release_arg(release), "--release"
    else:
        stamps = [f.stat().st_mtime for f in files]
        release = dt.datetime.fromtimestamp(max(stamps), tz=dt.UTC).date().isoformat() if stamps else None
        source = "file modification time"
    warnings: list[str] = []
    nodes = sum(len(s.evidence) for s in snaps)
    totals = [s.total_count for s in snaps if s.total_count is not None]
    if totals and nodes < max(totals):
        warnings.append(f"the pages hold {nodes} evidence items but the query reported totalCount {max(totals)}: "
                        "some pages may be missing")
    if any(s.has_next_page for s in snaps) and not any(s.has_next_page is False for s in snaps):
        warnings.append("every page says hasNextPage: true: the last page may be missing")
    profiles = {k: v for s in snaps for k, v in s.profiles.items()}
    variants = {k: v for s in snaps for k, v in s.variants.items()}
    return {
        "format": "graphql", "release": release,
        "version": f"GraphQL snapshot {release}" if release else "GraphQL snapshot (date unknown)",
        "release_from": source,
        "evidence": [r for s in snaps for r in s.evidence],
        "profiles": list(profiles.values()) or None,
        "variants": pl.DataFrame(list(variants.values()), schema=VARIANT_SCHEMA, orient="row") if variants else None,
        "files": [{"name": s.path.name, "kind": "graphql", "layout": "evidenceItems", "rows": len(s.evidence),
                   "pages": s.pages, "sha256": s.sha256} for s in snaps],
        "warnings": warnings,
    }


def import_civic(files: list[Path], home: Path, release: str | None = None, *,
                 include_submitted: bool = False) -> dict[str, Any]:
    """Read every file (all TSV exports, or all GraphQL JSON pages), then replace the store under `home` in
    one rename; returns the manifest."""
    if not files:
        raise InputError("no CIViC file given", hint="oncotailor kb import civic 01-Aug-2024-ClinicalEvidenceSummaries.tsv")
    from oncotailor.knowledge.civic_graphql import is_graphql

    paths = [Path(f) for f in files]
    kinds = {is_graphql(p) for p in paths}
    if len(kinds) > 1:
        raise InputError("give either CIViC TSV exports or GraphQL JSON pages, not both", file=paths[0],
                         hint="import them in separate runs")
    read = _read_graphql(paths, release) if kinds == {True} else _read_tsv(paths, release)
    rows, skipped = _split_status(read["evidence"], include_submitted)
    ev = (_evidence_frame(rows) if rows else _evidence_frame([])).unique("evidence_id", keep="last").sort("evidence_id")
    manifest: dict[str, Any] = {
        "source": SOURCE, "format": read["format"], "release": read["release"], "version": read["version"],
        "release_from": read["release_from"], "licence": LICENCE, "url": "https://civicdb.org",
        "files": read["files"],
        "status_rule": "accepted items" + (" and submitted items (marked as such)" if include_submitted else " only"),
        "counts": {"evidence": ev.height, "predictive": ev.filter(pl.col("evidence_type") == "Predictive").height,
                   "submitted": ev.filter(pl.col("evidence_status") == "submitted").height},
        "skipped": skipped,
        "warnings": read["warnings"],
    }
    target = home / STORE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".civic-", dir=target.parent))
    try:
        ev.write_parquet(tmp / "evidence.parquet")
        if read["profiles"]:
            prof = pl.DataFrame(read["profiles"], schema=PROFILE_SCHEMA, orient="row").unique(
                "molecular_profile_id", keep="last").sort("molecular_profile_id")
            prof.write_parquet(tmp / "profiles.parquet")
            manifest["counts"]["profiles"] = prof.height
        if read["variants"] is not None:
            var = read["variants"].unique("variant_id", keep="last").sort("variant_id")
            var.write_parquet(tmp / "variants.parquet")
            manifest["counts"]["variants"] = var.height
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        old = target.with_name(".civic-old")
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def load_manifest(home: Path | None) -> dict[str, Any] | None:
    """The manifest of the imported CIViC store, or None when nothing was imported."""
    if home is None:
        return None
    path = home / STORE / "manifest.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load_evidence(home: Path | None) -> pl.DataFrame | None:
    if home is None:
        return None
    path = home / STORE / "evidence.parquet"
    return pl.read_parquet(path) if path.exists() else None
