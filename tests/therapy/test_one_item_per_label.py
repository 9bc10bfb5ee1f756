"""One report item per label: HER2 twin rules merge; a tumor-agnostic approval folds only under an on-label
entry that is at least as strong."""

from __future__ import annotations

from collections import Counter

from tests.therapy_knowledge.cases import case, items, solid

HER2_DRUGS = ("trastuzumab deruxtecan",)


def test_erbb2_amplification_gives_one_item_per_her2_label(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("BRCA", ["ERBB2 amplification"], lines=[["trastuzumab", "pertuzumab",
                                                                              "docetaxel"]]))
    on_label = [t for t in r.therapies if t.cancer_type_match in ("exact", "ancestor")]
    repeats = Counter((frozenset(t.drugs), t.line_of_therapy, tuple(c.text for c in t.conditions)) for t in on_label)
    assert on_label and max(repeats.values()) == 1, [k for k, n in repeats.items() if n > 1]
    tdxd = [t for t in items(r, HER2_DRUGS) if t.conditions_met == "met"]
    assert len(tdxd) == 1
    # kept: the rule found on the reported amplification; the IHC twin is named, not dropped silently
    assert tdxd[0].rule_id == "brca-her2-amp-trastuzumab-deruxtecan" and tdxd[0].alteration == "ERBB2 amplification"
    assert "brca-her2-ihc3-trastuzumab-deruxtecan" in (tdxd[0].note or "")


def test_ihc_3_plus_alone_keeps_the_ihc_rule(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("BRCA", [], biomarkers={"her2_ihc": "3+"},
                                     lines=[["trastuzumab", "pertuzumab", "docetaxel"]]))
    tdxd = [t for t in items(r, HER2_DRUGS) if t.conditions_met == "met"]
    assert [t.rule_id for t in tdxd] == ["brca-her2-ihc3-trastuzumab-deruxtecan"]
    assert "also matched" not in (tdxd[0].note or "")


def test_both_her2_findings_reported_give_one_item_naming_both(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("BRCA", ["ERBB2 amplification"], biomarkers={"her2_ihc": "3+"},
                                     lines=[["trastuzumab", "pertuzumab", "docetaxel"]]))
    tdxd = [t for t in items(r, HER2_DRUGS) if t.conditions_met == "met"]
    assert len(tdxd) == 1 and "ERBB2 amplification" in tdxd[0].alteration


def test_level_1_tumor_agnostic_stays_beside_a_level_2_guideline_entry(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("THPA", ["BRAF V600E"]))
    found = {(t.cancer_type_match, t.level) for t in items(r, ("dabrafenib", "trametinib"))}
    assert ("tumor_agnostic", "1") in found and ("ancestor", "2") in found


def test_tumor_agnostic_folds_under_an_equal_on_label_entry(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("LUAD", ["BRAF V600E"]))
    found = [(t.cancer_type_match, t.level) for t in items(r, ("dabrafenib", "trametinib"))]
    assert found == [("ancestor", "1")]


def test_her2_negative_labels_read_her2_from_the_tumor_results(tmp_path_factory) -> None:
    """A HER2-negative condition sees HER2 wherever the case gives it: tumor IHC or an ERBB2 amplification."""
    def zolbetuximab(alterations: list[str], biomarkers: dict[str, object]) -> str:
        r = case(tmp_path_factory, solid("STAD", alterations, biomarkers={"claudin18_2": 80, **biomarkers}))
        found = items(r, ("zolbetuximab",))
        return found[0].conditions_met if found else "excluded"

    assert zolbetuximab(["ERBB2 amplification"], {}) in ("not_met", "excluded")
    assert zolbetuximab([], {"her2_ihc": "3+"}) == "not_met"
    assert zolbetuximab([], {"her2_ihc": "0"}) != "not_met"
    assert zolbetuximab([], {"her2_ihc": "2+"}) != "not_met"  # equivocal without ISH: unknown, not negative


def test_adjuvant_abemaciclib_needs_positive_nodes(tmp_path_factory) -> None:
    def status(nodes: int | None) -> str:
        diag: dict[str, object] = {"er": "positive", "her2": "negative", "grade": 3}
        if nodes is not None:
            diag["nodes_positive"] = nodes
        r = case(tmp_path_factory, solid("BRCA", [], stage="IIB", setting="adjuvant", **diag))
        item = next(t for t in items(r, ("abemaciclib",)) if t.rule_id == "brca-er-abemaciclib-adjuvant")
        return next(c.status for c in item.conditions if c.text.startswith("node-positive"))

    assert (status(0), status(4), status(None)) == ("not_met", "met", "unknown")
