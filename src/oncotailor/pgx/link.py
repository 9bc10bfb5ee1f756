"""Attach each patient's PGx result to the therapies and past treatments that name an affected drug.

Runs after the engines (`engines.py` post-processor): a therapy item naming capecitabine — alone, inside a
combination ("capecitabine + oxaliplatin"), as a regimen (CAPOX) or as a class ("fluoropyrimidines") —
gets a `PgxNote` with the patient's DPYD advice and a question for the doctor. When such a drug is
planned or standard for the cancer and its gene was not tested, the report says testing is advised
(CPIC DPYD 2017/2024; `knowledge/data/pgx/testing.yaml`), as a `not_assessed` entry and a question.
"""

from __future__ import annotations

import re

from oncotailor.case import Case
from oncotailor.errors import OncoTailorError
from oncotailor.findings import Contribution, Evidence, NotAssessed, Question
from oncotailor.findings.pgx import PgxRecommendation, PgxResult
from oncotailor.findings.therapy import PgxNote
from oncotailor.knowledge import KnowledgeBase
from oncotailor.pgx.tables import PgxTables, load

_SPLIT = re.compile(r"\s*(?:\+|/|,|;|\band\b|\bwith\b|\bplus\b)\s*", flags=re.I)


def our_drugs(name: str, tables: PgxTables) -> list[str]:
    """The drugs with PGx advice that a therapy name stands for (drug, combination, regimen or class)."""
    known = {r.drug for r in tables.recommendations}
    out: list[str] = []
    whole = tables.links.get(name.strip().lower()) or tables.links.get(name.strip().lower().rstrip("s"))
    parts = whole.drugs if whole else [p for p in _SPLIT.split(name) if p]
    for part in parts:
        link = tables.links.get(part.lower()) or tables.links.get(part.lower().rstrip("s"))
        if link and link is not whole:
            out.extend(link.drugs)
            continue
        try:
            from oncotailor.vocab.drugs import normalise_drug

            drug = normalise_drug(part)
        except OncoTailorError:
            drug = part.strip().lower()
        if drug in known:
            out.append(drug)
    return list(dict.fromkeys(out))


def _genes_for(drug: str, tables: PgxTables) -> list[str]:
    return list(dict.fromkeys(c.gene for r in tables.recommendations if r.drug == drug for c in r.when
                              if c.status == "called"))


def _advice(drug: str, results: list[PgxResult]) -> tuple[PgxResult, PgxRecommendation] | None:
    for r in results:
        for rec in r.recommendations:
            if rec.drug == drug and rec.action != "caution":
                return r, rec
    return None


def _note(drug: str, res: PgxResult, rec: PgxRecommendation) -> PgxNote:
    return PgxNote(gene=res.gene, drug=drug, phenotype=res.phenotype,
                   text=f"{drug}: the patient's {res.gene} result ({', '.join(res.diplotypes) or res.phenotype}; "
                        f"{res.phenotype}) means — {rec.text}",
                   patient_text=f"{drug}: your {res.gene} result means — {rec.patient_text}")


def assess(case: Case, merged: Contribution, kb: KnowledgeBase) -> Contribution:
    tables = load(kb)
    results = list(merged.pgx)
    tested = {r.gene for r in results if r.call_status != "not_called"}
    asked: set[tuple[str, str]] = set()
    untested_drugs: dict[str, list[str]] = {}

    def consider(drug: str) -> PgxNote | None:
        hit = _advice(drug, results)
        if hit is None:
            for gene in _genes_for(drug, tables):
                if gene not in tested:
                    untested_drugs.setdefault(gene, []).append(drug)
            return None
        res, rec = hit
        if (res.gene, drug) not in asked:
            asked.add((res.gene, drug))
            merged.questions.append(Question(
                text=f"Does my {res.gene} result change my {drug} dose?", why=rec.text, topic="pgx",
                evidence=rec.evidence))
        return _note(drug, res, rec)

    for therapy in merged.therapies:
        for name in therapy.drugs:
            for drug in our_drugs(name, tables):
                note = consider(drug)
                if note and not any(n.drug == drug and n.gene == note.gene for n in therapy.pgx):
                    therapy.pgx.append(note)
    history = case.history.prior_therapies if case.history and case.history.prior_therapies else []
    for line in history:
        for name in line.drugs:
            for drug in our_drugs(name, tables):
                consider(drug)
    for gene, drugs in sorted(untested_drugs.items()):
        listed = ", ".join(dict.fromkeys(drugs))
        merged.not_assessed.append(NotAssessed(
            section="pgx", reason=f"{gene} not tested, but the report or history names {listed}",
            needed_input=f"germline {gene} genotype (VCF or outside call)"))
        merged.questions.append(Question(text=f"Should I be tested for {gene} before taking {listed}?",
                                         why=f"{gene} changes the safe dose of {listed}.", topic="testing"))
    _testing_advice(case, merged, tables, tested, untested_drugs)
    return merged


def _tissue(case: Case) -> str | None:
    code = case.diagnosis.oncotree_code if case.diagnosis else None
    if not code:
        return None
    try:
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        return resolve_cancer_type(code).tissue
    except OncoTailorError:
        return None


def _testing_advice(case: Case, merged: Contribution, tables: PgxTables, tested: set[str],
                    already: dict[str, list[str]]) -> None:
    tissue = _tissue(case)
    if tissue is None:
        return
    for rule in tables.testing:
        if rule.gene in tested or rule.gene in already or tissue not in rule.tissues:
            continue
        ev = [Evidence(source=rule.source, url=rule.url, date=rule.date)]
        merged.not_assessed.append(NotAssessed(section="pgx", reason=rule.text,
                                               needed_input=f"germline {rule.gene} genotype before treatment"))
        merged.questions.append(Question(text=rule.question, why=rule.patient_text, topic="testing", evidence=ev))
