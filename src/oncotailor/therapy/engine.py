"""The therapy engine: targeted therapies and resistance for one case, with every rule's reasons shown.

`assess(case, kb)` turns the case into the matcher's frames (a cohort of one), runs `matcher.match_many`
against the compiled rules of `knowledge/data/therapy/*.yaml`, then adds what needs the case's detail:
label conditions (line, prior therapy, age, receptors, stage, setting), resistance explained by the
therapy history, per-alteration classification with germline / clonal-haematopoiesis cautions, what was
not tested, and questions to ask. Pure: no files, clock or printing (CIViC evidence is read from the
knowledge store through `civic_evidence`, which the knowledge base points at).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from oncotailor.case import Alteration, AlterationSource, Case
from oncotailor.errors import OncoTailorError
from oncotailor.findings import (
    AlterationItem,
    Condition,
    Contribution,
    Evidence,
    NotAssessed,
    Question,
    ResistanceMatch,
    TherapyMatch,
)
from oncotailor.knowledge import KnowledgeBase
from oncotailor.knowledge.schemas.therapy import Biomarker, TherapyRule
from oncotailor.therapy import notes
from oncotailor.therapy.annotate import annotate, conform
from oncotailor.therapy.civic_evidence import civic_matches
from oncotailor.therapy.conditions import evaluate_all, norm_drug
from oncotailor.therapy.flags import cautions
from oncotailor.therapy.frames import alteration_row, frames, patient_row
from oncotailor.therapy.gene_tables import gene_cautions
from oncotailor.therapy.germline_findings import GermlineFacts, germline_alterations, germline_facts
from oncotailor.therapy.load import compiled, no_targeted_options
from oncotailor.therapy.matcher import LEVEL_RANK, match_many
from oncotailor.therapy.rules import CompiledRules

PID = "case"
SECTION = "therapy"
MAX_QUESTIONS = 3


def _oncotree(case: Case) -> str | None:
    d = case.diagnosis
    if d is None:
        return None
    if d.oncotree_code:
        return d.oncotree_code
    if d.cancer_type:
        from oncotailor.vocab.tumor_types import resolve_cancer_type

        try:
            return resolve_cancer_type(d.cancer_type).code
        except OncoTailorError:
            return None
    return None


def _tested(case: Case) -> list[str] | None:
    t = case.tumor
    if t is None:
        return None
    wild = list(getattr(t, "wildtype_genes", []) or [])
    if t.tested_genes is None and not wild:
        return None
    return sorted(set(t.tested_genes or []) | set(wild))


def _evidence(rule: TherapyRule) -> list[Evidence]:
    return [Evidence(source=rule.source, id=rule.source_id or rule.id, url=rule.url, date=rule.date, level=rule.level)]


def _biomarker_text(b: Biomarker) -> str:
    if b.label:
        return b.label
    if b.type == "signature":
        return f"{b.signature} {b.operator} {b.value}"
    return f"{b.gene} {b.type}"


def assess(case: Case, kb: KnowledgeBase) -> Contribution:
    out = Contribution()
    t = case.tumor
    has_tumor = t is not None and (bool(t.alterations) or bool(t.tested_genes) or bool(t.wildtype_genes)
                                   or any(v is not None for v in t.biomarkers.model_dump().values()))
    d = case.diagnosis
    has_receptors = d is not None and any(x is not None for x in (d.er, d.pr, d.her2, d.her2_ihc))
    germ = germline_facts(case, kb)
    inherited = germline_alterations(case, germ)  # germline-BRCA labels select on these
    if not has_tumor:
        reason = ("no tumor test results were given: only the germline findings were matched" if inherited else
                  "no tumor test results were given, so no targeted therapy could be matched")
        out.not_assessed.append(NotAssessed(
            section=SECTION, reason=reason,
            needed_input="tumor.alterations, a tumor VCF/MAF, or tumor.biomarkers (TMB, MSI, PD-L1 …)"))
        if not has_receptors and not inherited:
            return out
    rules = compiled(kb)
    code = _oncotree(case)
    alts = (list(t.alterations) if t else []) + inherited
    alt_rows = [alteration_row(PID, i, a) for i, a in enumerate(alts)]
    alts_df, pats_df = frames(alt_rows, [patient_row(case, PID, code, _tested(case))])
    res = match_many(alts_df, pats_df, rules)
    sens, resist = _matches(case, res, rules, alts, germ)
    sens = _merge_twins(_apply_resistance(sens, resist))
    out.therapies.extend(sorted((m for m, _ in sens), key=_order))
    out.resistance.extend(r for r, _ in resist)
    out.alterations.extend(_alteration_items(case, kb, alts, alts_df, rules, sens, resist))
    if code is None:
        out.not_assessed.append(NotAssessed(
            section=SECTION, reason="the cancer type was not given or not recognised: only tumor-agnostic matches "
            "are shown, and evidence levels cannot be set for the others", needed_input="diagnosis.cancer_type"))
    coverage = t.tested_genes if t is not None else None  # "KRAS wild-type" alone says nothing of other genes
    out.not_assessed.extend(notes.untested(case, code, rules, coverage))
    out.not_assessed.extend(notes.missing_markers(case, code, rules, pats_df))
    if not out.therapies:
        out.not_assessed.extend(notes.no_option(code, no_targeted_options(kb), bool(alts) or has_tumor))
    out.questions.extend(_questions(out))
    curated = {frozenset(norm_drug(d) for d in m.drugs) for m, _ in sens}
    resisted = {norm_drug(d) for r, _ in resist for d in r.drugs}
    civic_therapies, civic_resistance = civic_matches(case, kb, code, alts_df, curated, resisted)
    out.therapies.extend(civic_therapies)
    out.resistance.extend(civic_resistance)
    return out


_COND_RANK = {"met": 0, "none": 0, "unknown": 1, "not_met": 2}
_MATCH_RANK = {"exact": 0, "ancestor": 0, "tumor_agnostic": 1, "other": 2}


def _order(m: TherapyMatch) -> tuple[int, int, int, int]:
    """Strongest level first; within a level, fitting label conditions and on-label types first."""
    return (LEVEL_RANK[m.level], _COND_RANK[m.conditions_met], int(m.biomarker_status != "met"),
            _MATCH_RANK[m.cancer_type_match])


def _alt_names(alts: list[Any], idx: list[int]) -> str:
    return "; ".join(f"{alts[i].gene} {alts[i].alteration}" for i in idx)


def _matches(case: Case, res: pl.DataFrame, rules: CompiledRules, alts: list[Any], germ: GermlineFacts
             ) -> tuple[list[tuple[TherapyMatch, list[int]]], list[tuple[ResistanceMatch, list[int]]]]:
    sens: list[tuple[TherapyMatch, list[int]]] = []
    resist: list[tuple[ResistanceMatch, list[int]]] = []
    for row in res.filter(pl.col("patient_id") == PID).iter_rows(named=True):
        rule = rules.by_id[row["rule_id"]]
        idx = list(row["alts"] or [])
        preds = rule.all_of
        unknown = [preds[i] for i in (row["unknown_preds"] or []) if i < len(preds)]
        met_markers = [b for i, b in enumerate(preds) if b.type in ("signature", "expression") and b not in unknown]
        wild = [b for b in preds if b.type == "wildtype" and b not in unknown]
        parts = [_alt_names(alts, idx)] if idx else []
        parts += [_biomarker_text(b) for b in met_markers + wild]
        alteration = "; ".join(p for p in parts if p) or "; ".join(_biomarker_text(b) for b in preds)
        if rule.effect == "resistant":
            if row["status"] != "met":
                continue
            resist.append((_resistance(case, rule, alteration, row), idx))
            continue
        sens.append((_therapy(case, rule, alteration, row, unknown, germ), idx))
    return sens, resist


def _therapy(case: Case, rule: TherapyRule, alteration: str, row: dict[str, Any],
             unknown: list[Biomarker], germ: GermlineFacts) -> TherapyMatch:
    conds, overall = evaluate_all(rule, case, germ)
    extra: list[Condition] = [
        Condition(text=f"biomarker: {_biomarker_text(b)}", status="unknown",
                  detail=notes.unknown_reason(b, case)) for b in unknown]
    if row["subtype_unknown"]:
        extra.append(Condition(text=f"cancer type: {', '.join(rule.cancer_types)}", status="unknown",
                               detail="the case names a broader cancer type; the subtype decides"))
    extra.extend(notes.already_progressed(case, rule.drugs))
    if extra:
        conds = conds + extra
        statuses = {c.status for c in conds}
        overall = "not_met" if "not_met" in statuses else ("unknown" if "unknown" in statuses else "met")
    other = row["cancer_type_match"] == "other"
    note = rule.note
    if other:
        note = (f"off-label: approved (level {rule.level}) for {', '.join(rule.cancer_types)}, not this cancer type"
                + (f"; {note}" if note else ""))
    if row["status"] != "met":
        note = "needs testing: " + "; ".join(_biomarker_text(b) for b in unknown) + (f"; {note}" if note else "")
    return TherapyMatch(
        drugs=list(rule.drugs), level=row["level"], amp_tier="IIC" if other else rule.amp_tier,
        escat_tier="III-A" if other else rule.escat_tier, alteration=alteration, biomarker_rule=rule.biomarker_rule,
        rule_id=rule.id, cancer_type=", ".join(rule.cancer_types) or ("solid tumors" if rule.solid_tumors_only
                                                                       else "all tumors"),
        cancer_type_match=row["cancer_type_match"], approval=row["approval"], line_of_therapy=rule.line_of_therapy,
        conditions=conds, conditions_met=overall, biomarker_status=row["status"], note=note,
        evidence=_evidence(rule),
    )


def _resistance(case: Case, rule: TherapyRule, alteration: str, row: dict[str, Any]) -> ResistanceMatch:
    acquired, on = notes.progressed_on(case, rule.drugs)
    text = rule.explanation or f"{alteration} predicts that {', '.join(rule.drugs)} will not work"
    if acquired:
        text = f"Likely reason for progression on {', '.join(on)}: {text}"
    return ResistanceMatch(
        drugs=list(rule.drugs), level=rule.level, alteration=alteration, explanation=text,
        alternatives=list(rule.alternatives), acquired=acquired, rule_id=rule.id, evidence=_evidence(rule))


def _apply_resistance(sens: list[tuple[TherapyMatch, list[int]]], resist: list[tuple[ResistanceMatch, list[int]]]
                      ) -> list[tuple[TherapyMatch, list[int]]]:
    """An R1 resistance withdraws sensitive matches that share a drug; an R2 annotates them.

    An on-label match found only on the resistance's own alterations is left alone: the label for this cancer
    names that alteration, so its combination is the one meant for it (KRAS G12C colorectal cancer:
    sotorasib + panitumumab, though KRAS mutations make panitumumab alone useless).
    """
    kept = []
    for m, idx in sens:
        drugs = {norm_drug(d) for d in m.drugs}
        meant = idx and m.cancer_type_match in ("exact", "ancestor")
        hits = [r for r, r_idx in resist
                if drugs & {norm_drug(d) for d in r.drugs} and not (meant and set(idx) <= set(r_idx))]
        r1 = [r for r in hits if r.level == "R1"]
        if r1:
            for r in r1:
                msg = f" A matched sensitivity rule for {' + '.join(m.drugs)} is withdrawn because of this."
                if msg not in r.explanation:
                    r.explanation += msg
            continue
        if hits:
            warn = "; ".join(f"{r.alteration} may reduce benefit (level {r.level})" for r in hits)
            m.note = f"{m.note}; {warn}" if m.note else warn
        kept.append((m, idx))
    return kept


def _merge_twins(sens: list[tuple[TherapyMatch, list[int]]]) -> list[tuple[TherapyMatch, list[int]]]:
    """One item per label: twin rules of one indication (HER2-positive by IHC 3+ and by ERBB2 amplification)
    that both match, with the same drugs, level, tumor-type match and condition results, become one item.

    The kept item is the one found on a reported alteration (an ISH-amplified tumor also reads as IHC 3+);
    the twin's rule id is named in its note, so the report still says every rule that matched.
    """
    def key(m: TherapyMatch) -> tuple[Any, ...]:
        return (frozenset(norm_drug(d) for d in m.drugs), m.level, m.cancer_type_match, m.approval,
                m.line_of_therapy, m.biomarker_status, tuple((c.text, c.status) for c in m.conditions))

    groups: dict[tuple[Any, ...], list[tuple[TherapyMatch, list[int]]]] = {}
    for m, idx in sens:
        groups.setdefault(key(m), []).append((m, idx))
    out = []
    for twins in groups.values():
        twins.sort(key=lambda t: not t[1])  # stable: the first found on an alteration
        m, idx = twins[0]
        for other, o_idx in twins[1:]:
            if o_idx and other.alteration not in m.alteration:
                m.alteration = f"{m.alteration}; {other.alteration}"
            idx = sorted(set(idx) | set(o_idx))
            also = f"the same indication also matched rule {other.rule_id} ({other.biomarker_rule})"
            m.note = f"{m.note}; {also}" if m.note else also
        out.append((m, idx))
    return out


def _alteration_items(case: Case, kb: KnowledgeBase, alts: list[Alteration], alts_df: pl.DataFrame,
                      rules: CompiledRules, sens: list[tuple[TherapyMatch, list[int]]],
                      resist: list[tuple[ResistanceMatch, list[int]]]) -> list[AlterationItem]:
    t = case.tumor
    if not alts:
        return []
    ann = annotate(conform(alts_df), rules.frames()).sort("alt_idx")
    onc = dict(zip(ann["alt_idx"].to_list(), ann["oncogenic"].to_list(), strict=True))
    syn = dict(zip(ann["alt_idx"].to_list(), ann["synonymous"].to_list(), strict=True))
    table = gene_cautions(kb)
    items = []
    for i, a in enumerate(alts):
        levels: list[str] = [m.level for m, idx in sens if i in idx and m.biomarker_status == "met"]
        r_levels: list[str] = [r.level for r, idx in resist if i in idx]
        ev: list[Evidence] = []
        note: list[str] = []
        if levels:
            cls, best = "actionable", min(levels, key=LEVEL_RANK.__getitem__)
            ev = [e for m, idx in sens if i in idx for e in m.evidence][:3]
        elif r_levels:
            cls, best = "resistance", min(r_levels, key=LEVEL_RANK.__getitem__)
            ev = [e for r, idx in resist if i in idx for e in r.evidence][:3]
        else:
            best = None
            role = rules.roles.get(a.gene)
            if syn.get(i):
                cls = "benign"
                note.append("synonymous change — no effect on the protein expected")
            elif onc.get(i) and role is not None:
                cls = "oncogenic"
                note.append("known cancer-driving change — no matched therapy in the curated knowledge")
                ev = [Evidence(source=role.source, url=role.url, date=role.date)]
            else:
                cls = "vus"
                note.append("variant of unknown significance — no known therapy")
        if r_levels and levels:
            note.append(f"also predicts resistance (level {min(r_levels, key=LEVEL_RANK.__getitem__)})")
        flags = []
        if a.source == AlterationSource.germline:
            flags.append("germline")
            note.append("inherited (germline test)")
        elif t is not None:
            for flag, text, fev in cautions(a, t, table):
                flags.append(flag)
                note.append(text)
                ev.append(fev)
        items.append(AlterationItem(
            gene=a.gene, alteration=a.alteration, kind=a.kind.value, hgvsp=a.hgvsp, hgvsc=a.hgvsc,
            consequence=a.consequence, exon=a.exon, vaf=a.vaf, source=a.source.value,
            classification=cls, highest_level=best, note="; ".join(note) or None,
            flags=flags, evidence=ev))
    return items


def _questions(out: Contribution) -> list[Question]:
    qs: list[Question] = []
    best = [m for m in out.therapies if m.level in ("1", "2") and m.biomarker_status == "met"
            and m.conditions_met != "not_met" and m.cancer_type_match != "other"]
    for m in best[:MAX_QUESTIONS]:
        drugs = " + ".join(m.drugs)
        qs.append(Question(
            text=f"Is {drugs} right for my {m.alteration}?", topic="treatment", evidence=m.evidence[:1],
            why=f"level {m.level} evidence links {m.biomarker_rule} to {drugs} in {m.cancer_type}",
            params={"drugs": drugs, "alteration": m.alteration}))
    for r in out.resistance:
        if r.acquired:
            alt = f" and could {', '.join(r.alternatives[:3])} work instead" if r.alternatives else ""
            qs.append(Question(
                text=f"Could {r.alteration} explain why {', '.join(r.drugs)} stopped working{alt}?",
                topic="resistance", why=r.explanation, evidence=r.evidence[:1]))
    untested = [n for n in out.not_assessed if n.section == SECTION and n.reason.startswith("not tested")]
    if untested and untested[0].needed_input:
        qs.append(Question(text=f"Should my tumor also be tested for {untested[0].needed_input}?", topic="testing",
                           why=untested[0].reason))
    germ = sorted({a.gene for a in out.alterations if "possible_germline" in a.flags})
    if germ:
        qs.append(Question(text=f"Should I have a germline (blood or saliva) test for {', '.join(germ)}?",
                           topic="hereditary", why="a tumor-only result in a cancer predisposition gene had a VAF "
                           "that fits an inherited variant"))
    return qs
