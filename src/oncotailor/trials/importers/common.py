"""What every importer shares: reading JSON/JSONL/YAML/zip into records with their index, status and phase
normalisation, age strings, condition mapping, and assembling a Trial with de-duplicated criteria."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from oncotailor.errors import InputError
from oncotailor.trials.model import AgeP, Criterion, SexP, Trial
from oncotailor.trials.oncotree import resolve_condition

_STATUS = {
    "recruiting": "recruiting", "active": "recruiting", "open to accrual": "recruiting", "open": "recruiting",
    "not_yet_recruiting": "not_yet_recruiting", "not yet recruiting": "not_yet_recruiting", "approved": "not_yet_recruiting",
    "in review": "not_yet_recruiting",
    "enrolling_by_invitation": "enrolling_by_invitation", "enrolling by invitation": "enrolling_by_invitation",
    "active_not_recruiting": "active_not_recruiting", "active, not recruiting": "active_not_recruiting",
    "closed to accrual": "active_not_recruiting", "closed to accrual and intervention": "closed",
    "temporarily closed to accrual": "suspended", "temporarily closed to accrual and intervention": "suspended",
    "suspended": "suspended", "completed": "completed", "complete": "completed", "terminated": "terminated",
    "administratively complete": "completed", "withdrawn": "withdrawn", "irb study closure": "closed",
    "closed": "closed", "unknown": "unknown",
}


def norm_status(raw: str | None) -> str:
    if not raw:
        return "unknown"
    return _STATUS.get(raw.strip().lower().replace("-", " ").replace("  ", " "), _STATUS.get(raw.strip().lower(), "unknown"))


def norm_phase(raw: Any) -> str | None:
    """'PHASE1'/'PHASE2' lists, 'I/II', 'II', 'NA' → '1', '1/2', '2', None."""
    items = raw if isinstance(raw, list) else [raw] if raw else []
    nums: list[str] = []
    for item in items:
        s = str(item).upper().replace("PHASE", "").replace("_", " ").strip()
        for part in re.split(r"[/,&\s]+", s):
            part = {"I": "1", "II": "2", "III": "3", "IV": "4", "0": "0", "1": "1", "2": "2", "3": "3", "4": "4",
                    "EARLY1": "1", "EARLY": ""}.get(part, "")
            if part and part not in nums:
                nums.append(part)
    return "/".join(sorted(nums)) or None


def age_years(text: Any) -> float | None:
    """'18 Years', '6 Months', 18.0, '999 Years' (CTS: no maximum) → years or None."""
    if text is None or text == "":
        return None
    if isinstance(text, (int, float)):
        return None if text >= 999 else float(text)
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(year|month|week|day)?", str(text), re.I)
    if not m:
        return None
    v = float(m.group(1))
    unit = (m.group(2) or "year").lower()
    years = v / {"year": 1, "month": 12, "week": 52.18, "day": 365.25}[unit]
    return None if years >= 999 else round(years, 3)


def iso_date(text: Any) -> dt.date | None:
    if not text:
        return None
    s = str(text)
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7)):
        try:
            return dt.datetime.strptime(s[:n], fmt).date()
        except ValueError:
            continue
    return None


def map_conditions(names: list[str]) -> list[str]:
    return list(dict.fromkeys(c for c in (resolve_condition(n) for n in names) if c))


def structured_criteria(min_age: float | None, max_age: float | None, sex: str) -> list[Criterion]:
    out: list[Criterion] = []
    if min_age is not None and min_age > 0:
        out.append(Criterion(text=f"minimum age {min_age:g} years", predicate=AgeP(op=">=", value=min_age),
                             origin="structured"))
    if max_age is not None:
        out.append(Criterion(text=f"maximum age {max_age:g} years", predicate=AgeP(op="<=", value=max_age),
                             origin="structured"))
    if sex in ("female", "male"):
        out.append(Criterion(text=f"sex: {sex}", predicate=SexP(sex=sex), origin="structured"))
    return out


def dedupe(criteria: list[Criterion]) -> list[Criterion]:
    """Drop a text predicate that repeats a structured one (same kind, fields and side)."""
    seen: set[str] = set()
    out: list[Criterion] = []
    for c in criteria:
        key = f"{c.exclusion}|{c.predicate.model_dump_json()}"
        if key in seen and c.predicate.kind != "needs_review":
            continue
        seen.add(key)
        out.append(c)
    return out


def sex_of(raw: Any) -> str:
    s = str(raw or "all").strip().lower()
    return s if s in ("female", "male") else "all"


def load_records(path: Path) -> Iterator[tuple[str, int, Any]]:
    """(file label, record index, record) for JSON, JSON arrays, JSONL, YAML (multi-doc) and zips of them."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith("/") or not name.lower().endswith((".json", ".jsonl", ".yaml", ".yml")):
                    continue
                data = zf.read(name)
                yield from _records_from_bytes(f"{path}!{name}", name, data)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read file: {e.strerror}", file=path) from None
    yield from _records_from_bytes(str(path), path.name, data)


def _records_from_bytes(label: str, name: str, data: bytes) -> Iterator[tuple[str, int, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("file is not UTF-8 text", file=label) from None
    low = name.lower()
    if low.endswith((".yaml", ".yml")):
        try:
            docs = [d for d in yaml.safe_load_all(io.StringIO(text)) if d is not None]
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise InputError(f"invalid YAML: {getattr(e, 'problem', e)}", file=label,
                             line=mark.line + 1 if mark else None) from None
        for i, doc in enumerate(_flatten(docs)):
            yield label, i, doc
        return
    if low.endswith(".jsonl") or (not text.lstrip().startswith("[") and "\n{" in text.strip()):
        for i, line in enumerate(text.splitlines()):
            if not line.strip():
                continue
            try:
                yield label, i, json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"record {i}: invalid JSON ({e.msg}, column {e.colno})", file=label,
                                 line=i + 1) from None
        return
    if text.lstrip().startswith("["):
        yield from ((label, i, rec) for i, rec in enumerate(_array_items(label, text)))
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"invalid or truncated JSON ({e.msg})", file=label, line=e.lineno) from None
    for i, rec in enumerate(_flatten([doc])):
        yield label, i, rec


def _array_items(label: str, text: str) -> list[Any]:
    """Decode a JSON array element by element, so a truncated file names the record that broke."""
    dec = json.JSONDecoder()
    pos = text.index("[") + 1
    items: list[Any] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos < n and text[pos] == "]":
            return items
        if pos >= n:
            raise InputError(f"truncated JSON array after record {len(items) - 1}", file=label,
                             line=text.count("\n", 0, pos) + 1)
        try:
            obj, pos = dec.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            raise InputError(f"record {len(items)}: invalid or truncated JSON ({e.msg})", file=label,
                             line=e.lineno) from None
        items.append(obj)


def _flatten(docs: list[Any]) -> list[Any]:
    out: list[Any] = []
    for d in docs:
        if isinstance(d, list):
            out.extend(d)
        elif isinstance(d, dict) and isinstance(d.get("studies"), list):  # CT.gov API page
            out.extend(d["studies"])
        elif isinstance(d, dict) and isinstance(d.get("data"), list) and "total" in d:  # CTS API page
            out.extend(d["data"])
        else:
            out.append(d)
    return out


def finish(trial: Trial) -> Trial:
    """Final touches shared by importers: de-duplicated criteria."""
    trial.criteria = dedupe(trial.criteria)
    return trial
