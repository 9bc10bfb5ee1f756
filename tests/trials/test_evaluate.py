"""Criterion evaluation: met / not met / unknown, with evidence; unknown is never met or failed."""

from __future__ import annotations

from oncotailor.case import Case
from oncotailor.trials.criteria.parse import parse_criterion
from oncotailor.trials.evaluate import evaluate
from oncotailor.trials.facts import facts_of
from oncotailor.trials.model import Criterion
from tests.trials.conftest import make_case


def _verdicts(text: str, case: Case, exclusion: bool = False) -> list[tuple[str, str, str | None]]:
    f = facts_of(case)
    out = []
    for p in parse_criterion(text, exclusion=exclusion):
        v = evaluate(Criterion(text=text, exclusion=exclusion, predicate=p), f)
        out.append((v.state, v.evidence, v.settle_with))
    return out


def test_ecog(case: Case) -> None:
    assert _verdicts("ECOG ≤ 1", case)[0][0] == "met"
    assert _verdicts("ECOG 0", case)[0][0] == "not_met"
    state, _ev, settle = _verdicts("ECOG ≤ 1", make_case(patient={"ecog": None}))[0]
    assert state == "unknown" and "ECOG" in (settle or "")


def test_biomarker_alternatives(case: Case) -> None:
    state, ev, _ = _verdicts("Documented EGFR exon 19 deletion or L858R mutation", case)[0]
    assert state == "met" and "L858R" in ev
    exon19 = make_case(tumor={"alterations": ["EGFR E746_A750del"], "tested_genes": ["EGFR"]})
    assert _verdicts("Documented EGFR exon 19 deletion or L858R mutation", exon19)[0][0] == "met"


def test_untested_gene_is_unknown_and_tested_negative_is_not_met(case: Case) -> None:
    untested = make_case(tumor={"alterations": ["EGFR L858R"], "tested_genes": None})
    state, _, settle = _verdicts("KRAS G12C mutation", untested)[0]
    assert state == "unknown" and "KRAS" in (settle or "")
    assert _verdicts("KRAS G12C mutation", case)[0][0] == "not_met"


def test_exclusion_that_applies_is_a_failure(case: Case) -> None:
    state, ev, _ = _verdicts("Patients with known EGFR mutations or ALK rearrangements", case, exclusion=True)[0]
    assert state == "not_met" and ev.startswith("excluded")
    assert _verdicts("Untreated brain metastases", case, exclusion=True)[0][0] == "met"
    active = make_case(diagnosis={"brain_metastases": "active"})
    assert _verdicts("Untreated brain metastases", active, exclusion=True)[0][0] == "not_met"
    stable = make_case(diagnosis={"brain_metastases": "treated_stable"})
    assert _verdicts("Untreated brain metastases", stable, exclusion=True)[0][0] == "met"


def test_driver_negative_and_wildtype(case: Case) -> None:
    assert _verdicts("Driver gene negative", case)[0][0] == "not_met"
    kras_free = make_case(tumor={"alterations": ["TP53 R273H"], "tested_genes": ["EGFR", "ALK", "ROS1", "KRAS", "BRAF",
                                                                                  "MET", "RET", "ERBB2", "NTRK1",
                                                                                  "NTRK2", "NTRK3", "TP53"]})
    assert _verdicts("Driver gene negative", kras_free)[0][0] == "met"
    assert _verdicts("Driver gene negative", make_case(tumor={"alterations": [], "tested_genes": None}))[0][0] == \
        "unknown"


def test_prior_therapy(case: Case) -> None:
    assert _verdicts("No prior EGFR TKI therapy", case)[0][0] == "met"
    assert _verdicts("Progressed after ≥1 platinum-based regimen", case)[0][0] == "met"
    osi = make_case(history={"prior_therapies": [{"line": 1, "drugs": ["osimertinib"], "progressed": True}]})
    state, ev, _ = _verdicts("No prior EGFR TKI therapy", osi)[0]
    assert state == "not_met" and "osimertinib" in ev
    assert _verdicts("Prior treatment with an EGFR TKI", osi, exclusion=True)[0][0] == "not_met"
    no_history = make_case(history=None)
    state, _, settle = _verdicts("No prior EGFR TKI therapy", no_history)[0]
    assert state == "unknown" and settle and "prior treatments" in settle


def test_washout_counts_days_from_as_of(case: Case) -> None:
    # last chemotherapy ended 2026-11-10, as_of 2026-11-24: 14 days
    assert _verdicts("≥ 14 days since last systemic therapy", case)[0][0] == "met"
    assert _verdicts("≥ 21 days since last systemic therapy", case)[0][0] == "not_met"
    assert _verdicts("Chemotherapy within 28 days before the first dose", case, exclusion=True)[0][0] == "not_met"
    assert _verdicts("Chemotherapy within 7 days before the first dose", case, exclusion=True)[0][0] == "met"


def test_lab_with_liver_metastases_bound(case: Case) -> None:
    text = "AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN with liver metastases)"
    states = {s for s, _, _ in _verdicts(text, case)}
    assert states == {"met", "not_met"}  # ALT 1.0 passes; AST 3.0 fails without liver metastases
    liver = make_case(diagnosis={"metastatic_sites": ["liver"]})
    assert {s for s, _, _ in _verdicts(text, liver)} == {"met"}
    unknown_sites = make_case(diagnosis={"metastatic_sites": None})
    assert "unknown" in {s for s, _, _ in _verdicts(text, unknown_sites)}


def test_anc_units(case: Case) -> None:
    assert _verdicts("ANC ≥ 1.5 × 10⁹/L", case)[0][0] == "met"
    assert _verdicts("absolute neutrophil count ≥ 2000/mm3", case)[0][0] == "not_met"
    assert _verdicts("Hemoglobin ≥ 9 g/dL", case)[0][0] == "unknown"


def test_stage_and_cancer_type(case: Case) -> None:
    assert {s for s, _, _ in _verdicts("Histologically confirmed stage IV NSCLC", case)} == {"met"}
    assert _verdicts("Stage IA2-II non-small cell cancer patients after complete resection", case)[-1][0] == "not_met"
    sq = make_case(diagnosis={"cancer_type": "LUSC", "oncotree_code": "LUSC"})
    assert "not_met" in {s for s, _, _ in _verdicts("Histologically confirmed non-squamous NSCLC", sq)}
    vague = make_case(diagnosis={"cancer_type": "NSCLC", "oncotree_code": "NSCLC"})
    assert "unknown" in {s for s, _, _ in _verdicts("Lung adenocarcinoma, histologically confirmed", vague)}


def test_needs_review_and_contraception_stay_unknown(case: Case) -> None:
    state, _, settle = _verdicts("Able to provide written informed consent", case)[0]
    assert state == "unknown" and settle is None and "needs review" in _verdicts(
        "Able to provide written informed consent", case)[0][1]
    assert _verdicts("Male patients should be willing to use barrier contraception", case)[0][0] == "unknown"


def test_pregnancy(case: Case) -> None:
    assert _verdicts("Pregnant or nursing", case, exclusion=True)[0][0] == "unknown"
    assert _verdicts("Pregnant or nursing", make_case(patient={"sex": "male"}), exclusion=True)[0][0] == "met"
    assert _verdicts("Pregnant or nursing", make_case(patient={"pregnant": True}), exclusion=True)[0][0] == "not_met"


def _prostate(castration: str | None = None, lines: list[dict[str, object]] | None = None) -> Case:
    diagnosis: dict[str, object] = {"cancer_type": "PRAD", "oncotree_code": "PRAD"}
    if castration:
        diagnosis["castration_status"] = castration
    return make_case(patient={"sex": "male"}, diagnosis=diagnosis, tumor={"alterations": []},
                     history={"prior_therapies": lines or []})


def test_prostate_hormone_setting() -> None:
    crpc = "Metastatic castration-resistant prostate cancer (mCRPC)"
    assert ("castration", "resistant") in [(p.kind, getattr(p, "status", None)) for p in parse_criterion(crpc)]
    assert _verdicts("Participants with mHSPC", _prostate("sensitive"))[0][0] == "met"
    assert _verdicts(crpc, _prostate("sensitive"))[0][0] == "not_met"
    state, _ev, settle = _verdicts(crpc, _prostate())[0]
    assert state == "unknown" and "castration-resistant" in (settle or "")
    # progression on androgen deprivation is castration resistance, with the drug named as evidence
    on_adt = _prostate(lines=[{"line": 1, "setting": "metastatic", "drugs": ["leuprolide", "enzalutamide"],
                               "progressed": True}])
    state, ev, _ = _verdicts(crpc, on_adt)[0]
    assert state == "met" and "enzalutamide" in ev
