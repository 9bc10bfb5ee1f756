"""The batch matcher (index prefilter + array scoring) ranks exactly as the per-trial path does."""

from __future__ import annotations

import random

from oncotailor.trials.batch import Matcher
from oncotailor.trials.facts import facts_of
from oncotailor.trials.model import (
    AgeP,
    AltSpec,
    BiomarkerP,
    BrainMetsP,
    Criterion,
    PerformanceP,
    PriorTherapyP,
    ReviewP,
    Site,
)
from oncotailor.trials.prefilter import keys_of
from oncotailor.trials.rank import match_facts
from tests.trials.conftest import make_case, make_trial

POOL = [
    Criterion(text="ECOG ≤ 1", predicate=PerformanceP(scale="ecog", op="<=", value=1)),
    Criterion(text="ECOG ≤ 0", predicate=PerformanceP(scale="ecog", op="<=", value=0)),
    Criterion(text="age ≥ 70", predicate=AgeP(op=">=", value=70)),
    Criterion(text="review", predicate=ReviewP()),
    Criterion(text="active brain mets", exclusion=True, predicate=BrainMetsP(status="active")),
    Criterion(text="no prior platinum", predicate=PriorTherapyP(classes=["platinum"], negate=True)),
    Criterion(text="EGFR", predicate=BiomarkerP(alternatives=[AltSpec(gene="EGFR")])),
    Criterion(text="KRAS G12C", predicate=BiomarkerP(alternatives=[AltSpec(gene="KRAS", protein_change="G12C")])),
]


def test_batch_equals_per_trial_ranking() -> None:
    rng = random.Random(3)
    codes = [("NSCLC",), ("LUAD",), ("LUNG",), ("BREAST",), ("_SOLID_",), ("LUSC",)]
    trials = [make_trial(f"T{i:03d}", rng.sample(POOL, 4), codes=rng.choice(codes),
                         status=rng.choice(["recruiting", "recruiting", "completed"]), phase=rng.choice(["1", "2", "3"]),
                         sites=[Site(lat=rng.uniform(40, 60), lon=rng.uniform(0, 20))]) for i in range(60)]
    matcher = Matcher(trials)
    for case in (make_case(), make_case(patient={"ecog": 0, "age": 75}), make_case(tumor={"tested_genes": None}),
                 make_case(patient={"location": None})):
        f = facts_of(case)
        fast = [m.nct_id for m in matcher.match(f, limit=60)]
        slow = [m.nct_id for m in match_facts(f, matcher.index.candidates(keys_of(f)), limit=60)]
        assert fast == slow and fast
        assert matcher.match(f, limit=3) == match_facts(f, matcher.index.candidates(keys_of(f)), limit=3)
