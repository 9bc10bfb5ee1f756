"""Label conditions beyond the biomarker (line, prior therapy, progression, age, receptor, stage, setting …).

Each condition of a rule is evaluated against the case's history, patient and diagnosis to met / not_met /
unknown — unknown whenever the case does not say (an absent history is "not asked", not "none").
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable

from oncotailor.case import Case, TherapyLine
from oncotailor.findings.therapy import Condition as ConditionResult
from oncotailor.hormone_setting import castration_status
from oncotailor.knowledge.schemas.therapy import Condition, TherapyRule
from oncotailor.stage_setting import distant_metastasis
from oncotailor.therapy.germline_findings import GermlineFacts, germline_status

_NON_PALLIATIVE = frozenset({"adjuvant", "neoadjuvant", "curative"})
_LINE_TEXT = {
    "first_line": "first-line treatment",
    "second_line_plus": "after at least one prior line of treatment",
    "after_progression": "after progression on a prior treatment",
    "adjuvant": "adjuvant treatment (after surgery)",
    "neoadjuvant": "neoadjuvant treatment (before surgery)",
    "perioperative": "perioperative treatment (around surgery)",
    "maintenance": "maintenance treatment",
}


def norm_drug(name: str) -> str:
    try:
        from oncotailor.vocab.drugs import lookup
    except ImportError:
        return name.strip().lower()
    return lookup(name) or name.strip().lower()


def _classes(name: str) -> frozenset[str]:
    try:
        from oncotailor.vocab.drugs import drug_classes
    except ImportError:
        return frozenset()
    return drug_classes(name)


def _line_hits(line: TherapyLine, drugs: Iterable[str], classes: Iterable[str]) -> list[str]:
    wanted = {norm_drug(d) for d in drugs}
    cls = set(classes)
    return [d for d in line.drugs if norm_drug(d) in wanted or (cls and _classes(d) & cls)]


def _missing(lines: list[TherapyLine], cond: Condition) -> list[str]:
    """The listed drugs and classes no line of the history contains (for `require_all` conditions)."""
    given = [d for ln in lines for d in ln.drugs]
    names = {norm_drug(d) for d in given}
    classes = {c for d in given for c in _classes(d)}
    return ([d for d in cond.drugs if norm_drug(d) not in names]
            + [c.replace("_", " ") for c in cond.drug_classes if c not in classes])


def next_line(case: Case) -> int | None:
    """The line of treatment a new drug would be in the advanced setting (1 = first line); None if unknown."""
    lines = case.history.prior_therapies if case.history else None
    if lines is None:
        return None
    pall = [ln for ln in lines if ln.setting not in _NON_PALLIATIVE]
    if not pall:
        return 1
    numbered = [ln.line for ln in pall if ln.line is not None]
    return max([*numbered, len(pall)]) + 1


def _stage_in(stage: str, values: list[str]) -> bool:
    base = re.sub(r"[A-C]\d?$", "", stage.upper())
    return any(stage.upper() == v.upper() or base == v.upper() for v in values)


def _metastatic(case: Case) -> bool | None:
    return distant_metastasis(case.diagnosis)


def _early_solid(case: Case) -> str | None:
    """Why lines of advanced-disease treatment do not apply, or None when they might.

    Label lines count treatments for advanced (unresectable or metastatic) disease. A solid tumor known to be
    stage 0-II, or stage III and resectable, is not in that setting. Blood cancers are left alone: their
    stages (Ann Arbor, ISS) say nothing about the treatment setting.
    """
    d = case.diagnosis
    if d is None or not d.stage or d.metastatic_sites or not d.oncotree_code:
        return None
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    if not resolve_cancer_type(d.oncotree_code).solid:
        return None
    stage = d.stage.upper()
    if re.match(r"^(0|I|II)([A-C]\d?)?$", stage) or (re.match(r"^III([A-C]\d?)?$", stage) and d.resectable is True):
        return f"stage {d.stage} without metastases: label lines refer to advanced disease"
    return None


def evaluate(cond: Condition, case: Case, germline: GermlineFacts | None = None) -> ConditionResult:
    kind = cond.kind
    status, detail = "unknown", None
    lines = case.history.prior_therapies if case.history else None
    if kind in ("prior_therapy", "no_prior_therapy", "progressed_on"):
        if lines is not None:
            hits = [(ln, _line_hits(ln, cond.drugs, cond.drug_classes)) for ln in lines]
            hits = [(ln, h) for ln, h in hits if h]
            if kind == "prior_therapy":
                missing = _missing(lines, cond) if cond.require_all else []
                status = "met" if hits and not missing else "not_met"
                if missing:
                    detail = "not received: " + ", ".join(missing)
            elif kind == "no_prior_therapy":
                status = "not_met" if hits else "met"
            else:
                progressed = [ln for ln, _ in hits if ln.progressed or ln.best_response == "PD"]
                unclear = [ln for ln, _ in hits if ln.progressed is None and ln.best_response != "PD"]
                status = "met" if progressed else ("unknown" if unclear else "not_met")
            if hits and detail is None:
                detail = "received " + ", ".join(sorted({d for _, h in hits for d in h}))
        else:
            detail = "treatment history not given"
    elif kind == "line":
        nl = next_line(case)
        if (early := _early_solid(case)) is not None:
            status, detail = "not_met", early
        elif nl is not None:
            ok = (cond.min_line is None or nl >= cond.min_line) and (cond.max_line is None or nl <= cond.max_line)
            status, detail = ("met" if ok else "not_met"), f"this would be line {nl}"
        else:
            detail = "treatment history not given"
    elif kind == "age":
        age = case.patient.age
        if age is not None:
            ok = (cond.min_age is None or age >= cond.min_age) and (cond.max_age is None or age <= cond.max_age)
            status, detail = ("met" if ok else "not_met"), f"age {age:g}"
    elif kind == "receptor":
        status, detail = _receptor(cond, case)
    elif kind == "stage":
        stage = case.diagnosis.stage if case.diagnosis else None
        if stage:
            status, detail = ("met" if _stage_in(stage, cond.values) else "not_met"), f"stage {stage}"
    elif kind == "setting":
        status, detail = _setting(cond, case)
    elif kind == "partner_drug":
        status = "met"
    elif kind == "histology":
        status, detail = _histology(cond, case)
    elif kind == "castration":
        status, detail = _castration(cond, case)
    elif kind == "nodes":
        n = case.diagnosis.nodes_positive if case.diagnosis else None
        if n is not None:
            status, detail = ("met" if n >= (cond.min_nodes or 1) else "not_met"), f"{n} positive nodes"
        else:
            detail = "number of positive lymph nodes not given (diagnosis.nodes_positive)"
    elif kind == "germline":  # values: genes whose inherited variant the label requires
        status, detail = germline_status(germline, cond.values)
    elif kind == "sex":
        sex = case.patient.sex
        if sex is not None:
            status = "met" if sex.value in {v.lower() for v in cond.values} else "not_met"
    return ConditionResult(text=cond.text, status=status, detail=detail)


def _castration(cond: Condition, case: Case) -> tuple[str, str | None]:
    value, detail = castration_status(case)
    if value is None:
        return "unknown", "castration status not given (diagnosis.castration_status)"
    return ("met" if value in cond.values else "not_met"), detail


def _histology(cond: Condition, case: Case) -> tuple[str, str | None]:
    """Words of the reported histology and of the OncoTree type name: a `values` word meets the condition
    (checked first, so 'non-squamous' is not read as 'squamous'), a `not_values` word fails it; a broad type
    without a histology (e.g. NSCLC) leaves it unknown."""
    d = case.diagnosis
    if d is None:
        return "unknown", None
    words = [d.histology or ""]
    if d.oncotree_code:
        from oncotailor.errors import OncoTailorError
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        with contextlib.suppress(OncoTailorError):  # an unknown code adds no words
            words.append(resolve_cancer_type(d.oncotree_code).name)
    text = " ".join(words).lower()
    seen = "; ".join(w for w in words if w) or None
    if any(v.lower() in text for v in cond.values):
        return "met", seen
    if any(v.lower() in text for v in cond.not_values):
        return "not_met", seen
    return "unknown", seen or "histology not given"


def _receptor(cond: Condition, case: Case) -> tuple[str, str | None]:
    fld = (cond.field or "").lower()
    value: str | None = None
    if fld == "menopausal_status":
        value = case.patient.menopausal_status.value if case.patient.menopausal_status else None
    elif fld == "her2":  # stated status, IHC or ISH, in the diagnosis or the tumor results
        from oncotailor.therapy.frames import her2_of

        value = her2_of(case)[2]
    elif case.diagnosis is not None:
        raw = getattr(case.diagnosis, fld, None)
        value = getattr(raw, "value", raw)
    if value is None:
        return "unknown", f"{fld} not given"
    ok = str(value).lower() in {v.lower() for v in cond.values}
    return ("met" if ok else "not_met"), f"{fld} {value}"


def _setting(cond: Condition, case: Case) -> tuple[str, str | None]:
    wanted = {v.lower() for v in cond.values}
    meta = _metastatic(case)
    d = case.diagnosis
    early = _early_solid(case)  # stage 0-II, or resectable III: neither metastatic nor unresectable
    if wanted & {"metastatic", "advanced"}:
        if meta is True or (wanted & {"advanced", "unresectable"} and d is not None and d.resectable is False):
            return "met", None
        if early is not None:
            return "not_met", early
        return ("not_met" if meta is False and not (wanted & {"unresectable"}) else "unknown"), None
    if "unresectable" in wanted:
        if d is not None and d.resectable is not None:
            return ("not_met" if d.resectable else "met"), None
        if early is not None:
            return "not_met", early
        return ("met" if meta else "unknown"), None
    if wanted & {"adjuvant", "neoadjuvant", "early", "perioperative"}:
        if meta is None:
            return "unknown", None
        return ("not_met" if meta else "met"), None
    return "unknown", None


def implied_by_line(rule: TherapyRule) -> Condition | None:
    """The rule's `line_of_therapy`, as a condition, when the rule does not state one itself."""
    lot = rule.line_of_therapy
    if lot is None or lot == "any_line" or any(c.kind in ("line", "setting") for c in rule.conditions):
        return None
    text = _LINE_TEXT.get(lot, lot)
    if lot == "first_line":
        return Condition(kind="line", text=text, max_line=1)
    if lot in ("second_line_plus", "after_progression"):
        return Condition(kind="line", text=text, min_line=2)
    if lot in ("adjuvant", "neoadjuvant", "perioperative"):
        return Condition(kind="setting", text=text, values=[lot])
    return Condition(kind="other", text=text)


def evaluate_all(rule: TherapyRule, case: Case, germline: GermlineFacts | None = None
                 ) -> tuple[list[ConditionResult], str]:
    conds = list(rule.conditions)
    implied = implied_by_line(rule)
    if implied is not None:
        conds.insert(0, implied)
    results = [evaluate(c, case, germline) for c in conds]
    if not results:
        return results, "none"
    statuses = {r.status for r in results}
    overall = "not_met" if "not_met" in statuses else ("unknown" if "unknown" in statuses else "met")
    return results, overall
