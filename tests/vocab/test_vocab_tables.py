"""Genes, tumor types, drugs, panels, biomarkers and germline text; validation against ../shared/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oncotailor.errors import InputError, UnknownCancerTypeError, UnknownGeneError
from oncotailor.vocab import drugs, genes, panels, tumor_types
from oncotailor.vocab.biomarkers import parse_biomarker, parse_wildtype
from oncotailor.vocab.germline import parse_germline_variant


@pytest.mark.parametrize(("given", "approved"), [
    ("EGFR", "EGFR"), ("egfr", "EGFR"), ("HER2", "ERBB2"), ("KRAS2", "KRAS"), ("C11orf30", "EMSY"),
    ("MLL", "KMT2A"), ("FAM46C", "TENT5C"), ("WHSC1", "NSD2"),
])
def test_gene_symbols_resolve_through_previous_and_alias(given: str, approved: str) -> None:
    assert genes.normalise_gene(given) == approved


def test_unknown_gene_is_refused() -> None:
    with pytest.raises(UnknownGeneError):
        genes.normalise_gene("NOTAGENE1")


@pytest.mark.parametrize(("given", "code", "ancestor"), [
    ("LUAD", "LUAD", "NSCLC"), ("lung adenocarcinoma", "LUAD", "LUNG"), ("Lung Adenocarcinoma", "LUAD", "NSCLC"),
    ("GBM", "GB", "DIFG"), ("CML", "CML", "MYELOID"), ("multiple myeloma", "PCM", "LYMPH"),
    ("colorectal cancer", "COADREAD", "BOWEL"), ("GIST", "GIST", "SOFT_TISSUE"), ("neuroblastoma", "NBL", "PNS"),
])
def test_tumor_types_resolve_with_hierarchy(given: str, code: str, ancestor: str) -> None:
    t = tumor_types.resolve_cancer_type(given)
    assert t.code == code and tumor_types.is_descendant(t.code, ancestor)


def test_blood_cancers_are_not_solid() -> None:
    assert not tumor_types.resolve_cancer_type("AML").solid
    assert tumor_types.resolve_cancer_type("LUAD").solid


def test_unknown_cancer_type_suggests() -> None:
    with pytest.raises(UnknownCancerTypeError) as err:
        tumor_types.resolve_cancer_type("lunge cancer")
    assert any("LUNG" in s for s in err.value.suggestions)


@pytest.mark.parametrize(("given", "inn", "cls"), [
    ("Tagrisso", "osimertinib", "egfr_tki"), ("AZD9291", "osimertinib", "egfr_tki"),
    ("imatinib mesylate", "imatinib", "bcr_abl_tki"), ("T-DXd", "trastuzumab deruxtecan", "her2_adc"),
    ("5-FU", "fluorouracil", "fluoropyrimidine"), ("Keytruda", "pembrolizumab", "anti_pd1"),
    ("carboplatin", "carboplatin", "platinum"), ("trastuzumab-anns", "trastuzumab", "her2_antibody"),
])
def test_drugs_normalise_to_inn_with_classes(given: str, inn: str, cls: str) -> None:
    assert drugs.normalise_drug(given) == inn
    assert cls in drugs.drug_classes(given)


def test_unknown_drug_has_no_classes_and_is_refused_when_normalised() -> None:
    assert drugs.drug_classes("notadrug") == frozenset()
    with pytest.raises(InputError):
        drugs.normalise_drug("notadrug")


def test_panels_resolve_and_unknown_panel_is_refused() -> None:
    assert "EGFR" in panels.panel_genes("MSK-IMPACT468")
    assert panels.resolve_panel("FoundationOne CDx") == "FoundationOne_CDx_FDA_label"
    with pytest.raises(InputError):
        panels.resolve_panel("NOT-A-PANEL-XYZ")


@pytest.mark.parametrize(("text", "expected"), [
    ("TMB 12", {"tmb": 12.0}), ("TMB 12.5 mut/Mb", {"tmb": 12.5}), ("TMB-H", {"tmb_status": "high"}),
    ("MSI-H", {"msi": "high"}), ("MSS", {"msi": "stable"}), ("dMMR", {"mmr": "deficient"}),
    ("PD-L1 TPS 60%", {"pdl1_tps": 60.0}), ("PD-L1 CPS 15", {"pdl1_cps": 15.0}),
    ("HRD positive", {"hrd": "positive"}), ("HER2 IHC 3+", {"her2_ihc": "3+"}), ("EGFR L858R", None),
])
def test_report_biomarkers(text: str, expected: dict[str, object] | None) -> None:
    assert parse_biomarker(text) == expected


def test_wildtype_statements() -> None:
    assert parse_wildtype("RAS wild-type") == ["KRAS", "NRAS"]
    assert parse_wildtype("KRAS wildtype") == ["KRAS"]
    assert parse_wildtype("KRAS G12D") is None


@pytest.mark.parametrize(("text", "cons", "cls"), [
    ("BRCA2 c.5946delT pathogenic", "frameshift_variant", "pathogenic"),
    ("MLH1 c.1905+1G>A likely pathogenic", "splice_donor_variant", "likely_pathogenic"),
    ("APC p.Arg1450Ter", "stop_gained", None),
    ("TP53 p.R175H VUS", "missense_variant", "uncertain"),
    ("CHEK2 1100delC", "frameshift_variant", None),
    ("BRCA1 c.68_69delAG", "frameshift_variant", None),
    ("BRCA1 c.100_102del", "inframe_indel", None),
])
def test_germline_text(text: str, cons: str, cls: str | None) -> None:
    v = parse_germline_variant(text)
    assert v.consequence == cons
    assert (v.classification.value if v.classification else None) == cls


@pytest.mark.shared_data
def test_every_oncotree_2025_code_and_2021_code_resolves(shared_data: Path) -> None:
    vocab = shared_data / "vocab"
    with (vocab / "oncotree_2025_10_03.tsv").open() as fh:
        current = {r["code"] for r in csv.DictReader(fh, delimiter="\t")}
    with (vocab / "oncotree_2021_11_02.tsv").open() as fh:
        old = {r["code"] for r in csv.DictReader(fh, delimiter="\t")}
    for code in current:
        assert tumor_types.resolve_cancer_type(code).code == code
    for code in old:
        assert tumor_types.resolve_cancer_type(code).code in current


@pytest.mark.shared_data
def test_every_hgnc_symbol_round_trips(shared_data: Path) -> None:
    with (shared_data / "vocab" / "hgnc_complete_set.trimmed.tsv").open() as fh:
        symbols = [r["symbol"] for r in csv.DictReader(fh, delimiter="\t")]
    assert len(symbols) > 40000
    assert all(genes.normalise_gene(s) == s for s in symbols)


@pytest.mark.parametrize(("text", "expected"), [
    ("PTEN IHC deficient", "deficient"), ("PTEN-deficient", "deficient"), ("PTEN deficient (IHC)", "deficient"),
    ("PTEN IHC loss", "deficient"), ("PTEN protein: intact", "intact"), ("pten ihc retained", "intact"),
])
def test_pten_ihc_is_read_as_a_biomarker(text: str, expected: str) -> None:
    assert parse_biomarker(text) == {"pten_ihc": expected}


def test_bare_pten_loss_is_not_read_as_ihc() -> None:
    assert parse_biomarker("PTEN loss") is None  # may mean a genomic deletion: left to the alteration grammar


@pytest.mark.parametrize(("text", "expected"), [
    ("ctDNA MRD positive", {"ctdna_mrd": "positive"}), ("Signatera negative", {"ctdna_mrd": "negative"}),
    ("MRD (ctDNA) detected", {"ctdna_mrd": "positive"}), ("ctDNA positive", None),  # a liquid biopsy, not MRD
])
def test_ctdna_residual_disease(text: str, expected: dict[str, str] | None) -> None:
    assert parse_biomarker(text) == expected
