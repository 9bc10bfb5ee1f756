"""Questions to ask the care team, made specific from the findings and the case.

A post-processor (`engines.POST_PROCESSORS`): it sees every engine's findings at once, adds questions
for what matters to this patient, keeps the engines' own questions, and drops repeats. The wording is
data — keys under ``questions.`` in the message catalogs (`oncotailor/i18n/<lang>.yaml`) — and each
question keeps its key and parameters so a view can show it in another language. The seed list
(treatment options, trials open to me, whether genetic testing can help, whether a treatment is
personalized, benefits, side effects, chance of recovery) is always covered for a person with cancer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from oncotailor.case import FIRST_DEGREE, Case
from oncotailor.findings import Contribution, Evidence, Question, TherapyMatch
from oncotailor.i18n import LIST_SEP, Catalog
from oncotailor.knowledge import KnowledgeBase
from oncotailor.questions.inputs import input_labels

Topic = Literal["treatment", "resistance", "pgx", "hereditary", "screening", "recurrence", "trials", "testing",
                "general"]
TOPIC_ORDER = ("treatment", "resistance", "pgx", "trials", "testing", "hereditary", "recurrence", "screening",
               "general")
LEVEL_ORDER = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4}
STRONG_LEVELS = frozenset({"1", "2"})
MAX_THERAPY_QUESTIONS = 3
CONDITION_ORDER = {"met": 0, "none": 1, "unknown": 2, "not_met": 3}
MAX_TRIAL_UNKNOWN_QUESTIONS = 3
ACTION_NEEDS_TALK = frozenset({"adjust_dose", "avoid", "caution", "monitor", "consider_alternative"})
BENIGN = frozenset({"benign", "likely_benign"})


class _Builder:
    """Collects questions rendered from the English catalog, remembering key and parameters."""

    def __init__(self) -> None:
        self.cat = Catalog("en")
        self.items: list[Question] = []

    def add(self, key: str, topic: Topic, evidence: Iterable[Evidence] = (), **params: object) -> None:
        p = {k: _plain(v) for k, v in params.items()}
        self.items.append(Question(
            text=self.cat.t(f"questions.{key}.text", **p), why=self.cat.t(f"questions.{key}.why", **p),
            topic=topic,
            evidence=list(evidence)[:3], key=key, params=p,
        ))


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def drugs_text(drugs: Iterable[str]) -> str:
    return " + ".join(drugs)


def treatment_text(treatment: str) -> str:
    """'+ hormone therapy' (a step added to the previous one) reads as 'hormone therapy'."""
    return treatment.lstrip("+ ").strip() or treatment


def _tumor_tested(case: Case) -> bool:
    t = case.tumor
    return bool(t and (t.alterations or t.vcf or t.maf or t.fusions or t.cna or t.tested_genes is not None
                       or t.biomarkers.model_dump(exclude_none=True)))


def _best_therapies(therapies: list[TherapyMatch]) -> list[TherapyMatch]:
    seen: set[tuple[str, str]] = set()
    best: list[TherapyMatch] = []
    for th in sorted(therapies, key=lambda x: LEVEL_ORDER.get(x.level, 9)):
        k = (drugs_text(th.drugs).lower(), th.alteration.lower())
        if k not in seen:
            seen.add(k)
            best.append(th)
    return best


def _therapy_questions(b: _Builder, case: Case, merged: Contribution) -> None:
    # a therapy whose label limits the patient does not meet (e.g. metastatic-only, early disease) is listed in
    # the report but not turned into "is it right for me?" unless nothing else is there to ask about
    fitting = [t for t in merged.therapies if t.conditions_met != "not_met"]
    best = _best_therapies(fitting or merged.therapies)
    strong = sorted((t for t in best if t.level in STRONG_LEVELS),
                    key=lambda t: (LEVEL_ORDER[t.level], CONDITION_ORDER.get(t.conditions_met, 1)))
    for th in strong[:MAX_THERAPY_QUESTIONS]:
        b.add("therapy_right", "treatment", th.evidence, drugs=drugs_text(th.drugs), alteration=th.alteration,
              level=th.level)
        open_cond = next((c for c in th.conditions if c.status != "met"), None)
        if open_cond is not None:
            b.add("therapy_condition", "treatment", th.evidence, drugs=drugs_text(th.drugs), condition=open_cond.text)
    if strong:
        top = strong[0]
        b.add("therapy_benefit", "treatment", top.evidence, drugs=drugs_text(top.drugs))
        b.add("personalized", "treatment", top.evidence, alteration=top.alteration)
    for th in [t for t in best if t.level not in STRONG_LEVELS][:2]:
        b.add("therapy_investigational", "treatment", th.evidence, drugs=drugs_text(th.drugs),
              alteration=th.alteration, level=th.level)
    if case.diagnosis is None:
        return
    if not strong:
        b.add("no_targeted" if _tumor_tested(case) else "tumor_testing", "treatment" if _tumor_tested(case)
              else "testing")
    b.add("options", "treatment")
    b.add("side_effects", "treatment")
    for r in merged.resistance:
        b.add("resistance", "resistance", r.evidence, drugs=" or ".join(r.drugs), alteration=r.alteration)


def _relevant_drugs(case: Case, merged: Contribution) -> set[str]:
    """Drugs this patient takes, took, or is matched to: a PGx note about them matters even when normal."""
    drugs = {d.lower() for d in case.patient.medications or []}
    drugs |= {d.lower() for t in merged.therapies for d in t.drugs}
    for line in (case.history.prior_therapies or []) if case.history else []:
        drugs |= {d.lower() for d in line.drugs}
    return drugs


def _pgx_questions(b: _Builder, case: Case, merged: Contribution) -> None:
    """Ask about a dose when the phenotype is not normal, or when the drug is one this patient meets."""
    relevant = _relevant_drugs(case, merged)
    for res in merged.pgx:
        if res.call_status != "called":
            b.add("pgx_incomplete", "pgx", res.evidence, gene=res.gene)
        normal = "normal" in (res.phenotype or "").lower()
        for rec in res.recommendations:
            if rec.action in ACTION_NEEDS_TALK and (not normal or rec.drug.lower() in relevant):
                b.add("pgx_dose", "pgx", rec.evidence, gene=res.gene, drug=rec.drug,
                      phenotype=res.phenotype or res.gene)
    for th in merged.therapies:
        for note in th.pgx:
            b.add("pgx_dose", "pgx", th.evidence, gene=note.gene, drug=note.drug, phenotype=note.phenotype or note.gene)


def _relatives(case: Case) -> str:
    """First-degree relatives the family history names (as catalog keys), else 'close family'."""
    named = []
    for member in case.family_history or []:
        if member.relation in FIRST_DEGREE and member.relation not in named:
            named.append(member.relation)
    order = ["sister", "brother", "daughter", "son", "mother", "father"]
    named.sort(key=order.index)
    return LIST_SEP.join(f"@relation_plural.{r}" for r in named) if named else "@relation_plural.close_family"


def _hereditary_questions(b: _Builder, case: Case, merged: Contribution) -> None:
    from oncotailor.risk.hereditary import CARRIER_CLASSES

    for h in merged.hereditary:
        label = h.classification.lower().replace(" ", "_")
        if label in BENIGN:
            continue  # a benign variant raises no question
        if label not in CARRIER_CLASSES:
            b.add("hereditary_vus", "hereditary", h.evidence, gene=h.gene)
            continue
        b.add("cascade", "hereditary", h.evidence, gene=h.gene, relatives=_relatives(case))
        if h.therapy_relevance:
            b.add("hereditary_therapy", "hereditary", h.evidence, gene=h.gene)
        if h.management:
            b.add("hereditary_care", "hereditary", h.evidence, gene=h.gene)
    affected = [m for m in case.family_history or [] if m.cancer]
    if affected and not merged.hereditary and (case.germline is None or not case.germline.variants):
        b.add("germline_testing", "testing")


def _risk_questions(b: _Builder, merged: Contribution) -> None:
    for r in merged.risk_models:
        if r.valid and r.percent is not None and r.average_percent is not None and r.percent > r.average_percent:
            b.add("risk_lower", "screening", r.evidence, outcome=r.outcome)
    seen: set[str] = set()
    for s in merged.screening:
        if s.risk_category != "average" and s.start_age is not None and s.cancer.lower() not in seen:
            seen.add(s.cancer.lower())
            b.add("screening_plan", "screening", s.evidence, test=s.test,
                  cancer=re.sub(r"\s+cancer$", "", s.cancer, flags=re.I))


def _recurrence_questions(b: _Builder, case: Case, merged: Contribution) -> None:
    valid = [r for r in merged.recurrence if r.valid]
    asked: set[str] = set()
    for r in valid:  # one question per treatment, whatever the number of outcomes and horizons
        if r.benefit_points is not None and r.treatment.lower() != "surgery only" and r.treatment not in asked:
            asked.add(r.treatment)
            b.add("recurrence_benefit", "recurrence", r.evidence, treatment=treatment_text(r.treatment),
                  outcome=r.outcome)
    if case.diagnosis is not None:
        b.add("recovery", "recurrence", valid[0].evidence if valid else ())


def _trial_questions(b: _Builder, case: Case, merged: Contribution) -> None:
    if merged.trials:
        b.add("trials_eligible", "trials", count=len(merged.trials))
        asked = 0
        for tr in sorted(merged.trials, key=lambda x: -x.score):
            item = next((u.settle_with for u in tr.unknown if u.settle_with), None)
            if item and asked < MAX_TRIAL_UNKNOWN_QUESTIONS:
                b.add("trial_unknown", "trials", tr.evidence, item=item, nct_id=tr.nct_id)
                asked += 1
    elif case.diagnosis is not None:
        b.add("trials_any", "trials")


def _not_assessed_questions(b: _Builder, merged: Contribution) -> None:
    """One question per section: which tests or details would settle what could not be checked."""
    needed: dict[str, list[str]] = {}
    for na in merged.not_assessed:
        labels = needed.setdefault(na.section, [])
        labels.extend(x for x in input_labels(na.needed_input, b.cat) if x not in labels)
    for section, labels in needed.items():
        if labels and b.cat.has(f"section_goal.{section}"):
            name = f"@section.{section}" if b.cat.has(f"section.{section}") else section
            b.add("not_assessed", "testing", needed=LIST_SEP.join(labels), goal=f"@section_goal.{section}", section=name)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def dedupe(questions: Iterable[Question]) -> list[Question]:
    """Keep the first of each question (same words, ignoring case and punctuation), topics in a fixed order."""
    seen: set[str] = set()
    out: list[Question] = []
    for q in questions:
        k = _norm(q.text)
        if k and k not in seen:
            seen.add(k)
            out.append(q)
    return sorted(out, key=lambda q: TOPIC_ORDER.index(q.topic) if q.topic in TOPIC_ORDER else len(TOPIC_ORDER))


def generate(case: Case, merged: Contribution) -> list[Question]:
    b = _Builder()
    _therapy_questions(b, case, merged)
    _pgx_questions(b, case, merged)
    _trial_questions(b, case, merged)
    _hereditary_questions(b, case, merged)
    _risk_questions(b, merged)
    _recurrence_questions(b, case, merged)
    _not_assessed_questions(b, merged)
    return b.items


def assess(case: Case, merged: Contribution, kb: KnowledgeBase) -> Contribution:
    """Add generated questions after the engines' own, without repeats."""
    return merged.model_copy(update={"questions": dedupe([*merged.questions, *generate(case, merged)])})
