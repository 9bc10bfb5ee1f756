"""Run every engine on one case and assemble the canonical report.

No clock inside the engines: `as_of` (the case's, else today) is the only date they see, and
`generated_at` is the one field allowed to differ between runs of the same inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from oncotailor import __version__
from oncotailor.case import Case
from oncotailor.engines import ENGINES, POST_PROCESSORS, load
from oncotailor.errors import InternalError, OncoTailorError
from oncotailor.findings import CaseSummary, Contribution, NotAssessed, Report, ReportWarning
from oncotailor.knowledge import KnowledgeBase, default_kb
from oncotailor.vocab.versions import vocab_versions

_LIST_FIELDS = tuple(Contribution.model_fields)


def merge(parts: list[Contribution]) -> Contribution:
    merged = Contribution()
    for part in parts:
        for name in _LIST_FIELDS:
            getattr(merged, name).extend(getattr(part, name))
    return merged


def _summary(case: Case) -> CaseSummary:
    d, t = case.diagnosis, case.tumor
    name = None
    if d and d.oncotree_code:
        try:
            from oncotailor.vocab.tumor_types import resolve_cancer_type

            name = resolve_cancer_type(d.oncotree_code).name
        except OncoTailorError:
            name = None
    return CaseSummary(
        cancer_type=d.cancer_type if d else None,
        oncotree_code=d.oncotree_code if d else None,
        cancer_type_name=name,
        stage=d.stage if d else None,
        age=case.patient.age,
        sex=case.patient.sex.value if case.patient.sex else None,
        specimen=t.specimen.value if t and t.specimen else None,
        panel=t.panel if t else None,
        tested_genes_known=bool(t and t.tested_genes is not None),
        markers=_markers(case),
    )


def _markers(case: Case) -> dict[str, str | float]:
    """Biomarkers and receptor status as given, so views and the FHIR export can carry them."""
    out: dict[str, str | float] = {}
    if case.tumor:
        out.update({k: v for k, v in case.tumor.biomarkers.model_dump(mode="json").items() if v is not None})
    if case.diagnosis:
        d = case.diagnosis.model_dump(mode="json", include={"er", "pr", "her2", "her2_ihc", "grade", "ki67",
                                                            "tumor_size_mm", "nodes_positive"})
        out.update({k: v for k, v in d.items() if v is not None})
    return out


def case_digest(case: Case) -> str:
    """The input hash: the reader's (file bytes) when there is one, else the canonical case JSON."""
    if case.input_sha256:
        return case.input_sha256
    return hashlib.sha256(case.model_dump_json(exclude={"read_warnings"}).encode()).hexdigest()


def analyze(case: Case, kb: KnowledgeBase | None = None, *, engines: tuple[str, ...] | None = None,
            now: dt.datetime | None = None) -> Report:
    """Analyze one case. `engines` limits which engines run (default: all)."""
    base = kb or default_kb()
    run_kb = base.view()
    today = (now or dt.datetime.now(dt.UTC)).date()
    if case.as_of is None:
        case = case.model_copy(update={"as_of": today})
    parts: list[Contribution] = []
    for name, module in ENGINES:
        if engines is not None and name not in engines:
            parts.append(Contribution(not_assessed=[NotAssessed(section=name, reason="engine not selected for this run")]))
            continue
        try:
            parts.append(load(module)(case, run_kb))
        except OncoTailorError:
            raise
        except Exception as exc:  # an engine bug must not pass silently nor leak patient data
            raise InternalError(f"the {name} engine failed: {type(exc).__name__}") from exc
    merged = merge(parts)
    for name, module in POST_PROCESSORS:
        try:
            merged = load(module)(case, merged, run_kb)
        except OncoTailorError:
            raise
        except Exception as exc:
            raise InternalError(f"the {name} step failed: {type(exc).__name__}") from exc
    merged.warnings[:0] = [ReportWarning(**w.model_dump()) for w in case.read_warnings]
    return Report(
        case_id=case.case_id,
        generated_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(),
        software_version=__version__,
        knowledge_versions={**run_kb.versions(), **vocab_versions()},
        as_of=(case.as_of or today).isoformat(),
        input_sha256=case_digest(case),
        summary=_summary(case),
        **merged.model_dump(),
    )
