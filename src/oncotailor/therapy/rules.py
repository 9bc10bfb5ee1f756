"""Therapy rules → key tables the matcher joins on (compiled once per knowledge base).

Each biomarker predicate of a rule (`all_of` then `none_of`, numbered `pred`) becomes rows in small tables,
one per way of matching:

=========  ==========================================  ==========================================
table      rows                                        from
=========  ==========================================  ==========================================
exact      gene, alteration                            `variants` (short HGVS, or words)
intervals  gene, codon, sure, alteration                 `codons`, `codon_ranges`, codon-only variants
                                                       (ranges expanded to codons); exact variants'
                                                       codons with sure=False and the variant (equal
                                                       → exact hit; a report giving only the codon
                                                       'maybe' matches)
exons      gene, exon, event                           `exons` + `exon_event`
classes    gene, bit                                   `consequence_class`; a bare mutation = 'any'
fusions    gene, partner                               fusion predicates (either side)
cnas       gene, cn                                    amplification / deletion
markers    field, op, num, text, texts                 signature and expression predicates
=========  ==========================================  ==========================================

Wild-type predicates compile like mutation predicates: a hit means "not wild-type".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from oncotailor.knowledge.schemas.therapy import Biomarker, TherapyRule
from oncotailor.therapy.annotate import RoleFrames, role_frames
from oncotailor.therapy.gene_tables import GeneRole
from oncotailor.therapy.keys import CLASS_BITS, canon_change, codon_of, codon_only

# Ordinal scales of text markers, so '>= 2+' and '== high' compare as numbers.
ORDINALS: dict[str, dict[str, float]] = {
    "her2_ihc": {"0": 0.0, "ultralow": 0.5, "1+": 1.0, "2+": 2.0, "3+": 3.0},
    "er": {"negative": 0.0, "low": 1.0, "positive": 2.0},
    "pr": {"negative": 0.0, "low": 1.0, "positive": 2.0},
    "msi": {"stable": 0.0, "low": 1.0, "high": 2.0},
}
LEVEL_ORDER = ("1", "2", "3A", "3B", "4", "R1", "R2")
HER2_STATUS = frozenset({"positive", "negative", "low", "ultralow", "equivocal"})
MAX_RANGE = 5000

_S = pl.Utf8
SCHEMAS: dict[str, dict[str, Any]] = {
    "exact": {"gene": _S, "alteration": _S, "rid": pl.Int32, "pred": pl.Int32},
    "excludes": {"gene": _S, "alteration": _S, "rid": pl.Int32, "pred": pl.Int32},
    "intervals": {"gene": _S, "codon": pl.Int64, "sure": pl.Boolean, "alteration": _S, "rid": pl.Int32,
                  "pred": pl.Int32},
    "exons": {"gene": _S, "exon": pl.Int64, "event": _S, "rid": pl.Int32, "pred": pl.Int32},
    "classes": {"gene": _S, "bit": pl.Int64, "rid": pl.Int32, "pred": pl.Int32},
    "fusions": {"gene": _S, "partner": _S, "rid": pl.Int32, "pred": pl.Int32},
    "cnas": {"gene": _S, "cn": _S, "rid": pl.Int32, "pred": pl.Int32},
    "vague": {"gene": _S, "rid": pl.Int32, "pred": pl.Int32},
    "markers": {"field": _S, "op": _S, "num": pl.Float64, "text": _S, "texts": pl.List(_S), "rid": pl.Int32,
                "pred": pl.Int32},
    "preds": {"rid": pl.Int32, "pred": pl.Int32, "neg": pl.Boolean, "ptype": _S, "gene": _S, "btype": _S,
              "field": _S},
    "info": {"rid": pl.Int32, "rule_id": _S, "effect": _S, "level": _S, "approval": _S, "tumor_agnostic": pl.Boolean,
             "solid_only": pl.Boolean, "n_all": pl.Int32, "drugs_key": _S, "wild_only": pl.Boolean,
             "simple": pl.Boolean, "drugs_id": pl.Int32, "lrank": pl.Int32,
             "order": pl.Int32},
    "types": {"rid": pl.Int32, "code": _S, "exclude": pl.Boolean},
}


@dataclass
class CompiledRules:
    """The rule tables as polars frames, plus the rules themselves by id (for the report's wording)."""

    tables: dict[str, pl.DataFrame]
    by_id: dict[str, TherapyRule]
    genes: frozenset[str]
    marker_fields: frozenset[str]
    roles: dict[str, GeneRole] = field(default_factory=dict)
    role_tables: RoleFrames | None = None
    derived: dict[str, Any] = field(default_factory=dict)  # the matcher's integer-keyed tables, built once

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def frames(self) -> RoleFrames:
        if self.role_tables is None:
            self.role_tables = role_frames(self.roles, self.genes)
        return self.role_tables


def marker_field(b: Biomarker, roles: dict[str, GeneRole]) -> str | None:
    """Which case field a signature/expression predicate reads (None: the knowledge does not say)."""
    if b.type == "signature":
        return b.signature
    if b.signature:
        return b.signature
    role = roles.get(b.gene or "")
    values = b.value if isinstance(b.value, list) else [b.value]
    if b.gene == "ERBB2" and all(isinstance(v, str) and v.lower() in HER2_STATUS for v in values):
        return "her2"
    return role.expression_field if role else None


def _marker_row(b: Biomarker, fld: str) -> dict[str, Any]:
    val = b.value
    num = None
    text = None
    texts: list[str] = []
    scale = ORDINALS.get(fld)
    if isinstance(val, list):
        texts = [str(v).lower() for v in val]
    elif isinstance(val, int | float) and not isinstance(val, bool):
        num = float(val)
    elif isinstance(val, str):
        text = val.strip().lower()
        if scale and text in scale:
            num = scale[text]
        else:
            try:
                num = float(text.rstrip("%"))
            except ValueError:
                num = None
    return {"field": fld, "op": b.operator or "==", "num": num, "text": text, "texts": texts}


def compile_rules(rules: list[TherapyRule], roles: dict[str, GeneRole]) -> CompiledRules:
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in SCHEMAS}
    drug_ids: dict[str, int] = {}
    for order, rule in enumerate(rules):
        preds = [(b, False) for b in rule.all_of] + [(b, True) for b in rule.none_of]
        wild_only = all(b.type == "wildtype" for b in rule.all_of)
        for i, (b, neg) in enumerate(preds):
            ptype = "marker" if b.type in ("signature", "expression") else ("wild" if b.type == "wildtype" else "gene")
            ref = {"rid": order, "pred": i}
            fld = marker_field(b, roles) if ptype == "marker" else None
            rows["preds"].append({**ref, "neg": neg, "ptype": ptype, "gene": b.gene, "btype": b.type, "field": fld})
            if ptype == "marker":
                if fld:
                    rows["markers"].append({**_marker_row(b, fld), **ref})
                continue
            gene = b.gene or ""
            if b.type == "fusion":
                rows["fusions"].append({"gene": gene, "partner": b.partner, **ref})
            elif b.type in ("amplification", "deletion"):
                cns = (["amplification", "gain"] if b.type == "amplification" and b.include_gain
                       else ["deletion", "loss"] if b.type == "deletion" and b.include_loss else [b.type])
                rows["cnas"].extend({"gene": gene, "cn": cn, **ref} for cn in cns)
            else:
                _mutation_rows(b, gene, ref, rows)
        rows["info"].append({
            "rid": order, "rule_id": rule.id, "effect": rule.effect, "level": rule.level, "approval": rule.approval,
            "tumor_agnostic": rule.tumor_agnostic, "solid_only": rule.solid_tumors_only,
            "n_all": len(rule.all_of), "drugs_key": "+".join(sorted(d.lower() for d in rule.drugs)),
            "wild_only": wild_only, "order": order,
            "drugs_id": drug_ids.setdefault("+".join(sorted(d.lower() for d in rule.drugs)), len(drug_ids)),
            "lrank": LEVEL_ORDER.index(rule.level),
            # one gene or marker predicate and no exclusions: the hit itself decides (matcher fast path)
            "simple": len(rule.all_of) == 1 and not rule.none_of and rule.all_of[0].type != "wildtype",
        })
        rows["types"].extend({"rid": order, "code": c, "exclude": False} for c in rule.cancer_types)
        rows["types"].extend({"rid": order, "code": c, "exclude": True} for c in rule.exclude_cancer_types)
    tables = {k: pl.DataFrame(v, schema=SCHEMAS[k], orient="row") if v else pl.DataFrame(schema=SCHEMAS[k])
              for k, v in rows.items()}
    genes = frozenset(g for g in tables["preds"]["gene"].to_list() if g)
    return CompiledRules(
        tables=tables, by_id={r.id: r for r in rules}, genes=genes,
        marker_fields=frozenset(tables["markers"]["field"].to_list()),
        roles=roles,
        role_tables=role_frames(roles, genes),
    )


def _mutation_rows(b: Biomarker, gene: str, ref: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> None:
    specific = False
    for v in b.variants:
        pos = codon_only(v)
        if pos is not None:
            rows["intervals"].append({"gene": gene, "codon": pos, "sure": True, **ref})
        else:
            rows["exact"].append({"gene": gene, "alteration": canon_change(v), **ref})
            span = codon_of(v)
            if span:
                rows["intervals"].extend({"gene": gene, "codon": c, "sure": False, "alteration": canon_change(v), **ref}
                                         for c in range(span[0], min(span[1], span[0] + MAX_RANGE) + 1))
        specific = True
    for c in b.codons:
        rows["intervals"].append({"gene": gene, "codon": c, "sure": True, **ref})
        specific = True
    for lo, hi in b.codon_ranges:
        rows["intervals"].extend({"gene": gene, "codon": c, "sure": True, **ref}
                                 for c in range(lo, min(hi, lo + MAX_RANGE) + 1))
        specific = True
    for e in b.exons:
        rows["exons"].append({"gene": gene, "exon": e, "event": b.exon_event or "any", **ref})
        specific = True
    if b.consequence_class:
        rows["classes"].append({"gene": gene, "bit": CLASS_BITS[b.consequence_class], **ref})
    elif not specific:
        rows["classes"].append({"gene": gene, "bit": CLASS_BITS["any"], **ref})
    if specific:
        rows["vague"].append({"gene": gene, **ref})
    rows["excludes"].extend({"gene": gene, "alteration": canon_change(v), **ref} for v in b.exclude_variants)
