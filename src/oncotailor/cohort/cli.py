"""`oncotailor cohort STUDY_DIR -o OUT`: the therapy matcher over a cBioPortal-format study."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def command(
    study: Annotated[Path, typer.Argument(help="cBioPortal-format study folder (data_clinical_sample.txt, data_mutations*.txt, data_cna.txt, data_sv.txt)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="folder for matches, summary and manifest")],
    backend: Annotated[str, typer.Option(help="local or dask")] = "local",
    chunk_size: Annotated[int, typer.Option(help="patients per chunk", min=1)] = 50_000,
    fmt: Annotated[str, typer.Option("--format", help="tsv or parquet")] = "tsv",
) -> None:
    """Match every sample of a study against the therapy knowledge; writes matches, summary, manifest.json."""
    from oncotailor.cohort.run import run_cohort
    from oncotailor.errors import InputError

    if backend not in ("local", "dask"):
        raise InputError(f"unknown backend '{backend}'", field="--backend", hint="local or dask")
    if fmt not in ("tsv", "parquet"):
        raise InputError(f"unknown format '{fmt}'", field="--format", hint="tsv or parquet")
    m = run_cohort(study, output, chunk_size=chunk_size, backend=backend, fmt=fmt)  # type: ignore[arg-type]
    typer.echo(f"{m['samples']} samples, {m['alterations']} alterations, {m['matches']} matches → {output}", err=True)
