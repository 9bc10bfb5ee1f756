"""One code path for one patient and for many: `match_many` on a batch equals per-patient runs."""

from __future__ import annotations

import polars as pl

from oncotailor.therapy.frames import alteration_row, frames, patient_row
from oncotailor.therapy.load import compiled
from oncotailor.therapy.matcher import match_many
from tests.therapy.conftest import make_case

CASES = {
    "p1": make_case("LUAD", ["EGFR L858R", "KRAS G12C"]),
    "p2": make_case("COADREAD", ["KRAS G12D"], tumor={"biomarkers": {"tmb": 14}}),
    "p3": make_case("BRCA", [], diagnosis={"her2_ihc": "3+"}),
    "p4": make_case("MEL", ["BRAF V600E", "KIF5B::RET"]),
}


def _frames(ids: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    alts, pats = [], []
    for pid in ids:
        case = CASES[pid]
        alts += [alteration_row(pid, i, a) for i, a in enumerate(case.tumor.alterations if case.tumor else [])]
        pats.append(patient_row(case, pid, case.diagnosis.oncotree_code if case.diagnosis else None, None))
    return frames(alts, pats)


def test_batch_equals_single(kb) -> None:
    rules = compiled(kb)
    batch = match_many(*_frames(list(CASES)), rules)
    single = pl.concat([match_many(*_frames([pid]), rules) for pid in CASES])
    key = ["patient_id", "rule_id"]
    assert batch.sort(key).equals(single.sort(key))
    assert set(batch["patient_id"]) == set(CASES)
    got = set(zip(batch["patient_id"], batch["rule_id"], strict=True))
    assert {("p1", "exon-egfr"), ("p1", "excl-kras"), ("p2", "ras-resist"), ("p2", "tmb-agnostic"),
            ("p3", "ihc-her2"), ("p4", "exact-braf"), ("p4", "fusion-any-ret")} <= got
    assert ("p2", "ras-wt") not in got
