"""Match a whole study in patient chunks, on this machine or on Dask, and write tables plus a manifest.

One path for one and for many: a chunk is exactly what `therapy.engine` builds for one case (two
frames), so cohort results equal the single-case results for the same patient.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import polars as pl

from oncotailor import __version__
from oncotailor.cohort.study import Study, read_study
from oncotailor.errors import InputError
from oncotailor.io_utils import write_atomic
from oncotailor.knowledge import KnowledgeBase, default_kb
from oncotailor.vocab.versions import vocab_versions

Backend = Literal["local", "dask"]
LEVEL_ORDER = ["1", "2", "3A", "3B", "4"]


def _chunks(study: Study, size: int) -> list[tuple[pl.DataFrame, pl.DataFrame]]:
    ids = study.patients["patient_id"]
    out = []
    for start in range(0, len(ids), size):
        part = ids.slice(start, size).implode()
        out.append((study.alterations.filter(pl.col("patient_id").is_in(part)),
                    study.patients.filter(pl.col("patient_id").is_in(part))))
    return out


def match_study(study: Study, kb: KnowledgeBase, *, chunk_size: int = 50_000,
                backend: Backend = "local") -> pl.DataFrame:
    """Every (sample, therapy rule) that stands, with the rule's drugs and wording."""
    from oncotailor.therapy.load import compiled
    from oncotailor.therapy.matcher import match_many

    rules = compiled(kb)
    chunks = _chunks(study, chunk_size)
    run: Callable[[pl.DataFrame, pl.DataFrame], pl.DataFrame] = lambda a, p: match_many(a, p, rules)  # noqa: E731
    if backend == "dask":
        try:
            import dask
        except ImportError as exc:
            raise InputError("the dask backend needs the 'dask' extra", field="--backend",
                             hint="pip install 'oncotailor[dask]'") from exc
        parts = list(dask.compute(*[dask.delayed(run)(a, p) for a, p in chunks]))
    else:
        parts = [run(a, p) for a, p in chunks]
    res = pl.concat(parts) if parts else pl.DataFrame()
    if res.is_empty():
        return pl.DataFrame(schema={"sample_id": pl.Utf8, "rule_id": pl.Utf8, "drugs": pl.Utf8, "effect": pl.Utf8,
                                    "level": pl.Utf8, "approval": pl.Utf8, "cancer_type_match": pl.Utf8,
                                    "status": pl.Utf8, "biomarker_rule": pl.Utf8})
    info = pl.DataFrame([{"rule_id": r.id, "drugs": " + ".join(r.drugs), "biomarker_rule": r.biomarker_rule}
                         for r in rules.by_id.values()])
    return (res.join(info, on="rule_id", how="left")
            .select(sample_id="patient_id", rule_id="rule_id", drugs="drugs", effect="effect", level="level",
                    approval="approval", cancer_type_match="cancer_type_match", status="status",
                    biomarker_rule="biomarker_rule")
            .sort("sample_id", "level", "rule_id"))


def summarise(study: Study, matches: pl.DataFrame) -> pl.DataFrame:
    """Per sample: highest sensitive level met, number of options, resistance flags."""
    sens = matches.filter((pl.col("effect") == "sensitive") & (pl.col("status") == "met"))
    rank = pl.col("level").replace_strict({lv: i for i, lv in enumerate(LEVEL_ORDER)}, default=99,
                                          return_dtype=pl.Int32)
    best = sens.group_by("sample_id").agg(highest_level=pl.col("level").sort_by(rank).first(),
                                          options=pl.len().cast(pl.Int64))
    res = matches.filter(pl.col("effect") == "resistant").group_by("sample_id").agg(
        resistance=pl.len().cast(pl.Int64))
    return (study.patients.select(sample_id="patient_id", oncotree_code="oncotree_code")
            .join(best, on="sample_id", how="left").join(res, on="sample_id", how="left")
            .with_columns(pl.col("options").fill_null(0), pl.col("resistance").fill_null(0)))


def run_cohort(folder: Path, out: Path, *, kb: KnowledgeBase | None = None, chunk_size: int = 50_000,
               backend: Backend = "local", fmt: Literal["tsv", "parquet"] = "tsv") -> dict[str, object]:
    run_kb = (kb or default_kb()).view()
    study = read_study(folder)
    matches = match_study(study, run_kb, chunk_size=chunk_size, backend=backend)
    summary = summarise(study, matches)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in (("matches", matches), ("summary", summary)):
        if fmt == "parquet":
            import io

            buf = io.BytesIO()
            df.write_parquet(buf)
            write_atomic(out / f"{name}.parquet", buf.getvalue())
        else:
            write_atomic(out / f"{name}.tsv", df.write_csv(separator="\t"))
    manifest: dict[str, object] = {
        "software_version": __version__, "knowledge_versions": {**run_kb.versions(), **vocab_versions()}, "inputs": study.files,
        "samples": study.samples, "alterations": study.alterations.height, "matches": matches.height,
        "samples_with_level_1": int((summary["highest_level"] == "1").sum()), "backend": backend,
        "chunk_size": chunk_size, "warnings": study.warnings,
        "note": "Cohort output supports research and clinical review; it does not replace a clinician's judgement.",
    }
    write_atomic(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return manifest
