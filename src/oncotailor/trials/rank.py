"""Scoring and ranking (pure): the matcher core `match(case, trials) -> list[TrialMatch]`.

Score (TrialGPT, Jin et al., Nat Commun 2024, doi:10.1038/s41467-024-53081-z): the share of inclusion
criteria met, minus 1 if any inclusion is not met, minus 1 if any exclusion applies. Unknowns neither add nor
subtract. Order: trials without a failure first; among them biomarker-selected trials whose required
alteration the tumor carries; then open before closed, higher score, nearer site, later phase.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from oncotailor.case import Case
from oncotailor.findings import CriterionVerdict, Evidence, TrialMatch, TrialSite
from oncotailor.trials.evaluate import Verdict, evaluate
from oncotailor.trials.facts import Facts, facts_of
from oncotailor.trials.model import CancerTypeP, Criterion, Site, Trial

EARTH_KM = 6371.0088
CLOSED_SITE = frozenset({"COMPLETED", "WITHDRAWN", "CLOSED_TO_ACCRUAL", "TERMINATED", "CLOSED"})
_PHASE_RANK = {"4": 5, "3": 4, "2/3": 3.5, "2": 3, "1/2": 2.5, "1": 2, "0": 1}


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def score_bucket(score: float) -> float:
    """Scores within the same hundredth tie, so distance and phase can order them."""
    return math.floor(score * 100 + 1e-9)


def nearest_site(trial: Trial, here: tuple[float, float] | None) -> tuple[Site | None, float | None]:
    """The nearest geocoded site (open sites preferred); without a location, the first open site."""
    sites = [s for s in trial.sites if (s.status or "").upper() not in CLOSED_SITE] or trial.sites
    if not sites:
        return None, None
    if here is None:
        return sites[0], None
    geo = [(haversine_km(here, (s.lat, s.lon)), s) for s in sites if s.lat is not None and s.lon is not None]
    if not geo:
        return sites[0], None
    d, s = min(geo, key=lambda x: x[0])
    return s, d


@dataclass(slots=True)
class Scored:
    trial: Trial
    verdicts: list[Verdict]
    score: float
    failed: bool
    biomarker_selected: bool
    biomarker_matched: bool
    distance: float | None
    site: Site | None

    def key(self) -> tuple[float, ...]:
        return (
            float(self.failed), -float(self.biomarker_matched), -float(self.trial.is_open), -score_bucket(self.score),
            self.distance if self.distance is not None else 1e9, -_PHASE_RANK.get(self.trial.phase or "", 0),
        )


def _cancer_criterion(trial: Trial) -> list[Criterion]:
    """The trial's conditions, as a structured cancer-type criterion (every trial is for some cancer)."""
    if any(c.predicate.kind in ("cancer_type", "ctml") and not c.exclusion for c in trial.criteria):
        return []
    if trial.oncotree_codes:
        return [Criterion(text="conditions: " + "; ".join(trial.conditions[:5]), origin="structured",
                          predicate=CancerTypeP(codes=list(trial.oncotree_codes), names=trial.conditions[:5]))]
    return []


def score_trial(trial: Trial, facts: Facts) -> Scored:
    verdicts = [evaluate(c, facts) for c in (*_cancer_criterion(trial), *trial.criteria)]
    inc = [v for v in verdicts if not v.criterion.exclusion and v.state != "na"]
    met = sum(1 for v in inc if v.state == "met")
    failed_inc = any(v.state == "not_met" for v in inc)
    failed_exc = any(v.state == "not_met" for v in verdicts if v.criterion.exclusion)
    score = (met / len(inc) if inc else 0.0) - float(failed_inc) - float(failed_exc)
    genes = trial.biomarker_genes()
    bm_matched = bool(genes) and any(
        v.state == "met" and v.criterion.predicate.kind in ("biomarker", "ctml") and not v.criterion.exclusion
        and not v.criterion.predicate.negate for v in verdicts)
    site, dist = nearest_site(trial, facts.location)
    return Scored(trial, verdicts, score, failed_inc or failed_exc, bool(genes), bm_matched, dist, site)


def _cv(v: Verdict) -> CriterionVerdict:
    return CriterionVerdict(criterion=v.criterion.text, evidence=v.evidence, kind=v.criterion.predicate.kind,
                            exclusion=v.criterion.exclusion, settle_with=v.settle_with)


def _reasons(s: Scored) -> list[str]:
    out = []
    if s.biomarker_matched:
        out.append("biomarker-selected trial matching the tumor's alteration")
    elif s.biomarker_selected:
        out.append("biomarker-selected trial")
    out.append(f"status: {s.trial.status.replace('_', ' ')}")
    inc = [v for v in s.verdicts if not v.criterion.exclusion and v.state != "na"]
    out.append(f"{sum(v.state == 'met' for v in inc)} of {len(inc)} inclusion criteria met")
    n_fail = sum(v.state == "not_met" for v in s.verdicts)
    if n_fail:
        out.append(f"{n_fail} criterion/criteria not met")
    if s.distance is not None:
        out.append(f"nearest site {s.distance:.0f} km")
    if s.trial.phase:
        out.append(f"phase {s.trial.phase}")
    return out


def to_match(s: Scored) -> TrialMatch:
    t = s.trial
    site = None
    if s.site is not None:
        site = TrialSite(facility=s.site.facility, city=s.site.city, country=s.site.country,
                         distance_km=round(s.distance, 1) if s.distance is not None else None,
                         contact=s.site.contact or t.central_contact)
    by = {"met": [], "not_met": [], "unknown": []}  # type: dict[str, list[CriterionVerdict]]
    for v in s.verdicts:
        if v.state in by:
            by[v.state].append(_cv(v))
    by["unknown"].sort(key=lambda v: v.kind == "needs_review")  # typed unknowns (answerable by the patient) first
    questions = list(dict.fromkeys(v.settle_with for v in s.verdicts if v.state == "unknown" and v.settle_with
                                   and v.criterion.predicate.kind != "needs_review"))
    snap = t.snapshot_date.isoformat() if t.snapshot_date else None
    source = {"ctgov_v2": "ClinicalTrials.gov", "nci_cts_v2": "NCI CTS", "ctml": "CTML"}[t.source_format]
    return TrialMatch(
        nct_id=t.nct_id, title=t.title, status=t.status, phase=t.phase, score=round(s.score, 4),
        biomarker_selected=s.biomarker_selected, met=by["met"], not_met=by["not_met"], unknown=by["unknown"],
        nearest_site=site, reasons=_reasons(s), questions=questions, snapshot_date=snap, url=t.url,
        evidence=[Evidence(source=source, id=t.nct_id, url=t.url, date=snap)],
    )


def rank(scored: Iterable[Scored]) -> list[Scored]:
    return sorted(scored, key=Scored.key)


def match(case: Case, trials: Sequence[Trial], *, location: tuple[float, float] | None = None,
          limit: int | None = None, radius_km: float | None = None) -> list[TrialMatch]:
    """Evaluate every criterion of every trial against the case and return the ranked matches."""
    facts = facts_of(case, location)
    return match_facts(facts, trials, limit=limit, radius_km=radius_km)


def match_facts(facts: Facts, trials: Sequence[Trial], *, limit: int | None = None,
                radius_km: float | None = None) -> list[TrialMatch]:
    scored = [score_trial(t, facts) for t in trials]
    if radius_km is not None:
        scored = [s for s in scored if s.distance is not None and s.distance <= radius_km]
    ranked = rank(scored)
    return [to_match(s) for s in (ranked[:limit] if limit else ranked)]
