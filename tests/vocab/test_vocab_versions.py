"""Reports record the vocabulary tables' versions beside the knowledge tables'; an edit changes the version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import oncotailor
from oncotailor.vocab import versions
from tests.conftest import EXAMPLES

TAG = re.compile(r"^.+\+[0-9a-f]{12}$")


def test_a_report_names_the_vocabularies_it_read() -> None:
    report = oncotailor.analyze(oncotailor.read_case(EXAMPLES / "nsclc_egfr.yaml"))
    kv = report.knowledge_versions
    for name in ("vocab/genes", "vocab/oncotree", "vocab/drugs", "vocab/exons", "vocab/cytogenetics"):
        assert TAG.match(kv.get(name, "")), (name, kv.get(name))
    assert kv["vocab/oncotree"].startswith("oncotree_2025_10_03+")


def test_an_edit_changes_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "drugs.yaml"
    table.write_text('meta: {version: "v1"}\nrows: {}\n', encoding="utf-8")
    (tmp_path / "genes.tsv.gz").write_bytes(b"\x1f\x8b")
    (tmp_path / "genes.meta.yaml").write_text("version: '2024-10-18'\n", encoding="utf-8")
    monkeypatch.setattr(versions, "DATA", tmp_path)
    versions.vocab_versions.cache_clear()
    first = versions.vocab_versions()
    table.write_text('meta: {version: "v1"}\nrows: {imatinib: {}}\n', encoding="utf-8")
    versions.vocab_versions.cache_clear()
    second = versions.vocab_versions()
    versions.vocab_versions.cache_clear()
    assert first["vocab/drugs"].startswith("v1+") and first["vocab/drugs"] != second["vocab/drugs"]
    assert first["vocab/genes"].startswith("2024-10-18+") and first["vocab/genes"] == second["vocab/genes"]
