"""Each criterion against the case → met / not met / unknown, with the case's evidence and, for an unknown,
the input that would settle it (pure).

A predicate's *condition* is evaluated in three values (True / False / None); ``negate`` flips it; then an
inclusion criterion is met when the condition holds, and an exclusion criterion is met ("patient excluded")
when it holds. Unknown stays unknown: it is never counted as met or as failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from oncotailor.stage_setting import distant
from oncotailor.trials.ctml_eval import eval_ctml
from oncotailor.trials.facts import Facts, alt_is
from oncotailor.trials.model import (
    AgeP,
    AltSpec,
    BiomarkerP,
    BiomarkerValueP,
    BrainMetsP,
    CancerTypeP,
    CastrationP,
    Criterion,
    CtmlP,
    LabP,
    MeasurableP,
    PerformanceP,
    PriorTherapyP,
    SexP,
    StageP,
    WashoutP,
)
from oncotailor.trials.tri import Tri
from oncotailor.trials.tri import tri_or as _any

Result = tuple[Tri, str, str | None]  # condition, evidence, settle_with


@dataclass(frozen=True, slots=True)
class Verdict:
    """One criterion's outcome. state: met | not_met | unknown | na (an allowance: not scored)."""

    state: str
    criterion: Criterion
    evidence: str
    settle_with: str | None = None


def compare(a: float, op: str, b: float) -> bool:
    return {">=": a >= b, ">": a > b, "<=": a <= b, "<": a < b, "==": a == b}[op]


# ── cancer type and stage ─────────────────────────────────────────────


def _cancer_code(f: Facts, code: str) -> tuple[Tri, str]:
    if code == "_ANY_":
        return True, "any cancer type"
    if code in ("_SOLID_", "_LIQUID_"):
        want = code == "_SOLID_"
        if f.solid is None:
            return None, "solid or haematological unknown"
        return f.solid == want, f"{f.code} is {'a solid' if f.solid else 'a haematological'} cancer"
    if code in f.lineage:
        return True, f"diagnosis {f.code} is {'' if code == f.code else 'within '}{code}"
    from oncotailor.trials.oncotree import lineage

    if f.code and f.code in lineage(code):
        return None, f"diagnosis {f.code} is less specific than {code}"
    return False, f"diagnosis {f.code} is not {code}"


def ev_cancer(p: CancerTypeP, f: Facts) -> Result:
    if not f.code:
        return None, "cancer type not given", "the cancer type (OncoTree code or name)"
    tri, ev = _any([_cancer_code(f, c) for c in p.codes])
    return tri, ev, ("a more specific histology" if tri is None else None)


_STAGE_GROUPS = ("IV", "III", "II", "I", "0")


def _stage_group(stage: str) -> str | None:
    return next((g for g in _STAGE_GROUPS if stage.startswith(g)), None)


def ev_stage(p: StageP, f: Facts) -> Result:
    results: list[tuple[Tri, str]] = []
    st = f.stage
    grp = _stage_group(st) if st else None
    metastatic = distant(st, bool(f.metastatic_sites), f.lineage)
    for s in p.stages:
        if not st:
            results.append((None, "stage not given"))
        elif st.startswith(s):
            results.append((True, f"stage {st}"))
        elif s.startswith(st):
            results.append((None, f"stage {st} is less specific than {s}"))
        else:
            results.append((False, f"stage {st}, not {s}"))
    if p.stages and st:  # an explicit stage range decides; extent words only describe it
        tri0, ev0 = _any(results)
        return tri0, ev0, None if tri0 is not None else "the exact stage (AJCC)"
    for e in p.extents:
        if e == "metastatic":
            results.append((metastatic, f"stage {st}" if st else "metastatic status not given"))
        elif e in ("locally_advanced", "advanced"):
            ok = {"III": True, "IV": e == "advanced"}.get(grp or "", False if grp else None)
            results.append((ok, f"stage {st}" if st else "stage not given"))
        elif e == "unresectable":
            res: Tri = (not f.resectable) if f.resectable is not None else (True if grp == "IV" else None)
            results.append((res, "resectability" + (f": {'resectable' if f.resectable else 'unresectable'}"
                                                    if f.resectable is not None else " not given")))
        elif e == "resectable":
            results.append((f.resectable, "resectability given" if f.resectable is not None else "resectability not given"))
        else:
            results.append((None, f"'{e}' not recorded in the case"))
    tri, ev = _any(results)
    return tri, ev, ("stage (AJCC) and whether the disease is metastatic or resectable" if tri is None else None)


# ── biomarkers ────────────────────────────────────────────────────────


def _alt_match(spec: AltSpec, f: Facts, gene_level: bool) -> tuple[Tri, str]:
    for a in f.alterations:
        genes = {a.gene, a.fusion_5p, a.fusion_3p}
        if spec.gene not in genes:
            continue
        if gene_level and not (spec.protein_change or spec.codon or spec.exon):
            return True, f"tumor has {a.gene} {a.alteration}"
        if not alt_is(a, spec.category):
            continue
        if spec.protein_change and a.alteration.upper() != spec.protein_change.upper():
            continue
        if spec.codon and not (a.protein_start == int(spec.codon[1:]) and (a.ref_aa or "")[:1] == spec.codon[0]):
            continue
        if spec.exon:
            if a.exon != spec.exon:
                continue
            cons = (a.consequence or "") + " " + a.alteration.lower()
            need = {"deletion": "del", "insertion": "ins", "skipping": "skip"}.get(spec.exon_change or "")
            if need and need not in cons and not (need == "ins" and "dup" in cons) and not (
                    need == "skip" and "splice" in cons):
                continue
        return True, f"tumor has {a.gene} {a.alteration}"
    tested = f.gene_tested(spec.gene)
    if tested:
        return False, f"{spec.gene} tested: no {spec.label()}"
    return None, f"{spec.gene} not reported as tested"


def ev_biomarker(p: BiomarkerP, f: Facts) -> Result:
    if p.label == "driver-negative" and f.tested is None and not f.altered_genes:
        return None, "no tumor profiling given", "tumor genomic profiling results (genes tested and found)"
    results = [_alt_match(s, f, gene_level=p.negate) for s in p.alternatives]
    tri, ev = _any(results)
    if p.negate and tri is not True and tri is not None:
        ev = "tested: none of " + ", ".join(s.label() for s in p.alternatives)
    settle = None
    if tri is None:
        genes = sorted({s.gene for s in p.alternatives})
        settle = f"tumor testing of {', '.join(genes)}"
    return tri, ev, settle


def ev_biomarker_value(p: BiomarkerValueP, f: Facts) -> Result:
    bm = f.biomarkers
    a = p.analyte
    if a in ("msi", "mmr"):
        msi, mmr = bm.get("msi"), bm.get("mmr")
        if msi is None and mmr is None:
            return None, "MSI/MMR status not given", "MSI or MMR status"
        high = msi == "high" or mmr == "deficient"
        want = p.category in ("high", "deficient")
        return high == want, f"MSI {msi or '?'} / MMR {mmr or '?'}", None
    v = bm.get(a)
    if v is None:
        return None, f"{a.upper().replace('_', ' ')} not given", a.replace("_", " ").upper()
    if p.category is not None:
        return str(v) == p.category, f"{a.upper()} {v}", None
    if p.op is not None and p.value is not None and isinstance(v, (int, float)):
        return compare(float(v), p.op, p.value), f"{a.replace('_', ' ').upper()} {v}", None
    return None, f"{a} value not comparable", a


# ── therapy history ───────────────────────────────────────────────────


def _relevant(lines: tuple[Any, ...], classes: list[str], drugs: list[str], any_systemic: bool) -> list[Any]:
    if any_systemic:
        return list(lines)
    want = set(classes) | {d.lower() for d in drugs}
    return [ln for ln in lines if ln.classes & want or ln.drugs & want]


def ev_prior(p: PriorTherapyP, f: Facts) -> Result:
    what = ", ".join(p.classes + p.drugs).replace("_", " ") or "systemic therapy"
    if f.lines is None:
        return None, "treatment history not given", f"prior treatments (drugs, lines, progression) — re: {what}"
    lines = f.lines
    if p.setting == "metastatic":
        lines = tuple(ln for ln in lines if ln.setting not in ("adjuvant", "neoadjuvant", "curative"))
    rel = _relevant(lines, p.classes, p.drugs, p.any_systemic)
    labels = "; ".join(ln.label for ln in rel) or f"no {what} recorded"
    if p.progressed:
        prog = [ln for ln in rel if ln.progressed]
        if not prog and any(ln.progressed is None for ln in rel):
            return None, f"{labels} (progression not recorded)", f"whether the disease progressed on {what}"
        rel = prog
    n = len(rel)
    if p.min_lines is not None or p.max_lines is not None:
        ok = (p.min_lines is None or n >= p.min_lines) and (p.max_lines is None or n <= p.max_lines)
        return ok, f"{n} qualifying line(s): {labels}", None
    return n > 0, labels, None


def ev_washout(p: WashoutP, f: Facts) -> Result:
    settle = f"date of the last {p.what}"
    if p.what == "radiotherapy":
        dates: list[Any] | None = list(f.radiotherapy) if f.radiotherapy is not None else None
    elif p.what == "surgery":
        dates = list(f.surgeries) if f.surgeries is not None else None
    elif p.what == "investigational":
        return None, "participation in other trials not recorded", "recent participation in another trial"
    else:
        if f.lines is None:
            return None, "treatment history not given", settle
        rel = _relevant(f.lines, p.classes, [], not p.classes or p.what == "systemic therapy")
        if any(ln.ongoing for ln in rel):
            return False, f"{p.what} ongoing ({'; '.join(ln.label for ln in rel if ln.ongoing)})", None
        dates = [ln.end for ln in rel]
    if dates is None:
        return None, f"{p.what} history not given", settle
    if not dates:
        return True, f"no {p.what} recorded", None
    if any(d is None for d in dates):
        return None, f"{p.what} recorded without an end date", settle
    last = max(dates)
    days = (f.as_of - last).days
    return days >= p.days, f"last {p.what} ended {last.isoformat()} ({days} days before {f.as_of.isoformat()})", None


# ── patient state ─────────────────────────────────────────────────────

_LAB_FIELD = {"anc": "anc", "platelets": "platelets", "hemoglobin": "hemoglobin", "albumin": "albumin",
              "creatinine_clearance": "creatinine_clearance", "lvef": "lvef", "creatinine": "creatinine_x_uln",
              "ast": "ast_x_uln", "alt": "alt_x_uln", "bilirubin": "bilirubin_x_uln"}


def ev_lab(p: LabP, f: Facts) -> Result:
    name = p.analyte.replace("_", " ")
    unit = f" {p.unit}" if p.unit else ""
    if p.unit in ("mg/dL", "umol/L"):
        return None, f"{name} given only as × ULN in the case", f"{name} in {p.unit}"
    v = f.labs.get(_LAB_FIELD.get(p.analyte, p.analyte))
    if v is None:
        return None, f"{name} not given", f"{name} ({p.unit or 'value'})"
    ok = compare(v, p.op, p.value)
    if not ok and p.value_liver_mets is not None:
        liver = None if f.metastatic_sites is None else "liver" in f.metastatic_sites
        loose = compare(v, p.op, p.value_liver_mets)
        if liver is True:
            return loose, f"{name} {v:g}{unit} (liver metastases: limit {p.value_liver_mets:g})", None
        if liver is None and loose:
            return None, f"{name} {v:g}{unit}: within the limit only with liver metastases", "whether there are liver metastases"
    return ok, f"{name} {v:g}{unit}", None


def ev_performance(p: PerformanceP, f: Facts) -> Result:
    v = f.ecog if p.scale == "ecog" else f.karnofsky
    label = "ECOG" if p.scale == "ecog" else "Karnofsky"
    if v is None:
        return None, f"{label} not given", f"{label} performance status"
    return compare(float(v), p.op, p.value), f"{label} {v}", None


def ev_age(p: AgeP, f: Facts) -> Result:
    if f.age is None:
        return None, "age not given", "age"
    return compare(f.age, p.op, p.value), f"age {f.age:g}", None


def ev_sex(p: SexP, f: Facts) -> Result:
    if f.sex is None:
        return None, "sex not given", "sex"
    return f.sex == p.sex, f"sex {f.sex}", None


def ev_brain(p: BrainMetsP, f: Facts) -> Result:
    if f.brain is None:
        return None, "brain metastases not recorded", "whether there are brain metastases, and if treated and stable"
    has = {"none": False, "active": p.status in ("any", "active"),
           "treated_stable": p.status in ("any", "treated_stable")}[f.brain]
    return has, f"brain metastases: {f.brain.replace('_', ' ')}", None


def ev_castration(p: CastrationP, f: Facts) -> Result:
    if f.castration is None:
        return None, "hormone setting not given", "whether the prostate cancer is hormone-sensitive or castration-resistant"
    return f.castration == p.status, f.castration_detail or f"castration-{f.castration}", None


def ev_measurable(p: MeasurableP, f: Facts) -> Result:
    if f.measurable is None:
        return None, "measurable disease not recorded", "whether there is measurable disease (RECIST 1.1)"
    return f.measurable, f"measurable disease: {'yes' if f.measurable else 'no'}", None


def ev_pregnancy(_p: Any, f: Facts) -> Result:
    if f.sex == "male":
        return False, "male patient", None
    if f.pregnant is None:
        return None, "pregnancy status not given", "pregnancy / breastfeeding status"
    return f.pregnant, "pregnant" if f.pregnant else "not pregnant", None


def ev_contraception(_p: Any, _f: Facts) -> Result:
    return None, "not recorded in the case", "willingness to use effective contraception"


def ev_review(_p: Any, _f: Facts) -> Result:
    # settled by reading the sentence (the trial team or a clinician), not by an input the patient can add
    return None, "needs review: not understood by the rule parser; to be checked by the trial team", None


def ev_ctml(p: CtmlP, f: Facts) -> Result:
    results = []
    for arm in p.arms:
        tri, ev = eval_ctml(arm.tree, f) if arm.tree else (None, "arm without criteria")
        results.append((tri, f"arm {arm.label}{' (suspended)' if arm.suspended else ''}: {ev}"))
    tri, ev = _any(results)
    return tri, ev, ("tumor genomic profiling and clinical details of the CTML criteria" if tri is None else None)


EVALUATORS: dict[str, Callable[[Any, Facts], Result]] = {
    "cancer_type": ev_cancer, "stage": ev_stage, "biomarker": ev_biomarker, "biomarker_value": ev_biomarker_value,
    "prior_therapy": ev_prior, "washout": ev_washout, "lab": ev_lab, "performance": ev_performance, "age": ev_age,
    "sex": ev_sex, "brain_metastases": ev_brain, "measurable_disease": ev_measurable, "pregnancy": ev_pregnancy,
    "contraception": ev_contraception, "needs_review": ev_review, "ctml": ev_ctml, "castration": ev_castration,
}


def evaluate(c: Criterion, f: Facts) -> Verdict:
    p = c.predicate
    if p.kind == "allowance":
        return Verdict("na", c, "a permission, not a requirement")
    cond, ev, settle = EVALUATORS[p.kind](p, f)
    if cond is not None and p.negate:
        cond = not cond
    if cond is None:
        return Verdict("unknown", c, ev, settle)
    if c.exclusion:
        return Verdict("not_met" if cond else "met", c, ("excluded: " if cond else "") + ev)
    return Verdict("met" if cond else "not_met", c, ev)
