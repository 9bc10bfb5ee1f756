"""One criterion's text → typed predicates (rule-based: regular expressions + the vocabulary table).

Rules run in a fixed order on the normalised text; a criterion can yield several predicates ("ECOG 0-1 and
age ≥ 18"). Text that no rule understands becomes a `needs review` criterion, never a guess.
"""

from __future__ import annotations

from oncotailor.trials.criteria import clinical, labs, molecular, therapy
from oncotailor.trials.criteria.normalise import normalise
from oncotailor.trials.criteria.split import split_criteria
from oncotailor.trials.model import Criterion, Predicate, ReviewP


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    chars = list(text)
    for s, e, _ in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def parse_criterion(text: str, *, exclusion: bool = False) -> list[Predicate]:
    """Typed predicates of one criterion; [ReviewP()] when no rule applies."""
    n_case = normalise(text, lower=False)
    t = n_case.lower()
    spans = therapy.therapy_spans(t)
    preds: list[Predicate] = []
    preds += clinical.performance(t)
    preds += clinical.age(t)
    preds += clinical.pregnancy(t, exclusion)
    preds += clinical.brain(t, exclusion)
    preds += clinical.measurable(t)
    preds += clinical.castration(t)
    preds += labs.labs(t)
    wash = therapy.washout(t, spans) if spans or not any(p.kind == "lab" for p in preds) else []
    preds += wash
    if not wash:
        preds += therapy.prior_therapy(t, exclusion, spans)
    masked = _mask(n_case, spans) if len(n_case) == len(t) else n_case
    preds += molecular.biomarkers(masked, masked.lower())
    if not any(p.kind in ("brain_metastases", "allowance") for p in preds):
        preds += clinical.cancer_type(t, exclusion)
        preds += clinical.stage(t) if not any(p.kind == "lab" for p in preds) else []
    unique = list({p.model_dump_json(): p for p in preds}.values())
    return unique or [ReviewP()]


def parse_eligibility(text: str | None) -> list[Criterion]:
    """Split and parse a whole eligibility text; one Criterion per predicate, all with their sentence."""
    if not text:
        return []
    out: list[Criterion] = []
    for item in split_criteria(text):
        for pred in parse_criterion(item.text, exclusion=item.exclusion):
            out.append(Criterion(text=item.text, exclusion=item.exclusion, predicate=pred))
    return out
