"""The engine's honest remarks: what was not tested, which markers are missing, the therapy history."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from oncotailor.case import Case
from oncotailor.errors import OncoTailorError
from oncotailor.findings import Condition, NotAssessed
from oncotailor.knowledge.schemas.therapy import Biomarker, NoTargetedOption, TherapyRule
from oncotailor.therapy.conditions import evaluate, norm_drug
from oncotailor.therapy.rules import CompiledRules, marker_field

SECTION = "therapy"
MARKER_NAMES = {
    "tmb": "tumor mutational burden (TMB)", "msi": "microsatellite instability (MSI)",
    "mmr": "mismatch-repair (MMR) status", "pdl1_tps": "PD-L1 tumor proportion score (TPS)",
    "pdl1_cps": "PD-L1 combined positive score (CPS)", "hrd": "homologous recombination deficiency (HRD)",
    "her2_ihc": "HER2 immunohistochemistry", "her2": "HER2 status", "er": "estrogen receptor (ER)",
    "pr": "progesterone receptor (PR)", "claudin18_2": "claudin 18.2 staining",
    "fgfr2b_ihc": "FGFR2b immunohistochemistry", "folr1": "folate receptor alpha (FRα) staining",
    "cmet_ihc": "c-Met protein immunohistochemistry (% of tumor cells staining 3+)",
    "pten_ihc": "PTEN immunohistochemistry", "ctdna_mrd": "circulating-tumour-DNA residual disease (ctDNA MRD)", "psma_pet": "PSMA PET", "sstr": "somatostatin-receptor imaging",
    "cd19": "CD19", "cd20": "CD20", "cd30": "CD30", "cd33": "CD33", "bcma": "BCMA", "ebv": "EBV status",
    "hpv": "HPV status",
}


@lru_cache(maxsize=4096)
def lineage(code: str) -> tuple[str, ...]:
    """OncoTree codes from the root to `code` (name or code accepted); empty when unknown."""
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    try:
        t = resolve_cancer_type(code)
    except OncoTailorError:
        return ()
    return (*t.ancestors, t.code)


def applies(rule: TherapyRule, code: str | None) -> bool:
    """The rule's cancer types include this cancer (exact or ancestor), or the rule is tumor-agnostic."""
    if code is None:
        return rule.tumor_agnostic
    lin = lineage(code)
    if any(c in lin or lineage(c)[-1:] == lin[-1:] for c in rule.exclude_cancer_types):
        return False
    if rule.tumor_agnostic:
        return True
    return any((lineage(c)[-1:] or (c,))[0] in lin for c in rule.cancer_types)


def untested(case: Case, code: str | None, rules: CompiledRules, tested: list[str] | None) -> list[NotAssessed]:
    """Genes that level 1-2 rules for this cancer read but the assay did not cover."""
    if tested is None or code is None:
        return []
    covered = set(tested)
    found = {a.gene for a in (case.tumor.alterations if case.tumor else [])}
    missing: dict[str, set[str]] = {}
    for rule in rules.by_id.values():
        if rule.effect != "sensitive" or rule.level not in ("1", "2") or not applies(rule, code):
            continue
        for b in rule.all_of:
            if b.gene and b.type not in ("expression", "signature") and b.gene not in covered | found:
                missing.setdefault(b.gene, set()).add(" + ".join(rule.drugs))
    if not missing:
        return []
    genes = sorted(missing)
    drugs = sorted({d for g in genes for d in missing[g]})
    return [NotAssessed(
        section=SECTION,
        reason=f"not tested: {', '.join(genes)} (not covered by the assay); rules for this cancer type read them "
               f"(e.g. {', '.join(drugs[:4])})",
        needed_input=", ".join(genes))]


def _setting_excludes(rule: TherapyRule, case: Case) -> bool:
    """The rule's setting, stage or hormone limits already rule this case out (no marker would change that)."""
    return any(evaluate(c, case).status == "not_met" for c in rule.conditions
               if c.kind in ("setting", "stage", "castration"))


def missing_markers(case: Case, code: str | None, rules: CompiledRules, pats: pl.DataFrame) -> list[NotAssessed]:
    """Markers (TMB, MSI, PD-L1, HER2 …) that rules for this cancer read but the case does not give."""
    row = pats.row(0, named=True) if pats.height else {}
    wanted: dict[str, set[str]] = {}
    for rule in rules.by_id.values():
        if rule.effect != "sensitive" or not applies(rule, code) or _setting_excludes(rule, case):
            continue
        for b in rule.all_of:
            if b.type not in ("signature", "expression"):
                continue
            fld = marker_field(b, rules.roles)
            if fld and row.get(fld) is None:
                wanted.setdefault(fld, set()).add(" + ".join(rule.drugs))
    if "msi" in wanted and row.get("mmr") is not None:
        wanted.pop("msi")
    if "mmr" in wanted and row.get("msi") is not None:
        wanted.pop("mmr")
    return [NotAssessed(
        section=SECTION,
        reason=f"{MARKER_NAMES.get(f, f)} not given: it decides {', '.join(sorted(d)[:4])}"
               + (" and more" if len(d) > 4 else ""),
        needed_input=f"tumor.biomarkers.{f}" if f not in ("er", "pr", "her2") else f"diagnosis.{f}")
        for f, d in sorted(wanted.items())]


def no_option(code: str | None, rows: list[NoTargetedOption], had_data: bool) -> list[NotAssessed]:
    """Say plainly that no targeted option matched, citing the knowledge when it states there is none."""
    lin = lineage(code) if code else ()
    stated = [r for r in rows if (lineage(r.cancer_type)[-1:] or (r.cancer_type,))[0] in lin]
    if stated:
        r = stated[-1]
        return [NotAssessed(section=SECTION, reason=f"no genomically targeted option: {r.statement} "
                            f"(source: {r.source}{', ' + r.date if r.date else ''})", needed_input=None)]
    if not had_data:
        return []
    return [NotAssessed(section=SECTION, reason="no targeted therapy in the curated knowledge matched these "
                        "alterations and biomarkers for this cancer type", needed_input=None)]


def unknown_reason(b: Biomarker, case: Case) -> str:
    t = case.tumor
    if b.type in ("signature", "expression"):
        return "not given — needs testing"
    if b.type == "wildtype":
        return f"{b.gene} was not reported as tested — needs testing"
    if t is not None and t.tested_genes is not None and b.gene not in t.tested_genes:
        return f"{b.gene} is not covered by the assay — needs testing"
    return "the report does not give the exact change — check the full report"


def progressed_on(case: Case, drugs: list[str]) -> tuple[bool | None, list[str]]:
    """(True, drugs) when the history shows progression on one of `drugs`; None when no history is given."""
    lines = case.history.prior_therapies if case.history else None
    if lines is None:
        return None, []
    wanted = {norm_drug(d) for d in drugs}
    on = sorted({d for ln in lines if ln.progressed or ln.best_response == "PD" for d in ln.drugs
                 if norm_drug(d) in wanted})
    return bool(on), on


def already_progressed(case: Case, drugs: list[str]) -> list[Condition]:
    acquired, on = progressed_on(case, drugs)
    if not acquired:
        return []
    return [Condition(text="disease has not already progressed on this drug", status="not_met",
                      detail=f"progressed on {', '.join(on)}")]
