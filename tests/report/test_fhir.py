"""FHIR export: valid R4(B), IG profiles and key codes, and the round trip back to a case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from oncotailor.errors import InputError, InternalError
from oncotailor.readers import read_case
from oncotailor.report.fhir_out import PROFILES, build_bundle, render_fhir, validate_bundle
from tests.conftest import EXAMPLES
from tests.report.factories import ALL, breast_report, nsclc_report

FIXTURES = Path(__file__).parent / "fixtures"
LOINC = "http://loinc.org"


def _resources(bundle: dict[str, Any], kind: str | None = None, profile: str | None = None) -> list[dict[str, Any]]:
    out = [e["resource"] for e in bundle["entry"]]
    if kind:
        out = [r for r in out if r["resourceType"] == kind]
    if profile:
        out = [r for r in out if PROFILES[profile] in r["meta"]["profile"]]
    return out


def _codes(cc: dict[str, Any]) -> set[str]:
    return {c["code"] for c in cc.get("coding", [])}


def _component(obs: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((c for c in obs.get("component", []) if code in _codes(c["code"])), None)


@pytest.mark.parametrize("name", sorted(ALL))
def test_bundle_validates_with_fhir_resources_r4b(name: str) -> None:
    text = render_fhir(ALL[name][1]())
    bundle = Bundle.model_validate_json(text)
    assert bundle.type == "collection"
    assert all(e.fullUrl.startswith("urn:uuid:") for e in bundle.entry)


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_resource_names_its_profile(name: str) -> None:
    for res in _resources(build_bundle(ALL[name][1]())):
        assert len(res["meta"]["profile"]) == 1 and res["meta"]["profile"][0] in PROFILES.values()


def test_variant_observations_carry_required_codes_and_components() -> None:
    bundle = build_bundle(nsclc_report())
    variants = _resources(bundle, "Observation", "variant")
    assert len(variants) == 3
    for v in variants:
        assert _codes(v["code"]) == {"69548-6"}
        assert "GE" in {c["code"] for cat in v["category"] for c in cat["coding"]}
        assert _codes(v["valueCodeableConcept"]) == {"LA9633-4"}
        assert _component(v, "48018-6") is not None  # gene studied
        assert _codes(_component(v, "48002-0")["valueCodeableConcept"]) == {"LA6684-0"}  # type: ignore[index]
    l858r = next(v for v in variants if _component(v, "81252-9")["valueCodeableConcept"]["text"] == "EGFR L858R")  # type: ignore[index]
    assert _component(l858r, "48004-6")["valueCodeableConcept"]["coding"][0]["code"] == "c.2573T>G"  # type: ignore[index]
    assert _component(l858r, "48005-3")["valueCodeableConcept"]["coding"][0]["code"] == "p.Leu858Arg"  # type: ignore[index]
    vaf = _component(l858r, "81258-6")["valueQuantity"]  # type: ignore[index]
    assert vaf == {"value": 0.34, "system": "http://unitsofmeasure.org", "code": "1"}
    tp53 = next(v for v in variants if "TP53" in _component(v, "81252-9")["valueCodeableConcept"]["text"])  # type: ignore[index]
    assert _component(tp53, "48004-6") is None  # no c.HGVS given: not invented


def test_therapeutic_implications_point_at_their_variants() -> None:
    bundle = build_bundle(nsclc_report())
    urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    implications = _resources(bundle, "Observation", "therapeutic")
    assert len(implications) == 4  # three therapies + one resistance
    for imp in implications:
        assert imp["derivedFrom"], "each implication is derived from a variant"
        for ref in imp["derivedFrom"]:
            assert PROFILES["variant"] in urls[ref["reference"]]["meta"]["profile"]
        assert _component(imp, "51963-7") is not None and _component(imp, "93044-6") is not None
    combo = next(i for i in implications if len([c for c in i["component"] if "51963-7" in _codes(c["code"])]) == 2)
    assert {c["valueCodeableConcept"]["text"] for c in combo["component"] if "51963-7" in _codes(c["code"])} == {
        "amivantamab", "lazertinib"}
    resist = [i for i in implications if _component(i, "51961-1")["valueCodeableConcept"]["text"] == "Resistant"]  # type: ignore[index]
    assert len(resist) == 1


def test_hereditary_finding_is_germline_variant_with_diagnostic_implication() -> None:
    bundle = build_bundle(breast_report())
    variant = _resources(bundle, "Observation", "variant")[0]
    assert _codes(_component(variant, "48002-0")["valueCodeableConcept"]) == {"LA6683-2"}  # type: ignore[index]
    diag = _resources(bundle, "Observation", "diagnostic")[0]
    assert _codes(_component(diag, "53037-8")["valueCodeableConcept"]) == {"LA6668-3"}  # type: ignore[index]
    assert diag["derivedFrom"][0]["reference"].endswith(variant["id"])


def test_genomics_report_lists_every_observation_and_mcode_resources() -> None:
    bundle = build_bundle(nsclc_report())
    report = _resources(bundle, "DiagnosticReport", "report")[0]
    assert _codes(report["code"]) == {"51969-4"}
    results = {r["reference"] for r in report["result"]}
    assert results == {e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"}
    patient = _resources(bundle, "Patient", "patient")[0]
    condition = _resources(bundle, "Condition", "condition")[0]
    assert patient["gender"] == "female"
    assert condition["code"]["coding"][0] == {"system": "http://oncotree.mskcc.org", "code": "LUAD",
                                              "display": "Lung Adenocarcinoma"}
    assert condition["stage"][0]["summary"]["text"] == "IV"
    assert condition["subject"]["reference"] == f"urn:uuid:{patient['id']}"


def test_same_report_same_bundle() -> None:
    assert render_fhir(nsclc_report()) == render_fhir(nsclc_report())


def test_validation_rejects_a_broken_bundle() -> None:
    bundle = build_bundle(nsclc_report())
    bundle["entry"][0]["resource"]["gender"] = {"not": "a code"}
    with pytest.raises(InternalError):
        validate_bundle(bundle)


@pytest.mark.parametrize("name", sorted(ALL))
def test_fixture_report_reads_back_to_the_same_case_facts(name: str, tmp_path: Path) -> None:
    report = ALL[name][1]()
    path = tmp_path / "bundle.json"
    path.write_text(render_fhir(report))
    case = read_case(path)
    assert case.patient.id == report.case_id
    assert case.patient.age == report.summary.age and case.patient.sex == report.summary.sex
    assert case.diagnosis is not None
    assert case.diagnosis.cancer_type == (report.summary.oncotree_code or report.summary.cancer_type)
    assert case.diagnosis.stage == report.summary.stage
    assert str(case.as_of) == report.as_of
    got = [(a.gene, a.alteration, a.vaf) for a in case.all_alterations()]
    assert got == [(a.gene, a.alteration, a.vaf) for a in report.alterations]
    germ = [(v.gene, v.variant, v.classification.value if v.classification else None)
            for v in (case.germline.variants if case.germline else [])]
    assert germ == [(h.gene, h.variant, h.classification) for h in report.hereditary]


ROUND_TRIP = [*sorted(EXAMPLES.glob("*.yaml")), *sorted(FIXTURES.glob("*.yaml"))]


@pytest.mark.parametrize("path", ROUND_TRIP, ids=lambda p: p.name)
def test_round_trip_case_to_bundle_and_back_gives_same_findings(path: Path, tmp_path: Path, analyzed) -> None:  # type: ignore[no-untyped-def]
    """Genomic findings and the tumor facts survive; risk inputs and PGx calls are not in the bundle."""
    first = analyzed(path)
    bundle_path = tmp_path / "report.fhir.json"
    bundle_path.write_text(render_fhir(first))
    Bundle.model_validate_json(bundle_path.read_text())
    second = analyzed(read_case(bundle_path))

    def findings(r):  # type: ignore[no-untyped-def]
        return {
            "alterations": sorted((a.gene, a.alteration, a.classification) for a in r.alterations),
            "therapies": sorted((tuple(t.drugs), t.level, t.alteration) for t in r.therapies),
            "resistance": sorted((tuple(x.drugs), x.level, x.alteration) for x in r.resistance),
            "hereditary": sorted((h.gene, h.variant, h.classification) for h in r.hereditary),
            "summary": (r.summary.oncotree_code, r.summary.stage, r.summary.age, r.summary.sex, r.summary.markers),
        }

    assert findings(second) == findings(first)


def test_reader_errors_name_the_field(tmp_path: Path) -> None:
    p = tmp_path / "b.json"
    p.write_text(json.dumps({"resourceType": "Bundle", "type": "collection"}))
    with pytest.raises(InputError, match="entry"):
        read_case(p)
    p.write_text(json.dumps({"resourceType": "Bundle", "entry": [{"resource": {
        "resourceType": "Observation", "code": {"coding": [{"system": LOINC, "code": "69548-6"}]},
        "valueCodeableConcept": {"coding": [{"system": LOINC, "code": "LA9633-4"}]}}}]}))
    with pytest.raises(InputError, match=r"entry\[0\]"):
        read_case(p)


def test_reader_absent_variant_means_tested_not_found(tmp_path: Path) -> None:
    absent = {"resourceType": "Observation", "code": {"coding": [{"system": LOINC, "code": "69548-6"}]},
              "valueCodeableConcept": {"coding": [{"system": LOINC, "code": "LA9634-2"}]},
              "component": [{"code": {"coding": [{"system": LOINC, "code": "48018-6"}]},
                             "valueCodeableConcept": {"coding": [{"system": "http://www.genenames.org/geneId",
                                                                  "code": "HGNC:1097", "display": "BRAF"}]}}]}
    p = tmp_path / "b.json"
    p.write_text(json.dumps({"resourceType": "Bundle", "entry": [{"resource": absent}]}))
    case = read_case(p)
    assert case.tumor is not None and case.tumor.tested_genes == ["BRAF"] and case.tumor.alterations == []


def test_markers_and_diagnosis_details_round_trip(tmp_path: Path) -> None:
    report = nsclc_report()
    report.summary.markers = {"tmb": 12.5, "msi": "high", "pdl1_tps": 60.0, "er": "positive", "her2_ihc": "1+",
                              "tumor_size_mm": 22.0, "nodes_positive": 1, "grade": 2}
    bundle = build_bundle(report)
    tmb = next(r for r in _resources(bundle, "Observation", "tmb"))
    assert _codes(tmb["code"]) == {"94076-7"} and tmb["valueQuantity"]["value"] == 12.5
    assert _codes(_resources(bundle, "Observation", "msi")[0]["code"]) == {"81695-9"}
    er = next(r for r in _resources(bundle, "Observation", "marker") if "16112-5" in _codes(r["code"]))
    assert er["valueCodeableConcept"]["text"] == "positive"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle))
    case = read_case(path)
    assert case.tumor is not None and case.diagnosis is not None
    b = case.tumor.biomarkers
    assert (b.tmb, b.msi, b.pdl1_tps) == (12.5, "high", 60.0)
    d = case.diagnosis
    assert (d.er, d.her2_ihc, d.tumor_size_mm, d.nodes_positive, d.grade) == ("positive", "1+", 22.0, 1, 2)
