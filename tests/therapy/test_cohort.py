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


def _random_cohort(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Patients with changes that hit every kind of rule key: exact, codon, span, exon, class, fusion, copy
    number; several markers; some with a coverage list, some without a cancer type."""
    import random

    rnd = random.Random(seed)
    changes = ["EGFR L858R", "EGFR E746_A750del", "EGFR T790M", "EGFR C797S", "KRAS G12C", "KRAS G12D", "NRAS Q61K",
               "BRAF V600E", "BRAF V600", "PIK3CA H1047R", "BRCA2 E1493fs", "BRCA1 R1443*", "ATM Q1970*",
               "KIT W557_K558del", "PDGFRA D842V", "IDH1 R132H", "ERBB2 amplification", "MET amplification",
               "CDKN2A deletion", "EML4::ALK", "KIF5B::RET", "ETV6::NTRK3", "ESR1 Y537S", "TP53 R175H",
               "FGFR3 S249C", "FLT3 ITD", "ABL1 T315I", "MET exon 14 skipping", "ALK G1202R", "NTRK1 G595R"]
    codes = ["LUAD", "NSCLC", "COADREAD", "BRCA", "IDC", "MEL", "GIST", "BLCA", "AML", "PAAD", "PRAD", None]
    alts, pats = [], []
    for i in range(n):
        pid = f"P{i:03d}"
        code = rnd.choice(codes)
        case = make_case(code, rnd.sample(changes, rnd.randint(0, 4)), tumor={"biomarkers": {
            "tmb": rnd.choice([None, 3.0, 12.0]), "msi": rnd.choice([None, "stable", "high"]),
            "pdl1_tps": rnd.choice([None, 0.0, 60.0])}}, diagnosis={"her2_ihc": rnd.choice(["0", "1+", "3+"])})
        alts += [alteration_row(pid, j, a) for j, a in enumerate(case.tumor.alterations if case.tumor else [])]
        tested = rnd.choice([None, ["EGFR", "KRAS", "NRAS", "BRAF", "ALK"]])
        pats.append(patient_row(case, pid, case.diagnosis.oncotree_code if case.diagnosis else None, tested))
    return frames(alts, pats)


def test_batch_equals_single_on_the_bundled_rules() -> None:
    from oncotailor.knowledge import KnowledgeBase

    rules = compiled(KnowledgeBase())
    alts, pats = _random_cohort(24, seed=11)
    batch = match_many(alts, pats, rules)
    single = pl.concat([match_many(alts.filter(pl.col("patient_id") == p), pats.filter(pl.col("patient_id") == p),
                                   rules) for p in pats["patient_id"]])
    assert batch.equals(single)  # same rows, same order: sorted by patient, then level, match and rule order
    assert batch["patient_id"].n_unique() > 12 and {"exact", "ancestor", "tumor_agnostic"} <= set(
        batch["cancer_type_match"])
    # shuffled input rows give the same answer
    shuffled = match_many(alts.sample(fraction=1.0, shuffle=True, seed=3), pats, rules)
    assert shuffled.equals(batch)

