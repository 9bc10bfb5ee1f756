"""Matching as a join: patients' alterations and biomarkers against compiled therapy rules, vectorised.

`match_many` is the only matcher: `assess` calls it with a cohort of one, `benchmarks/bench_matcher.py` with
100,000 patients. Steps (each a polars join/filter over whole columns, never a Python loop per alteration):

1. annotate alterations (class bits, exon events, hotspots) — `annotate.annotate`;
2. join them with each rule key table (exact change, codon intervals, exon events, classes, fusion partners,
   copy number) → predicate hits, `sure` or 'maybe' (a report that names only the codon or only the gene);
3. compare patient markers (TMB, MSI, PD-L1, HER2 IHC, ER/PR …) with signature/expression predicates;
4. expand candidate (patient, rule) pairs to all their predicates: met / not_met / unknown (untested gene,
   missing marker, wild-type without coverage); a rule stands when no `all_of` predicate is not_met and no
   `none_of` predicate is met;
5. tumor type by OncoTree lineage: exact, ancestor, tumor-agnostic (solid-only honoured, exclusions
   honoured), or another type — off-label level 3B for level 1/2 sensitivity rules, dropped otherwise;
6. fold duplicates: an off-label or tumor-agnostic entry yields to an on-label one for the same drugs and
   the same matched biomarker.

Inputs: `alterations_df` (columns of `annotate.ALT_SCHEMA`; `alteration` in `keys.canon_change` form) and
`patients_df` (`patient_id`, `oncotree_code`, optional `tested_genes` list (null = coverage unknown) and
one column per marker field, e.g. `tmb`, `msi`, `pdl1_tps`, `her2_ihc`, `er`).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from oncotailor.therapy.annotate import annotate, conform
from oncotailor.therapy.rules import ORDINALS, CompiledRules

LEVEL_RANK = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4, "R1": 5, "R2": 6}
MATCH_RANK = {"exact": 0, "ancestor": 1, "tumor_agnostic": 2, "other": 3, "unknown": 4}
HIT_COLS = ["pid", "alt_idx", "rid", "pred", "sure"]
MAX_SPAN = 60  # codons of one indel compared one by one
OUT_SCHEMA = {
    "patient_id": pl.Utf8, "rule_id": pl.Utf8, "effect": pl.Utf8, "level": pl.Utf8, "approval": pl.Utf8,
    "cancer_type_match": pl.Utf8, "status": pl.Utf8, "alts": pl.List(pl.Int64), "unknown_preds": pl.List(pl.Int32),
    "subtype_unknown": pl.Boolean, "order": pl.Int32,
}


def _hits(a: pl.DataFrame, rules: CompiledRules) -> pl.DataFrame:
    """Predicate hits of every alteration (step 2)."""
    t = rules.tables
    mut = a.filter(pl.col("kind") == "mutation")
    parts = []
    exact = a.join(t["exact"], on=["gene", "alteration"]).with_columns(sure=pl.lit(True))
    if t["excludes"].height:
        exact_ex = a.join(t["excludes"], on=["gene", "alteration"]).select("pid", "alt_idx", "rid", "pred")
        parts.append(("exclude", exact_ex))
    parts.append(("hit", exact.select(HIT_COLS)))
    if t["intervals"].height:
        pos = mut.filter(pl.col("protein_start").is_not_null() & pl.col("gene").is_in(rules.interval_genes))
        multi = pos.filter(pl.col("protein_end") > pl.col("protein_start"))
        codons = pl.concat([
            pos.filter(~(pl.col("protein_end") > pl.col("protein_start")).fill_null(True))
            .with_columns(codon=pl.col("protein_start")),
            multi.with_columns(codon=pl.int_ranges(pl.col("protein_start"), pl.min_horizontal(
                pl.col("protein_end"), pl.col("protein_start") + MAX_SPAN) + 1)).explode("codon"),
        ])
        iv = (codons.join(t["intervals"], on=["gene", "codon"])
              .filter(pl.col("sure") | pl.col("any_codon").fill_null(False)))
        parts.append(("hit", iv.select(HIT_COLS)))
    if t["exons"].height:
        ex_rows = mut.filter(pl.col("exon").is_not_null())
        skip = (mut.filter(pl.col("exon").is_null() & pl.col("intron").is_not_null()
                           & (pl.col("exon_event") == "skipping"))
                .with_columns(exon=pl.concat_list(pl.col("intron"), pl.col("intron") + 1)).explode("exon"))
        ev = pl.concat([ex_rows, skip]).join(t["exons"], on=["gene", "exon"]).filter(
            (pl.col("event") == "any") | (pl.col("event") == pl.col("exon_event"))
            | ((pl.col("event") == "insertion") & (pl.col("exon_event") == "duplication")))
        parts.append(("hit", ev.with_columns(sure=pl.lit(True)).select(HIT_COLS)))
    if t["classes"].height:
        cl = (a.join(t["classes"], on="gene")
              .filter((pl.col("mask") & pl.col("bit")) != 0).with_columns(sure=pl.lit(True)))
        parts.append(("hit", cl.select(HIT_COLS)))
    vague = mut.filter(pl.col("vague"))
    if vague.height and (t["vague"].height or t["classes"].height):
        targets = pl.concat([t["vague"], t["classes"].filter(pl.col("bit") != 256).select("gene", "rid", "pred")])
        vg = vague.join(targets, on="gene").with_columns(sure=pl.lit(False))
        parts.append(("hit", vg.select(HIT_COLS)))
    if t["fusions"].height:
        fu = a.filter(pl.col("kind") == "fusion")
        both = pl.concat([
            fu.with_columns(other=pl.col("fusion_5p")),
            fu.filter(pl.col("fusion_5p").is_not_null() & (pl.col("fusion_5p") != pl.col("gene")))
            .with_columns(other=pl.col("gene"), gene=pl.col("fusion_5p")),
        ])
        fh = (both.join(t["fusions"], on="gene")
              .filter(pl.col("partner").is_null() | pl.col("other").is_null() | (pl.col("partner") == pl.col("other")))
              .with_columns(sure=pl.col("partner").is_null() | (pl.col("partner") == pl.col("other"))))
        parts.append(("hit", fh.select(HIT_COLS)))
    if t["cnas"].height:
        cn = a.filter(pl.col("kind") == "copy_number").join(t["cnas"], left_on=["gene", "copy_number"],
                                                            right_on=["gene", "cn"])
        parts.append(("hit", cn.with_columns(sure=pl.lit(True)).select(HIT_COLS)))
    hits = pl.concat([p for k, p in parts if k == "hit"])
    excl = [p for k, p in parts if k == "exclude"]
    if excl:
        hits = hits.join(pl.concat(excl), on=["pid", "alt_idx", "rid", "pred"], how="anti")
    return hits.group_by("pid", "rid", "pred").agg(
        hit_sure=pl.col("sure").any(), alts=pl.col("alt_idx").filter(pl.col("sure")).unique().sort())


def _marker_values(patients: pl.DataFrame, fields: frozenset[str]) -> pl.DataFrame:
    """Long table (pid, pcode, field, pnum, ptext) of the markers the rules read."""
    frames = []
    for fld in sorted(fields):
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
            text = pl.when(col).then(pl.lit("positive")).otherwise(pl.lit("negative"))
            num = col.cast(pl.Float64)
        else:
            num, text = col.cast(pl.Float64), pl.lit(None, dtype=pl.Utf8)
        frames.append(patients.select("pid", "pcode", fld).filter(col.is_not_null()).select(
            "pid", "pcode", field=pl.lit(fld), pnum=num, ptext=text))
    if not frames:
        return pl.DataFrame(schema={"pid": pl.UInt32, "pcode": pl.Utf8, "field": pl.Utf8, "pnum": pl.Float64,
                                    "ptext": pl.Utf8})
    return pl.concat(frames)


def _compare(m: pl.DataFrame) -> pl.DataFrame:
    """Rows of `m` (patient value pnum/ptext beside predicate op/num/text/texts) whose predicate holds."""
    n, r = pl.col("pnum"), pl.col("num")
    op = pl.col("op")
    num_ok = (pl.when(op == ">=").then(n >= r).when(op == ">").then(n > r).when(op == "<=").then(n <= r)
              .when(op == "<").then(n < r).when(op == "==").then(n == r).otherwise(None))
    ok = (pl.when(op == "in").then(pl.col("texts").list.contains(pl.col("ptext")))
          .when(r.is_not_null() & n.is_not_null()).then(num_ok)
          .when(pl.col("text").is_not_null()).then(pl.col("ptext") == pl.col("text"))
          .otherwise(None))
    return m.filter(ok.fill_null(False))


def _marker_met(vals: pl.DataFrame, rules: CompiledRules, on_label: pl.DataFrame,
                pairs_gene: pl.DataFrame) -> pl.DataFrame:
    """(pid, rid, pred) of every marker predicate a patient meets, for the rules that can stand.

    Marker rules are compared once per distinct (cancer code, value) of the batch, restricted to rules for
    that cancer; patients then join the values they hold. Rules reached through a gene hit (they may
    stand off-label) are compared per patient — few rows.
    """
    markers = rules.tables["markers"]
    keys = ["pcode", "field", "pnum", "ptext"]
    distinct = vals.select(keys).unique()
    met = _compare(distinct.join(markers, on="field").join(on_label, on=["pcode", "rid"], nulls_equal=True))
    by_value = vals.join(met.select(*keys, "rid", "pred"), on=keys, nulls_equal=True).select("pid", "rid", "pred")
    by_gene = _compare(pairs_gene.join(markers, on="rid").join(vals, on=["pid", "field"])).select("pid", "rid", "pred")
    return pl.concat([by_value, by_gene]).unique()


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
    """(pcode, rule_id) → cancer_type_match (exact / ancestor / tumor_agnostic / other / unknown; null = excluded),
    `subtype_unknown` (the case names a broader type than the rule) and `same_class` (both solid or both blood).

    One row per distinct cancer code of the batch and rule: small, whatever the number of patients.
    """
    types = rules.tables["types"]
    rcodes = sorted(set(types["code"].to_list()))
    resolved = {rc: (_lineage(rc) or ((rc,), True)) for rc in rcodes}
    types = types.with_columns(rcode=pl.col("code").replace_strict({k: v[0][-1] for k, v in resolved.items()},
                                                                   return_dtype=pl.Utf8))
    lin_rows: list[dict[str, object]] = []
    code_rows: list[dict[str, object]] = []
    for code in codes:
        lin = _lineage(code) if code else None
        code_rows.append({"pcode": code, "solid": lin[1] if lin else None})
        if lin:
            lin_rows.extend({"pcode": code, "anc": a, "self": a == lin[0][-1]} for a in lin[0])
    lin_df = pl.DataFrame(lin_rows, schema={"pcode": pl.Utf8, "anc": pl.Utf8, "self": pl.Boolean}, orient="row")
    down = (lin_df.join(types, left_on="anc", right_on="rcode")
            .group_by("pcode", "rid").agg(
                excluded=pl.col("exclude").any(), exact=(~pl.col("exclude") & pl.col("self")).any(),
                ancestor=(~pl.col("exclude")).any()))
    up_rows = [{"pcode": code, "rcode": rc} for rc, (lin, _) in resolved.items() for code in codes
               if code and code in lin[:-1]]
    up = (pl.DataFrame(up_rows, schema={"pcode": pl.Utf8, "rcode": pl.Utf8}, orient="row")
          .join(types.filter(~pl.col("exclude")), on="rcode").select("pcode", "rid").unique()
          .with_columns(broader=pl.lit(True)))
    rsolid = (types.filter(~pl.col("exclude"))
              .with_columns(rsolid=pl.col("code").replace_strict({k: v[1] for k, v in resolved.items()},
                                                                 return_dtype=pl.Boolean))
              .group_by("rid").agg(pl.col("rsolid").any()))
    base = (pl.DataFrame(code_rows, schema={"pcode": pl.Utf8, "solid": pl.Boolean}, orient="row")
            .join(rules.tables["info"].select("rid", "tumor_agnostic", "solid_only"), how="cross")
            .join(down, on=["pcode", "rid"], how="left", nulls_equal=True)
            .join(up, on=["pcode", "rid"], how="left", nulls_equal=True)
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
        "pcode", "rid", cancer_type_match=ctm,
        subtype_unknown=(~pl.col("exact").fill_null(False) & ~pl.col("ancestor").fill_null(False)
                         & pl.col("broader").fill_null(False) & ~pl.col("tumor_agnostic")),
        same_class=(pl.col("rsolid") == pl.col("solid")).fill_null(False),
    ).filter(pl.col("cancer_type_match").is_not_null() & (pl.col("cancer_type_match") != "unknown"))


def _with_tested(exp: pl.DataFrame, patients: pl.DataFrame) -> pl.DataFrame:
    """`tested` for gene / wild-type predicates without a hit: True / False from the coverage list, else null."""
    need = (pl.col("ptype") != "marker") & pl.col("hit_sure").is_null()
    sub = (exp.filter(need).join(patients.select("pid", "tested_genes"), on="pid", how="left")
           .with_columns(tested=pl.col("tested_genes").list.contains(pl.col("gene"))).drop("tested_genes"))
    rest = exp.filter(~need).with_columns(tested=pl.lit(None, dtype=pl.Boolean))
    return pl.concat([rest, sub])


def match_many(alterations_df: pl.DataFrame, patients_df: pl.DataFrame, rules: CompiledRules) -> pl.DataFrame:
    """Every (patient, rule) that stands, with level, approval, tumor-type match and matched alterations."""
    ids = patients_df["patient_id"].cast(pl.Utf8)
    enum = pl.Enum(ids.unique(maintain_order=True))
    patients = patients_df.with_columns(pid=pl.col("patient_id").cast(pl.Utf8).cast(enum).to_physical(),
                                        pcode=pl.col("oncotree_code"))
    if "tested_genes" not in patients.columns:
        patients = patients.with_columns(tested_genes=pl.lit(None, dtype=pl.List(pl.Utf8)))
    genes = list(rules.genes)
    a = conform(alterations_df).filter(pl.col("gene").is_in(genes) | pl.col("fusion_5p").is_in(genes))
    a = annotate(a.with_columns(pid=pl.col("patient_id").cast(enum).to_physical()).drop("patient_id"),
                 rules.frames())
    t = rules.tables
    info, preds = t["info"], t["preds"]
    hits = _hits(a, rules)
    codes_df = patients.select("pid", "pcode")
    app = _applicability(codes_df["pcode"].unique().to_list(), rules)
    on_label = app.filter(pl.col("cancer_type_match") != "other").select("pcode", "rid")

    # candidate pairs: a gene predicate hit, a met marker predicate of a rule for this cancer, a wild-type rule
    positive = preds.filter(~pl.col("neg") & (pl.col("ptype") == "gene")).select("rid", "pred")
    pairs_gene = hits.join(positive, on=["rid", "pred"]).select("pid", "rid").unique()
    vals = _marker_values(patients, rules.marker_fields)
    mmet = _marker_met(vals, rules, on_label, pairs_gene)
    pos_m = preds.filter(~pl.col("neg")).select("rid", "pred")
    pairs_marker = mmet.join(pos_m, on=["rid", "pred"]).select("pid", "rid")
    wild = on_label.join(info.filter(pl.col("wild_only")).select("rid"), on="rid")
    pairs_wild = codes_df.join(wild, on="pcode", nulls_equal=True).select("pid", "rid")
    # fast path: a rule with one gene or marker predicate and no exclusions stands on the hit alone
    simple = info.filter(pl.col("simple")).select("rid")
    simple_gene = hits.join(simple, on="rid").select(
        "pid", "rid", n_unknown=(~pl.col("hit_sure")).cast(pl.UInt32), alts="alts",
        unknown_preds=pl.when(pl.col("hit_sure")).then(pl.lit([], dtype=pl.List(pl.Int32)))
        .otherwise(pl.concat_list(pl.col("pred"))), markers=pl.lit(0, dtype=pl.UInt32))
    simple_marker = pairs_marker.join(simple, on="rid").unique().select(
        "pid", "rid", n_unknown=pl.lit(0, dtype=pl.UInt32), alts=pl.lit([], dtype=pl.List(pl.Int64)),
        unknown_preds=pl.lit([], dtype=pl.List(pl.Int32)), markers=pl.lit(1, dtype=pl.UInt32))
    pairs = (pl.concat([pairs_gene, pairs_marker, pairs_wild]).join(simple, on="rid", how="anti").unique())

    present = vals.select("pid", "field").unique().with_columns(has_value=pl.lit(True))
    exp = (pairs.join(preds, on="rid")
           .join(hits, on=["pid", "rid", "pred"], how="left")
           .join(mmet.with_columns(mmet=pl.lit(True)), on=["pid", "rid", "pred"], how="left")
           .join(present, on=["pid", "field"], how="left"))
    exp = _with_tested(exp, patients)
    hit_sure = pl.col("hit_sure").fill_null(False)
    hit_any = pl.col("hit_sure").is_not_null()
    ptype = pl.col("ptype")
    status = (
        pl.when(ptype == "marker").then(
            pl.when(pl.col("mmet").fill_null(False)).then(pl.lit("met"))
            .when(pl.col("has_value").fill_null(False)).then(pl.lit("not_met")).otherwise(pl.lit("unknown")))
        .when(ptype == "gene").then(
            pl.when(hit_sure).then(pl.lit("met")).when(hit_any).then(pl.lit("unknown"))
            .when(pl.col("tested") == False).then(pl.lit("unknown"))  # noqa: E712 (polars expression)
            .otherwise(pl.lit("not_met")))
        .otherwise(  # wildtype
            pl.when(hit_sure).then(pl.lit("not_met")).when(hit_any).then(pl.lit("unknown"))
            .when(pl.col("tested") == True).then(pl.lit("met"))  # noqa: E712
            .otherwise(pl.lit("unknown")))
    )
    exp = exp.with_columns(status=status)
    pos = ~pl.col("neg")
    agg = exp.group_by("pid", "rid").agg(
        excluded=(pl.col("neg") & (pl.col("status") == "met")).any(),
        n_not_met=(pos & (pl.col("status") == "not_met")).sum(),
        n_unknown=(pos & (pl.col("status") == "unknown")).sum(),
        alts=pl.col("alts").filter(pos).explode().drop_nulls().unique().sort(),
        unknown_preds=pl.col("pred").filter(pos & (pl.col("status") == "unknown")).sort(),
        markers=(pos & (ptype == "marker") & (pl.col("status") == "met")).sum(),
    ).filter(~pl.col("excluded") & (pl.col("n_not_met") == 0)).drop("excluded", "n_not_met")
    agg = pl.concat([simple_gene, simple_marker, agg], how="vertical_relaxed")

    res = (agg.join(info, on="rid").join(codes_df, on="pid", how="left")
           .join(app, on=["pcode", "rid"], nulls_equal=True)
           .with_columns(status=pl.when(pl.col("n_unknown") == 0).then(pl.lit("met")).otherwise(pl.lit("unknown"))))
    other = pl.col("cancer_type_match") == "other"
    # off-label (3B) only for a genomic alteration, from a level 1/2 rule, within the same solid/blood class
    offlabel_ok = ((pl.col("effect") == "sensitive") & pl.col("level").is_in(["1", "2"]) & (pl.col("status") == "met")
                   & (pl.col("alts").list.len() > 0) & pl.col("same_class"))
    res = res.filter(~other | offlabel_ok).with_columns(
        level=pl.when(other).then(pl.lit("3B")).otherwise(pl.col("level")),
        lrank=pl.when(other).then(pl.lit(LEVEL_RANK["3B"])).otherwise(pl.col("lrank")),
        approval=pl.when(other).then(pl.lit("off_label")).otherwise(pl.col("approval")),
    )
    res = _fold(res).join(patients.select("pid", pl.col("patient_id").cast(pl.Utf8)), on="pid", how="left")
    return res.select(list(OUT_SCHEMA)).cast(OUT_SCHEMA)  # type: ignore[arg-type]


def _fold(res: pl.DataFrame) -> pl.DataFrame:
    """Drop off-label / tumor-agnostic entries that repeat an on-label one (same drugs, same biomarker),
    and keep one of several off-label entries for the same drugs and biomarker (the strongest rule)."""
    rank = pl.col("cancer_type_match").replace_strict(MATCH_RANK, return_dtype=pl.Int32)
    # the matched biomarker, as integers: first and last alteration, their count, met markers
    akey = (pl.col("alts").list.first().fill_null(-1) * 1_000_003 + pl.col("alts").list.last().fill_null(-1) * 1_009
            + pl.col("alts").list.len() * 31 + pl.col("markers"))
    res = res.with_columns(_rank=rank, _akey=akey, _lrank=pl.col("lrank"))
    grp = ["pid", "drugs_id", "effect", "_akey"]
    on_label = res.filter(pl.col("_rank") <= 1)
    others = (res.filter(pl.col("_rank") >= 2).join(on_label.select(grp).unique(), on=grp, how="anti")
              .sort("_rank", "_lrank", "order").unique(subset=grp, keep="first"))
    return pl.concat([on_label, others]).sort("pid", "_lrank", "_rank", "order")
