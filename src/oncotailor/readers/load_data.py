"""Read the data files a case file points at (VCF, MAF, fusions, CNA, germline VCF) into the case.

Each file reader is imported lazily so `analyze` on a typed-list case never imports cyvcf2 or polars.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from oncotailor.case import Case, ReadWarning
from oncotailor.errors import InputError
from oncotailor.readers.common import display_name, require_file, sha256_file


def _resolve(base: Path, rel: str, field: str) -> Path:
    p = Path(rel)
    p = p if p.is_absolute() else base / p
    return require_file(p, field_name=field)


def load_referenced_files(case: Case, *, base: Path, digest: Any, node: yaml.Node | None = None) -> Case:
    warnings: list[ReadWarning] = list(case.read_warnings)
    tumor, germ = case.tumor, case.germline
    if tumor is not None:
        for field, kind in (("vcf", "vcf"), ("maf", "maf"), ("fusions", "fusions"), ("cna", "cna")):
            rel = getattr(tumor, field)
            if not rel:
                continue
            path = _resolve(base, rel, f"tumor.{field}")
            digest.update(sha256_file(path).encode())
            result = _read_tumor_file(kind, path, case)
            tumor.alterations.extend(result.alterations)
            warnings.extend(result.warnings)
            if field == "vcf" and result.records == 0:
                warnings.append(ReadWarning(code="vcf.no_records", message="the tumor VCF has no variant records: nothing found in it", file=display_name(path)))
    if germ is not None and germ.vcf:
        path = _resolve(base, germ.vcf, "germline.vcf")
        digest.update(sha256_file(path).encode())
        from oncotailor.readers.vcf import read_germline_vcf

        build = tumor.genome_build if tumor else None
        result = read_germline_vcf(path, sample=germ.sample, build=build)
        germ.variants.extend(result.germline)
        warnings.extend(result.warnings)
        from oncotailor.readers.pgx_vcf import read_pgx_genotypes

        pgx = read_pgx_genotypes(path, sample=germ.sample)
        germ.genotypes.extend(pgx.genotypes)
        germ.pgx_positions_read = True
        warnings.extend(pgx.warnings)
    if germ is not None and germ.pgx_outside_calls:
        path = _resolve(base, germ.pgx_outside_calls, "germline.pgx_outside_calls")
        digest.update(sha256_file(path).encode())
        from oncotailor.readers.outside_calls import read_outside_calls

        for gene, call in read_outside_calls(path).items():
            germ.pgx.setdefault(gene, call)
    case.read_warnings = warnings
    return case


def _read_tumor_file(kind: str, path: Path, case: Case) -> Any:
    tumor = case.tumor
    assert tumor is not None
    try:
        if kind == "vcf":
            from oncotailor.readers.vcf import read_tumor_vcf

            return read_tumor_vcf(path, sample=tumor.sample, normal=tumor.normal_sample, build=tumor.genome_build)
        if kind == "maf":
            from oncotailor.readers.maf import read_maf

            return read_maf(path, sample=tumor.sample, build=tumor.genome_build)
        if kind == "fusions":
            from oncotailor.readers.fusions import read_fusions

            return read_fusions(path, sample=tumor.sample, build=tumor.genome_build)
        from oncotailor.readers.cna import read_cna

        return read_cna(path, sample=tumor.sample)
    except InputError as exc:
        raise exc.at(file=display_name(path)) from None
