"""Engine-level behaviour: classification of every alteration, cautions, conditions, resistance, honesty notes."""

from __future__ import annotations

from tests.therapy.conftest import by_rule, rule_ids


def _item(out, gene):
    return next(a for a in out.alterations if a.gene == gene)


def test_every_alteration_reported_vus_never_dropped(run) -> None:
    out = run("MEL", ["BRAF V600E", "KRAS A18D", "TP53 R175H"])
    assert [a.gene for a in out.alterations] == ["BRAF", "KRAS", "TP53"]
    braf, kras, tp53 = out.alterations
    assert braf.classification == "actionable" and braf.highest_level == "1"
    assert kras.classification == "vus" and kras.note == "variant of unknown significance — no known therapy"
    assert tp53.classification == "oncogenic" and tp53.evidence  # hotspot in a tumor suppressor, cited


def test_highest_level_per_alteration_includes_off_label(run) -> None:
    out = run("BRCA", ["EGFR L858R"])
    assert _item(out, "EGFR").highest_level == "3B"


def test_germline_flag_tumor_only_vaf_near_half(run) -> None:
    out = run("PRAD", [{"gene": "BRCA2", "alteration": "R3052*", "vaf": 0.48, "consequence": "stop_gained",
                        "protein_start": 3052, "protein_end": 3052}])
    item = _item(out, "BRCA2")
    assert "possible_germline" in item.flags and "possibly inherited" in (item.note or "")
    assert any(q.topic == "hereditary" for q in out.questions)
    low = run("PRAD", [{"gene": "BRCA2", "alteration": "R3052*", "vaf": 0.12, "consequence": "stop_gained"}])
    assert "possible_germline" not in _item(low, "BRCA2").flags
    paired = run("PRAD", [{"gene": "BRCA2", "alteration": "R3052*", "vaf": 0.5, "consequence": "stop_gained"}],
                 tumor={"normal_sample": "N1"})
    assert "possible_germline" not in _item(paired, "BRCA2").flags  # a matched normal settles origin


def test_chip_flag_only_in_plasma(run) -> None:
    plasma = run("LUAD", [{"gene": "DNMT3A", "alteration": "R882H", "vaf": 0.03}], tumor={"specimen": "plasma"})
    assert "possible_chip" in _item(plasma, "DNMT3A").flags
    tissue = run("LUAD", [{"gene": "DNMT3A", "alteration": "R882H", "vaf": 0.03}], tumor={"specimen": "tissue"})
    assert "possible_chip" not in _item(tissue, "DNMT3A").flags
    tp53_hi = run("LUAD", [{"gene": "TP53", "alteration": "R175H", "vaf": 0.3}], tumor={"specimen": "plasma"})
    assert "possible_chip" not in _item(tp53_hi, "TP53").flags  # TP53 only at low VAF
    tp53_lo = run("LUAD", [{"gene": "TP53", "alteration": "R175H", "vaf": 0.01}], tumor={"specimen": "plasma"})
    assert "possible_chip" in _item(tp53_lo, "TP53").flags


def test_first_line_rule_for_third_line_patient_shown_not_met(run) -> None:
    history = {"prior_therapies": [{"line": 1, "drugs": ["carboplatin", "pemetrexed"], "progressed": True},
                                   {"line": 2, "drugs": ["docetaxel"], "progressed": True}]}
    m = by_rule(run("LUAD", ["EGFR L858R"], history=history), "exon-egfr")
    assert m.conditions_met == "not_met"
    line = next(c for c in m.conditions if "first-line" in c.text)
    assert line.status == "not_met" and "line 3" in (line.detail or "")
    fresh = by_rule(run("LUAD", ["EGFR L858R"], history={"prior_therapies": []}), "exon-egfr")
    assert fresh.conditions_met == "met"
    unknown = by_rule(run("LUAD", ["EGFR L858R"]), "exon-egfr")
    assert unknown.conditions_met == "unknown"  # no history given: unknown, never "no"


def test_progressed_on_condition_uses_drug_classes(run) -> None:
    hist = {"prior_therapies": [{"line": 1, "drugs": ["enzalutamide"], "progressed": True}]}
    m = by_rule(run("PRAD", ["BRCA2 R3052*"], history=hist), "trunc-brca2")
    assert m.conditions[0].status == "met"
    m = by_rule(run("PRAD", ["BRCA2 R3052*"], history={"prior_therapies": []}), "trunc-brca2")
    assert m.conditions[0].status == "not_met"


def test_acquired_resistance_explained_with_alternatives(run) -> None:
    hist = {"prior_therapies": [{"line": 1, "drugs": ["drugE"], "progressed": True}]}
    out = run("LUAD", ["EGFR L858R", "EGFR T790M"], history=hist)
    r = next(r for r in out.resistance if r.rule_id == "t790m-resist")
    assert r.acquired is True and r.explanation.startswith("Likely reason for progression on drugE")
    assert r.alternatives == ["drugP"]
    assert "exon-egfr" not in rule_ids(out)  # R1 withdraws the sensitive match for the same drug
    assert "t790m-sens" in rule_ids(out)
    assert any(q.topic == "resistance" for q in out.questions)
    no_hist = run("LUAD", ["EGFR L858R", "EGFR T790M"])
    assert next(r for r in no_hist.resistance if r.rule_id == "t790m-resist").acquired is None


def test_no_tumor_data_is_not_assessed(run) -> None:
    out = run("LUAD", None)
    assert not out.therapies and out.not_assessed[0].section == "therapy"
    assert "no tumor test results" in out.not_assessed[0].reason


def test_untested_genes_and_missing_markers_are_said(run) -> None:
    out = run("LUAD", ["TP53 R175H"], tumor={"tested_genes": ["TP53", "KRAS"]})
    text = " ".join(n.reason for n in out.not_assessed)
    assert "not tested" in text and "EGFR" in text and "MET" in text
    assert any(q.topic == "testing" for q in out.questions)
    assert any("tumor mutational burden" in n.reason for n in out.not_assessed)


def test_no_targeted_option_statement(run) -> None:
    out = run("UCEC", ["TP53 R175H"], tumor={"biomarkers": {"msi": "stable", "tmb": 2}})
    assert any("no genomically targeted option" in n.reason for n in out.not_assessed)
    plain = run("PAAD", ["TP53 R175H"], tumor={"biomarkers": {"msi": "stable", "tmb": 2}})
    assert any("no targeted therapy in the curated knowledge matched" in n.reason for n in plain.not_assessed)


def test_unknown_cancer_type_keeps_only_tumor_agnostic(run) -> None:
    out = run(None, ["KIF5B::RET", "EGFR L858R"])
    assert rule_ids(out) == {"fusion-any-ret"}
    assert any(n.needed_input == "diagnosis.cancer_type" for n in out.not_assessed)


def test_questions_name_drug_and_alteration(run) -> None:
    out = run("MEL", ["BRAF V600E"])
    assert out.questions[0].text == "Is drugA + drugB right for my BRAF V600E?"


def test_wildtype_report_does_not_claim_other_genes_untested(run) -> None:
    out = run("COADREAD", ["KRAS wild-type", "NRAS wild-type"])
    assert not any(n.reason.startswith("not tested") for n in out.not_assessed)
