"""Karyotype findings in a report's list read as the gene-level alterations the rules name."""

from __future__ import annotations

import pytest

from oncotailor.case import Case
from oncotailor.errors import InputError
from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess
from oncotailor.vocab.cytogenetics import parse_cytogenetic
from tests.therapy.conftest import make_case


@pytest.mark.parametrize(("text", "fusion"), [
    ("t(9;22)", ("BCR", "ABL1")), ("t(9;22)(q34;q11)", ("BCR", "ABL1")), ("Philadelphia chromosome", ("BCR", "ABL1")),
    ("t( 15 ; 17 )", ("PML", "RARA")), ("inv(16)", ("CBFB", "MYH11")), ("t(16;16)", ("CBFB", "MYH11")),
    ("t(11;14)", ("IGH", "CCND1")),
])
def test_translocations_become_fusions(text: str, fusion: tuple[str, str]) -> None:
    a = parse_cytogenetic(text)
    assert a is not None and (a.kind.value, a.fusion_5p, a.fusion_3p) == ("fusion", *fusion)


@pytest.mark.parametrize("text", ["del(17p)", "17p deletion", "del(17p13)", "17p-"])
def test_17p_deletion_is_a_one_copy_tp53_loss(text: str) -> None:
    a = parse_cytogenetic(text)
    assert a is not None and (a.gene, a.kind.value, a.copy_number) == ("TP53", "copy_number", "loss")


def test_unknown_karyotype_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError) as err:
        Case.model_validate({"tumor": {"alterations": ["t(X;18)"]}})
    assert "karyotype" in str(err.value) and err.value.field == "tumor.alterations.0"


def test_not_a_karyotype() -> None:
    assert parse_cytogenetic("TP53 loss") is None and parse_cytogenetic("EGFR L858R") is None


def _drugs(cancer: str, alterations: list[str]) -> dict[str, str]:
    out = assess(make_case(cancer, alterations), KnowledgeBase())
    return {"+".join(t.drugs): t.rule_id or "" for t in out.therapies if t.cancer_type_match in ("exact", "ancestor")}


def test_cll_del17p_selects_the_tp53_regimens_once() -> None:
    alone = _drugs("CLLSLL", ["del(17p)"])
    assert {"acalabrutinib", "zanubrutinib", "venetoclax+obinutuzumab"} <= set(alone)
    both = assess(make_case("CLLSLL", ["TP53 R248Q", "del(17p)"]), KnowledgeBase())
    assert len([t for t in both.therapies if t.drugs == ["zanubrutinib"]]) == 1  # twin rules, one item


def test_a_deep_deletion_rule_does_not_take_a_one_copy_loss() -> None:
    assert not [r for r in _drugs("PRAD", ["BRCA2 loss"]).values() if "brca2" in r]


def test_philadelphia_chromosome_in_cml() -> None:
    assert "asciminib" in _drugs("CML", ["t(9;22)"])
