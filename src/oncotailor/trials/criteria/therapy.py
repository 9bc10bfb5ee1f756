"""Rules for treatment history: prior therapy (class, line count, progression, "no prior …") and washout
windows ("≥ 14 days since last systemic therapy", "chemotherapy within 4 weeks before the first dose")."""

from __future__ import annotations

import re

from oncotailor.trials.criteria.vocab import vocab
from oncotailor.trials.model import Predicate, PriorTherapyP, WashoutP

_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12,
            "first": 1, "second": 2, "third": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "hour": 1 / 24}
_N = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|eight|ten|twelve)"
_WITHIN = re.compile(r"\bwithin\s+(?:the\s+)?(?:past\s+|last\s+|previous\s+|prior\s+)?" + _N +
                     r"\s*(day|week|month|year|hour)s?\b")
_SINCE = re.compile(r"(>=|>|<=|<)?\s*" + _N + r"\s*(day|week|month|year)s?\s*(?:or more\s*)?(?:must have )?"
                    r"(?:since|from|after|between|prior to|before|elapsed)")
_FOR = re.compile(r"\bfor\s+(>=|>)?\s*" + _N + r"\s*(day|week|month|year)s?\b")
_HISTORY = re.compile(r"\b(prior|previous(ly)?|received|receiv|treated|treatment with|progress\w*|refractory|"
                      r"failure|failed|resistan\w*|na[iï]ve|untreated|exposure|exposed|lines?|regimens?|after|"
                      r"history of|first[- ]line|1st[- ]line|second[- ]line|relapsed)\b")
_NOT_HISTORY = re.compile(r"allerg|hypersensitiv|contraindicat|eligible (for|to receive)|candidate for|"
                          r"suitable for|planned|scheduled|concurrent|concomitant|will receive|willing to")
_NEG_BEFORE = re.compile(r"\b(no|not|never|without|naive to|naïve to|have not|has not|had not|did not|free of)\b"
                         r"[^.;]{0,45}$")
_LINES = re.compile(r"(>=|<=|>|<)?\s*" + _N + r"\s*(?:-|to|or)?\s*(\d)?\s*(?:or more\s+)?(?:[a-z-]+\s+){0,3}?"
                    r"(?:lines?|regimens?)\b")


def _num(word: str) -> float:
    return float(_WORDNUM.get(word, word)) if not word.replace(".", "").isdigit() else float(word)


def therapy_spans(t: str) -> list[tuple[int, int, str]]:
    """(start, end, class) of every therapy phrase in a lower-case criterion, longest first, non-overlapping."""
    found: list[tuple[int, int, str]] = []
    for cls, rx in vocab().therapy:
        for m in rx.finditer(t):
            found.append((m.start(), m.end(), cls))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str]] = []
    for s, e, c in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, c))
    return out


def _washout_target(t: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[str]] | None:
    classes = [c for _, _, c in spans if c != "systemic"]
    if classes:
        return ", ".join(dict.fromkeys(classes)).replace("_", " "), list(dict.fromkeys(classes))
    if spans:
        return "systemic therapy", []
    for name, rx in vocab().washout_other:
        if rx.search(t):
            return name, []
    if re.search(r"\b(anti-?cancer|cancer|anti-?tumou?r|systemic|prior) (treatment|therapy)", t):
        return "systemic therapy", []
    return None


def washout(t: str, spans: list[tuple[int, int, str]]) -> list[Predicate]:
    m = _WITHIN.search(t)
    since = _SINCE.search(t) if not m else None
    if not m and not since:
        fm = _FOR.search(t)
        if not (fm and re.search(r"\b(not|no)\b[^.;]{0,30}(receiv|had|taken|been treated)", t)):
            return []
        target = _washout_target(t, spans)
        days = round(_num(fm.group(2)) * _UNIT_DAYS[fm.group(3)])
        return [WashoutP(days=days, what=target[0], classes=target[1])] if target and days > 0 else []
    if m:
        days = round(_num(m.group(1)) * _UNIT_DAYS[m.group(2)])
    else:
        assert since is not None
        days = round(_num(since.group(2)) * _UNIT_DAYS[since.group(3)])
    target = _washout_target(t, spans)
    if target is None or days <= 0 or (re.search(r"\b(test|laborator|labs?|imaging|scan|biopsy|consent)\b", t) and not spans):
        return []
    # "received X within N days" is the negation of "≥ N days since X"; "no X within N days" is not
    if m:
        negate = not re.search(r"\b(no|not|must not|without)\b", t)
    else:
        assert since is not None
        negate = since.group(1) in ("<", "<=")
    return [WashoutP(days=days, what=target[0], classes=target[1], negate=negate)]


def prior_therapy(t: str, exclusion: bool, spans: list[tuple[int, int, str]]) -> list[Predicate]:
    generic_lines = _LINES.search(t)
    if not spans and not generic_lines:
        if re.search(r"treatment[- ]na[iï]ve|previously untreated|no prior (systemic )?(therapy|treatment)", t):
            return [PriorTherapyP(any_systemic=True, negate=True)]
        return []
    naive = bool(re.search(r"[- ]na[iï]ve\b", t))
    if not _HISTORY.search(t) or (_NOT_HISTORY.search(t) and not naive):
        return []
    classes = list(dict.fromkeys(c for _, _, c in spans if c != "systemic"))
    any_systemic = not classes or any(c == "systemic" for _, _, c in spans)
    first = spans[0][0] if spans else (generic_lines.start() if generic_lines else 0)
    negate = bool(_NEG_BEFORE.search(t[:first])) or bool(re.search(r"[- ]na[iï]ve\b", t))
    progressed = True if re.search(r"progress|refractory|failure|failed|resistan|relapse", t) else None
    min_lines = max_lines = None
    if generic_lines and re.search(r"line|regimen", generic_lines.group(0)):
        op, a, b = generic_lines.group(1), _num(generic_lines.group(2)), generic_lines.group(3)
        if b:
            min_lines, max_lines = int(a), int(b)
        elif op in ("<=",):
            max_lines = int(a)
        elif op == "<":
            max_lines = int(a) - 1
        elif op == ">":
            min_lines = int(a) + 1
        elif re.search(r"or more|>=", generic_lines.group(0)) or op == ">=":
            min_lines = int(a)
        else:
            min_lines = int(a)
        if negate and min_lines is not None:
            negate = False
    if not classes and re.search(r"\bfirst[- ]line|1st[- ]line", t) and not re.search(
            r"progress|after|failure|following", t):
        return [PriorTherapyP(any_systemic=True, negate=True, setting="metastatic")] if not exclusion else []
    setting = "metastatic" if re.search(r"for (advanced|metastatic|recurrent|stage iv)|advanced[- ]stage|"
                                        r"metastatic setting|advanced setting", t) else None
    return [PriorTherapyP(classes=classes, any_systemic=any_systemic, negate=negate, progressed=progressed,
                          min_lines=min_lines, max_lines=max_lines, setting=setting)]
