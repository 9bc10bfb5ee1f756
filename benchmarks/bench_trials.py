"""Trial matching benchmark: 1,000 synthetic patients × 50,000 synthetic trials, and one patient × 50,000.

    python benchmarks/bench_trials.py [--patients 1000] [--trials 50000] [--baseline-patients 3] [--store]

Measures patient-trial pairs per second for the whole run (prefilter by OncoTree ancestry and biomarker gene
through an in-memory index, then score the survivors with memoised predicates; full verdicts for the top 10
per patient), the single-patient time, and — as the named baseline, measured in the same run — the naive loop
that evaluates every criterion of every trial for a few patients (`rank.score_trial` on all 50,000 trials,
no prefilter), extrapolated to the full run. `--store` also times one patient through the SQL store path the
engine uses (SQL prefilter + loading survivors). Synthetic data only; seeded, so runs are comparable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from oncotailor.case import Case
from oncotailor.trials.batch import Matcher
from oncotailor.trials.facts import facts_of
from oncotailor.trials.model import (
    AgeP,
    AltSpec,
    BiomarkerP,
    BrainMetsP,
    Criterion,
    LabP,
    MeasurableP,
    PerformanceP,
    PregnancyP,
    PriorTherapyP,
    ReviewP,
    Site,
    StageP,
    Trial,
    WashoutP,
)
from oncotailor.trials.rank import score_trial

CODES = ["NSCLC", "LUAD", "LUSC", "SCLC", "LUNG", "BREAST", "BRCA", "IDC", "ILC", "COADREAD", "COAD", "READ", "PAAD",
         "MEL", "SKCM", "PRAD", "OVARY", "HGSOC", "BLADDER", "BLCA", "STOMACH", "STAD", "HCC", "GB", "DIFG", "KIDNEY",
         "CCRCC", "HEAD_NECK", "HNSC", "THYROID", "THPA", "UCEC", "CESC", "ESCA", "SARCOMA", "AML", "CLL", "DLBCLNOS",
         "PCM", "MDS"]
GENES = {"EGFR": ["L858R", "T790M", "C797S"], "KRAS": ["G12C", "G12D", "G12V"], "BRAF": ["V600E"],
         "ALK": [], "ROS1": [], "RET": [], "MET": [], "ERBB2": [], "PIK3CA": ["H1047R", "E545K"], "BRCA2": [],
         "IDH1": ["R132H"], "FGFR2": []}
FUSION = {"ALK", "ROS1", "RET"}
CLASSES = ["platinum", "egfr_tki", "immune_checkpoint_inhibitor", "taxane", "alk_tki", "anti_pd1"]
DRUGS = {"platinum": "carboplatin", "egfr_tki": "osimertinib", "immune_checkpoint_inhibitor": "pembrolizumab",
         "taxane": "docetaxel", "alk_tki": "alectinib", "anti_pd1": "nivolumab"}


def _pool(rng: random.Random) -> dict[str, list[Criterion]]:
    """A pool of criteria; trials draw from it, as real trials reuse the same phrasings."""
    c = Criterion
    return {
        "ecog": [c(text=f"ECOG ≤ {v}", predicate=PerformanceP(scale="ecog", op="<=", value=v)) for v in (1, 2)],
        "age": [c(text="age ≥ 18", predicate=AgeP(op=">=", value=18), origin="structured")],
        "lab": [c(text="ANC ≥ 1.5", predicate=LabP(analyte="anc", op=">=", value=1.5, unit="10^9/L")),
                c(text="platelets ≥ 100", predicate=LabP(analyte="platelets", op=">=", value=100, unit="10^9/L")),
                c(text="AST ≤ 2.5 × ULN", predicate=LabP(analyte="ast", op="<=", value=2.5, unit="x ULN", x_uln=True,
                                                         value_liver_mets=5)),
                c(text="CrCl ≥ 50", predicate=LabP(analyte="creatinine_clearance", op=">=", value=50, unit="mL/min"))],
        "stage": [c(text="stage IV", predicate=StageP(stages=["IV"])),
                  c(text="locally advanced or metastatic", predicate=StageP(extents=["locally_advanced", "metastatic"]))],
        "measurable": [c(text="measurable disease", predicate=MeasurableP())],
        "brain": [c(text="active brain metastases", exclusion=True, predicate=BrainMetsP(status="active"))],
        "prior": [c(text=f"no prior {k}", predicate=PriorTherapyP(classes=[k], negate=True)) for k in CLASSES]
        + [c(text=f"progressed on {k}", predicate=PriorTherapyP(classes=[k], progressed=True)) for k in CLASSES]
        + [c(text="≥ 1 prior line", predicate=PriorTherapyP(any_systemic=True, min_lines=1))],
        "washout": [c(text=f"systemic therapy within {d} days", exclusion=True,
                      predicate=WashoutP(days=d, negate=True)) for d in (14, 21, 28)],
        "pregnancy": [c(text="pregnant or nursing", exclusion=True, predicate=PregnancyP())],
        "review": [c(text=f"free-text criterion {i}", exclusion=bool(i % 2), predicate=ReviewP()) for i in range(30)],
    }


def make_trials(n: int, rng: random.Random) -> list[Trial]:
    pool = _pool(rng)
    trials = []
    for i in range(n):
        codes = ["_SOLID_"] if rng.random() < 0.01 else [rng.choice(CODES)]
        crits = [*pool["age"], rng.choice(pool["ecog"]), rng.choice(pool["stage"]), *rng.sample(pool["lab"], 2),
                 rng.choice(pool["brain"]), rng.choice(pool["prior"]), rng.choice(pool["washout"]),
                 *pool["pregnancy"], *rng.sample(pool["review"], 3)]
        if rng.random() < 0.6:
            crits.append(pool["measurable"][0])
        if rng.random() < 0.35:
            gene = rng.choice(list(GENES))
            changes = GENES[gene]
            alts = ([AltSpec(gene=gene, protein_change=ch, category="mutation") for ch in rng.sample(changes, 1)]
                    if changes and rng.random() < 0.6 else
                    [AltSpec(gene=gene, category="fusion" if gene in FUSION else "any")])
            crits.append(Criterion(text=f"{gene} alteration", predicate=BiomarkerP(alternatives=alts)))
        sites = [Site(facility=f"site {i}-{k}", lat=rng.uniform(35, 60), lon=rng.uniform(-10, 30))
                 for k in range(rng.randint(1, 4))]
        status = "recruiting" if rng.random() < 0.8 else "completed"
        trials.append(Trial(nct_id=f"NCT9{i:07d}", title=f"synthetic trial {i}", status=status,
                            phase=rng.choice(["1", "1/2", "2", "3", None]), conditions=codes, oncotree_codes=codes,
                            criteria=crits, sites=sites, source_format="ctgov_v2",
                            snapshot_date=dt.date(2026, 11, 1)))
    return trials


def make_patients(n: int, rng: random.Random) -> list[Case]:
    panel = sorted(GENES)
    out = []
    for i in range(n):
        alts = []
        for gene in rng.sample(panel, rng.randint(0, 2)):
            if gene in FUSION:
                alts.append(f"EML4::{gene}")
            elif GENES[gene]:
                alts.append(f"{gene} {rng.choice(GENES[gene])}")
            else:
                alts.append(f"{gene} amplification")
        klass = rng.choice(CLASSES)
        out.append(Case.model_validate({
            "patient": {"id": f"S{i}", "age": rng.randint(25, 85), "sex": rng.choice(["female", "male"]),
                        "ecog": rng.randint(0, 2), "location": {"lat": rng.uniform(35, 60), "lon": rng.uniform(-10, 30)},
                        "labs": {"anc": round(rng.uniform(0.8, 4), 1), "platelets": rng.randint(60, 300),
                                 "ast_x_uln": round(rng.uniform(0.5, 4), 1)}},
            "diagnosis": {"cancer_type": (code := rng.choice(CODES)), "oncotree_code": code,
                          "stage": rng.choice(["II", "IIIA", "IIIB", "IV", "IVA", "IVB"]),
                          "brain_metastases": rng.choice(["none", "active", "treated_stable"]),
                          "measurable_disease": rng.random() < 0.8, "metastatic_sites": ["bone"]},
            "tumor": {"alterations": alts, "tested_genes": panel},
            "history": {"prior_therapies": [{"line": 1, "drugs": [DRUGS[klass]], "progressed": rng.random() < 0.7,
                                             "end_date": (dt.date(2026, 11, 24) - dt.timedelta(days=rng.randint(5, 200))
                                                          ).isoformat()}]},
            "as_of": "2026-11-24",
        }))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--patients", type=int, default=1000)
    ap.add_argument("--trials", type=int, default=50000)
    ap.add_argument("--baseline-patients", type=int, default=3)
    ap.add_argument("--store", action="store_true", help="also time one patient through the SQLite store path")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)

    t0 = time.perf_counter()
    trials = make_trials(a.trials, rng)
    patients = make_patients(a.patients, rng)
    facts = [facts_of(p) for p in patients]
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher = Matcher(trials)
    t_index = time.perf_counter() - t0
    print(f"setup: {a.trials:,} trials + {a.patients:,} patients generated in {t_gen:.1f} s; index built in "
          f"{t_index:.1f} s ({matcher.distinct_predicates} distinct predicates)")

    # single patient (after one warm-up patient, so vocabulary caches are loaded as in a running service)
    matcher.match(facts[-1])
    t0, c0 = time.perf_counter(), time.process_time()
    top = matcher.match(facts[0], limit=10)
    t_single, c_single = time.perf_counter() - t0, time.process_time() - c0
    print(f"one patient × {a.trials:,} trials: {t_single * 1000:.0f} ms wall, {c_single * 1000:.0f} ms CPU "
          f"({len(matcher.candidate_ids(facts[0]))} survivors of the prefilter; top: {top[0].nct_id if top else '-'})")

    # the whole run
    survivors = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for f in facts:
        matcher.match(f, limit=10)
        survivors += matcher.last_candidates
    t_all, c_all = time.perf_counter() - t0, time.process_time() - c0
    pairs = a.patients * a.trials
    print(f"{a.patients:,} patients × {a.trials:,} trials = {pairs:,} pairs in {t_all:.1f} s wall ({c_all:.1f} s CPU) "
          f"→ {pairs / t_all:,.0f} pairs/s wall, {pairs / c_all:,.0f} pairs/s CPU (mean {survivors / a.patients:,.0f} "
          f"survivors per patient evaluated)")

    # baseline: naive loop, every criterion of every trial, no prefilter, on a subsample
    nb = max(1, a.baseline_patients)
    t0, c0 = time.perf_counter(), time.process_time()
    for f in facts[:nb]:
        scored = [score_trial(t, f) for t in trials]
        scored.sort(key=lambda s: s.key())
    t_base, c_base = time.perf_counter() - t0, time.process_time() - c0
    base_rate = nb * a.trials / t_base
    print(f"baseline (naive: score_trial on every pair, {nb} patient(s) × {a.trials:,}): {base_rate:,.0f} pairs/s → "
          f"the full run would take {pairs / base_rate:,.0f} s")
    print(f"speed-up over the naive baseline: {(pairs / t_all) / base_rate:.1f}× wall, "
          f"{(pairs / c_all) / (nb * a.trials / c_base):.1f}× CPU; single patient "
          f"{(a.trials / base_rate) / t_single:.1f}× faster than naive (wall)")

    if a.store:
        from oncotailor.trials.prefilter import keys_of
        from oncotailor.trials.rank import match_facts
        from oncotailor.trials.store import TrialStore

        with tempfile.TemporaryDirectory() as tmp:
            store = TrialStore(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
            t0 = time.perf_counter()
            store.upsert(trials)
            t_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            cands = store.candidates(keys_of(facts[0]))
            out = match_facts(facts[0], cands, limit=10)
            t_store = time.perf_counter() - t0
        print(f"store path (engine): {a.trials:,} trials written in {t_load:.1f} s; one patient: SQL prefilter + "
              f"load {len(cands)} survivors + evaluate in {t_store * 1000:.0f} ms (top: {out[0].nct_id if out else '-'})")
    goal = "met" if t_all < 60 and t_single < 1 else "NOT met"
    print(f"goals (whole run < 60 s, one patient < 1 s): {goal} on wall time; "
          f"{'met' if c_all < 60 and c_single < 1 else 'NOT met'} on CPU time "
          f"(load average now {__import__('os').getloadavg()[0]:.1f} on {__import__('os').cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
