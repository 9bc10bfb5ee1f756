"""The DESIGN.md case file (YAML or JSON) → `Case`.

Paths inside the file resolve relative to the case file. Validation errors are mapped back to the
YAML line of the offending field so the message reads "case.yaml, line 7, field 'diagnosis.stage': …".
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from oncotailor.case import Case
from oncotailor.errors import InputError
from oncotailor.readers.common import display_name


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Walk the composed YAML tree along a pydantic error location; return the 1-based line."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if getattr(k, "value", None) == part:
                    line, nxt = k.start_mark.line + 1, v
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))


def parse_document(path: Path, text: str) -> tuple[dict[str, Any], yaml.Node | None]:
    name = display_name(path)
    try:
        doc = yaml.safe_load(text)
        node = yaml.compose(text) if text.strip() else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise InputError(f"YAML syntax error: {exc.problem}", file=name, line=line) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax error: {exc}", file=name) from exc
    if doc is None:
        raise InputError("the case file is empty", file=name)
    if not isinstance(doc, dict):
        raise InputError("the case file must be a mapping (patient:, diagnosis:, tumor: …)", file=name, line=1)
    return doc, node


def validate_case(doc: dict[str, Any], *, path: Path, node: yaml.Node | None = None) -> Case:
    name = display_name(path)
    try:
        return Case.model_validate(doc)
    except InputError as exc:  # raised by vocabulary validators inside the model
        if exc.line is None and exc.field:
            loc = tuple(int(p) if p.isdigit() else p for p in exc.field.split("."))
            exc.line = _line_of(node, loc)
        raise exc.at(file=name) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        ctx_exc = (err.get("ctx") or {}).get("error")
        field = _field_path(loc)
        if isinstance(ctx_exc, InputError):
            raise ctx_exc.at(file=name, line=_line_of(node, loc), field=field) from None
        bad = err.get("input")
        shown = repr(bad) if isinstance(bad, str | int | float | bool) and len(repr(bad)) < 60 else None
        msg = err["msg"] + (f" (got {shown})" if shown else "")
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        raise InputError(msg, file=name, line=_line_of(node, loc), field=field) from None


def read_case_file(path: Path, text: str) -> Case:
    """Parse, resolve referenced data files, validate, and read those files into the case."""
    doc, node = parse_document(path, text)
    case = validate_case(doc, path=path, node=node)
    base = path.parent
    digest = hashlib.sha256(text.encode("utf-8"))
    from oncotailor.readers.load_data import load_referenced_files

    case = load_referenced_files(case, base=base, digest=digest, node=node)
    case.source_file = display_name(path)
    case.input_sha256 = digest.hexdigest()
    return case

