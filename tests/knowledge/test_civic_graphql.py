"""CIViC GraphQL JSON import: the API's shape, strict validation with JSON paths, pages, status rule, dates."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from oncotailor.cli import app, main
from oncotailor.errors import InputError
from oncotailor.knowledge.civic import STORE, import_civic, load_manifest
from oncotailor.knowledge.civic_graphql import is_graphql, read_snapshot

FIX = Path(__file__).parent / "fixtures" / "civic"
PAGE1 = FIX / "graphql-evidenceItems-page1.json"
PAGE2 = FIX / "graphql-evidenceItems-page2.json"
TSV = FIX / "01-Jan-2026-ClinicalEvidenceSummaries.tsv"


def _write(tmp: Path, name: str, doc: Any) -> Path:
    path = tmp / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _page(path: Path = PAGE1) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_two_pages_import_accepted_items_only(tmp_path: Path) -> None:
    m = import_civic([PAGE1, PAGE2], tmp_path, release="2026-11-20")
    assert m["format"] == "graphql" and m["release"] == "2026-11-20"
    assert m["version"] == "GraphQL snapshot 2026-11-20" and m["release_from"] == "--release"
    assert m["counts"]["evidence"] == 5 and m["counts"]["submitted"] == 0
    assert m["skipped"] == {"submitted": 1, "rejected": 1}
    assert m["warnings"] == []  # totalCount 7 = 4 + 3 nodes read, the last page has hasNextPage false
    assert [f["rows"] for f in m["files"]] == [4, 3] and m["counts"]["variants"] == 2
    ev = pl.read_parquet(tmp_path / STORE / "evidence.parquet")
    assert 90203 not in ev["evidence_id"].to_list() and 90204 not in ev["evidence_id"].to_list()
    eid = ev.filter(pl.col("evidence_id") == 1409).row(0, named=True)
    assert eid["molecular_profile"] == "BRAF V600E" and eid["disease"] == "Melanoma" and eid["doid"] == "1909"
    assert (eid["evidence_type"], eid["evidence_level"], eid["evidence_direction"], eid["significance"]) == (
        "Predictive", "A", "Supports", "Sensitivity/Response")
    assert eid["citation_id"] == "21639808" and eid["source_type"] == "PubMed" and eid["rating"] == 5
    assert eid["evidence_civic_url"] == "https://civicdb.org/links/evidence_items/1409"
    combo = ev.filter(pl.col("evidence_id") == 90201).row(0, named=True)
    assert combo["therapies"] == "Dabrafenib,Trametinib" and combo["therapy_interaction_type"] == "Combination"
    fusion = pl.read_parquet(tmp_path / STORE / "variants.parquet").filter(pl.col("variant_id") == 90300).row(
        0, named=True)
    assert (fusion["feature_type"], fusion["five_prime"], fusion["three_prime"]) == ("Fusion", "EML4", "ALK")


def test_same_frame_as_the_tsv_import(tmp_path: Path) -> None:
    import_civic([TSV], tmp_path / "tsv")
    import_civic([PAGE1, PAGE2], tmp_path / "json", release="2026-11-20")
    tsv = pl.read_parquet(tmp_path / "tsv" / STORE / "evidence.parquet")
    js = pl.read_parquet(tmp_path / "json" / STORE / "evidence.parquet")
    assert tsv.schema == js.schema


def test_submitted_items_only_when_asked(tmp_path: Path) -> None:
    m = import_civic([PAGE1, PAGE2], tmp_path, release="2026-11-20", include_submitted=True)
    assert m["counts"]["evidence"] == 6 and m["counts"]["submitted"] == 1 and m["skipped"] == {"rejected": 1}
    assert "submitted" in m["status_rule"]


def test_release_from_file_time(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    page.write_bytes(PAGE2.read_bytes())
    stamp = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC).timestamp()
    os.utime(page, (stamp, stamp))
    m = import_civic([page], tmp_path)
    assert m["version"] == "GraphQL snapshot 2026-03-04" and m["release_from"] == "file modification time"


def test_missing_pages_are_warned(tmp_path: Path) -> None:
    m = import_civic([PAGE1], tmp_path, release="2026-11-20")
    assert len(m["warnings"]) == 2 and "totalCount 7" in m["warnings"][0]


def test_array_of_pages_and_edges_and_single_item(tmp_path: Path) -> None:
    both = _write(tmp_path, "pages.json", [_page(PAGE1), _page(PAGE2)])
    assert import_civic([both], tmp_path / "a", release="2026-11-20")["counts"]["evidence"] == 5
    conn = _page(PAGE2)["data"]["evidenceItems"]
    conn["edges"] = [{"cursor": str(i), "node": n} for i, n in enumerate(conn.pop("nodes"))]
    edges = _write(tmp_path, "edges.json", {"data": {"evidenceItems": conn}})
    assert len(read_snapshot(edges).evidence) == 3
    single = _write(tmp_path, "one.json", {"data": {"evidenceItem": _page()["data"]["evidenceItems"]["nodes"][0]}})
    assert [r["evidence_id"] for r in read_snapshot(single).evidence] == ["1409"]


def test_doid_spellings(tmp_path: Path) -> None:
    doc = _page()
    nodes = doc["data"]["evidenceItems"]["nodes"]
    nodes[0]["disease"]["doid"] = "DOID:0060079"
    nodes[1]["disease"]["doid"] = None
    nodes[2]["disease"] = None
    snap = read_snapshot(_write(tmp_path, "p.json", doc))
    assert [(r["disease"], r["doid"]) for r in snap.evidence[:3]] == [
        ("Melanoma", "0060079"), ("Skin Melanoma", ""), ("", "")]


@pytest.mark.parametrize(("edit", "path"), [
    (lambda n: n[3].pop("evidenceLevel"), "data.evidenceItems.nodes[3].evidenceLevel"),
    (lambda n: n[1].__setitem__("significance", "SENSITIVE"), "data.evidenceItems.nodes[1].significance"),
    (lambda n: n[0]["molecularProfile"].pop("name"), "data.evidenceItems.nodes[0].molecularProfile.name"),
    (lambda n: n[2]["therapies"][0].__setitem__("name", None), "data.evidenceItems.nodes[2].therapies[0].name"),
    (lambda n: n[0]["source"].pop("sourceType"), "data.evidenceItems.nodes[0].source.sourceType"),
    (lambda n: n[0].__setitem__("id", "1409"), "data.evidenceItems.nodes[0].id"),
    (lambda n: n[0].__setitem__("name", "EID1"), "data.evidenceItems.nodes[0].name"),
    (lambda n: n[0].__setitem__("evidenceRating", 9), "data.evidenceItems.nodes[0].evidenceRating"),
    (lambda n: n[0]["disease"].__setitem__("doid", "C3910"), "data.evidenceItems.nodes[0].disease.doid"),
    (lambda n: n[1].pop("status"), "data.evidenceItems.nodes[1].status"),
    (lambda n: n[0]["molecularProfile"]["variants"][0].pop("id"),
     "data.evidenceItems.nodes[0].molecularProfile.variants[0].id"),
])
def test_bad_node_names_file_and_json_path(tmp_path: Path, edit: Any, path: str) -> None:
    import_civic([TSV], tmp_path)  # a previous import that must survive the failed one
    doc = _page()
    edit(doc["data"]["evidenceItems"]["nodes"])
    bad = _write(tmp_path, "bad-page.json", doc)
    with pytest.raises(InputError) as err:
        import_civic([PAGE2, bad], tmp_path, release="2026-11-20")
    assert err.value.field == path
    assert (err.value.file or "").endswith("bad-page.json")
    assert (load_manifest(tmp_path) or {}).get("format") == "tsv"  # nothing written


def test_truncated_json(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.json"
    bad.write_bytes(PAGE1.read_bytes()[:700])
    with pytest.raises(InputError) as err:
        import_civic([bad], tmp_path, release="2026-11-20")
    assert err.value.field == "JSON" and err.value.line and "truncated.json" in str(err.value)
    assert not (tmp_path / STORE).exists()


def test_response_shapes_refused(tmp_path: Path) -> None:
    cases = [
        ({"errors": [{"message": "Field 'foo' doesn't exist"}], "data": None}, "errors"),
        ({"data": {"molecularProfiles": {"nodes": []}}}, "data"),
        ({"data": {"evidenceItems": {"pageInfo": {}}}}, "data.evidenceItems.nodes"),
        ({"data": {"evidenceItems": {"nodes": {}}}}, "data.evidenceItems.nodes"),
        ([_page(), {"data": {"evidenceItems": {"nodes": [None]}}}], "[1].data.evidenceItems.nodes[0]"),
        ([], "(top level)"),
    ]
    for doc, path in cases:
        with pytest.raises(InputError) as err:
            read_snapshot(_write(tmp_path, "x.json", doc))
        assert err.value.field == path, (doc, err.value)


def test_json_and_tsv_not_mixed(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not both"):
        import_civic([TSV, PAGE1], tmp_path)
    assert is_graphql(PAGE1) and not is_graphql(TSV)


def test_cli_import_versions_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["kb", "import", "civic", str(PAGE1), str(PAGE2), "--release", "2026-11-20"])
    assert res.exit_code == 0, res.output
    assert "GraphQL snapshot 2026-11-20" in res.output and "skipped 1 rejected" in res.output
    res = runner.invoke(app, ["kb", "versions"])
    assert res.exit_code == 0 and "GraphQL snapshot" in res.output and "doid_oncotree" in res.output
    doc = _page()
    del doc["data"]["evidenceItems"]["nodes"][3]["evidenceLevel"]
    code = main(["kb", "import", "civic", str(_write(tmp_path, "bad.json", doc))])
    assert code == 2
    assert "data.evidenceItems.nodes[3].evidenceLevel" in capsys.readouterr().err
