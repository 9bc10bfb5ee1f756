"""Each matching semantic on the fixture rules: what must match, and what must not."""

from __future__ import annotations

from tests.therapy.conftest import by_rule, rule_ids


def test_exact_protein_change_long_or_short(run) -> None:
    assert "exact-braf" in rule_ids(run("MEL", ["BRAF V600E"]))
    assert "exact-braf" in rule_ids(run("MEL", ["BRAF p.Val600Glu"]))
    assert "exact-braf" not in rule_ids(run("MEL", ["BRAF V600K"]))


def test_combination_is_one_recommendation(run) -> None:
    m = by_rule(run("MEL", ["BRAF V600E"]), "exact-braf")
    assert m.drugs == ["drugA", "drugB"]
    assert m.level == "1" and m.cancer_type_match == "exact" and m.approval == "fda"
    assert m.evidence and m.evidence[0].source == "fixture"


def test_any_change_at_codon(run) -> None:
    assert "codon-kras" in rule_ids(run("PAAD", ["KRAS G12D"]))
    assert "codon-kras" not in rule_ids(run("PAAD", ["KRAS Q61H"]))


def test_codon_range_overlaps_indel(run) -> None:
    assert "range-kit" in rule_ids(run("GIST", ["KIT W557_K558del"]))
    assert "range-kit" not in rule_ids(run("GIST", ["KIT D816V"]))


def test_exon_deletion_from_protein_change_or_words(run) -> None:
    assert "exon-egfr" in rule_ids(run("LUAD", ["EGFR E746_A750del"]))
    assert "exon-egfr" in rule_ids(run("LUAD", ["EGFR exon 19 deletion"]))
    assert "exon-egfr" in rule_ids(run("LUAD", ["EGFR L858R"]))
    assert "exon-egfr" not in rule_ids(run("LUAD", ["EGFR exon 20 insertion"]))
    assert "exon-egfr" not in rule_ids(run("LUAD", ["EGFR G719S"]))


def test_exon_skipping(run) -> None:
    assert "exon-met" in rule_ids(run("LUAD", ["MET exon 14 skipping"]))
    assert "exon-met" not in rule_ids(run("LUAD", ["MET exon 14 deletion"]))


def test_oncogenic_class_truncating_in_tumor_suppressor(run) -> None:
    assert "trunc-brca2" in rule_ids(run("PRAD", ["BRCA2 R3052*"]))
    assert "trunc-brca2" in rule_ids(run("PRAD", ["BRCA2 c.5946delT"]))  # 1-nt deletion: frameshift
    assert "trunc-brca2" not in rule_ids(run("PRAD", ["BRCA2 V2466A"]))  # missense of unknown effect


def test_kinase_domain_class(run) -> None:
    assert "kd-alk" in rule_ids(run("NBL", ["ALK F1174L"]))
    assert "kd-alk" not in rule_ids(run("NBL", ["ALK G100S"]))


def test_fusion_either_partner_and_named_partner(run) -> None:
    assert "fusion-any-ret" in rule_ids(run("LUAD", ["KIF5B::RET"]))
    assert "fusion-any-ret" in rule_ids(run("LUAD", ["RET::NCOA4"]))  # RET as 5' partner still counts
    assert "fusion-named" in rule_ids(run("LUAD", ["EML4::ALK"]))
    assert "fusion-named" not in rule_ids(run("LUAD", ["KIF5B::ALK"]))


def test_fusion_without_partner_is_unknown_for_named_partner_rule(run) -> None:
    m = by_rule(run("LUAD", ["ALK fusion"]), "fusion-named")
    assert m.biomarker_status == "unknown"


def test_amplification(run) -> None:
    assert "amp-erbb2" in rule_ids(run("COADREAD", ["ERBB2 amplification"]))
    assert "amp-erbb2" not in rule_ids(run("COADREAD", ["ERBB2 gain"]))


def test_her2_ihc_thresholds_and_none_of(run) -> None:
    ids = rule_ids(run("BRCA", [], diagnosis={"her2_ihc": "3+"}))
    assert "ihc-her2" in ids and "her2-low" not in ids
    ids = rule_ids(run("BRCA", [], diagnosis={"her2_ihc": "1+"}))
    assert "her2-low" in ids and "ihc-her2" not in ids
    # IHC 2+ with ERBB2 amplification is HER2-positive, not HER2-low
    ids = rule_ids(run("BRCA", ["ERBB2 amplification"], diagnosis={"her2_ihc": "2+"}))
    assert "her2-low" not in ids and "ihc-her2" in ids


def test_signatures_tumor_agnostic_with_exclusion(run) -> None:
    m = by_rule(run("LUAD", [], tumor={"biomarkers": {"tmb": 12}}), "tmb-agnostic")
    assert m.cancer_type_match == "tumor_agnostic"
    assert "tmb-agnostic" not in rule_ids(run("LUAD", [], tumor={"biomarkers": {"tmb": 9.9}}))
    assert "tmb-agnostic" not in rule_ids(run("GIST", [], tumor={"biomarkers": {"tmb": 30}}))
    # solid tumors only: a leukaemia does not get a solid-tumor agnostic approval
    assert "tmb-agnostic" not in rule_ids(run("AML", [], tumor={"biomarkers": {"tmb": 30}}))


def test_dmmr_counts_as_msi_high(run) -> None:
    assert "msi-agnostic" in rule_ids(run("COADREAD", [], tumor={"biomarkers": {"mmr": "deficient"}}))


def test_wildtype_needs_testing(run) -> None:
    m = by_rule(run("COADREAD", ["TP53 R175H"]), "ras-wt")
    assert m.biomarker_status == "unknown" and "needs testing" in (m.note or "")
    m = by_rule(run("COADREAD", ["TP53 R175H"], tumor={"tested_genes": ["KRAS", "NRAS", "TP53", "BRAF"]}), "ras-wt")
    assert m.biomarker_status == "met"
    m = by_rule(run("COADREAD", ["KRAS wild-type", "NRAS wild-type"]), "ras-wt")
    assert m.biomarker_status == "met"


def test_kras_mutation_colorectal_no_anti_egfr_and_r1(run) -> None:
    out = run("COADREAD", ["KRAS G12D"], tumor={"tested_genes": ["KRAS", "NRAS", "BRAF"]})
    assert "ras-wt" not in rule_ids(out)
    assert any(r.rule_id == "ras-resist" and r.level == "R1" for r in out.resistance)


def test_none_of_blocks(run) -> None:
    out = run("COADREAD", ["BRAF V600E"], tumor={"tested_genes": ["KRAS", "NRAS", "BRAF"]})
    assert "ras-wt" not in rule_ids(out)


def test_exclude_variants(run) -> None:
    assert "excl-kras" in rule_ids(run("LUAD", ["KRAS G12C"]))
    assert "excl-kras" not in rule_ids(run("LUAD", ["KRAS G12R"]))


def test_tumor_type_ancestor_and_off_label(run) -> None:
    m = by_rule(run("LUAD", ["EGFR L858R"]), "exon-egfr")
    assert m.cancer_type_match == "ancestor" and m.level == "1"
    m = by_rule(run("BRCA", ["EGFR L858R"]), "exon-egfr")  # EGFR mutation in a breast cancer is not level 1
    assert m.cancer_type_match == "other" and m.level == "3B" and m.approval == "off_label"
    assert m.amp_tier == "IIC"


def test_no_off_label_for_lower_levels_or_across_blood_and_solid(run) -> None:
    assert "codon-kras" not in rule_ids(run("LUAD", ["KRAS G12D"]))  # a 3A rule does not travel
    assert "heme-idh1" not in rule_ids(run("LUAD", ["IDH1 R132H"]))  # a leukaemia rule does not go to a solid tumor
    assert "heme-idh1" in rule_ids(run("MDS", ["IDH1 R132H"]))  # another myeloid type: off-label
    assert by_rule(run("MDS", ["IDH1 R132H"]), "heme-idh1").level == "3B"


def test_broader_cancer_type_keeps_level_with_unknown_subtype(run) -> None:
    m = by_rule(run("LUNG", ["EGFR L858R"]), "exon-egfr")
    assert m.level == "1" and m.cancer_type_match == "ancestor"
    assert any(c.status == "unknown" and c.text.startswith("cancer type") for c in m.conditions)


def test_all_of_combination_of_mutation_and_marker(run) -> None:
    out = run("BRCA", ["PIK3CA H1047R"], tumor={"biomarkers": {"pdl1_cps": 12}})
    assert "combo-pdl1" in rule_ids(out)
    assert "combo-pdl1" not in rule_ids(run("BRCA", ["PIK3CA H1047R"], tumor={"biomarkers": {"pdl1_cps": 5}}))
    m = by_rule(run("BRCA", ["PIK3CA H1047R"]), "combo-pdl1")
    assert m.biomarker_status == "unknown"
    assert "combo-pdl1" not in rule_ids(run("BRCA", ["PIK3CA I391M"], tumor={"biomarkers": {"pdl1_cps": 12}}))


def test_codon_only_report_is_unknown_for_exact_rule(run) -> None:
    m = by_rule(run("MEL", ["BRAF V600"]), "exact-braf")
    assert m.biomarker_status == "unknown"
