"""The case, read once into the flat facts the criterion evaluators compare against (pure).

Building these once per patient keeps the per-criterion work to a few attribute reads, so one patient can be
checked against thousands of trials quickly. Absent inputs stay None ("unknown"), never "no".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from oncotailor.case import Alteration, AlterationKind, Case, CopyNumber
from oncotailor.hormone_setting import castration_status
from oncotailor.trials.oncotree import is_solid, lineage


@dataclass(frozen=True, slots=True)
class Line:
    classes: frozenset[str]
    drugs: frozenset[str]
    progressed: bool | None
    setting: str | None
    end: dt.date | None
    ongoing: bool | None
    label: str


@dataclass(frozen=True)
class Facts:
    as_of: dt.date
    code: str | None
    lineage: tuple[str, ...]
    solid: bool | None
    stage: str | None
    metastatic_sites: tuple[str, ...] | None
    resectable: bool | None
    brain: str | None
    measurable: bool | None
    age: float | None
    sex: str | None
    ecog: int | None
    karnofsky: int | None
    pregnant: bool | None
    labs: dict[str, float]
    alterations: tuple[Alteration, ...]
    altered_genes: frozenset[str]
    tested: frozenset[str] | None
    biomarkers: dict[str, object]
    lines: tuple[Line, ...] | None  # None: treatment history not given
    radiotherapy: tuple[dt.date | None, ...] | None
    surgeries: tuple[dt.date | None, ...] | None
    location: tuple[float, float] | None = None
    castration: str | None = None  # prostate: resistant / sensitive, stated or read from the history
    castration_detail: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def gene_tested(self, gene: str) -> bool | None:
        """True when the gene was sequenced (on the panel, or an alteration in it is reported)."""
        if gene in self.altered_genes:
            return True
        if self.tested is None:
            return None
        return gene in self.tested


def _classes(drug: str) -> frozenset[str]:
    from oncotailor.vocab.drugs import drug_classes, lookup

    try:
        return drug_classes(drug) | ({lookup(drug) or drug.lower()})
    except Exception:
        return frozenset({drug.lower()})


def _text(v: object) -> str | None:
    return None if v is None else str(getattr(v, "value", v))


def _genes_of(a: Alteration) -> set[str]:
    return {g for g in (a.gene, a.fusion_5p, a.fusion_3p) if g}


def facts_of(case: Case, location: tuple[float, float] | None = None) -> Facts:
    d = case.diagnosis
    p = case.patient
    code = d.oncotree_code if d else None
    if d and not code and d.cancer_type:
        from oncotailor.trials.oncotree import resolve_condition

        code = resolve_condition(d.cancer_type)
    labs = {k: float(v) for k, v in p.labs.model_dump().items() if v is not None}
    alts = tuple(case.all_alterations())
    tumor = case.tumor
    bm: dict[str, object] = {}
    if tumor:
        bm = {k: v for k, v in tumor.biomarkers.model_dump().items() if v is not None}
    if d:
        for k in ("er", "pr", "her2"):
            v = getattr(d, k)
            if v is not None:
                bm[k] = str(v.value if hasattr(v, "value") else v)
    lines = None
    rt = surg = None
    if case.history is not None:
        if case.history.prior_therapies is not None:
            lines = tuple(
                Line(classes=frozenset().union(*[_classes(x) for x in t.drugs]) if t.drugs else frozenset(),
                     drugs=frozenset(x.lower() for x in t.drugs), progressed=t.progressed, setting=t.setting,
                     end=t.end_date, ongoing=t.ongoing,
                     label=f"line {t.line}: {' + '.join(t.drugs)}" if t.line else " + ".join(t.drugs))
                for t in case.history.prior_therapies
            )
        if case.history.radiotherapy is not None:
            rt = tuple(r.date for r in case.history.radiotherapy)
        if case.history.surgeries is not None:
            surg = tuple(s.date for s in case.history.surgeries)
    loc = location
    if loc is None and p.location and p.location.lat is not None and p.location.lon is not None:
        loc = (p.location.lat, p.location.lon)
    tested = frozenset(tumor.tested_genes) if tumor and tumor.tested_genes is not None else None
    castration, castration_detail = castration_status(case)
    return Facts(
        as_of=case.as_of or dt.date.today(),  # engines pass case.as_of; the default only serves direct callers
        code=code, lineage=lineage(code) if code else (), solid=is_solid(code) if code else None,
        stage=(d.stage or "").upper() or None if d else None,
        metastatic_sites=tuple(s.lower() for s in d.metastatic_sites) if d and d.metastatic_sites is not None else None,
        resectable=d.resectable if d else None,
        brain=_text(d.brain_metastases) if d else None,
        measurable=d.measurable_disease if d else None,
        age=p.age, sex=_text(p.sex), ecog=p.ecog, karnofsky=p.karnofsky, pregnant=p.pregnant,
        labs=labs, alterations=alts, altered_genes=frozenset(g for a in alts for g in _genes_of(a)),
        tested=tested, biomarkers=bm, lines=lines, radiotherapy=rt, surgeries=surg, location=loc,
        castration=castration, castration_detail=castration_detail,
    )


def alt_is(a: Alteration, category: str) -> bool:
    """Does a case alteration belong to a trial's alteration category?"""
    if category == "any":
        return True
    if category == "mutation":
        return a.kind == AlterationKind.mutation
    if category in ("fusion", "rearrangement"):
        return a.kind in (AlterationKind.fusion, AlterationKind.rearrangement)
    if category == "amplification":
        return a.kind == AlterationKind.copy_number and a.copy_number in (CopyNumber.amplification, CopyNumber.gain)
    if category == "deletion":
        return a.kind == AlterationKind.copy_number and a.copy_number in (CopyNumber.deletion, CopyNumber.loss)
    if category == "expression":
        return a.kind == AlterationKind.expression or (
            a.kind == AlterationKind.copy_number and a.copy_number == CopyNumber.amplification)
    return False
