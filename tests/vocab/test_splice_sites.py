"""Splice-site changes name the intron beside an exon (MANE exon table), in every notation reports use."""

from __future__ import annotations

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess
from oncotailor.vocab.alterations import parse_alteration
from oncotailor.vocab.exons import codon_range, splice_intron, splice_side
from tests.therapy.conftest import make_case


def test_met_exon_14_boundaries() -> None:
    first, last = codon_range("MET", 14) or (0, 0)
    assert splice_side("MET", last) == ("donor", 14) and splice_side("MET", first) == ("acceptor", 13)
    assert splice_side("MET", last - 5) is None


@pytest.mark.parametrize(("hgvsc", "protein", "intron"), [
    ("c.3028+1G>T", None, 14), ("ENST00000397752.8:c.3028+2T>C", None, 14), ("NM_000245.4:c.2888-1G>A", None, 13),
    ("c.3028+3A>G", None, None),  # outside the canonical ±1/2 site
    (None, "p.X1010_splice", 14), (None, "X963_splice", 13), (None, "p.D1010H", None),
])
def test_splice_intron(hgvsc: str | None, protein: str | None, intron: int | None) -> None:
    assert splice_intron("MET", hgvsc, protein) == intron


def test_genes_without_exon_table_keep_a_canonical_splice_term() -> None:
    a = parse_alteration("BRCA2 X2659_splice")
    assert (a.alteration, a.consequence, a.protein_start, a.intron) == ("X2659_splice", "splice_site_variant", 2659,
                                                                       None)


def test_a_canonical_splice_site_inactivates_a_tumor_suppressor() -> None:
    case = make_case("PRAD", ["BRCA2 X2659_splice"], diagnosis={"stage": "IV", "castration_status": "resistant"})
    out = assess(case, KnowledgeBase())
    assert [t for t in out.therapies if t.drugs == ["olaparib"] and t.level == "1"]


@pytest.mark.parametrize("text", ["MET X99999999999999999999_splice", "MET V99999999999999999999E"])
def test_a_codon_beyond_any_protein_is_a_clear_input_error(text: str) -> None:
    from oncotailor.case import Case
    from oncotailor.errors import InputError

    with pytest.raises(InputError) as err:
        Case.model_validate({"tumor": {"alterations": [text]}})
    assert err.value.field == "tumor.alterations.0.protein_start"
