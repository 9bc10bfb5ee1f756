"""The 21-gene Recurrence Score formula (Paik et al., NEJM 2004;351:2817) from a tumour expression table.

    RSU = 0.47 HER2 - 0.34 ER + 1.04 proliferation + 0.10 invasion + 0.05 CD68 - 0.08 GSTM1 - 0.07 BAG1
    RS  = 20 (RSU - 6.7), held to 0-100

with group scores as weighted means of reference-normalised genes (HER2 floored at 8, proliferation at
6.5). All numbers come from `knowledge/data/recurrence/rs21*.yaml`. The published cut-offs belong to the
RT-PCR assay, whose values are already reference-normalised on a 0-15 scale (scale `rt_pcr_ct_delta`);
other inputs are normalised here to the five reference genes and labelled approximations.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from oncotailor.case import Case
from oncotailor.findings import Evidence
from oncotailor.knowledge import KnowledgeBase
from oncotailor.recurrence import expression as ex
from oncotailor.recurrence import model_base as mb

MODEL = "RS21"
OUTCOME = "distant recurrence (score group average)"
ASSAY_SCALE = "rt_pcr_ct_delta"


class FormulaRow(mb.Row):
    kind: str
    name: str
    source: str
    group: str | None = None
    weight: float | None = None
    coefficient: float | None = None
    floor: float | None = None
    value: float | None = None
    aliases: list[str] = Field(default_factory=list)


class BandRow(mb.Row):
    scheme: str
    group: str
    lo: float
    hi: float
    percent_10y: float | None = None
    ci: tuple[float, float] | None = None
    source: str
    source_id: str | None = None
    url: str | None = None
    date: str | None = None


class ContextRow(mb.Row):
    nodes_min: int
    nodes_max: int
    rs_min: int
    rs_max: int
    who: str
    trial: str
    statement: str
    source: str
    source_id: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Formula:
    genes: tuple[FormulaRow, ...]
    groups: tuple[FormulaRow, ...]
    references: tuple[FormulaRow, ...]
    constants: dict[str, float]

    @classmethod
    def load(cls, kb: KnowledgeBase) -> Formula:
        rows = kb.table("recurrence/rs21", FormulaRow)
        return cls(tuple(r for r in rows if r.kind == "gene"), tuple(r for r in rows if r.kind == "group"),
                   tuple(r for r in rows if r.kind == "reference"),
                   {r.name: r.value for r in rows if r.kind == "constant" and r.value is not None})

    def missing(self, values: dict[str, float], with_references: bool) -> list[str]:
        need = list(self.genes) + (list(self.references) if with_references else [])
        return [r.name for r in need if ex.find(values, r.name, r.aliases) is None]


def assay_values(values: dict[str, float], f: Formula) -> dict[str, float]:
    """Values already on the assay's reference-normalised scale, keyed by the formula's gene names."""
    return {r.name: v for r in f.genes if (v := ex.find(values, r.name, r.aliases)) is not None}


def normalise(values: dict[str, float], f: Formula) -> dict[str, float]:
    """Reference normalisation: each gene minus the mean of the five reference genes, placed at `reference_level`."""
    refs = [ex.find(values, r.name, r.aliases) for r in f.references]
    mean = sum(v for v in refs if v is not None) / len(refs)
    level = f.constants["reference_level"]
    return {name: v - mean + level for name, v in assay_values(values, f).items()}


def group_scores(values: dict[str, float], f: Formula) -> dict[str, float]:
    """Weighted gene means per group, with the published floors."""
    out: dict[str, float] = {}
    for g in f.groups:
        score = sum((r.weight or 0.0) * values[r.name] for r in f.genes if r.group == g.name)
        out[g.name] = max(score, g.floor) if g.floor is not None else score
    return out


def unscaled(groups: dict[str, float], f: Formula) -> float:
    return sum((g.coefficient or 0.0) * groups[g.name] for g in f.groups)


def scaled(rsu: float, f: Formula) -> float:
    c = f.constants
    return min(c["score_max"], max(c["score_min"], c["scale_factor"] * (rsu - c["scale_offset"])))


def recurrence_score(values: dict[str, float], f: Formula) -> float:
    """Score (0-100, unrounded) from values already reference-normalised on the assay scale."""
    return scaled(unscaled(group_scores(values, f), f), f)


def reported(score: float) -> int:
    """The assay reports whole numbers; bands are defined on them (half rounds up)."""
    return int(score + 0.5)


def band(score: int, rows: list[BandRow], scheme: str) -> BandRow:
    return next(r for r in rows if r.scheme == scheme and r.lo <= score < r.hi)


def context(score: int, nodes: int | None, age: float | None, menopause: str | None,
            rows: list[ContextRow]) -> list[ContextRow]:
    """Trial findings that match the nodal group, score and age/menopausal group (all when the group is unknown)."""
    if nodes is None:
        return []
    who = {"any"}
    if age is None or age <= 50:
        who.add("age_le_50")
    if age is None or age > 50:
        who.add("age_gt_50")
    if menopause in (None, "pre", "peri"):
        who.add("premenopausal")
    if menopause in (None, "post"):
        who.add("postmenopausal")
    return [r for r in rows if r.nodes_min <= nodes <= r.nodes_max and r.rs_min <= score <= r.rs_max and r.who in who]


def _approximation(scale: str, platform: str) -> str | None:
    if scale == ASSAY_SCALE and platform in ("rt_pcr", "unknown"):
        return None
    return (f"computed from {platform} values ({scale}) normalised to the five reference genes; the score's "
            "cut-offs were set on the RT-PCR assay and the assay's scale offset is not published, so this is an "
            "approximation of the Recurrence Score, not the test result")


def evaluate(case: Case, kb: KnowledgeBase) -> mb.ModelOutput:
    sp, out, expr = ex.signature_start(case, kb, MODEL, OUTCOME, "tumor.expression (16 cancer + 5 reference genes)")
    if expr is None:
        return out
    d = case.diagnosis
    if d is not None and d.er == "negative":
        out.estimates.append(mb.refusal(sp, OUTCOME, "the score was developed and validated in ER-positive breast cancer"))
        return out
    f = Formula.load(kb)
    values = ex.by_symbol(expr)
    on_assay_scale = expr.scale == ASSAY_SCALE
    lacking = f.missing(values, with_references=not on_assay_scale)
    if len(f.missing(values, with_references=False)) > len(f.genes) / 2:
        out.not_assessed.append(mb.missing(sp, ["tumor.expression (16 cancer + 5 reference genes)"],
                                           "the expression table does not cover the 21-gene panel"))
        return out
    if lacking:
        return mb.incomplete_panel(out, sp, OUTCOME, "21-gene", lacking)
    norm = assay_values(values, f) if on_assay_scale else normalise(values, f)
    exact = recurrence_score(norm, f)
    score = reported(exact)
    bands = kb.table("recurrence/rs21_groups", BandRow)
    paik, tailorx = band(score, bands, "Paik 2004"), band(score, bands, "TAILORx")
    age = mb.age_at_diagnosis(case)
    menopause = case.patient.menopausal_status.value if case.patient.menopausal_status else None
    nodes = d.nodes_positive if d else None
    found = context(score, nodes, age, menopause, kb.table("recurrence/rs21_context", ContextRow))
    note = (f"Recurrence Score {score}: {paik.group} (Paik 2004), TAILORx band {tailorx.group}. In the node-negative, "
            f"tamoxifen-treated NSABP B-14 cohort about {paik.percent_10y:g} in 100 patients of this group had a distant "
            "recurrence within 10 years.")
    if found:
        note += " " + " ".join(r.statement for r in found)
    elif nodes is None:
        note += " Trial context needs the number of positive nodes."
    else:
        note += " No randomised trial of the score covers this nodal group."
    cited: list[BandRow | ContextRow] = [tailorx, *found]
    evidence = list(sp.evidence) + [Evidence(source="Publication", id=r.source_id, url=r.url, date=r.date, note=r.source)
                                    for r in cited]
    groups = group_scores(norm, f)
    out.estimates.append(mb.RecurrenceEstimate(
        model=MODEL, outcome=OUTCOME, horizon="10y", treatment="hormone therapy (tamoxifen, 5 years)",
        percent=paik.percent_10y, interval=paik.ci, score=float(score), group=paik.group, valid=True,
        approximation=_approximation(expr.scale, expr.platform), note=note, regimen=["tamoxifen"],
        inputs_used={"score_unrounded": round(exact, 6), "tailorx_band": tailorx.group, "nodes": nodes, "age": age,
                     "menopausal_status": menopause, **{f"group_{k}": round(v, 6) for k, v in groups.items()}},
        evidence=evidence))
    if nodes is None:
        out.not_assessed.append(mb.missing(sp, ["diagnosis.nodes_positive"], "trial context (TAILORx/RxPONDER) needs the nodal status"))
    return out
