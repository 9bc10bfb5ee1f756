"""Many patients against many trials: prefilter by index, then score the survivors in arrays; full verdicts
are built only for the trials that are returned (pure).

Identical predicates (the same "ECOG ≤ 1" in thousands of trials) are interned when the matcher is built, so
each distinct predicate is evaluated once per patient; each trial is a row of predicate numbers, and its
TrialGPT score, failure flags and rank key are computed for all survivors at once with numpy. Score and order
are exactly those of `rank.score_trial` / `rank.rank` (tested), only cheaper to reach.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from oncotailor.findings import TrialMatch
from oncotailor.trials.evaluate import EVALUATORS
from oncotailor.trials.facts import Facts
from oncotailor.trials.model import Criterion, Trial
from oncotailor.trials.prefilter import TrialIndex, keys_of
from oncotailor.trials.rank import (
    _PHASE_RANK,
    CLOSED_SITE,
    EARTH_KM,
    _cancer_criterion,
    score_trial,
    to_match,
)


def _site_open(status: str | None) -> bool:
    return (status or "").upper() not in CLOSED_SITE


def _matrix(rows: list[list[int]], pad: int) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    out = np.full((len(rows), width), pad, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


class Matcher:
    """Built once per trial collection; `match(facts)` per patient."""

    def __init__(self, trials: Sequence[Trial]) -> None:
        self.index = TrialIndex(trials)
        pool: dict[str, int] = {}
        seen: dict[int, int] = {}  # id(predicate) → number, so shared objects skip the JSON key
        alive: list[object] = []  # keeps every predicate seen alive, so no id() is reused while building
        self.predicates: list[object] = []
        inc_rows: list[list[int]] = []
        exc_rows: list[list[int]] = []
        bm_rows: list[list[int]] = []
        for t in self.index.trials:
            crits: list[Criterion] = [*_cancer_criterion(t), *t.criteria]
            inc: list[int] = []
            exc: list[int] = []
            bm: list[int] = []
            for c in crits:
                p = c.predicate
                if p.kind == "allowance":
                    continue
                k = seen.get(id(p))
                if k is None:
                    key = p.model_dump_json()
                    k = pool.get(key)
                    if k is None:
                        k = pool[key] = len(self.predicates)
                        self.predicates.append(p)
                    seen[id(p)] = k
                    alive.append(p)
                (exc if c.exclusion else inc).append(k)
                if not c.exclusion and p.kind in ("biomarker", "ctml") and not p.negate:
                    bm.append(k)
            inc_rows.append(inc)
            exc_rows.append(exc)
            bm_rows.append(bm)
        null = len(self.predicates)  # a padding slot that is neither true nor false
        self.inc, self.exc, self.bm = _matrix(inc_rows, null), _matrix(exc_rows, null), _matrix(bm_rows, null)
        self.inc_len = np.array([len(r) for r in inc_rows], dtype=float)
        ts = self.index.trials
        self.selected = np.array([bool(t.biomarker_genes()) for t in ts])
        self.is_open = np.array([t.is_open for t in ts], dtype=float)
        self.phase = np.array([_PHASE_RANK.get(t.phase or "", 0) for t in ts], dtype=float)
        self.distinct_predicates = len(self.predicates)
        self.last_candidates = 0
        lat, lon, owner = [], [], []
        for i, t in enumerate(ts):  # the same site choice as rank.nearest_site: open sites when there are any
            usable = [s for s in t.sites if _site_open(s.status)] or t.sites
            for s in usable:
                if s.lat is not None and s.lon is not None:
                    lat.append(s.lat)
                    lon.append(s.lon)
                    owner.append(i)
        self._lat = np.radians(np.array(lat, dtype=float))
        self._lon = np.radians(np.array(lon, dtype=float))
        self._owner = np.array(owner, dtype=np.int64)
        # sites are grouped by trial: reduce each group's distances with one minimum.reduceat
        self._starts = np.flatnonzero(np.r_[True, self._owner[1:] != self._owner[:-1]]) if len(owner) else \
            np.array([], dtype=np.int64)
        self._with_sites = self._owner[self._starts] if len(owner) else np.array([], dtype=np.int64)

    def candidate_ids(self, facts: Facts, *, open_only: bool = True) -> list[int]:
        return self.index.candidate_ids(keys_of(facts), open_only=open_only)

    def _distances(self, here: tuple[float, float] | None) -> np.ndarray:
        """Nearest-site distance (km) per trial position; 1e9 where unknown (as rank.Scored.key)."""
        out = np.full(len(self.index.trials), np.inf)
        if here is not None and len(self._owner):
            la, lo = np.radians(here[0]), np.radians(here[1])
            h = np.sin((self._lat - la) / 2) ** 2 + np.cos(la) * np.cos(self._lat) * np.sin((self._lon - lo) / 2) ** 2
            d = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
            out[self._with_sites] = np.minimum.reduceat(d, self._starts)
        out[np.isinf(out)] = 1e9
        return out

    def match(self, facts: Facts, *, limit: int = 10, open_only: bool = True) -> list[TrialMatch]:
        ranked = self.rank_ids(facts, open_only=open_only)
        return [to_match(score_trial(self.index.trials[i], facts)) for i in ranked[:limit]]

    def rank_ids(self, facts: Facts, *, open_only: bool = True) -> list[int]:
        """Candidate trial positions in rank order."""
        ids = np.array(self.candidate_ids(facts, open_only=open_only), dtype=np.int64)
        self.last_candidates = len(ids)
        if not len(ids):
            return []
        inc, exc, bm = self.inc[ids], self.exc[ids], self.bm[ids]
        n = len(self.predicates)
        true = np.zeros(n + 1, dtype=bool)
        false = np.zeros(n + 1, dtype=bool)
        for k in np.unique(np.concatenate([inc.ravel(), exc.ravel()])):
            if k == n:
                continue
            p = self.predicates[k]
            c, _, _ = EVALUATORS[p.kind](p, facts)
            if c is not None:
                c = c != p.negate
                true[k], false[k] = c, not c
        inc_len = self.inc_len[ids]
        met = true[inc].sum(axis=1)
        failed = false[inc].any(axis=1)
        excluded = true[exc].any(axis=1)
        score = np.where(inc_len > 0, met / np.maximum(inc_len, 1), 0.0) - failed - excluded
        matched = self.selected[ids] & true[bm].any(axis=1)
        dist = self._distances(facts.location)[ids]
        bucket = np.floor(score * 100 + 1e-9)
        order = np.lexsort((ids, -self.phase[ids], dist, -bucket, -self.is_open[ids], -matched.astype(float),
                            (failed | excluded).astype(float)))
        return [int(i) for i in ids[order]]
