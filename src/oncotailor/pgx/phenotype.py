"""Diplotype → allele functions → phenotype and activity score, from our CPIC-derived tables.

Genes with activity scores (DPYD, CYP2C9, CYP2D6) sum the allele activity values over every copy
(CPIC CYP2D6 2019 consensus: ``*2x2`` = 2 copies × 1.0) and read the phenotype from the score bands.
Function-pair genes (TPMT, NUDT15, UGT1A1, CYP2C19, CYP3A5) look the sorted pair of functions up; G6PD
does the same with one allele for a hemizygous male. An allele without a function, or tied calls that
disagree, give "Indeterminate" — never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oncotailor.pgx.tables import PgxTables

INDETERMINATE = "Indeterminate"


@dataclass
class Phenotype:
    phenotype: str
    activity_score: float | None = None
    functions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def uses_score(tables: PgxTables, gene: str) -> bool:
    return any(r.score_min is not None for r in tables.rules.get(gene, []))


def phenotype_from_score(tables: PgxTables, gene: str, score: float) -> str:
    for r in tables.rules.get(gene, []):
        if r.score_min is not None and score >= r.score_min and (r.score_below is None or score < r.score_below):
            return r.phenotype
    return INDETERMINATE


def phenotype_of(tables: PgxTables, gene: str, haplotypes: list[list[tuple[str, int]]]) -> Phenotype:
    """Phenotype of a diplotype given as haplotypes of (allele, copies); one haplotype = hemizygous."""
    funcs: list[str] = []
    score = 0.0
    scored = True
    notes: list[str] = []
    hap_funcs: list[str] = []
    for hap in haplotypes:
        for allele, copies in hap:
            row = tables.functions.get((gene, allele))
            if row is None:
                notes.append(f"{gene} {allele}: no CPIC function assigned")
                scored = False
                funcs.append("Unknown function")
                continue
            funcs.append(row.function)
            if row.activity_value is None:
                scored = False
            else:
                score += row.activity_value * copies
        row0 = tables.functions.get((gene, hap[0][0])) if hap else None
        hap_funcs.append(row0.function if row0 else "Unknown function")
        if len(hap) > 1 and not uses_score(tables, gene):
            notes.append(f"{gene}: tandem/duplicated haplotype read by its first allele's function")
    if uses_score(tables, gene):
        if not scored:
            return Phenotype(INDETERMINATE, None, funcs, notes)
        return Phenotype(phenotype_from_score(tables, gene, score), score, funcs, notes)
    key = sorted(hap_funcs)
    for r in tables.rules.get(gene, []):
        if r.functions is not None and sorted(r.functions) == key and r.hemizygous == (len(haplotypes) == 1):
            return Phenotype(r.phenotype, None, funcs, notes)
    notes.append(f"{gene}: no phenotype rule for functions {', '.join(key)}")
    return Phenotype(INDETERMINATE, None, funcs, notes)


def phenotype_of_names(tables: PgxTables, gene: str, names: list[str]) -> Phenotype:
    return phenotype_of(tables, gene, [[(n, 1)] for n in names])
