"""A synonymous change sits in a codon and an exon but changes no amino acid: it meets no codon, codon-range
or exon rule (KRAS G12G is not a KRAS codon 12 mutation for anti-EGFR resistance)."""

from __future__ import annotations

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.therapy.engine import assess
from oncotailor.vocab.alterations import parse_alteration
from tests.therapy.conftest import make_case


@pytest.mark.parametrize("text", ["KRAS G12G", "KRAS p.Gly12=", "KRAS G12="])
def test_same_amino_acid_reads_as_synonymous(text: str) -> None:
    a = parse_alteration(text)
    assert (a.alteration, a.consequence) == ("G12=", "synonymous_variant")


def _run(cancer: str, alterations: list[str]):  # type: ignore[no-untyped-def]
    return assess(make_case(cancer, alterations, diagnosis={"stage": "IV"}), KnowledgeBase())


def test_kras_codon_12_synonymous_is_no_anti_egfr_resistance() -> None:
    out = _run("COADREAD", ["KRAS G12G", "BRAF V600E"])
    assert not [r for r in out.resistance if r.rule_id == "res-crc-kras-anti-egfr"]
    assert [r for r in _run("COADREAD", ["KRAS G12S"]).resistance if r.rule_id == "res-crc-kras-anti-egfr"]


def test_kit_exon_11_synonymous_is_not_an_exon_11_mutation() -> None:
    silent = {t.rule_id for t in _run("GIST", ["KIT K558K"]).therapies}
    real = {t.rule_id for t in _run("GIST", ["KIT W557_K558del"]).therapies}
    assert "gist-kit-imatinib" in real and "gist-kit-imatinib" not in silent


def test_egfr_t790_synonymous_gets_no_t790m_rule() -> None:
    assert not [t for t in _run("LUAD", ["EGFR T790T"]).therapies if "t790m" in (t.rule_id or "")]
