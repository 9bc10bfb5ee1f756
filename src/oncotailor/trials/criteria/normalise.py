"""Criteria text → plain, comparable text: Markdown escapes undone, comparison words and signs unified.

CT.gov v2 criteria are Markdown with escaped signs (``\\>2``, ``\\<12 weeks``); NCI CTS lines carry CRLF and
deep indentation. Rules downstream see one spelling for each operator (``>=``, ``<=``, ``>``, ``<``) and for
"times" (``x``), so each rule is written once.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\([^\w\s])")
_SIGNS = (
    ("≥", ">="), ("≧", ">="), ("⩾", ">="), ("=>", ">="), ("≤", "<="), ("≦", "<="), ("⩽", "<="), ("=<", "<="),
    ("＞", ">"), ("＜", "<"), ("＝", "="), ("×", "x"), ("´", "x"), ("*", "x"), ("⁹", "^9"), ("³", "^3"),
    ("μ", "u"), ("µ", "u"), ("（", "("), ("）", ")"), ("，", ","), ("；", ";"), ("：", ":"), ("–", "-"), ("—", "-"),
    ("\u00a0", " "), ("\u2009", " "), ("\u202f", " "),
)
_WORD_OPS = (
    (r"\b(greater|more|higher) than or equal to\b", ">="),
    (r"\b(less|lower) than or equal to\b", "<="),
    (r"\bequal to or (greater|more|higher) than\b", ">="),
    (r"\bequal to or (less|lower) than\b", "<="),
    (r"\bat least\b", ">="),
    (r"\b(no|not) (more|greater) than\b", "<="),
    (r"\b(no|not) (less|fewer) than\b", ">="),
    (r"\bat most\b", "<="),
    (r"\bup to\b", "<="),
    (r"\bminimum of\b", ">="),
    (r"\bmaximum of\b", "<="),
    (r"\b(greater|more|higher) than\b", ">"),
    (r"\b(less|lower|fewer) than\b", "<"),
    (r"\b(above|over|exceeding)\b(?= ?\d)", ">"),
    (r"\b(below|under)\b(?= ?\d)", "<"),
)
_WORD_OPS_RE = [(re.compile(p, re.I), s) for p, s in _WORD_OPS]


def unescape(text: str) -> str:
    """Undo Markdown escapes and CRLF."""
    return _ESCAPE.sub(r"\1", text.replace("\r\n", "\n").replace("\r", "\n"))


def normalise(text: str, *, lower: bool = True) -> str:
    """One spelling per operator and unit sign; collapsed spaces; lower case unless asked to keep it."""
    s = text
    for a, b in _SIGNS:
        s = s.replace(a, b)
    s = re.sub(r"(\d)\s*,\s*(\d{3})\b", r"\1\2", s)  # 1,500 → 1500
    s = re.sub(r"(\d) (\d{3})\b", r"\1\2", s)  # 100 000 → 100000
    s = re.sub(r"\b10\s*(?:\^|e)?\s*9\s*/\s*l\b", "10^9/l", s, flags=re.I)
    s = re.sub(r"\b109\s*/\s*l\b", "10^9/l", s, flags=re.I)  # superscript lost in copy-paste: 1.5 x 109/L
    for rx, sign in _WORD_OPS_RE:
        s = rx.sub(f" {sign} ", s)
    s = re.sub(r"\btimes\b", "x", s, flags=re.I)
    s = re.sub(r"\s+", " ", s).strip()
    s = s.replace("> =", ">=").replace("< =", "<=")
    return s.lower() if lower else s
