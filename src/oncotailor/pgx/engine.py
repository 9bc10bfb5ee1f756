"""The pgx engine: germline genotypes or outside calls → per-gene diplotype, phenotype and drug advice.

Order of trust (PharmCAT's): an outside call (`germline.pgx`, or the outside-call TSV) replaces the VCF
call for its gene; otherwise the VCF genotypes at the definition positions are matched. CYP2D6 from a
VCF is research-grade only (no copy number or hybrid detection). A gene without data is `not_assessed`:
"not tested" (no position of the gene in the VCF, or no VCF) is kept apart from "tested, reference"
(positions present and reference → a normal call).
"""

from __future__ import annotations

from collections.abc import Mapping

from oncotailor.case import Case
from oncotailor.errors import OncoTailorError
from oncotailor.findings import Contribution, Evidence, NotAssessed, Question
from oncotailor.findings.pgx import PgxResult
from oncotailor.knowledge import KnowledgeBase
from oncotailor.pgx.dpyd import match_dpyd
from oncotailor.pgx.matcher import MatchResult, SiteCall, match_gene, site_calls
from oncotailor.pgx.notation import parse_outside_call
from oncotailor.pgx.phenotype import INDETERMINATE, phenotype_of, phenotype_of_names
from oncotailor.pgx.recommend import (
    GeneState,
    applicable,
    interaction_cautions,
    owner_gene,
    to_finding,
)
from oncotailor.pgx.tables import GeneDef, PgxTables, load

RESEARCH_GRADE = {"CYP2D6"}
MAX_ALTERNATIVES = 5


def _definition_evidence(gdef: GeneDef) -> Evidence:
    return Evidence(source="CPIC/PharmVar allele definitions (via PharmCAT)", id=f"{gdef.gene} definitions {gdef.definition_version}",
                    url=gdef.url, date=gdef.date)


def call_from_match(tables: PgxTables, gdef: GeneDef, m: MatchResult) -> PgxResult:
    """A PgxResult from a named-allele match (phenotype of every tied call; relevant alternatives named)."""
    gene = gdef.gene
    notes = list(m.notes)
    phenotype: str | None = None
    score: float | None = m.activity_score
    if m.haploid is not None:
        diplotypes = [m.haploid]
        ph = phenotype_of_names(tables, gene, [m.haploid])
        phenotype, score = ph.phenotype, ph.activity_score
        notes += ph.notes
    else:
        diplotypes = [p.name for p in m.top]
        phens = [phenotype_of_names(tables, gene, [p.a, p.b]) for p in m.top]
        for ph in phens:
            notes += ph.notes
        kinds = {ph.phenotype for ph in phens}
        if len(kinds) == 1:
            phenotype = kinds.pop()
            if score is None:
                score = phens[0].activity_score
        elif kinds:
            phenotype = INDETERMINATE
            notes.append("tied calls differ in phenotype: " + "; ".join(f"{p.name} = {ph.phenotype}" for p, ph in zip(m.top, phens, strict=False)))
        if gene == "DPYD" and score is not None:
            from oncotailor.pgx.phenotype import phenotype_from_score

            phenotype = phenotype_from_score(tables, gene, score)
    alternatives: list[str] = []
    top_names = set(diplotypes)
    for p in m.pairs:
        if p.name in top_names or len(alternatives) >= MAX_ALTERNATIVES:
            continue
        alt = phenotype_of_names(tables, gene, [p.a, p.b]).phenotype
        if alt != phenotype:
            alternatives.append(p.name)
            notes.append(f"unphased data also fit {p.name} ({alt}); phased data (e.g. long reads) would settle it")
    if m.missing_positions and m.status != "not_called":
        notes.append(f"{len(m.missing_positions)} defining position(s) not in the VCF: alleles that need them could not be seen")
    research = gene in RESEARCH_GRADE
    if research:
        notes.append("CYP2D6 called from VCF is research-grade: copy number, deletions (*5) and hybrids are invisible; "
                     "use an outside call (e.g. Cyrius, StellarPGx) for clinical use")
    status = "not_called" if m.status == "not_called" else m.status
    return PgxResult(gene=gene, diplotypes=diplotypes if status != "not_called" else [], alternatives=alternatives,
                     call_status=status,
                     phenotype=phenotype if status != "not_called" else None,
                     activity_score=score if status != "not_called" else None,
                     missing_positions=m.missing_positions, source="vcf", research_grade=research,
                     notes=list(dict.fromkeys(notes)), evidence=[_definition_evidence(gdef)])


def call_from_outside(tables: PgxTables, gene: str, raw: str) -> PgxResult:
    call = parse_outside_call(gene, raw, tables)
    notes = list(call.notes)
    phenotype, score = call.phenotype, call.activity_score
    if call.haplotypes:
        if call.unknown:
            phenotype = INDETERMINATE
            notes.append("allele name(s) not in the current definitions: " + ", ".join(call.unknown))
        else:
            ph = phenotype_of(tables, gene, [h.parts for h in call.haplotypes])
            phenotype, score = ph.phenotype, ph.activity_score
            notes += ph.notes
    elif score is not None and phenotype is None:
        from oncotailor.pgx.phenotype import phenotype_from_score

        phenotype = phenotype_from_score(tables, gene, score)
    gdef = tables.genes.get(gene)
    ev = [_definition_evidence(gdef)] if gdef else []
    return PgxResult(gene=gene, diplotypes=[call.diplotype] if call.diplotype else [], call_status="called" if phenotype else "not_called",
                     phenotype=phenotype, activity_score=score, source="outside_call", notes=notes, evidence=ev)


def _sex(case: Case) -> str | None:
    sex = case.patient.sex if case.patient else None
    return sex.value if sex is not None and sex.value in {"male", "female"} else None


def _medications(case: Case) -> list[str]:
    from oncotailor.vocab.drugs import normalise_drug

    out = []
    for m in (case.patient.medications if case.patient and case.patient.medications else []):
        try:
            out.append(normalise_drug(m))
        except OncoTailorError:
            out.append(m.strip().lower())
    return out


def match_from_genotypes(tables: PgxTables, gdef: GeneDef, calls: Mapping[int, SiteCall], sex: str | None) -> MatchResult:
    if gdef.gene == "DPYD":
        act = {k[1]: f.activity_value for k, f in tables.functions.items() if k[0] == "DPYD"}
        return match_dpyd(gdef, calls, act)
    return match_gene(gdef, calls, sex=sex)


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    tables = load(kb)
    out = Contribution()
    germ = case.germline
    outside: dict[str, str] = {}
    for g, v in (germ.pgx.items() if germ else []):
        key = g.strip().upper()
        if key in tables.genes:
            outside[key] = v
        else:
            out.not_assessed.append(NotAssessed(section="pgx", reason=f"outside call for {g[:20]} is not a gene this engine reports"))
    vcf_read = bool(germ and germ.pgx_positions_read)
    if not outside and not vcf_read:
        out.not_assessed.append(NotAssessed(
            section="pgx", reason="no germline PGx data (no germline VCF and no outside calls): DPYD, TPMT, NUDT15, UGT1A1, "
                                  "G6PD, CYP2D6, CYP2C19, CYP3A5 and CYP2C9 not tested",
            needed_input="germline.vcf (GRCh38) or germline.pgx outside calls"))
    sex = _sex(case)
    results: dict[str, PgxResult] = {}
    for gene, gdef in tables.genes.items():
        if gene in outside:
            results[gene] = call_from_outside(tables, gene, outside[gene])
            continue
        if not vcf_read or germ is None:
            continue
        m = match_from_genotypes(tables, gdef, site_calls(germ.genotypes, gdef.chrom), sex)
        if m.status == "not_tested":
            out.not_assessed.append(NotAssessed(
                section="pgx", reason=f"{gene}: none of its {len(gdef.positions)} defining positions is in the germline VCF (not tested)",
                needed_input=f"a germline VCF covering {gene} (all sites emitted, including reference calls)"))
            continue
        res = call_from_match(tables, gdef, m)
        if gene == "G6PD" and sex is None and res.phenotype not in (None, "Normal"):
            res.notes.append("sex not given: G6PD phenotype assumes the genotype's ploidy; give patient.sex")
        results[gene] = res
    states = {g: GeneState(r.phenotype, r.activity_score) for g, r in results.items()
              if r.phenotype and r.call_status != "not_called"}
    for rule in applicable(tables, states):
        gene = owner_gene(rule, states)
        if gene in results:
            results[gene].recommendations.append(to_finding(rule))
    meds = _medications(case)
    for gene in {r.gene for r in tables.interactions}:
        cautions = interaction_cautions(tables, meds, gene)
        if gene in results:
            results[gene].recommendations.extend(cautions)
        for c in cautions[:1]:
            out.questions.append(Question(text=f"Does one of my current medicines change how {c.drug} works for me?",
                                          why=c.text, topic="pgx", evidence=c.evidence))
    out.pgx = [results[g] for g in tables.genes if g in results]
    return out
