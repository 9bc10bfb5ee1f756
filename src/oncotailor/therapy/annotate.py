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


SYNONYMOUS = 1 << 12  # internal bit beside the schema's classes


def traits(consequence: str | None, alteration: str | None) -> tuple[str | None, int]:
    """(exon event, class bits) of one consequence term, or of the change's text when no term is given.

    Called once per distinct (consequence, text) pair of a batch, never per row: cohorts repeat a few dozen
    Sequence Ontology terms, so the row-level work stays integer joins.
    """
    cons = (consequence or "").lower()
    alt = alteration or ""
    low = alt.lower()
    bits = 0
    if cons:
        if any(term in cons for term in TRUNCATING_TERMS):
            bits |= CLASS_BITS["truncating"]
        if "missense" in cons:
            bits |= CLASS_BITS["missense"]
        if "inframe" in cons:
            bits |= CLASS_BITS["inframe"]
        if "splice" in cons:
            bits |= CLASS_BITS["splice"]
        if "synonymous" in cons:
            bits |= SYNONYMOUS
    else:
        if low.endswith("*") or "fs" in low:
            bits |= CLASS_BITS["truncating"]
        elif low.endswith("="):
            bits |= SYNONYMOUS
    bits |= _VAGUE_WORDS.get(low, 0)
    if "skip" in low or ("splice" in cons and "missense" not in cons):
        event = "skipping"
    elif "dup" in low:
        event = "duplication"
    elif "inframe_deletion" in cons:
        event = "deletion"
    elif "inframe_insertion" in cons or low == "itd":
        event = "insertion"
    elif ("del" in low and "fs" not in low) and not (bits & CLASS_BITS["truncating"]):
        event = "deletion"
    elif ("ins" in low and "fs" not in low) and not (bits & CLASS_BITS["truncating"]):
        event = "insertion"
    elif "missense" in cons:
        event = "missense"
    else:
        event = None
    if event in ("deletion", "insertion", "duplication"):
        bits |= CLASS_BITS["inframe"]
    return event, bits


def _traits_table(a: pl.DataFrame) -> pl.DataFrame:
    keys = a.select("consequence", "_akey").unique()
    rows = [(c, k, *traits(c, k)) for c, k in keys.iter_rows()]
    return pl.DataFrame(rows, schema={"consequence": pl.Utf8, "_akey": pl.Utf8, "exon_event": pl.Utf8,
                                      "_bits": pl.Int64}, orient="row")


def annotate(alts: pl.DataFrame, frames: RoleFrames) -> pl.DataFrame:
    """Add `exon_event`, `mask` (class bits), `vague`, `hotspot`, `role`, `oncogenic` and `synonymous` columns."""
    roles_df, hot_df, ev_df = frames
    cons = pl.col("consequence")
    a = alts.with_row_index("_row").with_columns(
        _akey=pl.when(cons.is_null() | (cons == "truncating")).then(pl.col("alteration")))
    a = a.join(_traits_table(a), on=["consequence", "_akey"], how="left", nulls_equal=True)
    mut = pl.col("kind") == "mutation"
    hs = (
        a.filter(pl.col("protein_start").is_not_null() & pl.col("gene").is_in(hot_df["gene"].unique().to_list()))
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
    b = pl.col("_bits").fill_null(0)

    def has(name: str) -> pl.Expr:
        return (b & CLASS_BITS[name]) != 0

    trunc = mut & has("truncating")
    syn = mut & ((b & SYNONYMOUS) != 0)
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
    kd = mut & (has("missense") | has("inframe")) & (pl.col("protein_start") >= pl.col("kd_lo")) & (
        pl.col("protein_start") <= pl.col("kd_hi"))
    vague = mut & (pl.col("any_codon").fill_null(False) | (pl.col("protein_start").is_null() & pl.col("exon").is_null()
                                                            & ~trunc & ~has("splice")))

    def bit(cond: pl.Expr, name: str) -> pl.Expr:
        return pl.when(cond.fill_null(False)).then(CLASS_BITS[name]).otherwise(0)

    keep = sum(CLASS_BITS[k] for k in ("truncating", "missense", "inframe", "splice", "oncogenic", "activating",
                                       "loss_of_function", "kinase_domain"))
    mask = (pl.when(mut).then(b & keep).otherwise(0) | bit(oncogenic, "oncogenic") | bit(lof, "loss_of_function")
            | bit(activating, "activating") | bit(kd, "kinase_domain") | bit(mut & ~syn, "any"))
    return a.with_columns(
        mask=mask.cast(pl.Int64), vague=vague.fill_null(False), oncogenic=oncogenic.fill_null(False),
        synonymous=syn.fill_null(False),
    ).drop("_row", "_akey", "_bits", "kd_lo", "kd_hi", "fusion_driver", "amp_driver", "onc_event")
