"""CIViC import: the nightly / monthly TSV exports → `$ONCOTAILOR_HOME/knowledge/civic/` (parquet + manifest).

CIViC (https://civicdb.org, CC0; cite Griffith et al., Nat Genet 2017;49:170-174 and the release date) is
added as a separate, clearly labelled research-level source beside our curated rules. The importer reads
``ClinicalEvidenceSummaries`` (required) and, when given, ``MolecularProfileSummaries`` and
``VariantSummaries`` in both the legacy 26-column and the current 41-column layouts. Columns are looked up
by header name, never by position, and every row's column count is checked against its header (a known
export pitfall). A bad file raises `InputError` naming file, line and field; nothing is written until every
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

EVIDENCE_TYPES = frozenset({"Predictive", "Diagnostic", "Prognostic", "Predisposing", "Oncogenic", "Functional"})
LEVELS = frozenset("ABCDE")
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text", file=path, line=line) from None
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
    elif kind == "profiles":
        _int(row, "molecular_profile_id", path, line)
    else:
        _int(row, "variant_id", path, line)


def _evidence_frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    cols = {c: [r.get(c, "") or None for r in rows] for c in EVIDENCE_COLUMNS}
    cols["evidence_statement"] = [r.get("evidence_statement") or None for r in rows]
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
    schema = {"variant_id": pl.Int64, "feature_type": pl.Utf8, "gene": pl.Utf8, "variant": pl.Utf8,
              "five_prime": pl.Utf8, "three_prime": pl.Utf8, "variant_types": pl.Utf8,
              "molecular_profile_id": pl.Int64, "layout": pl.Utf8}
    return pl.DataFrame(out, schema=schema, orient="row").unique("variant_id", keep="last")


def import_civic(files: list[Path], home: Path, release: str | None = None) -> dict[str, Any]:
    """Read every file, then replace the store under `home` in one rename; returns the manifest."""
    if not files:
        raise InputError("no CIViC file given", hint="oncotailor kb import civic 01-Aug-2024-ClinicalEvidenceSummaries.tsv")
    tables = [read_table(Path(f)) for f in files]
    evidence = [t for t in tables if t.kind == "evidence"]
    if not evidence:
        raise InputError("a ClinicalEvidenceSummaries export is required", file=files[0],
                         hint="add the evidence TSV; variant and profile files are optional")
    if release is not None:
        try:
            release = dt.date.fromisoformat(release).isoformat()
        except ValueError:
            raise InputError(f"not a date: '{release}'", field="--release", hint="use YYYY-MM-DD") from None
    else:
        dates = {d for t in tables if (d := release_from_name(t.path.name))}
        if len(dates) > 1:
            raise InputError(f"files come from different releases: {', '.join(sorted(dates))}", field="--release")
        release = dates.pop() if dates else None
        if release is None:
            raise InputError("cannot tell the release date from the file names", field="--release",
                             hint="pass --release YYYY-MM-DD (e.g. for nightly exports)")
    ev = pl.concat([_evidence_frame(t.rows) for t in evidence]).unique("evidence_id", keep="last").sort("evidence_id")
    profiles = [t for t in tables if t.kind == "profiles"]
    variants = [t for t in tables if t.kind == "variants"]
    manifest: dict[str, Any] = {
        "source": SOURCE, "release": release, "licence": LICENCE, "url": "https://civicdb.org",
        "files": [{"name": t.path.name, "kind": t.kind, "layout": t.layout, "rows": len(t.rows), "sha256": t.sha256}
                  for t in tables],
        "counts": {"evidence": ev.height, "predictive": ev.filter(pl.col("evidence_type") == "Predictive").height},
    }
    target = home / STORE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".civic-", dir=target.parent))
    try:
        ev.write_parquet(tmp / "evidence.parquet")
        if profiles:
            prof = pl.DataFrame([{"molecular_profile_id": int(r["molecular_profile_id"]), "name": r["name"],
                                  "variant_ids": r["variant_ids"]} for t in profiles for r in t.rows],
                                schema={"molecular_profile_id": pl.Int64, "name": pl.Utf8, "variant_ids": pl.Utf8},
                                orient="row")
            prof.write_parquet(tmp / "profiles.parquet")
            manifest["counts"]["profiles"] = prof.height
        if variants:
            var = _variant_frame(variants)
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
