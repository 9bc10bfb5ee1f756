"""Choose the reader for a case input by its content: case file, Phenopacket v2 or FHIR bundle."""

from __future__ import annotations

import json
from pathlib import Path

from oncotailor.case import Case
from oncotailor.errors import InputError
from oncotailor.readers.common import display_name, read_text, require_file


def read_case(path: str | Path) -> Case:
    """Read one case from a case file (YAML/JSON), a Phenopacket v2 JSON or a FHIR (mCODE) bundle."""
    p = Path(path)
    require_file(p)
    text = read_text(p, what="case file")
    if p.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            if p.suffix.lower() == ".json":
                raise InputError(f"invalid JSON: {exc.msg}", file=display_name(p), line=exc.lineno) from exc
            doc = None
        if isinstance(doc, dict):
            if doc.get("resourceType") == "Bundle":
                from oncotailor.readers.fhir import read_fhir_bundle

                return read_fhir_bundle(doc, path=p)
            if "subject" in doc and ("metaData" in doc or "meta_data" in doc):
                from oncotailor.readers.phenopacket import read_phenopacket

                return read_phenopacket(doc, path=p)
    from oncotailor.readers.case_file import read_case_file

    return read_case_file(p, text)
