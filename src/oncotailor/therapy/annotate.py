"""Vectorised reading of alterations: consequence-class bits, exon events, hotspot/role calls.

Works on the matcher's alteration frame (one row per alteration, any number of patients) so the same code
classifies one case or a cohort. Gene knowledge comes from `knowledge/data/genes/gene_roles.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from oncotailor.therapy.gene_tables import GeneRole
from oncotailor.therapy.keys import CLASS_BITS, EXON_EVENTS, TRUNCATING_TERMS

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
    """Add missing optional columns (as nulls) and cast to the matcher's schema (only columns that differ)."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in ALT_SCHEMA.items() if c not in df.columns]
    out = df.with_columns(missing) if missing else df
    casts = [pl.col(c).cast(t) for c, t in ALT_SCHEMA.items() if out.schema[c] != t]
    return out.with_columns(casts) if casts else out


STRIDE = 1 << 20  # integer keys: gene code * STRIDE + codon (or exon * 8 + event code)


def gene_key(g: pl.Expr, x: pl.Expr) -> pl.Expr:
    """One Int64 key for (gene code, position): joins and set look-ups on it never touch strings."""
    return g.cast(pl.Int64) * STRIDE + x.cast(pl.Int64)

EVENT_CODES = {e: i + 1 for i, e in enumerate(EXON_EVENTS)}


@dataclass(frozen=True)
class RoleFrames:
    """Per-gene knowledge as integer-keyed frames, built once with the compiled rules.

    `genes` gives every gene a code `g` (rule genes and genes with a role); hotspots and oncogenic exon
    events become sets of integer keys, so reading a cohort's alterations costs one string join on the
    gene and integer look-ups after it.
    """

    genes: pl.DataFrame  # gene, g, role, kd_lo, kd_hi, fusion_driver, amp_driver, rule_gene
    hot_keys: pl.Series  # gene_key(g, codon) of every hotspot codon (ranges expanded)
    hot_ranges: pl.DataFrame  # g, h_lo, h_hi: for changes spanning several codons
    event_keys: pl.Series  # gene_key(g, exon * 8 + event code) of oncogenic exon events


def role_frames(roles: dict[str, GeneRole], rule_genes: frozenset[str] = frozenset()) -> RoleFrames:
    names = sorted(set(roles) | set(rule_genes))
    code = {g: i for i, g in enumerate(names)}
    rows = []
    for g in names:
        r = roles.get(g)
        rows.append({"gene": g, "g": code[g], "role": r.role if r else None,
                     "kd_lo": r.kinase_domain[0] if r and r.kinase_domain else None,
                     "kd_hi": r.kinase_domain[1] if r and r.kinase_domain else None,
                     "fusion_driver": r.fusion_driver if r else False,
                     "amp_driver": r.amplification_driver if r else False, "rule_gene": g in rule_genes})
    genes = pl.DataFrame(rows, schema={"gene": pl.Utf8, "g": pl.Int64, "role": pl.Utf8, "kd_lo": pl.Int64,
                                       "kd_hi": pl.Int64, "fusion_driver": pl.Boolean, "amp_driver": pl.Boolean,
                                       "rule_gene": pl.Boolean}, orient="row")
    spans = [(code[r.gene], c, c) for r in roles.values() for c in r.hotspots]
    spans += [(code[r.gene], lo, hi) for r in roles.values() for lo, hi in r.hotspot_ranges]
    hot = sorted({g * STRIDE + c for g, lo, hi in spans for c in range(lo, hi + 1)})
    events = sorted({code[r.gene] * STRIDE + int(e.split(":")[0]) * 8 + EVENT_CODES[e.split(":")[1]]
                     for r in roles.values() for e in r.oncogenic_exon_events})
    return RoleFrames(
        genes=genes, hot_keys=pl.Series("hot", hot, dtype=pl.Int64),
        hot_ranges=pl.DataFrame(spans, schema={"g": pl.Int64, "h_lo": pl.Int64, "h_hi": pl.Int64}, orient="row"),
        event_keys=pl.Series("ev", events, dtype=pl.Int64))


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


def _traits(a: pl.DataFrame) -> pl.DataFrame:
    """`exon_event` and `_bits` per row: from the consequence term (a few distinct values per batch), or from
    the change's text where no term (or only 'truncating') was given. Each distinct key is read once."""
    cons = pl.col("consequence")
    keyed = a.with_columns(_akey=pl.when(cons.is_null() | (cons == "truncating")).then(pl.col("alteration")))
    rows = [(c, t, *traits(c, t)) for c, t in keyed.select("consequence", "_akey").unique().rows()]
    table = pl.DataFrame(rows, schema={"consequence": pl.Utf8, "_akey": pl.Utf8, "exon_event": pl.Utf8,
                                       "_bits": pl.Int64}, orient="row")
    return keyed.join(table, on=["consequence", "_akey"], how="left", nulls_equal=True, maintain_order="left")


def with_gene_codes(alts: pl.DataFrame, frames: RoleFrames, *, rule_genes_only: bool = False) -> pl.DataFrame:
    """The gene table's columns (`g`, role …) beside each alteration; with `rule_genes_only`, only alterations of
    rule genes are kept (the one pass over a whole cohort that touches gene names)."""
    genes = frames.genes.filter(pl.col("rule_gene")) if rule_genes_only else frames.genes
    if rule_genes_only:
        return alts.join(genes.drop("rule_gene"), on="gene")
    return alts.join(genes.drop("rule_gene"), on="gene", how="left", maintain_order="left")


def annotate(alts: pl.DataFrame, frames: RoleFrames) -> pl.DataFrame:
    """Add `exon_event`, `mask` (class bits), `vague`, `hotspot`, `role`, `oncogenic` and `synonymous` columns.

    `alts` may already carry the gene table's columns (`with_gene_codes`); otherwise they are joined here.
    """
    a = _traits(alts if "g" in alts.columns else with_gene_codes(alts, frames)).with_row_index("_row")
    start, end, g = pl.col("protein_start"), pl.col("protein_end"), pl.col("g")
    spanning = end > start
    span_hot = (a.filter(spanning & g.is_in(frames.hot_ranges["g"].unique().implode()))
                .select("_row", "g", "protein_start", "protein_end").join(frames.hot_ranges, on="g")
                .filter((pl.col("protein_start") <= pl.col("h_hi")) & (pl.col("protein_end") >= pl.col("h_lo")))
                ["_row"].unique())
    single_hot = ~spanning.fill_null(False) & gene_key(g, start).is_in(frames.hot_keys.implode())
    event_code = pl.col("exon_event").replace_strict(EVENT_CODES, default=None, return_dtype=pl.Int64)
    onc_event = gene_key(g, pl.col("exon") * 8 + event_code).is_in(frames.event_keys.implode()).fill_null(False)
    hotspot, ev = pl.col("hotspot"), pl.col("_ev")
    b = pl.col("_bits").fill_null(0)

    def has(name: str) -> pl.Expr:
        return (b & CLASS_BITS[name]) != 0

    mut, cn, fusion = pl.col("_mut"), pl.col("_cn"), pl.col("_fusion")
    trunc = mut & has("truncating")
    syn = mut & ((b & SYNONYMOUS) != 0)
    onc_role, tsg_role = pl.col("_onc"), pl.col("_tsg")
    deep_del = cn & (pl.col("copy_number") == "deletion")
    activating = mut & onc_role & (hotspot | ev) & ~trunc & ~syn  # not a stop or a silent change at it
    lof = trunc | (mut & tsg_role & hotspot) | deep_del
    oncogenic = (
        activating | (tsg_role & (trunc | (mut & hotspot) | deep_del))
        | (cn & (pl.col("copy_number") == "amplification") & pl.col("amp_driver").fill_null(False))
        | (fusion & pl.col("fusion_driver").fill_null(False))
    )
    kd = mut & (has("missense") | has("inframe")) & (start >= pl.col("kd_lo")) & (start <= pl.col("kd_hi"))
    vague = mut & (pl.col("any_codon").fill_null(False) | (start.is_null() & pl.col("exon").is_null()
                                                            & ~trunc & ~has("splice")))

    def bit(cond: pl.Expr, name: str) -> pl.Expr:
        return pl.when(cond.fill_null(False)).then(CLASS_BITS[name]).otherwise(0)

    keep = sum(CLASS_BITS[k] for k in ("truncating", "missense", "inframe", "splice", "oncogenic", "activating",
                                       "loss_of_function", "kinase_domain"))
    mask = (pl.when(mut).then(b & keep).otherwise(0) | bit(oncogenic, "oncogenic") | bit(lof, "loss_of_function")
            | bit(activating, "activating") | bit(kd, "kinase_domain") | bit(mut & ~syn, "any"))
    kind, role = pl.col("kind"), pl.col("role")
    return (a.lazy().with_columns(
        hotspot=single_hot.fill_null(False) | pl.col("_row").is_in(span_hot.implode()), _ev=onc_event,
        _mut=kind == "mutation", _cn=kind == "copy_number", _fusion=kind == "fusion",
        _onc=role.is_in(["oncogene", "both"]).fill_null(False), _tsg=role.is_in(["tsg", "both"]).fill_null(False))
        .with_columns(
        mask=mask.cast(pl.Int64), vague=vague.fill_null(False), oncogenic=oncogenic.fill_null(False),
        synonymous=syn.fill_null(False))
        .drop("_row", "_akey", "_bits", "kd_lo", "kd_hi", "fusion_driver", "amp_driver", "_mut", "_cn", "_fusion", "_onc",
              "_tsg", "_ev").collect())
