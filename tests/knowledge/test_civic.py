"""CIViC import: real column layout, validation with file/line/field, manifest, and use by the engine."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from oncotailor.errors import InputError
from oncotailor.knowledge import KnowledgeBase
from oncotailor.knowledge.civic import STORE, import_civic, load_manifest, read_table, release_from_name
from oncotailor.therapy.engine import assess
from tests.therapy.conftest import FIXTURE_KB, make_case

FIX = Path(__file__).parent / "fixtures" / "civic"
EVIDENCE = FIX / "01-Jan-2026-ClinicalEvidenceSummaries.tsv"


def test_release_from_file_name() -> None:
    assert release_from_name("01-Aug-2024-ClinicalEvidenceSummaries.tsv") == "2024-08-01"
    assert release_from_name("nightly-ClinicalEvidenceSummaries.tsv") is None


def test_import_writes_store_and_manifest(tmp_path: Path) -> None:
    m = import_civic([EVIDENCE, FIX / "01-Jan-2026-VariantSummaries.tsv"], tmp_path)
    assert m["release"] == "2026-01-01"
    assert m["counts"]["evidence"] == 8 and m["counts"]["predictive"] == 7 and m["counts"]["variants"] == 1
    assert len(m["files"][0]["sha256"]) == 64
    stored = json.loads((tmp_path / STORE / "manifest.json").read_text())
    assert stored == load_manifest(tmp_path)
    ev = pl.read_parquet(tmp_path / STORE / "evidence.parquet")
    assert ev["evidence_id"].to_list() == sorted(ev["evidence_id"].to_list())


def test_both_variant_layouts_read_by_header_name() -> None:
    legacy = read_table(FIX / "01-Jan-2026-VariantSummaries.tsv")
    current = read_table(FIX / "01-Jan-2026-VariantSummaries.current.tsv")
    assert (legacy.kind, legacy.layout) == ("variants", "legacy")
    assert (current.kind, current.layout) == ("variants", "current")
    assert current.rows[1]["5_prime_partner"] == "EML4"


def test_row_with_wrong_column_count_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        import_civic([FIX / "bad-columns-ClinicalEvidenceSummaries.tsv"], tmp_path, release="2026-01-01")
    assert err.value.line == 3 and err.value.field == "columns"
    assert not (tmp_path / STORE).exists()  # nothing half-written


def test_bad_level_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        import_civic([FIX / "01-Jan-2026-bad-level-ClinicalEvidenceSummaries.tsv"], tmp_path)
    assert err.value.field == "evidence_level" and err.value.line == 3
    assert "bad-level" in (err.value.file or "")


def test_missing_column_and_unknown_file(tmp_path: Path) -> None:
    bad = tmp_path / "01-Jan-2026-x.tsv"
    header = EVIDENCE.read_text().splitlines()[0].replace("evidence_level", "level_of_evidence")
    bad.write_text(header + "\n")
    with pytest.raises(InputError) as err:
        import_civic([bad], tmp_path)
    assert err.value.field == "evidence_level"
    other = tmp_path / "other.tsv"
    other.write_text("a\tb\n1\t2\n")
    with pytest.raises(InputError) as err:
        import_civic([other], tmp_path)
    assert err.value.field == "header"


def test_release_needed_for_nightly_names(tmp_path: Path) -> None:
    nightly = tmp_path / "nightly-ClinicalEvidenceSummaries.tsv"
    nightly.write_bytes(EVIDENCE.read_bytes())
    with pytest.raises(InputError) as err:
        import_civic([nightly], tmp_path)
    assert err.value.field == "--release"
    assert import_civic([nightly], tmp_path, release="2026-02-03")["release"] == "2026-02-03"


def test_engine_reports_civic_evidence_only_after_import(tmp_path: Path) -> None:
    case = make_case("LUAD", ["KRAS G12C", "EML4::ALK"])
    before = assess(case, KnowledgeBase(data_dir=FIXTURE_KB, home=tmp_path))
    assert not [m for m in before.therapies if (m.rule_id or "").startswith("civic:")]
    import_civic([EVIDENCE], tmp_path)
    kb = KnowledgeBase(data_dir=FIXTURE_KB, home=tmp_path)
    out = assess(case, kb)
    civic = {tuple(m.drugs): m for m in out.therapies if (m.rule_id or "").startswith("civic:")}
    m = civic[("fixturinib",)]
    assert m.approval == "investigational" and m.level == "3A" and m.cancer_type_match == "exact"
    assert m.evidence[0].source == "CIViC" and m.evidence[0].id == "EID90001" and m.evidence[0].date == "2026-01-01"
    assert civic[("fixturinib", "partnermab")].level == "3B"  # level A evidence, but in another cancer type
    assert civic[("alkfixib",)].level == "4" and ("otheralkib",) in civic  # substitutes: one item per drug
    assert ("nonsupportinib",) not in civic  # 'Does Not Support' is not a recommendation
    assert ("combofixib",) not in civic and ("notfixib",) not in civic  # AND needs BRAF V600E; NOT not matched
    assert any(r.drugs == ["oldinib"] and r.level == "R2" for r in out.resistance)
    assert kb.versions()["civic"] == "2026-01-01"


def test_shared_samples_import(shared_data: Path, tmp_path: Path) -> None:
    civic = shared_data / "civic"
    files = [civic / "01-Aug-2024-ClinicalEvidenceSummaries.sample.tsv",
             civic / "01-Aug-2024-MolecularProfileSummaries.sample.tsv",
             civic / "01-Aug-2024-VariantSummaries.sample.tsv"]
    m = import_civic(files, tmp_path)
    assert m["release"] == "2024-08-01"
    assert [f["rows"] for f in m["files"]] == [122, 49, 49]
    current = read_table(civic / "01-Aug-2026-VariantSummaries.current-format.sample.tsv")
    assert current.layout == "current" and len(current.rows) == 15
    assert any(r["feature_type"] == "Fusion" for r in current.rows)


def test_tsv_status_rule(tmp_path: Path) -> None:
    """Only accepted rows unless submitted ones are asked for; rejected rows never (AcceptedAndSubmitted exports)."""
    lines = EVIDENCE.read_text().splitlines()
    lines[1] = lines[1].replace("\taccepted\t", "\tsubmitted\t")
    lines[2] = lines[2].replace("\taccepted\t", "\trejected\t")
    both = tmp_path / "01-Jan-2026-AcceptedAndSubmittedClinicalEvidenceSummaries.tsv"
    both.write_text("\n".join(lines) + "\n")
    m = import_civic([both], tmp_path / "a")
    assert m["counts"]["evidence"] == 6 and m["skipped"] == {"submitted": 1, "rejected": 1}
    m = import_civic([both], tmp_path / "b", include_submitted=True)
    assert m["counts"]["evidence"] == 7 and m["counts"]["submitted"] == 1 and m["skipped"] == {"rejected": 1}
    lines[3] = lines[3].replace("\taccepted\t", "\tpending\t")
    both.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        import_civic([both], tmp_path / "c")
    assert err.value.field == "evidence_status" and err.value.line == 4
