"""Integrity of the PGx knowledge tables: every rule names a known gene, a phenotype our tables can
produce, a dated source; drug names are the vocabulary's; generated tables cite the data version."""

from __future__ import annotations

from oncotailor.knowledge.base import KnowledgeBase
from oncotailor.vocab.drugs import normalise_drug

from .vcfgen import tables


def test_recommendation_conditions_use_known_genes_and_reachable_phenotypes() -> None:
    t = tables()
    reachable = {(r.gene, r.phenotype) for rules in t.rules.values() for r in rules}
    ids = set()
    for rule in t.recommendations:
        assert rule.id not in ids
        ids.add(rule.id)
        assert normalise_drug(rule.drug) == rule.drug
        assert rule.evidence and all(e.date for e in rule.evidence)
        for c in rule.when:
            assert c.gene in t.genes
            for ph in c.phenotypes or []:
                assert (c.gene, ph) in reachable, (rule.id, c.gene, ph)


def test_interaction_and_link_drugs_are_vocabulary_names() -> None:
    t = tables()
    for row in t.interactions:
        assert normalise_drug(row.drug) == row.drug
        assert all(d in {r.drug for r in t.recommendations} for d in row.affects)
    for link in t.links.values():
        assert all(d in {r.drug for r in t.recommendations} for d in link.drugs)


def test_generated_tables_cite_definition_version() -> None:
    kb = KnowledgeBase()
    for name in ("pgx/alleles", "pgx/functions", "pgx/phenotypes", "pgx/aliases"):
        meta = kb.meta(name)
        assert meta.version and "2025-11-05" in meta.version and meta.genome_build == "GRCh38"
    assert all(g.definition_version.startswith("2025-11-05") for g in tables().genes.values())
