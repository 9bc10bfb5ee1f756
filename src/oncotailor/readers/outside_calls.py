"""PharmCAT-style outside-call TSV: ``gene<TAB>diplotype<TAB>phenotype<TAB>activity score`` (columns 3-4 optional).

Each line gives one gene's call from another tool (Cyrius, StellarPGx, Aldy, PyPGx, a lab report); it
replaces the VCF call for that gene. The value kept per gene is the diplotype when given, else the
phenotype, else ``activity score <n>``; the pgx engine normalises the notation (`pgx/notation.py`).
Lines starting with ``#`` and a header line (first column ``gene``) are skipped. A gene given twice is
an error, as in PharmCAT.
"""

from __future__ import annotations

import re
from pathlib import Path

from oncotailor.errors import InputError
from oncotailor.readers.common import display_name, read_text

_GENE = re.compile(r"^[A-Z0-9-]{2,15}$")


def read_outside_calls(path: Path) -> dict[str, str]:
    name = display_name(path)
    text = read_text(path, what="outside-call file")
    out: dict[str, str] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        gene = cols[0].upper()
        if gene == "GENE":
            continue
        if not _GENE.match(gene):
            raise InputError("first column must be a gene symbol", file=name, line=line_no, field="gene")
        diplotype = cols[1] if len(cols) > 1 else ""
        phenotype = cols[2] if len(cols) > 2 else ""
        score = cols[3] if len(cols) > 3 else ""
        if score and not re.fullmatch(r"\d+(?:\.\d+)?", score) and score.lower() not in {"n/a", "na"}:
            raise InputError("activity score must be a number", file=name, line=line_no, field="activity score")
        value = diplotype or phenotype or (f"activity score {score}" if score and score[0].isdigit() else "")
        if not value:
            raise InputError("a gene line needs a diplotype, a phenotype or an activity score", file=name, line=line_no)
        if len(value) > 200:
            raise InputError("call is too long", file=name, line=line_no, field="diplotype")
        if gene in out:
            raise InputError("gene given twice", file=name, line=line_no, field="gene")
        out[gene] = value
    return out
