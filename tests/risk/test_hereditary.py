"""Hereditary findings: HGVS consequence, classification rules (never overstated), gene table integrity."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oncotailor.case import GermlineVariant
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import hereditary
from oncotailor.risk.hereditary import ExceptionRow, GeneRow, classify, infer_consequence
from oncotailor.risk.screening import ScreeningRow
from tests.risk.conftest import make_case


@pytest.mark.parametrize(("hgvsc", "hgvsp", "expected"), [
    ("c.5946delT", None, "frameshift_variant"),
    ("c.5946del", None, "frameshift_variant"),
    ("c.68_69delAG", None, "frameshift_variant"),
    ("c.5266dupC", None, "frameshift_variant"),
    ("c.123_125del", None, "inframe_indel"),
    ("c.100_101insATG", None, "inframe_indel"),
    ("c.942+1G>A", None, "splice_donor_variant"),
    ("c.942+2T>C", None, "splice_donor_variant"),
    ("c.4186-1G>T", None, "splice_acceptor_variant"),
    ("c.942+3A>T", None, "intron_variant"),
    ("c.1147C>T", "p.Arg383Ter", "stop_gained"),
    ("c.1147C>T", "p.(Arg383*)", "stop_gained"),
    (None, "p.Ser1982ArgfsTer22", "frameshift_variant"),
    ("c.1799T>A", "p.Val600Glu", "missense_variant"),
    (None, "p.Met1Ile", "start_lost"),
    ("c.1799T>A", None, None),
])
def test_consequence_from_hgvs(hgvsc: str | None, hgvsp: str | None, expected: str | None) -> None:
    assert infer_consequence(hgvsc, hgvsp) == expected


def _rows(kb: KnowledgeBase) -> tuple[dict[str, GeneRow], list[ExceptionRow]]:
    genes = {r.gene: r for r in kb.table("risk/hereditary_genes", GeneRow)}
    return genes, kb.table("risk/null_variant_exceptions", ExceptionRow)


def _v(gene: str, hgvsc: str | None = None, hgvsp: str | None = None, label: str | None = None) -> GermlineVariant:
    return GermlineVariant(gene=gene, variant=hgvsc or hgvsp or "?", hgvsc=hgvsc, hgvsp=hgvsp,
                           classification=label)  # type: ignore[arg-type]


@pytest.mark.parametrize(("variant", "expected", "basis"), [
    (_v("BRCA1", "c.68_69delAG"), "likely_pathogenic_confirm", "likely pathogenic — confirm"),
    (_v("PALB2", "c.3113+1G>A"), "likely_pathogenic_confirm", "ACMG PVS1"),
    (_v("BRCA2", "c.9976A>T", "p.Lys3326Ter"), "benign", "known benign"),
    (_v("BRCA2", None, "p.Lys3326*"), "benign", "known benign"),
    (_v("BRCA2", "c.10095delC"), "uncertain_significance", "last exon"),
    (_v("RET", "c.100delA"), "uncertain_significance", "gain of function"),
    (_v("TP53", "c.524G>A", "p.Arg175His"), "uncertain_significance", "missense"),
    (_v("TP53", "c.524G>A", "p.Arg175His", "pathogenic"), "pathogenic", "laboratory"),
    (_v("BRCA2", "c.9976A>T", "p.Lys3326Ter", "pathogenic"), "pathogenic", "laboratory"),
    (_v("CHEK2", "c.470T>C"), "uncertain_significance", "unknown"),
])
def test_classification_rules(kb: KnowledgeBase, variant: GermlineVariant, expected: str, basis: str) -> None:
    genes, exceptions = _rows(kb)
    got = classify(variant, genes.get(variant.gene), exceptions)
    assert got.label == expected and basis in got.basis


def test_carrier_finding_has_everything_a_report_needs(kb: KnowledgeBase) -> None:
    res = hereditary.assess(make_case(patient={"sex": "female", "age": 40},
                                      germline={"variants": ["BRCA1 c.68_69delAG"]}), kb)
    (f,) = res.findings
    assert f.classification == "likely_pathogenic_confirm" and f.syndrome and "HBOC" in f.syndrome
    assert any("breast" in c and "%" in c for c in f.cancers)
    assert any("MRI" in m for m in f.management) and f.risk_reducing and "PARP" in (f.therapy_relevance or "")
    assert f.cascade_testing and "1 in 2" in f.cascade_testing
    assert res.carrier_keys == {"BRCA1"} and any("confirm" in q.text for q in res.questions)
    assert any(e.source.startswith("NCCN") and e.date for e in f.evidence)


def test_men_get_male_schedules(kb: KnowledgeBase) -> None:
    res = hereditary.assess(make_case(patient={"sex": "male", "age": 50},
                                      germline={"variants": ["BRCA2 c.5946delT pathogenic"]}), kb)
    mgmt = " ".join(res.findings[0].management)
    assert "PSA" in mgmt and "mammography" not in mgmt.lower()


def test_mutyh_needs_two_variants(kb: KnowledgeBase) -> None:
    one = hereditary.assess(make_case(germline={"variants": ["MUTYH c.536A>G pathogenic"]}), kb)
    assert one.carrier_keys == {"MUTYH_monoallelic"} and "one variant" in (one.findings[0].syndrome or "")
    assert not one.findings[0].risk_reducing
    two = hereditary.assess(make_case(germline={"variants": ["MUTYH c.536A>G pathogenic",
                                                             "MUTYH c.1187G>A pathogenic"]}), kb)
    assert two.carrier_keys == {"MUTYH"} and all("two variants" in (f.syndrome or "") for f in two.findings)
    assert "partner" in (two.findings[0].cascade_testing or "") or "other parent" in (two.findings[0].cascade_testing or "")


def test_unknown_gene_and_no_germline_are_not_assessed(kb: KnowledgeBase) -> None:
    none = hereditary.assess(make_case(), kb)
    assert none.not_assessed and none.not_assessed[0].needed_input
    other = hereditary.assess(make_case(germline={"variants": ["CFTR c.1521_1523del pathogenic"]}), kb)
    assert not other.findings and other.not_assessed


def test_vus_does_not_change_care(kb: KnowledgeBase) -> None:
    res = hereditary.assess(make_case(germline={"variants": ["BRCA2 c.7522G>A uncertain"]}), kb)
    assert res.carrier_keys == frozenset() and "should not change care" in res.findings[0].management[0]


# ───────────── table integrity ─────────────

REQUIRED = {"BRCA1", "BRCA2", "PALB2", "CHEK2", "ATM", "MLH1", "MSH2", "MSH6", "PMS2", "EPCAM", "TP53", "PTEN", "CDH1",
            "STK11", "APC", "MUTYH", "RET", "VHL", "MEN1", "SDHB", "SDHC", "SDHD", "RB1", "NF1", "NF2", "BAP1",
            "CDKN2A", "BARD1", "RAD51C", "RAD51D", "BRIP1", "POLE", "POLD1", "SMAD4", "BMPR1A", "TSC1", "TSC2", "WT1",
            "DICER1", "FH", "FLCN", "MITF"}


def test_gene_table_covers_panel_and_acmg_genes(kb: KnowledgeBase) -> None:
    genes = {r.gene for r in kb.table("risk/hereditary_genes", GeneRow)}
    assert genes >= REQUIRED


def test_gene_table_has_every_acmg_sf_cancer_gene(shared_data: Path, kb: KnowledgeBase) -> None:
    with (shared_data / "risk/hereditary_genes/acmg_sf_v3_2_cancer_genes.csv").open() as fh:
        acmg = {r["gene"] for r in csv.DictReader(fh)}
    rows = {r.gene: r for r in kb.table("risk/hereditary_genes", GeneRow)}
    assert acmg <= set(rows)
    assert {g for g, r in rows.items() if r.acmg_sf} == acmg


def test_gene_symbols_are_hgnc_and_screening_genes_exist(kb: KnowledgeBase) -> None:
    from oncotailor.vocab.genes import normalise_gene

    genes = {r.gene for r in kb.table("risk/hereditary_genes", GeneRow)}
    assert all(normalise_gene(g) == g for g in genes)
    for row in kb.table("risk/screening", ScreeningRow):
        for g in row.genes:
            assert g.removesuffix("_monoallelic") in genes, (row.id, g)
    assert len(genes) == len(kb.table("risk/hereditary_genes", GeneRow))  # no duplicate rows


def test_joined_vep_consequence_counts_as_null(kb: KnowledgeBase) -> None:
    genes, exceptions = _rows(kb)
    v = GermlineVariant(gene="ATM", variant="c.1564_1565del", hgvsc="c.1564_1565del",
                        consequence="splice_region_variant&frameshift_variant")
    assert classify(v, genes["ATM"], exceptions).label == "likely_pathogenic_confirm"


def test_relative_with_known_variant_prompts_targeted_testing(kb: KnowledgeBase) -> None:
    fam = [{"relation": "mother", "cancer": "breast", "known_variant": "BRCA1 c.68_69delAG"}]
    res = hereditary.assess(make_case(family_history=fam), kb)
    assert any("BRCA1 variant found in my mother" in q.text for q in res.questions)
    tested = hereditary.assess(make_case(family_history=fam, germline={"variants": [], "tested_genes": ["BRCA1"]}), kb)
    assert not any("found in my mother" in q.text for q in tested.questions)
