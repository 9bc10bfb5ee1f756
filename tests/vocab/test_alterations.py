"""The alteration grammar, row by row: text → gene, normalised name and the fields the matcher joins on."""

from __future__ import annotations

import pytest

from oncotailor.case import AlterationKind
from oncotailor.errors import AlterationParseError, UnknownGeneError
from oncotailor.vocab.alterations import parse_alteration

# text, gene, alteration, kind, consequence, protein_start, protein_end, exon, any_change_at_codon
ROWS = [
    ("BRAF V600E", "BRAF", "V600E", "mutation", "missense_variant", 600, 600, 15, False),
    ("BRAF p.V600E", "BRAF", "V600E", "mutation", "missense_variant", 600, 600, 15, False),
    ("BRAF p.Val600Glu", "BRAF", "V600E", "mutation", "missense_variant", 600, 600, 15, False),
    ("BRAF p.(Val600Glu)", "BRAF", "V600E", "mutation", "missense_variant", 600, 600, 15, False),
    ("BRAF V600", "BRAF", "V600", "mutation", None, 600, 600, 15, True),
    ("BRAF V600any", "BRAF", "V600", "mutation", None, 600, 600, 15, True),
    ("KRAS codon 12", "KRAS", "codon 12", "mutation", None, 12, 12, 2, True),
    ("TP53 R213*", "TP53", "R213*", "mutation", "stop_gained", 213, 213, None, False),
    ("TP53 p.Arg213Ter", "TP53", "R213*", "mutation", "stop_gained", 213, 213, None, False),
    ("TP53 R213X", "TP53", "R213*", "mutation", "stop_gained", 213, 213, None, False),
    ("EGFR E746_A750del", "EGFR", "E746_A750del", "mutation", "inframe_deletion", 746, 750, 19, False),
    ("EGFR p.Glu746_Ala750del", "EGFR", "E746_A750del", "mutation", "inframe_deletion", 746, 750, 19, False),
    ("EGFR L747_P753delinsS", "EGFR", "L747_P753delinsS", "mutation", "inframe_deletion", 747, 753, 19, False),
    ("EGFR D770_N771insSVD", "EGFR", "D770_N771insSVD", "mutation", "inframe_insertion", 770, 771, 20, False),
    ("EGFR A767_V769dup", "EGFR", "A767_V769dup", "mutation", "inframe_insertion", 767, 769, 20, False),
    ("ERBB2 A775_G776insYVMA", "ERBB2", "A775_G776insYVMA", "mutation", "inframe_insertion", 775, 776, 20, False),
    ("KRAS G12fs", "KRAS", "G12fs", "mutation", "frameshift_variant", 12, 12, 2, False),
    ("APC p.Gly12AlafsTer5", "APC", "G12fs", "mutation", "frameshift_variant", 12, 12, None, False),
    ("EGFR exon 19 deletion", "EGFR", "exon 19 deletion", "mutation", "inframe_deletion", None, None, 19, False),
    ("EGFR ex19del", "EGFR", "exon 19 deletion", "mutation", "inframe_deletion", None, None, 19, False),
    ("EGFR exon 20 insertion", "EGFR", "exon 20 insertion", "mutation", "inframe_insertion", None, None, 20, False),
    ("MET exon 14 skipping", "MET", "exon 14 skipping", "mutation", "splice_region_variant", None, None, 14, False),
    ("METex14", "MET", "exon 14 skipping", "mutation", "splice_region_variant", None, None, 14, False),
    ("KIT exon 11 mutation", "KIT", "exon 11 mutation", "mutation", None, None, None, 11, False),
    ("ERBB2 amplification", "ERBB2", "amplification", "copy_number", None, None, None, None, False),
    ("HER2 amplification", "ERBB2", "amplification", "copy_number", None, None, None, None, False),
    ("CDKN2A deletion", "CDKN2A", "deletion", "copy_number", None, None, None, None, False),
    ("CDKN2A homozygous deletion", "CDKN2A", "deletion", "copy_number", None, None, None, None, False),
    ("BRCA2 truncating", "BRCA2", "truncating mutation", "mutation", "truncating", None, None, None, False),
    ("MET splice", "MET", "splice", "mutation", "splice_region_variant", None, None, None, False),
    ("PIK3CA oncogenic mutation", "PIK3CA", "oncogenic mutation", "mutation", None, None, None, None, False),
    ("BRCA2 c.5946delT", "BRCA2", "c.5946delT", "mutation", None, None, None, None, False),
    ("MLH1 c.1905+1G>A", "MLH1", "c.1905+1G>A", "mutation", "splice_donor_variant", None, None, None, False),
    ("FLT3 ITD", "FLT3", "ITD", "mutation", "inframe_insertion", None, None, None, False),
    ("ESR1 Y537S", "ESR1", "Y537S", "mutation", "missense_variant", 537, 537, 8, False),
    ("HER2 overexpression", "ERBB2", "overexpression", "expression", None, None, None, None, False),
]


@pytest.mark.parametrize(("text", "gene", "name", "kind", "cons", "start", "end", "exon", "any_codon"), ROWS)
def test_grammar_row(text: str, gene: str, name: str, kind: str, cons: str | None, start: int | None,
                     end: int | None, exon: int | None, any_codon: bool) -> None:
    a = parse_alteration(text)
    assert (a.gene, a.alteration, a.kind.value, a.consequence) == (gene, name, kind, cons)
    assert (a.protein_start, a.protein_end, a.exon, a.any_change_at_codon) == (start, end, exon, any_codon)


@pytest.mark.parametrize(("text", "five", "three"), [
    ("EML4::ALK", "EML4", "ALK"), ("BCR-ABL1", "BCR", "ABL1"), ("KIAA1549-BRAF fusion", "KIAA1549", "BRAF"),
    ("ETV6::NTRK3", "ETV6", "NTRK3"), ("KIF5B-RET fusion", "KIF5B", "RET"), ("CD74::ROS1", "CD74", "ROS1"),
])
def test_named_fusions_keep_both_partners(text: str, five: str, three: str) -> None:
    a = parse_alteration(text)
    assert a.kind is AlterationKind.fusion
    assert (a.fusion_5p, a.fusion_3p, a.alteration) == (five, three, f"{five}::{three}")


@pytest.mark.parametrize("text", ["ALK fusion", "ROS1 rearrangement", "RET fusion", "NTRK1 fusion"])
def test_partner_free_fusions(text: str) -> None:
    a = parse_alteration(text)
    assert a.kind is AlterationKind.fusion and a.fusion_5p is None and a.alteration.endswith("fusion")


def test_hyphenated_gene_symbol_is_not_a_fusion() -> None:
    a = parse_alteration("HLA-A deletion")
    assert a.gene == "HLA-A" and a.kind is AlterationKind.copy_number


@pytest.mark.parametrize(("text", "hint"), [("EGRF L858R", "EGFR"), ("BRAC1 truncating", "BRCA1")])
def test_unknown_gene_suggests_close_symbols(text: str, hint: str) -> None:
    with pytest.raises(UnknownGeneError) as err:
        parse_alteration(text)
    assert hint in err.value.suggestions


@pytest.mark.parametrize("text", ["EGFR", "EGFR blah blah", "NTRK fusion", "", "EGFR E746_A740del",
                                  "EGFR 770insSVD"])
def test_unreadable_items_are_refused(text: str) -> None:
    with pytest.raises(AlterationParseError):
        parse_alteration(text)
