"""CTML (MatchMiner clinical trial markup, JSON or YAML) → Trial.

The genomic and clinical `match` trees of every step/arm/dose level become one CtmlP criterion (any arm
fits → the trial fits), kept as the trees themselves and interpreted by `trials.ctml_eval`. Arm-level
`arm_suspended: Y` is kept per arm. Trial status is CTML's `_summary.status` / `status`.
"""

from __future__ import annotations

from typing import Any

from oncotailor.errors import InputError
from oncotailor.trials.importers.common import finish, iso_date, map_conditions, norm_phase, norm_status
from oncotailor.trials.model import Criterion, CtmlArm, CtmlP, Site, Trial


def is_ctml(rec: Any) -> bool:
    return isinstance(rec, dict) and isinstance(rec.get("treatment_list"), dict)


def _yes(v: Any) -> bool:
    return str(v).strip().upper() in ("Y", "YES", "TRUE", "1")


def _both(*trees: Any) -> dict[str, Any] | None:
    parts = [t for t in trees if t]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"and": parts}


def _match(node: dict[str, Any]) -> dict[str, Any] | None:
    m = node.get("match")
    if isinstance(m, list):
        m = [x for x in m if x]
        return None if not m else m[0] if len(m) == 1 else {"and": m}
    return m if isinstance(m, dict) else None


def arms_of(treatment_list: dict[str, Any]) -> list[CtmlArm]:
    out: list[CtmlArm] = []
    for step in treatment_list.get("step") or []:
        if not isinstance(step, dict):
            continue
        step_tree = _match(step)
        step_code = step.get("step_code", "")
        arm_entries: list[CtmlArm] = []
        for arm in step.get("arm") or []:
            if not isinstance(arm, dict):
                continue
            arm_tree = _match(arm)
            suspended = _yes(arm.get("arm_suspended"))
            label = str(arm.get("arm_code") or arm.get("arm_description") or "arm")
            doses = [d for d in arm.get("dose_level") or [] if isinstance(d, dict) and _match(d)]
            for d in doses:
                arm_entries.append(CtmlArm(label=f"{label} / {d.get('level_code', 'dose')}",
                                           suspended=suspended or _yes(d.get("level_suspended")),
                                           tree=_both(step_tree, arm_tree, _match(d))))
            if not doses and (arm_tree or step_tree):
                arm_entries.append(CtmlArm(label=label, suspended=suspended, tree=_both(step_tree, arm_tree)))
        if not arm_entries and step_tree:
            arm_entries.append(CtmlArm(label=f"step {step_code}", tree=step_tree))
        out.extend(arm_entries)
    return out


def _diagnoses(node: Any, acc: list[str]) -> list[str]:
    if isinstance(node, dict):
        c = node.get("clinical")
        if isinstance(c, dict) and isinstance(c.get("oncotree_primary_diagnosis"), str):
            dx = c["oncotree_primary_diagnosis"]
            if not dx.startswith("!"):
                acc.append(dx)
        for k in ("and", "or"):
            for child in node.get(k) or []:
                _diagnoses(child, acc)
    return acc


def from_ctml(rec: dict[str, Any], *, file: str | None = None, index: int | None = None) -> Trial:
    tl = rec.get("treatment_list")
    if not isinstance(tl, dict):
        raise InputError(f"record {index}: CTML document has no treatment_list", file=file, field="treatment_list")
    nct = rec.get("nct_id") or rec.get("protocol_no")
    if not nct:
        raise InputError(f"record {index}: CTML document has no nct_id or protocol_no", file=file, field="nct_id")
    arms = arms_of(tl)
    dx = list(dict.fromkeys(d for a in arms for d in _diagnoses(a.tree, [])))
    codes = ["_SOLID_" if d == "_SOLID_" else "_LIQUID_" if d == "_LIQUID_" else d for d in dx]
    mapped = [c for c in codes if c.startswith("_")] + map_conditions([c for c in codes if not c.startswith("_")])
    summary = rec.get("_summary") or {}
    status_raw = rec.get("status") or (summary.get("status") and summary["status"][0].get("value")) if isinstance(
        summary.get("status"), list) else rec.get("status")
    all_suspended = bool(arms) and all(a.suspended for a in arms)
    sites = [Site(facility=s.get("site_name"), status=s.get("site_status"), contact=s.get("coordinating_center"))
             for s in rec.get("site_list") or [] if isinstance(s, dict)]
    criteria = [Criterion(text="CTML genomic and clinical match criteria", predicate=CtmlP(arms=arms),
                          origin="structured")] if arms else []
    status = norm_status(str(status_raw) if status_raw else None)
    if all_suspended and status == "recruiting":
        status = "suspended"
    snapshot = iso_date(rec.get("last_updated")) or iso_date(rec.get("curated_on"))
    return finish(Trial(
        nct_id=str(nct), title=str(rec.get("short_title") or rec.get("long_title") or nct),
        status=status, status_raw=str(status_raw) if status_raw else None, phase=norm_phase(rec.get("phase")),
        conditions=dx, oncotree_codes=list(dict.fromkeys(mapped)), sites=sites, criteria=criteria,
        snapshot_date=snapshot, source_format="ctml", source_file=file,
        url=f"https://clinicaltrials.gov/study/{nct}" if str(nct).startswith("NCT") else None,
    ))
