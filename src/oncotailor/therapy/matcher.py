"""Matching as a join: patients' alterations and biomarkers against compiled therapy rules, vectorised.

`match_many` is the only matcher: `assess` calls it with a cohort of one, `benchmarks/bench_matcher.py` with
100,000 patients. Every step is a whole-column polars operation, never a Python loop per alteration or
patient, and everything after the first join works on integer keys:

1. one string join on the gene keeps the alterations of rule genes and gives each its integer gene code `g`;
   `annotate` adds class bits, exon events and hotspot calls from integer key sets;
2. predicate hits: one integer join on the (gene code, codon) key covers exact changes (the variant's codons,
   confirmed by the change itself), codons and codon ranges; further small joins cover exon events, classes,
   fusion partners and copy number → (alteration, rule, predicate, `sure`); `sure` is False for a report that
   names only the codon or only the gene;
3. marker predicates (TMB, MSI, PD-L1, HER2 IHC, ER/PR …): each distinct one is a single polars filter over
   the patient table, then joined to the rules that use it and the cancer codes each rule applies to (or to
   the patients a gene hit brought to the rule);
4. rules with one predicate stand on the hit alone; the others expand (patient, rule) to all their
   predicates: met / not_met / unknown (untested gene, missing marker, wild-type without coverage); a rule
   stands when no `all_of` predicate is not_met and no `none_of` predicate is met;
5. tumor type by OncoTree lineage, computed once per distinct cancer code of the batch and looked up by
   integer index: exact, ancestor, tumor-agnostic (solid-only and exclusions honoured), or another type —
   off-label level 3B for level 1/2 sensitivity rules, dropped otherwise;
6. fold duplicates: an off-label or tumor-agnostic entry yields to an on-label one for the same drugs and
   the same matched biomarker.

Inputs: `alterations_df` (columns of `annotate.ALT_SCHEMA`; `alteration` in `keys.canon_change` form) and
`patients_df` (`patient_id` unique, `oncotree_code`, optional `tested_genes` list (null = coverage unknown)
and one column per marker field, e.g. `tmb`, `msi`, `pdl1_tps`, `her2_ihc`, `er`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl

from oncotailor.therapy.annotate import STRIDE, annotate, conform, gene_key, with_gene_codes
from oncotailor.therapy.rules import ORDINALS, CompiledRules

LEVEL_RANK = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4, "R1": 5, "R2": 6}
ON_LABEL = ("exact", "ancestor", "tumor_agnostic")
HIT_COLS = ["_r", "rid", "pred", "sure"]
MAX_SPAN = 60  # codons of one indel compared one by one
OUT_SCHEMA = {
    "patient_id": pl.Utf8, "rule_id": pl.Utf8, "effect": pl.Utf8, "level": pl.Utf8, "approval": pl.Utf8,
    "cancer_type_match": pl.Utf8, "status": pl.Utf8, "alts": pl.List(pl.Int64), "unknown_preds": pl.List(pl.Int32),
    "subtype_unknown": pl.Boolean, "order": pl.Int32,
}
MET, NOT_MET, UNKNOWN = 0, 1, 2  # predicate status


@dataclass(frozen=True)
class Keyed:
    """The compiled rule tables re-keyed on integer gene codes; built once per `CompiledRules`."""

    intervals: pl.DataFrame  # key, sure, alteration, rid, pred
    exons: pl.DataFrame  # key, event, rid, pred
    classes: pl.DataFrame  # g, bit, rid, pred
    class_union: dict[int, int]  # g → OR of the class bits its rules ask for
    vague: pl.DataFrame  # g, rid, pred: rules a gene-only report 'maybe' meets
    cnas: pl.DataFrame  # g, cn, rid, pred
    fusions: pl.DataFrame  # gene, partner, rid, pred
    exact: pl.DataFrame  # gene, alteration, rid, pred (for changes without a codon)
    excludes: pl.DataFrame  # gene, alteration, rid, pred
    exact_g: list[int]
    exclude_g: list[int]
    exon_g: list[int]
    rule_gene_names: list[str]
    info: pl.DataFrame  # one row per rule, rid == row index
    markers: list[dict[str, Any]]  # the distinct marker predicates (field, op, num, text, texts), by `pk`
    marker_preds: pl.DataFrame  # rid, pred, pk: which rule predicate is which distinct marker predicate
    simple: frozenset[int]
    wild_only: list[int]
    positive_gene: pl.DataFrame  # rid, pred of positive gene predicates
    preds: pl.DataFrame  # every predicate, with its gene code `pg` and marker field bit `fmask`
    marker_fields: list[str]  # bit i of a patient's `present` = field i has a value


def keyed(rules: CompiledRules) -> Keyed:
    hit = rules.derived.get("keyed")
    if isinstance(hit, Keyed):
        return hit
    t = rules.tables
    genes = rules.frames().genes.select("gene", "g")

    def with_g(df: pl.DataFrame) -> pl.DataFrame:
        return df.join(genes, on="gene")

    iv = with_g(t["intervals"]).select(key=gene_key(pl.col("g"), pl.col("codon")), sure="sure",
                                       alteration="alteration", rid="rid", pred="pred")
    ex = with_g(t["exons"]).select(key=gene_key(pl.col("g"), pl.col("exon")), event="event", rid="rid", pred="pred")
    cl = with_g(t["classes"]).select("g", "bit", "rid", "pred")
    union: dict[int, int] = {}
    for g, b in cl.select("g", "bit").iter_rows():
        union[g] = union.get(g, 0) | b
    info = t["info"].sort("rid")
    fields = sorted(rules.marker_fields)
    distinct: dict[tuple[Any, ...], int] = {}
    refs = []
    for row in t["markers"].to_dicts():
        sig = (row["field"], row["op"], row["num"], row["text"], tuple(row["texts"] or ()))
        refs.append({"rid": row["rid"], "pred": row["pred"], "pk": distinct.setdefault(sig, len(distinct))})
    distinct_markers = [{"field": f, "op": o, "num": n, "text": x, "texts": list(xs)} for f, o, n, x, xs in distinct]
    marker_preds = pl.DataFrame(refs, schema={"rid": pl.Int32, "pred": pl.Int32, "pk": pl.Int32}, orient="row")
    preds = (t["preds"].join(genes.rename({"g": "pg"}), on="gene", how="left", maintain_order="left")
             .with_columns(fmask=pl.col("field").replace_strict({f: 1 << i for i, f in enumerate(fields)}, default=0,
                                                                return_dtype=pl.Int64)))
    out = Keyed(
        intervals=iv, exons=ex, classes=cl, class_union=union,
        vague=pl.concat([with_g(t["vague"]).select("g", "rid", "pred"),
                         cl.filter(pl.col("bit") != 256).select("g", "rid", "pred")]),
        cnas=with_g(t["cnas"]).select("g", "cn", "rid", "pred"), fusions=t["fusions"],
        exact=t["exact"], excludes=t["excludes"],
        exact_g=with_g(t["exact"])["g"].unique().to_list(), exclude_g=with_g(t["excludes"])["g"].unique().to_list(),
        exon_g=with_g(t["exons"])["g"].unique().to_list(), rule_gene_names=sorted(rules.genes),
        info=info, markers=distinct_markers, marker_preds=marker_preds,
        simple=frozenset(info.filter(pl.col("simple"))["rid"].to_list()),
        wild_only=info.filter(pl.col("wild_only"))["rid"].to_list(),
        positive_gene=preds.filter(~pl.col("neg") & (pl.col("ptype") == "gene")).select("rid", "pred"),
        preds=preds, marker_fields=fields,
    )
    rules.derived["keyed"] = out
    return out


# -- alterations → predicate hits -------------------------------------------------------------------------


def _relevant(alts: pl.DataFrame, rules: CompiledRules, k: Keyed) -> pl.DataFrame:
    """Alterations of rule genes, plus fusions whose 5' partner is a rule gene."""
    fr = rules.frames()
    main = with_gene_codes(alts, fr, rule_genes_only=True)
    five = alts[alts["fusion_5p"].is_not_null().arg_true()]  # a gather: fusions are a few rows of many
    if five.height:
        five = five.filter(pl.col("fusion_5p").is_in(k.rule_gene_names) & ~pl.col("gene").is_in(k.rule_gene_names))
        if five.height:
            main = pl.concat([main, with_gene_codes(five, fr)], how="diagonal_relaxed")
    return main


def _codon_keys(mut: pl.DataFrame) -> pl.DataFrame:
    """(_r, key, alteration, any_codon) for every codon a change touches (indels up to MAX_SPAN codons)."""
    start, end = pl.col("protein_start"), pl.col("protein_end")
    pos = mut.filter(start.is_not_null()).select("_r", "g", "protein_start", "protein_end", "alteration", "any_codon")
    spanning = (end > start).fill_null(False)
    single = pos.filter(~spanning).select("_r", "alteration", "any_codon", key=gene_key(pl.col("g"), start))
    multi = (pos.filter(spanning)
             .with_columns(codon=pl.int_ranges(start, pl.min_horizontal(end, start + MAX_SPAN) + 1)).explode("codon")
             .select("_r", "alteration", "any_codon", key=gene_key(pl.col("g"), pl.col("codon"))))
    return pl.concat([single, multi])


_READ_COLS = ("_r", "gene", "g", "role", "kd_lo", "kd_hi", "fusion_driver", "amp_driver", "kind", "alteration",
              "consequence", "protein_start", "protein_end", "exon", "intron", "any_codon", "copy_number")


def _needs_reading(k: Keyed) -> pl.Expr:
    """Rows whose class bits, exon event or vagueness can matter: genes with class or exon rules, and changes
    reported without a codon or as 'any change at the codon'. Only these go through `annotate`."""
    return (pl.col("g").is_in(sorted(set(k.class_union) | set(k.exon_g))) | pl.col("protein_start").is_null()
            | pl.col("any_codon").fill_null(False))


def _hits(a: pl.DataFrame, ann: pl.DataFrame, k: Keyed) -> pl.DataFrame:
    """Predicate hits (_r, rid, pred, sure) of every alteration (step 2); `ann` = the annotated rows of `a`."""
    # a synonymous change touches a codon but changes nothing: no codon, range or exon rule is met by it
    silent = pl.col("alteration").str.ends_with("=").fill_null(False) | (pl.col("consequence") == "synonymous_variant"
                                                                         ).fill_null(False)
    mut = a.select("_r", "g", "kind", "alteration", "consequence", "protein_start", "protein_end", "any_codon").filter(
        (pl.col("kind") == "mutation") & ~silent)
    ann_mut = ann.filter((pl.col("kind") == "mutation") & ~pl.col("synonymous"))
    any_codon = pl.col("any_codon").fill_null(False)
    same = (pl.col("alteration") == pl.col("rule_alt")).fill_null(False)
    iv = (_codon_keys(mut).join(k.intervals.rename({"alteration": "rule_alt"}), on="key")
          .filter(pl.col("sure") | same | any_codon).select("_r", "rid", "pred", sure=pl.col("sure") | same))
    parts = [iv]
    if k.exact.height:  # word changes (ITD …) and changes read without a codon
        words = a.select("_r", "g", "gene", "alteration", "protein_start").filter(
            pl.col("protein_start").is_null() & pl.col("g").is_in(k.exact_g))
        parts.append(words.join(k.exact, on=["gene", "alteration"]).select(*HIT_COLS[:3], sure=pl.lit(True)))
    if k.exons.height:
        exon_rows = ann_mut.filter(pl.col("g").is_in(k.exon_g))
        skip = (exon_rows.filter(pl.col("exon").is_null() & pl.col("intron").is_not_null()
                                 & (pl.col("exon_event") == "skipping"))
                .with_columns(exon=pl.concat_list(pl.col("intron"), pl.col("intron") + 1)).explode("exon"))
        ev = (pl.concat([exon_rows.filter(pl.col("exon").is_not_null()), skip])
              .select("_r", "exon_event", key=gene_key(pl.col("g"), pl.col("exon"))).join(k.exons, on="key")
              .filter((pl.col("event") == "any") | (pl.col("event") == pl.col("exon_event"))
                      | ((pl.col("event") == "insertion") & (pl.col("exon_event") == "duplication"))))
        parts.append(ev.select(*HIT_COLS[:3], sure=pl.lit(True)))
    if k.class_union:
        union = pl.col("g").replace_strict(k.class_union, default=0, return_dtype=pl.Int64)
        cl = (ann.filter(((pl.col("mask") & union) != 0) & ~pl.col("synonymous")).select("_r", "g", "mask")
              .join(k.classes, on="g")
              .filter((pl.col("mask") & pl.col("bit")) != 0))
        parts.append(cl.select(*HIT_COLS[:3], sure=pl.lit(True)))
    vague = ann_mut.filter(pl.col("vague"))
    if vague.height and k.vague.height:
        parts.append(vague.select("_r", "g").join(k.vague, on="g").select(*HIT_COLS[:3], sure=pl.lit(False)))
    fu = a.select("_r", "gene", "kind", "fusion_5p").filter(pl.col("kind") == "fusion")
    if fu.height and k.fusions.height:
        parts.append(_fusion_hits(fu, k))
    cn = a.select("_r", "g", "kind", "copy_number").filter(pl.col("kind") == "copy_number")
    if cn.height and k.cnas.height:
        parts.append(cn.join(k.cnas, left_on=["g", "copy_number"], right_on=["g", "cn"])
                     .select(*HIT_COLS[:3], sure=pl.lit(True)))
    hits = pl.concat(parts, how="vertical_relaxed")
    if k.excludes.height:
        excl = (a.select("_r", "g", "gene", "alteration").filter(pl.col("g").is_in(k.exclude_g))
                .join(k.excludes, on=["gene", "alteration"])
                .select("_r", "rid", "pred"))
        if excl.height:
            hits = hits.join(excl, on=["_r", "rid", "pred"], how="anti")
    return hits


def _fusion_hits(fu: pl.DataFrame, k: Keyed) -> pl.DataFrame:
    """Fusion predicates name one gene and optionally its partner; either side of the fusion may be named."""
    both = pl.concat([
        fu.select("_r", "gene", other=pl.col("fusion_5p")),
        fu.filter(pl.col("fusion_5p").is_not_null() & (pl.col("fusion_5p") != pl.col("gene")))
        .select("_r", gene=pl.col("fusion_5p"), other=pl.col("gene")),
    ])
    partner, other = pl.col("partner"), pl.col("other")
    return (both.join(k.fusions, on="gene")
            .filter(partner.is_null() | other.is_null() | (partner == other))
            .select("_r", "rid", "pred", sure=partner.is_null() | (partner == other)))


# -- patients: markers and tumor types ---------------------------------------------------------------------


def _marker_frame(patients: pl.DataFrame, fields: list[str]) -> pl.DataFrame:
    """pid, ci and, per marker field the table has, its number (`<f>__n`: ordinal scales for graded text, 0/1
    for booleans) and lower-case text (`<f>__t`); computed once, so each predicate is a plain comparison."""
    cols: list[pl.Expr] = []
    for fld in fields:
        if fld not in patients.columns:
            continue
        col = pl.col(fld)
        dtype = patients.schema[fld]
        if dtype in (pl.Utf8, pl.String, pl.Categorical):
            text = col.cast(pl.Utf8).str.to_lowercase()
            scale = ORDINALS.get(fld)
            num = (text.replace_strict(scale, default=None, return_dtype=pl.Float64) if scale
                   else text.cast(pl.Float64, strict=False))
        elif dtype == pl.Boolean:
            num, text = col.cast(pl.Float64), pl.when(col).then(pl.lit("positive")).otherwise(pl.lit("negative"))
        else:
            num, text = col.cast(pl.Float64), pl.lit(None, dtype=pl.Utf8)
        cols += [num.alias(f"{fld}__n"), text.alias(f"{fld}__t")]
    return patients.select("pid", "ci", *cols)


def _holds(values: pl.DataFrame, row: dict[str, Any]) -> pl.Expr | None:
    """The predicate as one boolean expression over `_marker_frame` (None: the batch lacks the field)."""
    fld = row["field"]
    if f"{fld}__n" not in values.columns:
        return None
    num, text = pl.col(f"{fld}__n"), pl.col(f"{fld}__t")
    op, r_num, r_text = row["op"], row["num"], row["text"]
    if op == "in":
        ok = text.is_in(row["texts"] or [])
    elif r_num is not None:
        cmp = {">=": num >= r_num, ">": num > r_num, "<=": num <= r_num, "<": num < r_num, "==": num == r_num}
        by_text = (text == r_text) if r_text is not None else pl.lit(False)
        ok = pl.when(num.is_not_null()).then(cmp.get(op, pl.lit(False))).otherwise(by_text)
    elif r_text is not None:
        ok = text == r_text
    else:
        return None
    return ok.fill_null(False)


def _markers_met(patients: pl.DataFrame, k: Keyed) -> pl.DataFrame:
    """(pid, ci, pk) for every distinct marker predicate `pk` a patient meets: each predicate is one filter
    over the batch, however many rules share it."""
    values = _marker_frame(patients, k.marker_fields)
    frames = [values.lazy().filter(holds).select("pid", "ci", pk=pl.lit(pk, dtype=pl.Int32))
              for pk, row in enumerate(k.markers) if (holds := _holds(values, row)) is not None]
    return (pl.concat(frames).collect() if frames
            else pl.DataFrame(schema={"pid": pl.UInt32, "ci": pl.UInt32, "pk": pl.Int32}))


def _marker_by_code(met: pl.DataFrame, k: Keyed, on_codes: dict[int, list[int]]) -> pl.DataFrame:
    """(pid, rid, pred) of the marker predicates met by patients of a cancer the rule applies to."""
    rule_codes = pl.DataFrame(
        [(rid, pred, pk, ci) for rid, pred, pk in k.marker_preds.iter_rows() for ci in on_codes.get(rid, [])],
        schema={"rid": pl.Int32, "pred": pl.Int32, "pk": pl.Int32, "ci": pl.UInt32}, orient="row")
    return met.join(rule_codes, on=["pk", "ci"]).select("pid", "rid", "pred")


def _marker_by_gene(met: pl.DataFrame, k: Keyed, gene_pairs: pl.DataFrame) -> pl.DataFrame:
    """(pid, rid, pred) of the marker predicates met by patients a gene hit brought to a rule (any cancer:
    such a rule may stand off-label)."""
    return (gene_pairs.join(k.marker_preds, on="rid").join(met.select("pid", "pk"), on=["pid", "pk"])
            .select("pid", "rid", "pred"))


@lru_cache(maxsize=4096)
def _lineage(code: str) -> tuple[tuple[str, ...], bool] | None:
    from oncotailor.errors import OncoTailorError
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        t = resolve_cancer_type(code)
    except OncoTailorError:
        return None
    return (*t.ancestors, t.code), t.solid


def _applicability(codes: list[str | None], rules: CompiledRules) -> pl.DataFrame:
    """(ci, rid) → cancer_type_match (exact / ancestor / tumor_agnostic / other; unknown and excluded dropped),
    `subtype_unknown` (the case names a broader type than the rule) and `same_class` (both solid or both blood).

    `ci` indexes `codes`, the distinct cancer codes of the batch: one row per code and rule, whatever the
    number of patients.
    """
    types = rules.tables["types"]
    rcodes = sorted(set(types["code"].to_list()))
    resolved = {rc: (_lineage(rc) or ((rc,), True)) for rc in rcodes}
    types = types.with_columns(rcode=pl.col("code").replace_strict({k: v[0][-1] for k, v in resolved.items()},
                                                                   return_dtype=pl.Utf8))
    lin_rows: list[dict[str, object]] = []
    code_rows: list[dict[str, object]] = []
    up_rows: list[dict[str, object]] = []
    for ci, code in enumerate(codes):
        lin = _lineage(code) if code else None
        code_rows.append({"ci": ci, "solid": lin[1] if lin else None})
        if lin:
            lin_rows.extend({"ci": ci, "anc": a, "self": a == lin[0][-1]} for a in lin[0])
            up_rows.extend({"ci": ci, "rcode": rc} for rc, (rlin, _) in resolved.items() if code in rlin[:-1])
    lin_df = pl.DataFrame(lin_rows, schema={"ci": pl.UInt32, "anc": pl.Utf8, "self": pl.Boolean}, orient="row")
    down = (lin_df.join(types, left_on="anc", right_on="rcode")
            .group_by("ci", "rid").agg(
                excluded=pl.col("exclude").any(), exact=(~pl.col("exclude") & pl.col("self")).any(),
                ancestor=(~pl.col("exclude")).any()))
    up = (pl.DataFrame(up_rows, schema={"ci": pl.UInt32, "rcode": pl.Utf8}, orient="row")
          .join(types.filter(~pl.col("exclude")), on="rcode").select("ci", "rid").unique()
          .with_columns(broader=pl.lit(True)))
    rsolid = (types.filter(~pl.col("exclude"))
              .with_columns(rsolid=pl.col("code").replace_strict({k: v[1] for k, v in resolved.items()},
                                                                 return_dtype=pl.Boolean))
              .group_by("rid").agg(pl.col("rsolid").any()))
    base = (pl.DataFrame(code_rows, schema={"ci": pl.UInt32, "solid": pl.Boolean}, orient="row")
            .join(rules.tables["info"].select("rid", "tumor_agnostic", "solid_only"), how="cross")
            .join(down, on=["ci", "rid"], how="left")
            .join(up, on=["ci", "rid"], how="left")
            .join(rsolid, on="rid", how="left"))
    agnostic_ok = ~pl.col("solid_only") | pl.col("solid").fill_null(True)
    ctm = (pl.when(pl.col("excluded").fill_null(False)).then(pl.lit(None, dtype=pl.Utf8))
           .when(pl.col("exact").fill_null(False)).then(pl.lit("exact"))
           .when(pl.col("ancestor").fill_null(False)).then(pl.lit("ancestor"))
           .when(pl.col("tumor_agnostic")).then(pl.when(agnostic_ok).then(pl.lit("tumor_agnostic")).otherwise(None))
           .when(pl.col("broader").fill_null(False)).then(pl.lit("ancestor"))
           .when(pl.col("solid").is_null()).then(pl.lit("unknown"))
           .otherwise(pl.lit("other")))
    return base.select(
        "ci", "rid", cancer_type_match=ctm,
        subtype_unknown=(~pl.col("exact").fill_null(False) & ~pl.col("ancestor").fill_null(False)
                         & pl.col("broader").fill_null(False) & ~pl.col("tumor_agnostic")),
        same_class=(pl.col("rsolid") == pl.col("solid")).fill_null(False),
    ).filter(pl.col("cancer_type_match").is_not_null() & (pl.col("cancer_type_match") != "unknown"))


def _applicability_cached(codes: tuple[str | None, ...], rules: CompiledRules) -> pl.DataFrame:
    """`_applicability`, kept per compiled rules for the batch's code list (a cohort of one repeats a few)."""
    cache = rules.derived.setdefault("applicability", {})
    hit = cache.get(codes)
    if hit is None:
        if len(cache) > 256:
            cache.clear()
        hit = cache[codes] = _applicability(list(codes), rules)
    return hit


def _patients(patients_df: pl.DataFrame, marker_fields: list[str]) -> tuple[pl.DataFrame, list[str | None]]:
    """The patient table with `pid` (row index), `ci` (index of its cancer code among the batch's codes) and
    `present` (bit i set when marker field i has a value)."""
    p = patients_df.with_row_index("pid")
    if "tested_genes" not in p.columns:
        p = p.with_columns(tested_genes=pl.lit(None, dtype=pl.List(pl.Utf8)))
    codes = p["oncotree_code"].cast(pl.Utf8).unique(maintain_order=True)
    index = pl.DataFrame({"oncotree_code": codes, "ci": pl.int_range(codes.len(), dtype=pl.UInt32, eager=True)})
    bits = [pl.col(f).is_not_null().cast(pl.Int64) * (1 << i) for i, f in enumerate(marker_fields) if f in p.columns]
    p = (p.with_columns(pl.col("oncotree_code").cast(pl.Utf8), present=pl.sum_horizontal(bits) if bits else pl.lit(0))
         .join(index, on="oncotree_code", how="left", nulls_equal=True, maintain_order="left"))
    return p, codes.to_list()


# -- (patient, rule) evaluation ----------------------------------------------------------------------------

_PAIR = 1 << 20  # composite keys: (pid * _PAIR + rid) * _PRED + pred
_PRED = 1 << 9
_GENERAL = _PRED - 1  # the predicate slot of a (patient, rule) source key: a rule with several predicates


def _pair_key(pid: pl.Expr, rid: pl.Expr, pred: pl.Expr | None = None) -> pl.Expr:
    key = pid.cast(pl.Int64) * _PAIR + rid.cast(pl.Int64)
    return key * _PRED + pred.cast(pl.Int64) if pred is not None else key


def _tested(patients: pl.DataFrame, pids: pl.Series, genes: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """(pid, tid) and the keys tid * STRIDE + g of tested rule genes; one entry per distinct coverage list
    (patients share a few panels, so the genes are looked up once per panel)."""
    sub = pl.DataFrame({"pid": pids, "tested_genes": patients["tested_genes"].gather(pids)}).filter(
        pl.col("tested_genes").is_not_null())
    panels = sub.select("tested_genes").unique(maintain_order=True).with_row_index("tid")
    tested = (panels.explode("tested_genes").join(genes, left_on="tested_genes", right_on="gene")
              .select(key=pl.col("tid").cast(pl.Int64) * STRIDE + pl.col("g"))["key"])
    return sub.join(panels, on="tested_genes").select("pid", "tid"), tested


def _evaluate(pairs: pl.DataFrame, k: Keyed, hits: pl.DataFrame, flat_alts: pl.DataFrame, mmet_keys: pl.Series,
              patients: pl.DataFrame, genes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Every predicate of the candidate (patient, rule) pairs: met / not_met / unknown → the pairs that stand
    (pid, rid, n_unknown, markers, src), their alterations (src, alt) and unknown predicates (src, pred)."""
    tid, tested_keys = _tested(patients, pairs["pid"].unique(), genes)
    exp = (pairs.join(k.preds, on="rid")
           .with_columns(key=_pair_key(pl.col("pid"), pl.col("rid"), pl.col("pred")))
           .join(hits.select("key", "hit_sure"), on="key", how="left"))
    exp = exp.with_columns(present=patients["present"].gather(exp["pid"]))
    exp = exp.join(tid, on="pid", how="left")
    hit_sure = pl.col("hit_sure").fill_null(False)
    hit_any = pl.col("hit_sure").is_not_null()
    tested = pl.when(pl.col("tid").is_null()).then(None).otherwise(
        (pl.col("tid").cast(pl.Int64) * STRIDE + pl.col("pg")).is_in(tested_keys.implode()))
    ptype = pl.col("ptype")
    met, not_met, unknown = pl.lit(MET), pl.lit(NOT_MET), pl.lit(UNKNOWN)
    status = (
        pl.when(ptype == "marker").then(
            pl.when(pl.col("key").is_in(mmet_keys.implode())).then(met)
            .when((pl.col("present") & pl.col("fmask")) != 0).then(not_met).otherwise(unknown))
        .when(ptype == "gene").then(
            pl.when(hit_sure).then(met).when(hit_any).then(unknown)
            .when(tested == False).then(unknown)  # noqa: E712 (polars expression)
            .otherwise(not_met))
        .otherwise(  # wildtype
            pl.when(hit_sure).then(not_met).when(hit_any).then(unknown)
            .when(tested == True).then(met)  # noqa: E712
            .otherwise(unknown))
    )
    st, pos = pl.col("st"), ~pl.col("neg")
    exp = exp.with_columns(st=status, pkey=_pair_key(pl.col("pid"), pl.col("rid")))
    stand = exp.group_by("pkey").agg(
        pl.col("pid").first(), pl.col("rid").first(),
        excluded=(pl.col("neg") & (st == MET)).any(),
        n_not_met=(pos & (st == NOT_MET)).sum(),
        n_unknown=(pos & (st == UNKNOWN)).sum(),
        markers=(pos & (ptype == "marker") & (st == MET)).sum(),
        u_one=pl.col("pred").filter(pos & (st == UNKNOWN)).min(),
    ).filter(~pl.col("excluded") & (pl.col("n_not_met") == 0))
    src = pl.col("pkey") * _PRED + _GENERAL
    sel = exp.filter(pos & pl.col("pkey").is_in(stand["pkey"].implode()))
    alts = (sel.filter(pl.col("hit_sure").is_not_null()).select(src=src, key="key")
            .join(flat_alts, left_on="key", right_on="src").select("src", "alt").unique())
    unknown_preds = sel.filter(st == UNKNOWN).select(src=src, pred="pred")
    summary = alts.group_by("src").agg(a_min=pl.col("alt").min(), a_max=pl.col("alt").max(), a_n=pl.len())
    rows = (stand.select("pid", "rid", "n_unknown", "markers", "u_one", src=src)
            .join(summary, on="src", how="left").with_columns(pl.col("a_n").fill_null(0)))
    return rows, alts, unknown_preds


def _group_hits(raw: pl.DataFrame, a: pl.DataFrame, patients: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Hits per (patient, rule, predicate) — `key`, whether any is sure — and, flat, the sure alterations
    behind each key (`src`, `alt`; a change reached by several codons or paths repeats)."""
    flat = (_with_pid(raw.with_columns(patient_id=a["patient_id"].gather(raw["_r"]), alt=a["alt_idx"].gather(raw["_r"])),
                      patients)
            .select("pid", "rid", "pred", "sure", "alt", key=_pair_key(pl.col("pid"), pl.col("rid"), pl.col("pred"))))
    sure_alt = pl.col("alt").filter(pl.col("sure"))
    hits = flat.group_by("key").agg(pl.col("pid").first(), pl.col("rid").first(), pl.col("pred").first(),
                                    hit_sure=pl.col("sure").any(), a_min=sure_alt.min(), a_max=sure_alt.max(),
                                    a_n=sure_alt.n_unique().cast(pl.UInt32))
    return hits, flat.filter(pl.col("sure")).select(src="key", alt="alt")  # may repeat: readers dedupe


def _with_pid(df: pl.DataFrame, patients: pl.DataFrame) -> pl.DataFrame:
    """`pid` (the patient's row) for each row's `patient_id`; rows of patients not in the batch are dropped."""
    ids = patients.select(pl.col("patient_id").cast(pl.Utf8), "pid")
    return df.with_columns(pl.col("patient_id").cast(pl.Utf8)).join(ids, on="patient_id").drop("patient_id")


def match_many(alterations_df: pl.DataFrame, patients_df: pl.DataFrame, rules: CompiledRules) -> pl.DataFrame:
    """Every (patient, rule) that stands, with level, approval, tumor-type match and matched alterations."""
    k = keyed(rules)
    genes = rules.frames().genes.select("gene", "g")
    patients, codes = _patients(patients_df, k.marker_fields)
    app = _applicability_cached(tuple(codes), rules)
    on_label = app.filter(pl.col("cancer_type_match").is_in(ON_LABEL))
    on_codes = {rid: cis for rid, cis in on_label.group_by("rid").agg(pl.col("ci")).iter_rows()}

    a = _relevant(conform(alterations_df), rules, k).with_row_index("_r")
    ann = annotate(a.select(*_READ_COLS).filter(_needs_reading(k)), rules.frames()).select(
        "_r", "g", "kind", "exon", "intron", "exon_event", "mask", "vague", "synonymous")
    hits, flat_alts = _group_hits(_hits(a, ann, k), a, patients)
    met = _markers_met(patients, k)
    gene_pairs = hits.join(k.positive_gene, on=["rid", "pred"]).select("pid", "rid").unique()
    mmet = pl.concat([_marker_by_code(met, k, on_codes), _marker_by_gene(met, k, gene_pairs)]).unique()
    simple = pl.col("rid").is_in(list(k.simple))
    simple_gene = hits.filter(simple)
    none = pl.lit(None, dtype=pl.Int64)
    rows = [simple_gene.select("pid", "rid", n_unknown=(~pl.col("hit_sure")).cast(pl.UInt32),
                               markers=pl.lit(0, dtype=pl.UInt32),
                               u_one=pl.when(pl.col("hit_sure")).then(None).otherwise(pl.col("pred")), src="key",
                               a_min="a_min", a_max="a_max", a_n="a_n"),
            mmet.filter(simple).unique(subset=["pid", "rid"]).select(
                "pid", "rid", n_unknown=pl.lit(0, dtype=pl.UInt32), markers=pl.lit(1, dtype=pl.UInt32),
                u_one=pl.lit(None, dtype=pl.Int32), src=pl.lit(-1, dtype=pl.Int64), a_min=none, a_max=none,
                a_n=pl.lit(0, dtype=pl.UInt32))]
    alts = [flat_alts]
    unknown = [simple_gene.filter(~pl.col("hit_sure")).select(src="key", pred="pred")]
    codes_of = patients.select("pid", "ci")
    wild = [codes_of.filter(pl.col("ci").is_in(on_codes.get(rid, []))).select("pid", rid=pl.lit(rid, pl.Int32))
            for rid in k.wild_only]
    pairs = (pl.concat([gene_pairs, mmet.select("pid", "rid"), *wild]).filter(~simple).unique())
    mmet_keys = mmet.select(key=_pair_key(pl.col("pid"), pl.col("rid"), pl.col("pred")))["key"]
    if pairs.height:
        g_rows, g_alts, g_unknown = _evaluate(pairs, k, hits, flat_alts, mmet_keys, patients, genes)
        rows.append(g_rows)
        alts.append(g_alts)
        unknown.append(g_unknown)
    return _finish(pl.concat(rows, how="vertical_relaxed"), pl.concat(alts), pl.concat(unknown, how="vertical_relaxed"),
                   app, patients, k, len(codes))


CTM_NAMES = ["exact", "ancestor", "tumor_agnostic", "other"]


def _finish(rows: pl.DataFrame, alts: pl.DataFrame, unknown: pl.DataFrame, app: pl.DataFrame,
            patients: pl.DataFrame, k: Keyed, n_codes: int) -> pl.DataFrame:
    """Tumor-type match and off-label level by integer look-up, fold and order on a narrow integer frame; the
    report's words and the list columns (matched alterations, unknown predicates) are built once, in order."""
    n_rules = k.info.height
    app_key = (pl.col("ci").cast(pl.Int64) * n_rules + pl.col("rid")).alias("k")
    dense = app.select(app_key, ctm=pl.col("cancer_type_match").replace_strict(
        {c: i for i, c in enumerate(CTM_NAMES)}, return_dtype=pl.Int8), sub=pl.col("subtype_unknown"),
        same=pl.col("same_class"))
    full = (pl.DataFrame({"k": pl.int_range(max(n_codes, 1) * n_rules, dtype=pl.Int64, eager=True)})
            .join(dense, on="k", how="left", maintain_order="left"))
    info = k.info

    def look(values: pl.Series, index: str) -> pl.Expr:
        return pl.lit(values).gather(pl.col(index))

    other = pl.col("ctm") == 3
    # off-label (3B) only for a genomic alteration, from a level 1/2 rule, within the same solid/blood class
    offlabel_ok = (pl.col("sens") & (pl.col("lrank") <= 1) & (pl.col("n_unknown") == 0) & (pl.col("a_n") > 0)
                   & pl.col("same_class"))
    lazy = (rows.lazy().with_columns(ci=look(patients["ci"], "pid")).with_columns(app_key)
            .with_columns(ctm=look(full["ctm"], "k"), subtype_unknown=look(full["sub"], "k"),
                          same_class=look(full["same"], "k"), sens=look(info["effect"] == "sensitive", "rid"),
                          lrank=look(info["lrank"], "rid"), drugs_id=look(info["drugs_id"], "rid"),
                          order=look(info["order"], "rid"),
                          # the matched biomarker, as integers: first and last alteration, their count, markers
                          _akey=(pl.col("a_min").fill_null(-1) * 1_000_003 + pl.col("a_max").fill_null(-1) * 1_009
                                 + pl.col("a_n") * 31 + pl.col("markers")))
            .filter(pl.col("ctm").is_not_null() & (~other | offlabel_ok))
            .with_columns(lrank=pl.when(other).then(pl.lit(LEVEL_RANK["3B"], dtype=pl.Int32)).otherwise(pl.col("lrank")))
            .select("pid", "rid", "n_unknown", "src", "ctm", "subtype_unknown", "lrank", "order", "drugs_id", "sens",
                    "_akey", "a_min", "a_n", "u_one"))
    nar = _fold(lazy).collect().with_row_index("_pos")
    rid, other_s = nar["rid"], nar["ctm"] == 3

    def pick(when: pl.Series, then: str, otherwise: pl.Series) -> pl.Series:
        return pl.select(pl.when(when).then(pl.lit(then)).otherwise(otherwise)).to_series()

    def lists(flat: pl.DataFrame, value: str, dtype: pl.DataType, count: str, one: pl.Expr) -> pl.Series:
        """The list column: empty or one value straight from the row; several gathered from `flat`."""
        empty = pl.lit([], dtype=pl.List(dtype))
        rows = nar.select("_pos", "src", n=pl.col(count), one=pl.when(pl.col(count) == 1).then(
            pl.concat_list(one.cast(dtype))).otherwise(empty))
        several = rows.filter(pl.col("n") > 1)
        if several.is_empty():
            return rows["one"].alias(value)
        grouped = (several.select("_pos", "src").join(flat, on="src").unique().sort("_pos", value)
                   .group_by("_pos", maintain_order=True).agg(pl.col(value).cast(dtype).alias("_many")))
        return (rows.join(grouped, on="_pos", how="left", maintain_order="left")
                .select(pl.when(pl.col("n") > 1).then(pl.col("_many")).otherwise(pl.col("one")).alias(value))
                .to_series())

    return pl.DataFrame({
        "patient_id": patients["patient_id"].cast(pl.Utf8).gather(nar["pid"]),
        "rule_id": info["rule_id"].gather(rid), "effect": info["effect"].gather(rid),
        "level": pick(other_s, "3B", info["level"].gather(rid)),
        "approval": pick(other_s, "off_label", info["approval"].gather(rid)),
        "cancer_type_match": pl.Series(CTM_NAMES, dtype=pl.Utf8).gather(nar["ctm"].cast(pl.UInt32)),
        "status": nar.select(pl.when(pl.col("n_unknown") == 0).then(pl.lit("met")).otherwise(pl.lit("unknown")))
        .to_series(),
        "alts": lists(alts, "alt", pl.Int64(), "a_n", pl.col("a_min")),
        "unknown_preds": lists(unknown, "pred", pl.Int32(), "n_unknown", pl.col("u_one")),
        "subtype_unknown": nar["subtype_unknown"], "order": nar["order"],
    }).cast(OUT_SCHEMA)  # type: ignore[arg-type]


def _fold(res: pl.LazyFrame) -> pl.LazyFrame:
    """Drop off-label / tumor-agnostic entries that repeat an on-label one of the same or a stronger level (same
    drugs, same biomarker: a level-1 tumor-agnostic approval stays beside a level-2 guideline entry),
    and keep one of several off-label entries for the same drugs and biomarker (the strongest rule)."""
    grp = ["_g", "_akey"]  # patient, drugs, effect packed in one integer; the matched biomarker
    res = res.with_columns(
        _g=(pl.col("pid").cast(pl.Int64) * 65_536 + pl.col("drugs_id")) * 2 + pl.col("sens").cast(pl.Int64),
        _rank=(pl.col("ctm").cast(pl.Int64) * 8 + pl.col("lrank")) * 65_536 + pl.col("order"))
    on_label = res.filter(pl.col("ctm") <= 1)
    best_on = on_label.group_by(grp).agg(_on=pl.col("lrank").min())
    rest = (res.filter(pl.col("ctm") >= 2).join(best_on, on=grp, how="left")
            .filter(pl.col("_on").is_null() | (pl.col("_on") > pl.col("lrank"))).drop("_on")
            .filter(pl.col("_rank") == pl.col("_rank").min().over(grp)))  # (pid, rule) is unique: one per group
    return (pl.concat([on_label, rest]).sort((pl.col("pid").cast(pl.Int64) * 8 + pl.col("lrank")) * 2**22
                                             + pl.col("_rank")).drop("_g", "_rank"))
