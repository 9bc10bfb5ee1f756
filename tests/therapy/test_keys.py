"""Normal forms shared by rules and alterations."""

from __future__ import annotations

import pytest

from oncotailor.therapy.keys import canon_change, codon_of, codon_only


@pytest.mark.parametrize(("text", "expected"), [
    ("V600E", "V600E"), ("p.Val600Glu", "V600E"), ("p.(Val600Glu)", "V600E"), ("p.Arg213Ter", "R213*"),
    ("R213X", "R213*"), ("p.Gly12AlafsTer5", "G12fs"), ("K12Rfs*5", "G12fs".replace("G", "K")),
    ("p.Glu746_Ala750del", "E746_A750del"), ("ITD", "itd"), ("Exon 19  Deletion", "exon 19 deletion"),
])
def test_canon_change(text: str, expected: str) -> None:
    assert canon_change(text) == expected


def test_codons() -> None:
    assert codon_of("p.Glu746_Ala750del") == (746, 750)
    assert codon_of("exon 19 deletion") is None
    assert codon_only("V600") == 600
    assert codon_only("V600E") is None
    assert codon_only("R213X") is None  # X is a stop in HGVS, never "any change"
