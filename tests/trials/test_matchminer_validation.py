"""MatchMiner's demo patients against its curated CTML trials give the matches MatchMiner lists
(`trial_match.json`), at the level of patient × trial. Skips when ../shared/data is absent."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from oncotailor.trials.facts import facts_of
from oncotailor.trials.importers import read_trials
from oncotailor.trials.matchminer import case_from_matchminer
from oncotailor.trials.rank import score_trial


def _demo(shared_data: Path) -> Path:
    return shared_data / "trials" / "matchminer_ctml" / "v1_examples" / "demo_db"


def test_demo_patients_get_the_expected_trials(shared_data: Path) -> None:
    demo = _demo(shared_data)
    trials = list(read_trials(demo / "trial.json"))
    clinical = json.loads((demo / "clinical.json").read_text())
    genomic = json.loads((demo / "genomic.json").read_text())
    expected_rows = json.loads((demo / "trial_match.json").read_text())
    by_protocol = {t["protocol_no"]: t["nct_id"] for t in json.loads((demo / "trial.json").read_text())}
    expected: dict[str, set[str]] = defaultdict(set)
    for row in expected_rows:
        expected[row["sample_id"]].add(by_protocol[row["protocol_no"]])
    as_of = dt.date(2017, 11, 27)  # the demo's data_push_id: ages as MatchMiner computed them
    got: dict[str, set[str]] = {}
    for c in clinical:
        sample = c["SAMPLE_ID"]
        case = case_from_matchminer(c, [g for g in genomic if g["SAMPLE_ID"] == sample], as_of)
        facts = facts_of(case)
        got[sample] = {t.nct_id for t in trials
                       if any(v.state == "met" and v.criterion.predicate.kind == "ctml"
                              for v in score_trial(t, facts).verdicts)}
    assert got == {s: expected.get(s, set()) for s in got}, got
    assert sum(len(v) for v in got.values()) >= 10


def test_closed_trial_is_matched_but_not_open(shared_data: Path) -> None:
    trials = {t.nct_id: t for t in read_trials(_demo(shared_data) / "trial.json")}
    assert not trials["NCT02563002"].is_open  # "IRB Study Closure"
    assert trials["NCT03122717"].is_open
