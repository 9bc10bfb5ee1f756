"""CIViC evidence in the therapy engine: disease by DOID → OncoTree with the hierarchy, name fallback, labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from oncotailor.knowledge import KnowledgeBase
from oncotailor.knowledge.civic import import_civic
from oncotailor.therapy.civic_evidence import disease_match
from oncotailor.therapy.engine import assess
from tests.therapy.conftest import FIXTURE_KB, make_case

FIX = Path(__file__).parents[1] / "knowledge" / "fixtures" / "civic"
PAGES = [FIX / "graphql-evidenceItems-page1.json", FIX / "graphql-evidenceItems-page2.json"]


@pytest.mark.parametrize(("disease", "doid", "code", "expected"), [
    ("Lung Adenocarcinoma", "3910", "LUAD", ("exact", "LUAD", False)),
    ("Lung Non-small Cell Carcinoma", "3908", "LUAD", ("ancestor", "NSCLC", False)),
    ("Lung Cancer", "1324", "LUSC", ("ancestor", "LUNG", False)),
    ("Lung Adenocarcinoma", "3910", "NSCLC", ("subtype", "LUAD", False)),
    ("Colorectal Cancer", "9256", "LUAD", ("other", "COADREAD", False)),
    ("Cancer", "162", "LUAD", ("tumor_agnostic", "tumor-agnostic", False)),
    ("Her2-receptor Positive Breast Cancer", "0060079", "IDC", ("ancestor", "BRCA", False)),  # leading zeros kept
    ("Melanoma", "DOID:1909", "SKCM", ("ancestor", "MEL", False)),
    ("Lung Adenocarcinoma", "99999999", "LUAD", ("exact", "LUAD", True)),  # unmapped DOID: by name, labelled
    ("Solid Tumor", "", "LUAD", ("other", "Solid Tumor", True)),
    ("Melanoma", "1909", None, ("other", "MEL", False)),  # no cancer type on the case
])
def test_disease_match(disease: str, doid: str, code: str | None, expected: tuple[str, str, bool]) -> None:
    assert disease_match(disease, doid, code) == expected


def _civic(tmp_path: Path, cancer: str, alterations: list[str], **kw: bool):
    kb = KnowledgeBase(data_dir=FIXTURE_KB, home=tmp_path)
    out = assess(make_case(cancer, alterations), kb)
    therapies = {tuple(m.drugs): m for m in out.therapies if (m.rule_id or "").startswith("civic:")}
    resistance = {tuple(r.drugs): r for r in out.resistance if (r.rule_id or "").startswith("civic:")}
    return therapies, resistance, kb


def test_graphql_import_drives_the_engine(tmp_path: Path) -> None:
    import_civic(PAGES, tmp_path, release="2026-11-20")
    therapies, _, kb = _civic(tmp_path, "MEL", ["BRAF V600E"])
    vem = therapies[("vemurafenib",)]
    assert (vem.level, vem.cancer_type, vem.cancer_type_match, vem.approval) == ("3A", "MEL", "exact", "investigational")
    assert [(e.source, e.id, e.date, e.level) for e in vem.evidence] == [("CIViC", "EID1409", "2026-11-20", "A")]
    assert vem.evidence[0].url == "https://civicdb.org/links/evidence_items/1409"
    assert "GraphQL snapshot 2026-11-20" in (vem.note or "")
    # skin-melanoma evidence is a narrower type than MEL: not assumed to apply
    dt = therapies[("dabrafenib", "trametinib")]
    assert dt.level == "3B" and dt.cancer_type_match == "other" and "narrower" in (dt.note or "")
    # an unmapped DOID falls back to the name, and says so
    assert "matched by name" in (therapies[("fixturafenib",)].note or "")
    assert ("encorafenib",) not in therapies and ("rejectedinib",) not in therapies  # submitted / rejected
    assert kb.versions()["civic"] == "GraphQL snapshot 2026-11-20"
    assert kb.versions()["doid_oncotree"].startswith("doid-oncotree-")


def test_hierarchy_and_resistance(tmp_path: Path) -> None:
    import_civic(PAGES, tmp_path, release="2026-11-20")
    therapies, _, _ = _civic(tmp_path, "SKCM", ["BRAF V600E"])
    assert therapies[("dabrafenib", "trametinib")].cancer_type_match == "exact"
    assert therapies[("vemurafenib",)].cancer_type_match == "ancestor" and therapies[("vemurafenib",)].level == "3A"
    therapies, resistance, _ = _civic(tmp_path, "COADREAD", ["BRAF V600E"])
    assert resistance[("vemurafenib",)].level == "R2"
    assert ("vemurafenib",) not in therapies  # CIViC resistance here beats sensitivity in melanoma


def test_fusion_profile_and_substitutes(tmp_path: Path) -> None:
    import_civic(PAGES, tmp_path, release="2026-11-20")
    therapies, _, _ = _civic(tmp_path, "LUAD", ["EML4::ALK"])
    assert {("lorlatinib",), ("alectinib",)} <= set(therapies)  # 'EML4::ALK Fusion'; substitutes: one per drug
    assert therapies[("lorlatinib",)].level == "3A"


def test_submitted_items_are_marked(tmp_path: Path) -> None:
    import_civic(PAGES, tmp_path, release="2026-11-20", include_submitted=True)
    therapies, _, _ = _civic(tmp_path, "MEL", ["BRAF V600E"])
    enc = therapies[("encorafenib",)]
    assert enc.level == "4" and "submitted" in (enc.note or "") and "submitted" in (enc.evidence[0].note or "")
