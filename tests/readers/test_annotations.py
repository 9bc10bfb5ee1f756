"""Annotation strings → effects: field order from the header, transcript choice, protein names."""

from __future__ import annotations

import pytest

from oncotailor.readers.annotations import Layout, fields_from_header, protein_change, vep_allele


@pytest.mark.parametrize(("hgvsp", "short", "ref", "alt", "start", "end"), [
    ("p.Val600Glu", "V600E", "V", "E", 600, 600),
    ("p.(Val600Glu)", "V600E", "V", "E", 600, 600),
    ("p.Glu746_Ala750del", "E746_A750del", "E", None, 746, 750),
    ("p.Gly12AlafsTer5", "G12fs", "G", "fs", 12, 12),
    ("p.Gly12fs", "G12fs", "G", "fs", 12, 12),
    ("p.Arg213Ter", "R213*", "R", "*", 213, 213),
    ("p.R213*", "R213*", "R", "*", 213, 213),
    ("p.Leu747_Pro753delinsSer", "L747_P753delinsS", "L", "S", 747, 753),
    ("p.Ala767_Val769dup", "A767_V769dup", "A", None, 767, 769),
    ("p.Asp770_Asn771insGlySerVal", "D770_N771insGSV", "D", "GSV", 770, 771),
    ("p.Ter394GlnextTer5", "*394ext", "*", "Q", 394, 394),
    ("p.Met1?", "M1?", "M", None, 1, 1),
])
def test_protein_change(hgvsp: str, short: str, ref: str | None, alt: str | None, start: int, end: int) -> None:
    pc = protein_change(hgvsp)
    assert pc is not None
    assert (pc.short, pc.ref_aa, pc.alt_aa, pc.start, pc.end) == (short, ref, alt, start, end)


@pytest.mark.parametrize("hgvsp", ["p.Gly12=", "p.=", "p.?", ""])
def test_no_protein_change(hgvsp: str) -> None:
    assert protein_change(hgvsp) is None


def test_protein_change_from_vep_columns_without_hgvs() -> None:
    pc = protein_change(None, position="858", amino_acids="L/R")
    assert pc is not None and pc.short == "L858R"


def test_fields_from_vep_and_snpeff_headers() -> None:
    assert fields_from_header("Consequence annotations from Ensembl VEP. Format: Allele|Consequence|SYMBOL") == [
        "Allele", "Consequence", "SYMBOL"]
    assert fields_from_header("Functional annotations: 'Allele | Annotation | Gene_Name' ") == [
        "Allele", "Annotation", "Gene_Name"]


@pytest.mark.parametrize(("ref", "alt", "alts", "vep"), [
    ("A", "T", ["T"], "T"),
    ("AG", "A", ["AG"[:1]], "-"),
    ("A", "AT", ["AT"], "T"),
    ("C", "T", ["T", "A"], "T"),
    ("AGG", "A", ["A", "AGGG"], "-"),
])
def test_vep_allele(ref: str, alt: str, alts: list[str], vep: str) -> None:
    assert vep_allele(ref, alt, alts) == vep


def test_mane_transcript_wins_over_order_and_severity() -> None:
    lay = Layout(["Allele", "Consequence", "SYMBOL", "Feature", "HGVSp", "CANONICAL", "MANE_SELECT", "BIOTYPE"],
                 snpeff=False)
    value = ("T|stop_gained|GENE1|ENST1|ENSP1:p.Arg10Ter|||protein_coding,"
             "T|missense_variant|GENE1|ENST2|ENSP2:p.Arg20Gly|YES|NM_1.1|protein_coding,"
             "G|missense_variant|GENE1|ENST2|ENSP2:p.Arg20Val|YES|NM_1.1|protein_coding")
    eff = lay.best(value, "T")
    assert eff is not None and eff.transcript == "ENST2" and eff.hgvsp == "p.Arg20Gly"
    other = lay.best(value, "G")
    assert other is not None and other.hgvsp == "p.Arg20Val"
    assert lay.best(value, "C") is None


def test_most_severe_consequence_breaks_ties() -> None:
    lay = Layout(["Allele", "Consequence", "SYMBOL", "Feature"], snpeff=False)
    eff = lay.best("A|intron_variant|G|T1,A|splice_region_variant&intron_variant|G|T2,A|frameshift_variant|G|T3", "A")
    assert eff is not None and (eff.transcript, eff.consequence) == ("T3", "frameshift_variant")


def test_snpeff_synonyms_are_normalised() -> None:
    names = ["Allele", "Annotation", "Annotation_Impact", "Gene_Name", "Gene_ID", "Feature_Type", "Feature_ID",
             "Transcript_BioType", "Rank", "HGVS.c", "HGVS.p", "cDNA.pos / cDNA.length", "CDS.pos / CDS.length",
             "AA.pos / AA.length", "Distance", "ERRORS / WARNINGS / INFO"]
    lay = Layout(names, snpeff=True)
    eff = lay.best("A|disruptive_inframe_deletion|MODERATE|EGFR|E|transcript|T|protein_coding|19/28|c.1del|"
                   "p.Glu746_Ala750del|||746/1210||", "A")
    assert eff is not None
    assert (eff.gene, eff.consequence, eff.exon, eff.protein_position) == ("EGFR", "inframe_deletion", 19, "746")
