"""`oncotailor kb versions` and `oncotailor kb import civic` through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from oncotailor.cli import app, main

FIX = Path(__file__).parent / "fixtures" / "civic"


def test_import_then_versions() -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["kb", "import", "civic", str(FIX / "01-Jan-2026-ClinicalEvidenceSummaries.tsv")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["kb", "versions"])
    assert res.exit_code == 0, res.output
    assert "therapy/" in res.output and "genes/gene_roles" in res.output
    assert "2026-01-01" in res.output


def test_bad_file_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["kb", "import", "civic", str(FIX / "bad-columns-ClinicalEvidenceSummaries.tsv"),
                 "--release", "2026-01-01"])
    assert code == 2
    err = capsys.readouterr().err
    assert "line 3" in err and "columns" in err


def test_table_version_equals_loader_version() -> None:
    from oncotailor.knowledge import KnowledgeBase
    from oncotailor.knowledge.cli import table_version
    from tests.therapy.conftest import FIXTURE_KB

    kb = KnowledgeBase(data_dir=FIXTURE_KB)
    for name in kb.all_tables():
        kb.raw(name)
        assert table_version(FIXTURE_KB, name)[0] == kb.versions()[name]
