"""Named-allele matching and phenotypes, table-driven from the allele definitions (no hard-coded answers
beyond the CPIC facts each test names)."""

from __future__ import annotations

import pytest

from oncotailor.pgx.dpyd import match_dpyd
from oncotailor.pgx.matcher import SiteCall, match_gene
from oncotailor.pgx.phenotype import phenotype_of_names

from .vcfgen import gene_def, sample_alleles, tables

STAR_GENES = ["TPMT", "NUDT15", "UGT1A1", "CYP2C19", "CYP3A5", "CYP2C9", "CYP2D6", "G6PD"]


def _ref(gene: str) -> str:
    return next(a.name for a in gene_def(gene).alleles if a.reference)


def _calls(gene: str, dip: tuple[str, ...], *, phased: bool = False, ps: int | None = None,
           drop: tuple[int, ...] = ()) -> dict[int, SiteCall]:
    return {p: SiteCall(v, phased, ps) for p, v in sample_alleles(gene, dip).items() if p not in drop}


def _singles(gene: str) -> list[str]:
    return [a.name for a in gene_def(gene).alleles if not a.reference and not a.structural]


@pytest.mark.parametrize("gene", STAR_GENES)
def test_every_allele_heterozygous_with_reference_is_among_the_top_calls(gene: str) -> None:
    ref = _ref(gene)
    for name in _singles(gene):
        m = match_gene(gene_def(gene), _calls(gene, (ref, name)), sex="female")
        assert m.status == "called", (name, m.notes)
        assert f"{ref}/{name}" in {p.name for p in m.top} | {f"{p.b}/{p.a}" for p in m.top}, (name, m.top[:3])


@pytest.mark.parametrize("gene", STAR_GENES)
def test_every_allele_homozygous_is_called(gene: str) -> None:
    for name in _singles(gene):
        m = match_gene(gene_def(gene), _calls(gene, (name, name)), sex="female")
        assert f"{name}/{name}" in {p.name for p in m.top}, (name, m.top[:3])


@pytest.mark.parametrize("gene", STAR_GENES)
def test_reference_genome_is_the_reference_allele_pair(gene: str) -> None:
    ref = _ref(gene)
    m = match_gene(gene_def(gene), _calls(gene, (ref, ref)), sex="female")
    assert [p.name for p in m.top] == [f"{ref}/{ref}"]


def test_cyp2c19_grch38_reference_is_star38_and_star1_needs_the_alt() -> None:
    assert _ref("CYP2C19") == "*38"
    m = match_gene(gene_def("CYP2C19"), _calls("CYP2C19", ("*1", "*1")))
    assert [p.name for p in m.top] == ["*1/*1"]
    assert phenotype_of_names(tables(), "CYP2C19", ["*38", "*38"]).phenotype == "Normal Metabolizer"


def test_tpmt_unphased_star3a_is_called_and_star3b_star3c_named_as_alternative() -> None:
    m = match_gene(gene_def("TPMT"), _calls("TPMT", ("*3B", "*3C")))
    assert [p.name for p in m.top] == ["*1/*3A"]
    assert "*3B/*3C" in [p.name for p in m.pairs[1:]]


def test_tpmt_phased_trans_is_star3b_star3c_and_cis_is_star1_star3a() -> None:
    trans = match_gene(gene_def("TPMT"), _calls("TPMT", ("*3B", "*3C"), phased=True, ps=7))
    assert [p.name for p in trans.top] == ["*3B/*3C"]
    assert phenotype_of_names(tables(), "TPMT", ["*3B", "*3C"]).phenotype == "Poor Metabolizer"
    cis = match_gene(gene_def("TPMT"), _calls("TPMT", ("*1", "*3A"), phased=True, ps=7))
    assert [p.name for p in cis.top] == ["*1/*3A"]
    assert "*3B/*3C" not in [p.name for p in cis.pairs]


def test_different_phase_sets_do_not_fix_the_relative_phase() -> None:
    calls = _calls("TPMT", ("*3B", "*3C"), phased=True, ps=1)
    pos_3c = next(iter(next(a for a in gene_def("TPMT").alleles if a.name == "*3C").defs))
    calls[pos_3c] = SiteCall(calls[pos_3c].alleles, True, 2)
    m = match_gene(gene_def("TPMT"), calls)
    assert {"*1/*3A", "*3B/*3C"} <= {p.name for p in m.pairs}


def test_missing_position_is_listed_lowers_scores_and_hides_alleles_defined_only_there() -> None:
    g = gene_def("TPMT")
    pos_2 = next(iter(next(a for a in g.alleles if a.name == "*2").defs))
    full = match_gene(g, _calls("TPMT", ("*1", "*3A")))
    part = match_gene(g, _calls("TPMT", ("*1", "*3A"), drop=(pos_2,)))
    assert part.status == "partial" and any(str(pos_2) in s for s in part.missing_positions)
    assert part.top[0].score == full.top[0].score - 1
    ref_only = match_gene(g, _calls("TPMT", ("*1", "*1"), drop=(pos_2,)))
    assert all("*2" not in (p.a, p.b) for p in ref_only.pairs)


def test_no_position_called_is_not_tested() -> None:
    assert match_gene(gene_def("TPMT"), {}).status == "not_tested"


def test_undocumented_alt_is_reference_for_tpmt_but_blocks_cyp2c9() -> None:
    g = gene_def("TPMT")
    p = g.positions[0]
    other = next(b for b in "ACGT" if b not in {p.ref, *p.alts})
    calls = _calls("TPMT", ("*1", "*1"))
    calls[p.pos] = SiteCall((p.ref, other))
    m = match_gene(g, calls)
    assert [x.name for x in m.top] == ["*1/*1"] and any("undocumented" in n for n in m.notes)
    g9 = gene_def("CYP2C9")
    q = next(x for x in g9.positions if len(x.ref) == 1 and all(len(a) == 1 for a in x.alts))
    other9 = next(b for b in "ACGT" if b not in {q.ref, *q.alts})
    calls9 = _calls("CYP2C9", ("*1", "*1"))
    calls9[q.pos] = SiteCall((q.ref, other9))
    assert match_gene(g9, calls9).status == "not_called"


def test_g6pd_hemizygous_male_heterozygous_female_and_impossible_male_het() -> None:
    g = gene_def("G6PD")
    deficient = next(n for n in _singles("G6PD")
                     if tables().functions.get(("G6PD", n)) and "Deficient" in tables().functions[("G6PD", n)].function
                     and "CNSHA" not in tables().functions[("G6PD", n)].function)
    male = match_gene(g, _calls("G6PD", (deficient,)), sex="male")
    assert male.haploid == deficient
    assert phenotype_of_names(tables(), "G6PD", [deficient]).phenotype == "Deficient"
    female = match_gene(g, _calls("G6PD", ("B (reference)", deficient)), sex="female")
    assert female.top[0].name == f"B (reference)/{deficient}"
    assert phenotype_of_names(tables(), "G6PD", ["B (reference)", deficient]).phenotype == "Variable"
    wrong = match_gene(g, _calls("G6PD", ("B (reference)", deficient)), sex="male")
    assert wrong.status == "not_called"


def _activity() -> dict[str, float | None]:
    return {k[1]: f.activity_value for k, f in tables().functions.items() if k[0] == "DPYD"}


@pytest.mark.parametrize("variant", ["c.1905+1G>A (*2A)", "c.1679T>G (*13)", "c.2846A>T", "c.1129-5923C>G, c.1236G>A (HapB3)"])
def test_dpyd_single_heterozygote_activity_score(variant: str) -> None:
    m = match_dpyd(gene_def("DPYD"), _calls("DPYD", ("Reference", variant)), _activity())
    assert m.activity_score == 1.0 + _activity()[variant]
    assert m.top[0].name == f"Reference/{variant}"


def test_dpyd_unphased_two_variants_sum_of_two_lowest_and_phased_cis_per_strand() -> None:
    act = _activity()
    g = gene_def("DPYD")
    a, b = "c.1905+1G>A (*2A)", "c.2846A>T"
    haps = [sample_alleles("DPYD", ("Reference", a)), sample_alleles("DPYD", ("Reference", b))]
    cis = {p: SiteCall((haps[0][p][0], haps[0][p][1] if haps[0][p][1] != haps[0][p][0] else haps[1][p][1]))
           for p in haps[0]}
    unphased = match_dpyd(g, cis, act)
    assert unphased.activity_score == act[a] + act[b]
    phased = match_dpyd(g, {p: SiteCall(c.alleles, True, 5) for p, c in cis.items()}, act)
    assert phased.activity_score == 1.0 + min(act[a], act[b])  # both on strand 2; strand 1 reference


def test_dpyd_homozygous_and_hapb3_exonic_fallback() -> None:
    act = _activity()
    g = gene_def("DPYD")
    hom = match_dpyd(g, _calls("DPYD", ("c.2846A>T", "c.2846A>T")), act)
    assert hom.activity_score == 2 * act["c.2846A>T"]
    intronic = next(p.pos for p in g.positions if p.rsid == "rs75017182")
    m = match_dpyd(g, _calls("DPYD", ("Reference", "c.1129-5923C>G, c.1236G>A (HapB3)"), drop=(intronic,)), act)
    assert m.activity_score == 1.5 and any("exonic" in n for n in m.notes)


def test_ugt1a1_star80_plus_star28_outscores_split_call() -> None:
    m = match_gene(gene_def("UGT1A1"), _calls("UGT1A1", ("*1", "*80+*28")))
    assert m.top[0].name == "*1/*80+*28"
    assert "*28/*80" in [p.name for p in m.pairs]
