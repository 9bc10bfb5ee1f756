"""The prefilter: which trials can fit a patient at all, by cancer type (OncoTree ancestry) and required genes.

The same rule runs in SQL (`TrialStore.candidates`) for the engine and in memory (`TrialIndex`) for batches:
a trial survives when one of its codes is the patient's code or an ancestor of it (broader), lies below the
patient's code (the patient's record is less specific), is pan-cancer, or could not be mapped; and, when the
tumor's tested genes are known, when it requires no gene or one the tumor carries or was not tested for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from oncotailor.trials.facts import Facts
from oncotailor.trials.model import Trial
from oncotailor.trials.oncotree import lineage
from oncotailor.trials.store import UNMAPPED, PatientKeys


def keys_of(f: Facts) -> PatientKeys:
    return PatientKeys(code=f.code, solid=f.solid, altered=f.altered_genes, tested=f.tested)


class TrialIndex:
    """In-memory inverted indexes over a list of trials: code → trial ids (direct and via ancestors), gene → ids."""

    def __init__(self, trials: Sequence[Trial]) -> None:
        self.trials = list(trials)
        self.direct: dict[str, set[int]] = defaultdict(set)
        self.below: dict[str, set[int]] = defaultdict(set)  # ancestor code → trials with a code under it
        self.required: list[frozenset[str]] = []
        for i, t in enumerate(self.trials):
            for code in t.oncotree_codes or [UNMAPPED]:
                self.direct[code].add(i)
                for anc in lineage(code)[1:]:
                    self.below[anc].add(i)
            self.required.append(t.biomarker_genes())
        self.open = {i for i, t in enumerate(self.trials) if t.is_open}

    def candidates(self, keys: PatientKeys, *, open_only: bool = True) -> list[Trial]:
        return [self.trials[i] for i in self.candidate_ids(keys, open_only=open_only)]

    def candidate_ids(self, keys: PatientKeys, *, open_only: bool = True) -> list[int]:
        if keys.code:
            pan = ["_ANY_", UNMAPPED] + (["_SOLID_"] if keys.solid else ["_LIQUID_"] if keys.solid is False else
                                         ["_SOLID_", "_LIQUID_"])
            ids: set[int] = set(self.below.get(keys.code, ()))
            for c in (*lineage(keys.code), *pan):
                ids |= self.direct.get(c, set())
        else:
            ids = set(range(len(self.trials)))
        if open_only:
            ids &= self.open
        if keys.tested is not None:
            ids = {i for i in ids if not self.required[i]
                   or any(g in keys.altered or g not in keys.tested for g in self.required[i])}
        return sorted(ids)
