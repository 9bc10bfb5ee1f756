"""Rules for organ-function labs: analyte, operator, value converted to the unit of `case.Labs`, or a multiple
of ULN — "ANC ≥ 1.5 × 10⁹/L", "platelets ≥ 100,000/mm³", "AST/ALT ≤ 2.5 × ULN (≤ 5 × ULN with liver
metastases)", "creatinine clearance ≥ 60 mL/min", "haemoglobin ≥ 90 g/L"."""

from __future__ import annotations

import re

from oncotailor.trials.criteria.vocab import vocab
from oncotailor.trials.model import LabP, Op, Predicate

_ULN = r"x\s*(?:the\s*)?(?:uln|(?:institutional\s*)?upper\s*limits?\s*of\s*(?:the\s*)?normal(?:\s*range)?|upper\s*normal\s*limit)"
_UNIT = (r"(" + _ULN + r"|x\s*10\^9/l|x\s*10\^3/(?:ul|mm\^?3|mcl)|/\s*(?:mm\^?3|mm3|ul|mcl|ml|l)\b|g/dl|g/l|mg/dl|"
         r"umol/l|mmol/l|ml/min(?:/1\.73\s*m\^?2)?|%|10\^9/l)?")
_VALUE = re.compile(r"(>=|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*" + _UNIT)
_WNL = re.compile(r"within (the )?(normal|institutional normal) (institutional )?(limits|range)|\bwnl\b")
_LIVER = re.compile(r"(?:>=|<=|>|<)?\s*(?P<v1>\d+(?:\.\d+)?)\s*" + _ULN + r"(?:(?!x\s*uln)[^.])*?(?:liver|hepatic) "
                    r"(?:metasta|involvement)|(?:liver|hepatic) (?:metasta\w*|involvement)[^.;]{0,40}?(?:>=|<=|>|<)\s*"
                    r"(?P<v2>\d+(?:\.\d+)?)\s*" + _ULN)
_LOWER_BOUND = frozenset({"anc", "platelets", "hemoglobin", "creatinine_clearance", "albumin", "lvef"})


def _convert(analyte: str, value: float, unit: str) -> tuple[float, str, bool] | None:
    """(value in case unit, unit label, is ×ULN) or None when the number cannot be the analyte's."""
    u = re.sub(r"\s+", "", unit or "")
    if u.startswith("x") and ("uln" in u or "upper" in u or "normal" in u):
        return value, "x ULN", True
    if analyte in ("anc", "platelets"):
        if "10^9" in u or "10^3" in u:
            return value, "10^9/L", False
        if (u.startswith("/") and u != "/l") or (not u and value >= 500):
            return value / 1000, "10^9/L", False
        return (value, "10^9/L", False) if not u and value < 500 else None
    if analyte == "hemoglobin":
        if u == "g/l" or (not u and value > 25):
            return value / 10, "g/dL", False
        if u == "mmol/l":
            return round(value * 1.611, 2), "g/dL", False
        return (value, "g/dL", False) if u in ("g/dl", "") else None
    if analyte == "albumin":
        if u == "g/l" or (not u and value > 10):
            return value / 10, "g/dL", False
        return (value, "g/dL", False) if u in ("g/dl", "") else None
    if analyte == "creatinine_clearance":
        return (value, "mL/min", False) if u.startswith("ml/min") or not u else None
    if analyte == "lvef":
        return (value, "%", False) if u in ("%", "") else None
    if analyte in ("creatinine", "bilirubin"):
        if u in ("mg/dl", "umol/l"):
            return value, u.replace("mg/dl", "mg/dL").replace("umol/l", "umol/L"), False
        return None
    return None  # AST/ALT only as ×ULN


def labs(t: str) -> list[Predicate]:
    mentions: list[tuple[int, int, str]] = []
    for analyte, rx, _unit in vocab().labs:
        for m in rx.finditer(t):
            if analyte == "creatinine_clearance" and m.group(0) == "gfr" and "egfr" in t[max(0, m.start() - 1): m.end()]:
                continue
            mentions.append((m.start(), m.end(), analyte))
    mentions.sort()
    kept: list[tuple[int, int, str]] = []
    for s, e, a in mentions:
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e, a))
    out: list[Predicate] = []
    waiting: list[str] = []
    for i, (_s, e, analyte) in enumerate(kept):
        end = kept[i + 1][0] if i + 1 < len(kept) else min(len(t), e + 80)
        window = t[e:end]
        found = None
        for vm in _VALUE.finditer(window):
            if vm.group(1) or vm.group(3):
                found = vm
                break
        if found is None:
            if _WNL.search(window):
                for a in [*waiting, analyte]:
                    if a in ("ast", "alt", "bilirubin", "creatinine"):
                        out.append(LabP(analyte=a, op="<=", value=1.0, unit="x ULN", x_uln=True))
                waiting = []
            elif re.fullmatch(r"[\s/,()a-z]*", window) and len(window) < 30 and i + 1 < len(kept):
                waiting.append(analyte)
            continue
        sign, num, unit = found.group(1), float(found.group(2)), found.group(3) or ""
        for a in [*waiting, analyte]:
            conv = _convert(a, num, unit)
            if conv is None:
                continue
            op: Op = ("==" if sign == "=" else sign) if sign else (">=" if a in _LOWER_BOUND else "<=")  # type: ignore[assignment]
            pred = LabP(analyte=a, op=op, value=round(conv[0], 4), unit=conv[1], x_uln=conv[2])
            if conv[2] and a in ("ast", "alt", "bilirubin"):
                for lm in _LIVER.finditer(t[e:]):
                    lv = float(lm.group("v1") or lm.group("v2"))
                    if lv > conv[0] and "without" not in lm.group(0):
                        pred = pred.model_copy(update={"value_liver_mets": lv})
                        break
            out.append(pred)
        waiting = []
    return out
