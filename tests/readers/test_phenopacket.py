"""GA4GH Phenopacket v2 → Case."""

from __future__ import annotations

import json
from pathlib import Path

from oncotailor import read_case

FIX = Path(__file__).parent / "fixtures"
PPKT = FIX / "phenopacket_melanoma_braf_v600e.json"


def test_phenopacket_maps_subject_disease_variants_and_treatment() -> None:
    case = read_case(PPKT)
    assert (case.patient.id, case.patient.sex.value if case.patient.sex else None, case.patient.age) == ("MEL-01", "male", 58.0)
    assert case.diagnosis is not None
    assert (case.diagnosis.oncotree_code, case.diagnosis.stage, case.diagnosis.age_at_diagnosis) == ("MEL", "IV", 57.5)
    assert case.tumor is not None
    got = {(a.gene, a.alteration, a.source.value) for a in case.tumor.alterations}
    assert got == {("BRAF", "V600E", "phenopacket"), ("CDKN2A", "deletion", "phenopacket")}
    braf = next(a for a in case.tumor.alterations if a.gene == "BRAF")
    assert (braf.hgvsp, braf.pos) == ("p.Val600Glu", 140753336)
    assert case.germline is not None
    assert [(g.gene, g.hgvsc, g.classification.value if g.classification else None) for g in case.germline.variants] == [
        ("CDKN2A", "c.301G>T", "pathogenic")]
    assert case.history and case.history.prior_therapies
    assert case.history.prior_therapies[0].drugs == ["nivolumab"] and case.history.prior_therapies[0].progressed


def test_unknown_stays_unknown(tmp_path: Path) -> None:
    doc = {"id": "x", "subject": {"id": "S9"}, "diseases": [{"term": {"id": "NCIT:C0", "label": "Zzz unknown"}}],
           "metaData": {"created": "2026-01-01T00:00:00Z"}}
    p = tmp_path / "p.json"
    p.write_text(json.dumps(doc))
    case = read_case(p)
    assert case.patient.sex is None and case.patient.age is None
    assert case.diagnosis is None or case.diagnosis.cancer_type is None
    assert any(w.code == "phenopacket.unknown_disease" for w in case.read_warnings)


def test_plain_hgvs_expressions_are_told_apart_by_their_value(tmp_path: Path) -> None:
    doc = json.loads(PPKT.read_text())
    vd = doc["interpretations"][0]["diagnosis"]["genomicInterpretations"][0]["variantInterpretation"]["variationDescriptor"]
    vd["expressions"] = [{"syntax": "hgvs", "value": "NM_004333.6:c.1799T>A"},
                         {"syntax": "hgvs", "value": "NP_004324.2:p.Val600Glu"}]
    p = tmp_path / "p.json"
    p.write_text(json.dumps(doc))
    case = read_case(p)
    assert case.tumor is not None
    braf = next(a for a in case.tumor.alterations if a.gene == "BRAF")
    assert (braf.alteration, braf.hgvsc) == ("V600E", "c.1799T>A")
