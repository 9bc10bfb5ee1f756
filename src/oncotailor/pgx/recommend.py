"""Gene results → drug recommendations, read from `knowledge/data/pgx/recommendations.yaml`.

A rule is a list of gene conditions (a phenotype list, an activity-score band, or "not tested"); for each
drug the first rule whose conditions all hold is used, so the table orders its rules from most to least
specific (e.g. thiopurines: a TPMT or NUDT15 poor metabolizer before both normal). No rule for a drug means
"no advice" — never an implied "standard dose". Current medications that inhibit the gene (CYP2D6
inhibitors with tamoxifen, codeine, tramadol) add a caution, because they lower the working phenotype.
"""

from __future__ import annotations

from dataclasses import dataclass

from oncotailor.findings import Evidence
from oncotailor.findings.pgx import PgxRecommendation
from oncotailor.pgx.tables import EvidenceRef, GeneCondition, PgxTables, RecommendationRule


@dataclass(frozen=True)
class GeneState:
    phenotype: str | None
    activity_score: float | None


def evidence(refs: list[EvidenceRef]) -> list[Evidence]:
    return [Evidence(**r.model_dump()) for r in refs]


def _holds(cond: GeneCondition, states: dict[str, GeneState]) -> bool:
    st = states.get(cond.gene)
    if cond.status == "not_tested":
        return st is None
    if st is None:
        return False
    if cond.phenotypes is not None and st.phenotype not in cond.phenotypes:
        return False
    if cond.score_min is not None or cond.score_max is not None:
        if st.activity_score is None:
            return False
        if cond.score_min is not None and st.activity_score < cond.score_min - 1e-9:
            return False
        if cond.score_max is not None and st.activity_score > cond.score_max + 1e-9:
            return False
    return True


def applicable(tables: PgxTables, states: dict[str, GeneState]) -> list[RecommendationRule]:
    """The first matching rule per drug, in table order."""
    seen: set[str] = set()
    out: list[RecommendationRule] = []
    for rule in tables.recommendations:
        if rule.drug in seen:
            continue
        if all(_holds(c, states) for c in rule.when):
            seen.add(rule.drug)
            out.append(rule)
    return out


def to_finding(rule: RecommendationRule) -> PgxRecommendation:
    text = rule.text + (f" (Context: {rule.context}.)" if rule.context and "applies when" not in rule.context else "")
    return PgxRecommendation(drug=rule.drug, text=text, patient_text=rule.patient_text, strength=rule.strength,
                             action=rule.action, evidence=evidence(rule.evidence))


def owner_gene(rule: RecommendationRule, states: dict[str, GeneState]) -> str:
    """The gene whose result a rule is reported under: its first condition on a tested gene."""
    return next((c.gene for c in rule.when if c.gene in states), rule.when[0].gene)


def interaction_cautions(tables: PgxTables, medications: list[str], gene: str) -> list[PgxRecommendation]:
    """Cautions for current medications that inhibit `gene` (phenoconversion)."""
    meds = {m.strip().lower() for m in medications}
    out: list[PgxRecommendation] = []
    for row in tables.interactions:
        if row.gene != gene or row.drug.lower() not in meds:
            continue
        strength = row.effect.replace("_", " ")
        for drug in row.affects:
            out.append(PgxRecommendation(
                drug=drug, action="caution", strength="Moderate",
                text=(f"The patient takes {row.drug}, a {strength} of {gene}: it lowers {gene} activity, so the working "
                      f"phenotype for {drug} may be poorer than the genotype suggests; prefer a non-inhibiting alternative "
                      f"to {row.drug}."),
                patient_text=(f"Your medicine {row.drug} blocks the enzyme that handles {drug}. Ask whether you could "
                              f"switch {row.drug} to a medicine that does not interfere."),
                evidence=[Evidence(source=row.source, url=row.url, date=row.date)]))
    return out
