"""Gene-table corrections found in the label audit: ESR1 activating mutations (not any ESR1 missense) for the
oral SERDs, and the RET codons of hereditary medullary thyroid cancer."""

from __future__ import annotations

import pytest

from .cases import case, items, solid

SERDS = ("elacestrant", "imlunestrant", "vepdegestrant")
AFTER_AI_CDK = [["letrozole", "palbociclib"]]


def _breast(tmp_path_factory, alteration: str):  # type: ignore[no-untyped-def]
    doc = solid("BRCA", [alteration], lines=AFTER_AI_CDK, er="positive", her2="negative")
    return case(tmp_path_factory, doc)


@pytest.mark.parametrize("alteration", ["ESR1 D538G", "ESR1 Y537S", "ESR1 E380Q", "ESR1 L469V", "ESR1 V422del"])
def test_serds_for_ligand_binding_domain_activating_mutations(tmp_path_factory, alteration: str) -> None:
    r = _breast(tmp_path_factory, alteration)
    for drug in SERDS:
        assert [t for t in items(r, (drug,)) if t.level == "1" and t.biomarker_status == "met"], (alteration, drug)


@pytest.mark.parametrize("alteration", ["ESR1 R12C", "ESR1 E1000K", "ESR1 D538=", "ESR1 Y537*", "ESR1 A312T"])
def test_serds_not_for_other_esr1_changes(tmp_path_factory, alteration: str) -> None:
    r = _breast(tmp_path_factory, alteration)
    assert not [t for d in SERDS for t in items(r, (d,)) if t.level == "1" and t.biomarker_status == "met"], alteration


@pytest.mark.parametrize("alteration", ["RET C630R", "RET S649L", "RET L790F", "RET C634W", "RET M918T"])
def test_selpercatinib_for_hereditary_mtc_codons(tmp_path_factory, alteration: str) -> None:
    r = case(tmp_path_factory, solid("THME", [alteration]))
    assert [t for t in items(r, ("selpercatinib",)) if t.rule_id == "thme-ret-mut-selpercatinib"], alteration


def test_selpercatinib_not_for_a_ret_change_outside_those_codons(tmp_path_factory) -> None:
    r = case(tmp_path_factory, solid("THME", ["RET R114H"]))
    assert not [t for t in items(r, ("selpercatinib",)) if t.rule_id == "thme-ret-mut-selpercatinib"]


@pytest.mark.parametrize(("fusion", "mutation"), [("ETV6::NTRK3", "NTRK3 F617L"), ("ETV6::NTRK3", "NTRK3 G696C"),
                                                  ("TPM3::NTRK1", "NTRK1 G667S"), ("QKI::NTRK2", "NTRK2 F633L")])
def test_first_generation_trk_inhibitors_excluded_with_a_known_resistance_mutation(tmp_path_factory, fusion: str,
                                                                                    mutation: str) -> None:
    with_resistance = case(tmp_path_factory, solid("IFS", [fusion, mutation]))
    for drug in ("larotrectinib", "entrectinib"):  # the labels exclude them; another rule may list them off-label
        assert not [t for t in items(with_resistance, (drug,)) if t.level == "1"], drug
        assert all("reduce benefit" in (t.note or "") for t in items(with_resistance, (drug,))), drug
    assert [t for t in items(case(tmp_path_factory, solid("IFS", [fusion])), ("larotrectinib",)) if t.level == "1"]
