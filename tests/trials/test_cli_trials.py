"""`oncotailor trials import | search | update`: exit codes, messages, offline behaviour (no real network)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from oncotailor.cli import main
from oncotailor.trials import cli as trials_cli
from oncotailor.trials.store import TrialStore
from oncotailor.trials.update import TOKEN_KEY

FIX = Path(__file__).parent / "fixtures"


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 't.sqlite'}"


def test_import_then_search(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    assert main(["trials", "import", str(FIX / "ctgov_study.json"), "--db", db]) == 0
    assert "1 added" in capsys.readouterr().err
    assert main(["trials", "import", str(FIX / "ctgov_study.json"), "--db", db]) == 0
    assert "1 unchanged" in capsys.readouterr().err
    assert main(["trials", "search", "--cancer", "LUAD", "--gene", "EGFR", "--near", "48.14,11.58", "--json",
                 "--db", db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [m["nct_id"] for m in out] == ["NCT09990001"]
    assert out[0]["nearest_site"]["city"] == "Munich" and out[0]["nearest_site"]["distance_km"] < 1
    assert main(["trials", "search", "--cancer", "NSCLC", "--near", "10117", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)[0]["nearest_site"]["city"] == "Berlin"
    assert main(["trials", "search", "--cancer", "BREAST", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_search_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    assert main(["trials", "search", "--cancer", "NSCLC", "--db", db]) == 2
    assert "no trial store" in capsys.readouterr().err
    main(["trials", "import", str(FIX / "ctgov_study.json"), "--db", db])
    capsys.readouterr()
    assert main(["trials", "search", "--cancer", "NOT_A_CANCER", "--db", db]) == 2
    assert "--cancer" in capsys.readouterr().err
    assert main(["trials", "search", "--cancer", "NSCLC", "--near", "00000", "--db", db]) == 2
    assert "postcode" in capsys.readouterr().err


def test_import_bad_file_exits_2_and_keeps_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db(tmp_path)
    main(["trials", "import", str(FIX / "ctgov_study.json"), "--db", db])
    bad = tmp_path / "bad.json"
    bad.write_text('[{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}}, {"protocolSec')
    assert main(["trials", "import", str(bad), "--db", db]) == 2
    assert "bad.json" in capsys.readouterr().err
    assert TrialStore(db).count() == 1
    assert main(["trials", "import", str(tmp_path / "absent.json"), "--db", db]) == 2


def _page(nct: str, token: str | None) -> dict:  # type: ignore[type-arg]
    study = json.loads((FIX / "ctgov_study.json").read_text())
    study["protocolSection"]["identificationModule"]["nctId"] = nct
    return {"studies": [study], "nextPageToken": token, "totalCount": 2}


def test_update_offline_says_so_and_keeps_store(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = _db(tmp_path)
    main(["trials", "import", str(FIX / "ctgov_study.json"), "--db", db])

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    monkeypatch.setattr(trials_cli, "_transport", lambda: httpx.MockTransport(offline))
    assert main(["trials", "update", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "offline" in err and "unchanged" in err
    assert TrialStore(db).count() == 1


def test_update_pages_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A recorded two-page response served through a fake transport; stop after one page, then resume."""
    db = _db(tmp_path)
    seen: list[str | None] = []

    def recorded(request: httpx.Request) -> httpx.Response:
        token = request.url.params.get("pageToken")
        seen.append(token)
        assert request.url.params["filter.overallStatus"] == "RECRUITING|NOT_YET_RECRUITING"
        body = _page("NCT09990011", "tok2") if token is None else _page("NCT09990012", None)
        return httpx.Response(200, json=body)

    monkeypatch.setattr(trials_cli, "_transport", lambda: httpx.MockTransport(recorded))
    assert main(["trials", "update", "--db", db, "--max-pages", "1"]) == 0
    assert "paused" in capsys.readouterr().err
    assert TrialStore(db).get_meta(TOKEN_KEY) == "tok2"
    assert main(["trials", "update", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "complete" in err and "resumed" in err
    assert seen == [None, "tok2"]
    store = TrialStore(db)
    assert store.count() == 2 and store.get_meta(TOKEN_KEY) is None
