"""The trials engine: `assess(case, kb) -> Contribution`.

The matcher core (`rank.match`) is pure. At the edge this module opens the trial store ($ONCOTAILOR_DB or the
SQLite file under $ONCOTAILOR_HOME), prefilters candidates in SQL by cancer type and biomarker genes, and
evaluates criteria only on the survivors. Without a store it says so (`not_assessed`) — it never claims that
there are no trials.
"""

from __future__ import annotations

from pathlib import Path

from oncotailor.case import Case
from oncotailor.findings import Contribution, NotAssessed, Question
from oncotailor.knowledge import KnowledgeBase
from oncotailor.settings import database_url

REPORT_LIMIT = 20
NO_STORE = "no trial store: run `oncotailor trials import FILE` or `oncotailor trials update`"


def _store_exists(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return True


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    url = database_url()
    if not _store_exists(url):
        return Contribution(not_assessed=[NotAssessed(section="trials", reason=NO_STORE,
                                                      needed_input="a trial store")])
    # imported only when a store exists: SQLAlchemy costs a second of start-up otherwise
    from oncotailor.trials.facts import facts_of
    from oncotailor.trials.prefilter import keys_of
    from oncotailor.trials.rank import match_facts
    from oncotailor.trials.store import TrialStore

    store = TrialStore(url)
    if store.count() == 0:
        return Contribution(not_assessed=[NotAssessed(section="trials", reason=NO_STORE,
                                                      needed_input="a trial store")])
    kb.note_version("trials", store.version())
    if case.diagnosis is None or not (case.diagnosis.oncotree_code or case.diagnosis.cancer_type):
        return Contribution(not_assessed=[NotAssessed(
            section="trials", reason="no cancer diagnosis in the case", needed_input="diagnosis.cancer_type")])
    loc = None
    p = case.patient
    if p.location and p.location.lat is None and p.location.postcode:
        loc = store.postcode_location(p.location.postcode, p.location.country)
    facts = facts_of(case, loc)
    candidates = store.candidates(keys_of(facts))
    matches = match_facts(facts, candidates, limit=REPORT_LIMIT)
    out = Contribution(trials=matches)
    if facts.code is None:
        out.not_assessed.append(NotAssessed(section="trials", reason="cancer type not mapped to OncoTree",
                                            needed_input="diagnosis.cancer_type as an OncoTree code"))
    if not matches:
        out.not_assessed.append(NotAssessed(
            section="trials", reason=f"none of the {store.count()} stored trials fits the cancer type and "
            "biomarkers (the store may not hold every open trial)", needed_input="a fuller trial store"))
    asked: dict[str, None] = {}
    for m in matches[:5]:
        for q in m.questions:
            asked.setdefault(q, None)
    for q in list(asked)[:8]:
        out.questions.append(Question(text=f"Trial eligibility: {q}?", why="settles unknown criteria of the "
                                      "top-ranked trials", topic="trials"))
    return out
