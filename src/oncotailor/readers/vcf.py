"""VCF/BCF reader (placeholder until the readers work lands)."""

from __future__ import annotations

from pathlib import Path

from oncotailor.errors import InputError
from oncotailor.readers.common import ReadResult, display_name


def read_tumor_vcf(path: Path, *, sample: str | None = None, normal: str | None = None, build: str | None = None) -> ReadResult:
    raise InputError("VCF reading is not available yet", file=display_name(path))


def read_germline_vcf(path: Path, *, sample: str | None = None, build: str | None = None) -> ReadResult:
    raise InputError("VCF reading is not available yet", file=display_name(path))
