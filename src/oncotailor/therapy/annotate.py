"""Vectorised reading of alterations: consequence-class bits, exon events, hotspot/role calls.

Works on the matcher's alteration frame (one row per alteration, any number of patients) so the same code
classifies one case or a cohort. Gene knowledge comes from `knowledge/data/genes/gene_roles.yaml`.
"""

from __future__ import annotations

import polars as pl

from oncotailor.therapy.gene_tables import GeneRole
from oncotailor.therapy.keys import CLASS_BITS, TRUNCATING_TERMS

ALT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "patient_id": pl.Utf8, "alt_idx": pl.Int64, "gene": pl.Utf8, "kind": pl.Utf8, "alteration": pl.Utf8,
    "consequence": pl.Utf8, "protein_start": pl.Int64, "protein_end": pl.Int64, "exon": pl.Int64,
    "intron": pl.Int64, "any_codon": pl.Boolean, "fusion_5p": pl.Utf8, "fusion_3p": pl.Utf8, "copy_number": pl.Utf8,
}
_VAGUE_WORDS = {
    "oncogenic mutation": CLASS_BITS["oncogenic"],
    "activating mutation": CLASS_BITS["activating"] | CLASS_BITS["oncogenic"],
    "loss-of-function mutation": CLASS_BITS["loss_of_function"],
    "truncating mutation": CLASS_BITS["truncating"] | CLASS_BITS["loss_of_function"],
    "kinase domain mutation": CLASS_BITS["kinase_domain"],
}


def conform(df: pl.DataFrame) -> pl.DataFrame:
    """Add missing optional columns (as nulls) and cast to the matcher's schema."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in ALT_SCHEMA.items() if c not in df.columns]
    out = df.with_columns(missing) if missing else df
    return out.with_columns([pl.col(c).cast(t) for c, t in ALT_SCHEMA.items()])


RoleFrames = tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]


def role_frames(roles: dict[str, GeneRole]) -> RoleFrames:
    """(roles, hotspot intervals, oncogenic exon events) as frames; built once with the compiled rules."""
    roles_key = [roles[g] for g in sorted(roles)]
    roles_df = pl.DataFrame(
        [{"gene": r.gene, "role": r.role, "kd_lo": r.kinase_domain[0] if r.kinase_domain else None,
          "kd_hi": r.kinase_domain[1] if r.kinase_domain else None, "fusion_driver": r.fusion_driver,
          "amp_driver": r.amplification_driver} for r in roles_key],
        schema={"gene": pl.Utf8, "role": pl.Utf8, "kd_lo": pl.Int64, "kd_hi": pl.Int64,
                "fusion_driver": pl.Boolean, "amp_driver": pl.Boolean}, orient="row",
    )
    hot = pl.DataFrame(
        [{"gene": r.gene, "h_lo": c, "h_hi": c} for r in roles_key for c in r.hotspots]
        + [{"gene": r.gene, "h_lo": lo, "h_hi": hi} for r in roles_key for lo, hi in r.hotspot_ranges],
        schema={"gene": pl.Utf8, "h_lo": pl.Int64, "h_hi": pl.Int64}, orient="row",
    )
    ev = pl.DataFrame(
        [{"gene": r.gene, "exon": int(e.split(":")[0]), "exon_event": e.split(":")[1], "onc_event": True}
         for r in roles_key for e in r.oncogenic_exon_events],
        schema={"gene": pl.Utf8, "exon": pl.Int64, "exon_event": pl.Utf8, "onc_event": pl.Boolean}, orient="row",
    )
    return roles_df, hot, ev


def _event() -> pl.Expr:
    cons = pl.col("consequence").fill_null("").str.to_lowercase()
    alt = pl.col("alteration").fill_null("").str.to_lowercase()
    return (
        pl.when(alt.str.contains("skip") | (cons.str.contains("splice") & ~cons.str.contains("missense")))
        .then(pl.lit("skipping"))
        .when(alt.str.contains("dup"))
        .then(pl.lit("duplication"))
        .when(cons.str.contains("inframe_deletion"))
        .then(pl.lit("deletion"))
        .when(cons.str.contains("inframe_insertion") | alt.str.contains("itd"))
        .then(pl.lit("insertion"))
        .when(alt.str.contains("delins") | (alt.str.contains("del") & ~alt.str.contains("fs")))
        .then(pl.lit("deletion"))
        .when(alt.str.contains("ins") & ~alt.str.contains("fs"))
        .then(pl.lit("insertion"))
        .when(cons.str.contains("missense"))
        .then(pl.lit("missense"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
    )


def annotate(alts: pl.DataFrame, frames: RoleFrames) -> pl.DataFrame:
    """Add `exon_event`, `mask` (class bits), `vague`, `hotspot`, `role` and `oncogenic` columns."""
    roles_df, hot_df, ev_df = frames
    a = alts.with_row_index("_row").with_columns(exon_event=_event())
    cons = pl.col("consequence").fill_null("").str.to_lowercase()
    alt = pl.col("alteration").fill_null("")
    mut = pl.col("kind") == "mutation"
    hs = (
        a.filter(pl.col("protein_start").is_not_null())
        .select("_row", "gene", "protein_start", "protein_end")
        .join(hot_df, on="gene")
        .filter((pl.col("protein_start") <= pl.col("h_hi"))
                & (pl.col("protein_end").fill_null(pl.col("protein_start")) >= pl.col("h_lo")))
        .select("_row").unique().with_columns(hotspot=pl.lit(True))
    )
    a = (a.join(hs, on="_row", how="left")
         .join(roles_df, on="gene", how="left")
         .join(ev_df, on=["gene", "exon", "exon_event"], how="left")
         .with_columns(hotspot=pl.col("hotspot").fill_null(False), onc_event=pl.col("onc_event").fill_null(False)))
    trunc = mut & (cons.str.contains("|".join(TRUNCATING_TERMS)) | alt.str.ends_with("*") | alt.str.contains("fs"))
    syn = cons.str.contains("synonymous") | alt.str.ends_with("=")
    missense = mut & cons.str.contains("missense")
    inframe = mut & (cons.str.contains("inframe") | pl.col("exon_event").is_in(["deletion", "insertion", "duplication"]))
    splice = mut & cons.str.contains("splice")
    onc_role = pl.col("role").is_in(["oncogene", "both"]).fill_null(False)
    tsg_role = pl.col("role").is_in(["tsg", "both"]).fill_null(False)
    deep_del = (pl.col("kind") == "copy_number") & (pl.col("copy_number") == "deletion")
    activating = mut & onc_role & (pl.col("hotspot") | pl.col("onc_event"))
    lof = trunc | (mut & tsg_role & pl.col("hotspot")) | deep_del
    oncogenic = (
        activating | (tsg_role & (trunc | (mut & pl.col("hotspot")) | deep_del))
        | ((pl.col("kind") == "copy_number") & (pl.col("copy_number") == "amplification")
           & pl.col("amp_driver").fill_null(False))
        | ((pl.col("kind") == "fusion") & pl.col("fusion_driver").fill_null(False))
    )
    kd = mut & (missense | inframe) & (pl.col("protein_start") >= pl.col("kd_lo")) & (
        pl.col("protein_start") <= pl.col("kd_hi"))
    vague = mut & (pl.col("any_codon").fill_null(False) | (pl.col("protein_start").is_null() & pl.col("exon").is_null()
                                                            & ~trunc & ~splice))
    words = pl.col("alteration").fill_null("").str.to_lowercase().replace_strict(
        _VAGUE_WORDS, default=0, return_dtype=pl.Int64)

    def bit(cond: pl.Expr, name: str) -> pl.Expr:
        return pl.when(cond.fill_null(False)).then(CLASS_BITS[name]).otherwise(0)

    mask = (bit(trunc, "truncating") | bit(missense, "missense") | bit(inframe, "inframe") | bit(splice, "splice")
            | bit(oncogenic, "oncogenic") | bit(lof, "loss_of_function") | bit(activating, "activating")
            | bit(kd, "kinase_domain") | bit(mut & ~syn, "any") | words)
    return a.with_columns(
        mask=mask.cast(pl.Int64), vague=vague.fill_null(False), oncogenic=oncogenic.fill_null(False),
        synonymous=syn & mut,
    ).drop("_row", "kd_lo", "kd_hi", "fusion_driver", "amp_driver", "onc_event")
