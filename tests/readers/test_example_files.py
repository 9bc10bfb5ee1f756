"""The bundled file-based example reads end to end: VCF + Arriba + CNA, and the same tumor as a MAF."""

from __future__ import annotations

from oncotailor import read_case
from oncotailor.readers.maf import read_maf
from tests.conftest import EXAMPLES


def test_colorectal_files_example_reads_every_file() -> None:
    case = read_case(EXAMPLES / "colorectal_files.yaml")
    assert case.tumor is not None
    got = {(a.source.value, a.gene, a.alteration) for a in case.tumor.alterations}
    assert {("vcf", "PIK3CA", "H1047R"), ("vcf", "APC", "R1450*"), ("vcf", "TP53", "R248W"),
            ("fusion_tsv", "NTRK1", "TPM3::NTRK1"), ("cna", "SMAD4", "loss")} <= got
    assert ("vcf", "KRAS", "A146D") not in got  # FILTER weak_evidence
    codes = {w.code for w in case.read_warnings}
    assert {"vcf.not_listed", "fusions.low_confidence"} <= codes


def test_maf_of_the_same_tumor_agrees_with_the_vcf() -> None:
    case = read_case(EXAMPLES / "colorectal_files.yaml")
    assert case.tumor is not None
    from_vcf = {a.key for a in case.tumor.alterations if a.source.value == "vcf"}
    from_maf = {a.key for a in read_maf(EXAMPLES / "files" / "crc_msi_tumor.maf", sample="CRC-MSI-01-T").alterations}
    assert from_maf == from_vcf
