"""A cBioPortal-format study folder → the therapy matcher's two frames, built columnar.

Reads `data_clinical_sample.txt` (required: SAMPLE_ID, ONCOTREE_CODE; optional TMB_NONSYNONYMOUS,
MSI_TYPE / MSI_SCORE), mutations (`data_mutations*.txt`, MAF columns), discrete copy number
(`data_cna.txt` / `data_CNA.txt`), structural variants (`data_sv.txt`) and the gene-panel matrix
(`data_gene_panel_matrix.txt`). Every column operation is a polars expression over the whole study;
Python only touches the *distinct* gene symbols, OncoTree codes and protein changes, so a study of a
million mutations costs a few thousand vocabulary look-ups.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from oncotailor.errors import InputError, OncoTailorError
from oncotailor.readers.common import display_name

# MAF Variant_Classification → Sequence Ontology; classes that change no protein are not therapy-relevant.
MAF_CONSEQUENCE = {
    "Missense_Mutation": "missense_variant", "Nonsense_Mutation": "stop_gained",
    "Frame_Shift_Del": "frameshift_variant", "Frame_Shift_Ins": "frameshift_variant",
    "In_Frame_Del": "inframe_deletion", "In_Frame_Ins": "inframe_insertion", "Splice_Site": "splice_site_variant",
    "Splice_Region": "splice_region_variant", "Translation_Start_Site": "start_lost", "Nonstop_Mutation": "stop_lost",
}
CNA_CALLS = {2: "amplification", -2: "deletion"}
MSI_WORDS = {"instable": "high", "msi-h": "high", "msi-high": "high", "high": "high", "stable": "stable",
             "mss": "stable", "indeterminate": None, "do not report": None}


@dataclass
class Study:
    alterations: pl.DataFrame
    patients: pl.DataFrame
    samples: int
    files: dict[str, str] = field(default_factory=dict)  # file name → sha256
    warnings: list[str] = field(default_factory=list)


def _read_table(path: Path, *, required: tuple[str, ...] = ()) -> pl.DataFrame:
    """cBioPortal tables: tab-separated, '#' comment lines on top, all columns read as text."""
    try:
        df = pl.read_csv(path, separator="\t", comment_prefix="#", infer_schema=False, quote_char=None,
                         truncate_ragged_lines=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the table: {str(exc).splitlines()[0][:200]}", file=display_name(path)) from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", file=display_name(path), line=1)
    return df


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _map_unique(series: pl.Series, fn: object) -> pl.Series:
    """Apply a Python function to the distinct values only, then join back."""
    uniq = series.drop_nulls().unique()
    mapped = {v: fn(v) for v in uniq.to_list()}  # type: ignore[operator]
    return series.replace_strict(mapped, default=None, return_dtype=pl.Utf8)


def _gene(symbol: str) -> str:
    from oncotailor.vocab.genes import normalise_gene

    try:
        return normalise_gene(symbol)
    except OncoTailorError:
        return symbol  # kept as given; the matcher simply finds no rule for it


def _oncotree(code: str) -> str | None:
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        return resolve_cancer_type(code).code
    except OncoTailorError:
        return None


def _canon(change: str) -> str:
    from oncotailor.therapy.keys import canon_change

    return canon_change(change)


def _mutations(path: Path, samples: pl.Series) -> pl.DataFrame:
    maf = _read_table(path, required=("Hugo_Symbol", "Tumor_Sample_Barcode", "Variant_Classification"))
    prot = "HGVSp_Short" if "HGVSp_Short" in maf.columns else ("HGVSp" if "HGVSp" in maf.columns else None)
    if prot is None:
        raise InputError("missing column HGVSp_Short (or HGVSp)", file=display_name(path), line=1)
    df = maf.filter(pl.col("Variant_Classification").is_in(list(MAF_CONSEQUENCE))
                    & pl.col("Tumor_Sample_Barcode").is_in(samples.implode()))
    change = _map_unique(df[prot].fill_null(""), _canon)
    exon = (pl.col("Exon_Number").str.extract(r"^(\d+)").cast(pl.Int64, strict=False)
            if "Exon_Number" in df.columns else pl.lit(None, dtype=pl.Int64))
    out = df.select(
        patient_id=pl.col("Tumor_Sample_Barcode"),
        gene=_map_unique(df["Hugo_Symbol"], _gene),
        kind=pl.lit("mutation"),
        alteration=change,
        consequence=pl.col("Variant_Classification").replace_strict(MAF_CONSEQUENCE, default=None),
        protein_start=change.str.extract(r"^[A-Z*](\d+)").cast(pl.Int64, strict=False),
        protein_end=pl.coalesce(change.str.extract(r"^[A-Z*]\d+_[A-Z*](\d+)"),
                                change.str.extract(r"^[A-Z*](\d+)")).cast(pl.Int64, strict=False),
        exon=exon,
        _hgvsc=pl.col("HGVSc") if "HGVSc" in df.columns else pl.lit(None, dtype=pl.Utf8),
    )
    return _with_exon_and_intron(out)


def _with_exon_and_intron(muts: pl.DataFrame) -> pl.DataFrame:
    """The exon from the codon where the MAF gives none, and the intron of canonical splice-site changes, as a
    single case reads them (`vocab.exons`), so a cohort row and the same change in a case file match alike."""
    from oncotailor.vocab.exons import exon_frame, splice_intron

    muts = muts.with_row_index("_row")
    start = pl.col("protein_start")
    found = (muts.filter(pl.col("exon").is_null() & start.is_not_null()).select("_row", "gene", "protein_start")
             .join(exon_frame(), on="gene").filter((start >= pl.col("_first")) & (start <= pl.col("_last")))
             .group_by("_row").agg(pl.col("_exon").min()))
    splice = muts.filter(pl.col("consequence") == "splice_site_variant").select("_row", "gene", "alteration", "_hgvsc")
    introns = pl.DataFrame(
        [(r, splice_intron(g, c, a)) for r, g, a, c in splice.iter_rows()],
        schema={"_row": pl.UInt32, "intron": pl.Int64}, orient="row")
    return (muts.join(found, on="_row", how="left", maintain_order="left")
            .join(introns, on="_row", how="left", maintain_order="left")
            .with_columns(exon=pl.coalesce("exon", "_exon")).drop("_row", "_exon", "_hgvsc"))


def _cna(path: Path, samples: pl.Series) -> pl.DataFrame:
    cna = _read_table(path, required=("Hugo_Symbol",))
    sample_cols = [c for c in cna.columns if c in set(samples.to_list())]
    long = (cna.select("Hugo_Symbol", *sample_cols)
            .unpivot(index="Hugo_Symbol", variable_name="patient_id", value_name="call")
            .with_columns(call=pl.col("call").cast(pl.Float64, strict=False).cast(pl.Int64, strict=False))
            .filter(pl.col("call").is_in(list(CNA_CALLS))))
    calls = long["call"].replace_strict(CNA_CALLS, return_dtype=pl.Utf8)
    return long.select(patient_id="patient_id", gene=_map_unique(long["Hugo_Symbol"], _gene),
                       kind=pl.lit("copy_number"), alteration=calls, copy_number=calls)


def _sv(path: Path, samples: pl.Series) -> pl.DataFrame:
    sv = _read_table(path)
    sid = next((c for c in ("Sample_Id", "SAMPLE_ID", "Tumor_Sample_Barcode") if c in sv.columns), None)
    if sid is None or "Site2_Hugo_Symbol" not in sv.columns or "Site1_Hugo_Symbol" not in sv.columns:
        raise InputError("needs Sample_Id, Site1_Hugo_Symbol and Site2_Hugo_Symbol", file=display_name(path), line=1)
    sv = sv.filter(pl.col(sid).is_in(samples.implode()) & pl.col("Site1_Hugo_Symbol").is_not_null()
                   & pl.col("Site2_Hugo_Symbol").is_not_null())
    five, three = _map_unique(sv["Site1_Hugo_Symbol"], _gene), _map_unique(sv["Site2_Hugo_Symbol"], _gene)
    return sv.select(patient_id=pl.col(sid), gene=three, kind=pl.lit("fusion"),
                     alteration=pl.concat_str([five, pl.lit("::"), three]), consequence=pl.lit("gene_fusion"),
                     fusion_5p=five, fusion_3p=three)


def _tested_genes(path: Path | None, samples: pl.DataFrame) -> pl.DataFrame:
    if path is None:
        return samples.with_columns(tested_genes=pl.lit(None, dtype=pl.List(pl.Utf8)))
    from oncotailor.vocab.panels import panel_genes

    matrix = _read_table(path, required=("SAMPLE_ID",))
    col = "mutations" if "mutations" in matrix.columns else matrix.columns[1]
    panels: dict[str, list[str] | None] = {}
    for p in matrix[col].drop_nulls().unique().to_list():
        try:
            panels[p] = panel_genes(p)
        except OncoTailorError:
            panels[p] = None  # unknown panel: coverage unknown, never assumed
    genes = matrix[col].replace_strict(panels, default=None, return_dtype=pl.List(pl.Utf8))
    return samples.join(matrix.select(patient_id="SAMPLE_ID", tested_genes=genes), on="patient_id", how="left")


def read_study(folder: Path) -> Study:
    from oncotailor.therapy.frames import patients_schema

    if not folder.is_dir():
        raise InputError("not a study folder", file=display_name(folder))
    clinical = folder / "data_clinical_sample.txt"
    if not clinical.exists():
        raise InputError("data_clinical_sample.txt not found in the study folder", file=display_name(folder))
    files = {clinical.name: _sha(clinical)}
    cs = _read_table(clinical, required=("SAMPLE_ID", "ONCOTREE_CODE"))
    if cs["SAMPLE_ID"].is_duplicated().any():
        dup = cs.filter(pl.col("SAMPLE_ID").is_duplicated())["SAMPLE_ID"][0]
        raise InputError(f"duplicate SAMPLE_ID '{dup}'", file=display_name(clinical), field="SAMPLE_ID")
    samples = cs["SAMPLE_ID"]
    warnings: list[str] = []
    codes = _map_unique(cs["ONCOTREE_CODE"], _oncotree)
    unknown = cs.filter(codes.is_null() & pl.col("ONCOTREE_CODE").is_not_null())["ONCOTREE_CODE"].unique().to_list()
    if unknown:
        warnings.append(f"unknown OncoTree code(s) {', '.join(sorted(unknown)[:10])}: those samples match tumor-agnostic rules only")
    tmb = (pl.col("TMB_NONSYNONYMOUS").cast(pl.Float64, strict=False) if "TMB_NONSYNONYMOUS" in cs.columns
           else pl.lit(None, dtype=pl.Float64))
    msi = (pl.col("MSI_TYPE").str.to_lowercase().replace_strict(MSI_WORDS, default=None, return_dtype=pl.Utf8)
           if "MSI_TYPE" in cs.columns else pl.lit(None, dtype=pl.Utf8))
    base = cs.select(patient_id=pl.col("SAMPLE_ID"), oncotree_code=codes, tmb=tmb, msi=msi)
    parts: list[pl.DataFrame] = []
    readers = ((("data_mutations.txt", "data_mutations_extended.txt"), _mutations),
               (("data_cna.txt", "data_CNA.txt"), _cna), (("data_sv.txt",), _sv))
    for names, reader in readers:
        for name in names:
            path = folder / name
            if path.exists():
                files[name] = _sha(path)
                parts.append(reader(path, samples))
                break
    panel = folder / "data_gene_panel_matrix.txt"
    if panel.exists():
        files[panel.name] = _sha(panel)
    from oncotailor.therapy.annotate import ALT_SCHEMA, conform

    cols = list(ALT_SCHEMA)
    alts = (pl.concat([conform(p).select(cols) for p in parts], how="vertical_relaxed") if parts
            else conform(pl.DataFrame(schema={"patient_id": pl.Utf8})))
    alts = alts.with_columns(alt_idx=pl.int_range(pl.len()).over("patient_id").cast(pl.Int64),
                             any_codon=pl.col("any_codon").fill_null(False))
    pats = _tested_genes(panel if panel.exists() else None, base)
    schema = patients_schema()
    pats = pats.with_columns([pl.lit(None, dtype=t).alias(c) for c, t in schema.items() if c not in pats.columns])
    pats = pats.with_columns(mmr=pl.when(pl.col("msi") == "high").then(pl.lit("deficient")).otherwise(pl.col("mmr")))
    return Study(alterations=alts, patients=pats.select(list(schema)).cast(schema),  # type: ignore[arg-type]
                 samples=cs.height, files=files, warnings=warnings)
