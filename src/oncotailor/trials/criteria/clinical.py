"""Rules for clinical criteria: performance status, age, sex, pregnancy, contraception, brain metastases,
measurable disease, stage/extent, cancer type. Each rule reads one normalised criterion (see normalise.py)
and returns predicates; it returns [] when its topic is absent."""

from __future__ import annotations

import re

from oncotailor.trials.criteria.vocab import vocab
from oncotailor.trials.model import (
    AgeP,
    AllowanceP,
    BrainMetsP,
    CancerTypeP,
    CastrationP,
    ContraceptionP,
    MeasurableP,
    Op,
    PerformanceP,
    Predicate,
    PregnancyP,
    StageP,
)

NUM = r"(\d+(?:\.\d+)?)"
OPS = r"(>=|<=|>|<|=)"
_NEG = re.compile(r"\b(no|not|without|absence of|free of|none|neither|nor|never)\b")
_ALLOW = re.compile(r"\b(are|is|will be|may be|can be)\s+(eligible|allowed|permitted|included|enrolled|acceptable)|"
                    r"\b(allowed|permitted|eligible)\b")


def _op(sign: str) -> Op:
    return "==" if sign == "=" else sign  # type: ignore[return-value]


# ── performance status ────────────────────────────────────────────────

_ECOG = re.compile(r"\b(ecog|eastern coopera\w* (oncology|cancer) group|zubrod|who\)? performance|who ps|"
                   r"world health organi[sz]ation( \(who\))? performance)\b")
_KPS = re.compile(r"\b(karnofsky|kps)\b")


def _scale_bound(tail: str, lo: int, hi: int) -> tuple[Op, float] | None:
    """The bound after a score name: '<= 1', '0-1', '0 or 1', '0 to 2', 'of 0, 1 or 2', '> 2', '>= 70%'."""
    m = re.search(OPS + r"\s*" + NUM, tail)
    rng = re.search(r"\b(\d{1,3})\s*(?:-|to|or|,|/|~)\s*(\d{1,3})\b(?:\s*(?:,|or)\s*(\d{1,3}))?", tail)
    if rng and (not m or rng.start() < m.start()):
        vals = [int(v) for v in rng.groups() if v is not None]
        if all(lo <= v <= hi for v in vals):
            return "<=", float(max(vals)) if hi <= 5 else float(min(vals))
    if m:
        v = float(m.group(2))
        if lo <= v <= hi:
            return _op(m.group(1)), v
    single = re.search(r"(?:^|\b(?:of|score|status|is|ps|=|:))\s*(\d{1,3})\b(?!\s*(?:-|to|or|,)\s*\d)", tail)
    if single and lo <= int(single.group(1)) <= hi:
        return "==" if hi <= 5 else ">=", float(single.group(1))
    return None


def performance(t: str) -> list[Predicate]:
    out: list[Predicate] = []
    for rx, scale, lo, hi in ((_ECOG, "ecog", 0, 5), (_KPS, "karnofsky", 0, 100)):
        m = rx.search(t)
        if m:
            tail = t[m.end(): m.end() + 90]
            bound = _scale_bound(tail, lo, hi)
            if bound is None:  # "a performance status of 0 or 1 on the ECOG scale"
                head = t[max(0, m.start() - 70): m.start()]
                ps = re.search(r"performance (status|score)", head)
                bound = _scale_bound(head[ps.end():], lo, hi) if ps else None
            if bound:
                out.append(PerformanceP(scale=scale, op=bound[0], value=bound[1]))
    return out


# ── age and sex ───────────────────────────────────────────────────────

_AGE_RANGE = re.compile(r"\b(?:aged?|age of|age between|between)\s*(\d{1,2})\s*(?:-|to|and)\s*(\d{2,3})\s*(?:years|yrs|y)?")
_AGE_OP = re.compile(OPS + r"\s*(\d{1,3})\s*(?:years|yrs|y\b)(?:\s*(?:of age|old))?")
_AGE_OVER = re.compile(r"\b(?:over|above|older than|>=|>) (?:the )?age (?:of )?(\d{1,3})\b")
_AGE_OLDER = re.compile(r"\b(\d{1,3})\s*(?:years|yrs)(?: of age)?(?:,)? (?:or|and) (older|above|over|more)\b")
_NOT_AGE_BEFORE = re.compile(r"\b(for|within|free|last|past|since|during|after|than)\s*$")
_NOT_AGE_TOPIC = re.compile(r"menopaus|amenorrh|childbearing|\bqt")
_SOFT_NOT_AGE = re.compile(r"malignan|cancer|carcinoma|tumou?r|smok|pack")
_NOT_AGE_AFTER = re.compile(r"^\s*(since|after|prior|before|from|ago|of (follow|survival|treatment))")


def age(t: str) -> list[Predicate]:
    if _NOT_AGE_TOPIC.search(t) or (_SOFT_NOT_AGE.search(t) and not re.search(r"\bage[ds]?\b", t)):
        return []
    m = _AGE_RANGE.search(t)
    if m and int(m.group(1)) < int(m.group(2)) <= 120 and re.search(r"\bage", t):
        return [AgeP(op=">=", value=float(m.group(1))), AgeP(op="<=", value=float(m.group(2)))]
    m2 = _AGE_OLDER.search(t)
    if m2:
        return [AgeP(op=">=", value=float(m2.group(1)))]
    m4 = _AGE_OVER.search(t)
    if m4:
        return [AgeP(op=">=" if ">=" in m4.group(0) else ">", value=float(m4.group(1)))]
    out: list[Predicate] = []
    for m3 in _AGE_OP.finditer(t):
        if _NOT_AGE_BEFORE.search(t[: m3.start()]) or _NOT_AGE_AFTER.match(t[m3.end():]):
            continue
        v = float(m3.group(2))
        if 0 < v <= 120 and (re.search(r"\bage|old|adult|patients?|participants?|subjects?", t)):
            out.append(AgeP(op=_op(m3.group(1)), value=v))
    return out


# ── pregnancy and contraception ───────────────────────────────────────

_PREG = re.compile(r"\b(pregnant|breast[- ]?feed\w*|lactat\w*|nursing)\b")
_CONTRA = re.compile(r"contracept|birth control|condom|abstinen")


def pregnancy(t: str, exclusion: bool) -> list[Predicate]:
    out: list[Predicate] = []
    if _CONTRA.search(t):
        unwilling = bool(re.search(r"\b(unwilling|unable|refuse|not willing|do not agree|not agree)", t))
        out.append(ContraceptionP(negate=unwilling))
    if _PREG.search(t):
        # inclusion sentences say "must not be pregnant"; exclusion ones "pregnant or nursing"
        out.append(PregnancyP(negate=not exclusion))
    elif not out and not exclusion and re.search(r"negative (serum |urine )?(\w+ )?pregnancy test", t):
        out.append(PregnancyP(negate=True))
    return out


# ── brain metastases ──────────────────────────────────────────────────

_BRAIN = re.compile(r"\b(brain|cns|central nervous system|intracranial|cerebral)\s*(metasta\w*|mets|lesions?|disease)")
_ACTIVE = re.compile(r"\b(untreated|active|symptomatic|unstable|progressive|progressing|uncontrolled|"
                     r"requir\w* (steroids?|corticosteroids?|treatment|radiotherapy|surgery|urgent))")
_TREATED = re.compile(r"\b(treated|stable|asymptomatic|controlled|previously irradiated)")


def brain(t: str, exclusion: bool) -> list[Predicate]:
    m = _BRAIN.search(t)
    if not m:
        return []
    window = t[max(0, m.start() - 60): m.end() + 80]
    active = _ACTIVE.search(window)
    if (active and not re.search(r"\b(a)?symptomatic\b", active.group(0))) or (
        active and active.group(0) == "symptomatic"
    ):
        return [BrainMetsP(status="active")]
    if _TREATED.search(window) and _ALLOW.search(t):
        return [AllowanceP(topic="treated or stable brain metastases")]
    if _ALLOW.search(t) and not exclusion:
        return [AllowanceP(topic="brain metastases")]
    negated = bool(re.search(r"\b(no|without|absence of|free of)\b[^.;]{0,30}$", t[: m.start()]))
    return [BrainMetsP(status="any", negate=negated)]


# ── measurable disease ────────────────────────────────────────────────


def measurable(t: str) -> list[Predicate]:
    if re.search(r"\bmeasurable\b", t) and not re.search(r"\bnon-?measurable\b", t):
        neg = bool(re.search(r"\b(no|without|lack of|absence of)\b[^.;]{0,25}measurable", t))
        return [MeasurableP(negate=neg)]
    if re.search(r"\brecist\b", t) and re.search(r"lesion|disease", t) and not re.search(r"evaluable", t):
        return [MeasurableP()]
    return []


# ── stage and extent ──────────────────────────────────────────────────

_ROMAN = r"(?:iv|iii|ii|i)[abc]?[123]?"
_STAGE = re.compile(r"\bstages?\s*(" + _ROMAN + r"(?:\s*(?:-|to|/|or|and|,)\s*(?:stage\s*)?" + _ROMAN + r")*)\b")
_EXTENTS = (
    ("locally_advanced", re.compile(r"locally advanced|locoregionally advanced")),
    ("metastatic", re.compile(r"\bmetasta(tic|sis|ses)\b(?! (to|in) the (brain|cns|liver))|\bstage iv\b|\bm1[abc]?\b")),
    ("unresectable", re.compile(r"\b(unresectable|inoperable|not (amenable|suitable|a candidate) (to|for) "
                                r"(radical |curative )?(surgery|resection))")),
    ("advanced", re.compile(r"\badvanced\b")),
    ("recurrent", re.compile(r"\brecurren(t|ce)|\brelapsed?\b")),
    ("resectable", re.compile(r"\b(resectable|completely resected|complete resection|amenable to (surgical )?resection|"
                              r"operable)\b")),
)


def _expand_stage_range(a: str, b: str) -> list[str]:
    seq = ["0", "IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB"]
    a, b = a.upper(), b.upper()

    def pos(x: str, last: bool) -> int:
        hits = [i for i, s in enumerate(seq) if s.startswith(x) or x.startswith(s)]
        return (hits[-1] if last else hits[0]) if hits else -1

    i, j = pos(a, False), pos(b, True)
    return seq[i: j + 1] if 0 <= i <= j else [a, b]


def stage(t: str) -> list[Predicate]:
    stages: list[str] = []
    for m in _STAGE.finditer(t):
        parts = re.split(r"\s*(-|to|/|or|and|,)\s*(?:stage\s*)?", m.group(1))
        tokens = [p for p in parts if p and re.fullmatch(_ROMAN, p)]
        seps = [p for p in parts if p in ("-", "to")]
        if len(tokens) == 2 and seps:
            stages.extend(_expand_stage_range(tokens[0], tokens[1]))
        else:
            stages.extend(x.upper() for x in tokens)
    extents = [name for name, rx in _EXTENTS if rx.search(t)]
    if "resectable" in extents and "unresectable" in extents:
        extents.remove("resectable")
    if "advanced" in extents and ("locally_advanced" in extents):
        extents.remove("advanced")
    if not stages and not extents:
        return []
    # a mention of extent without a diagnosis word is usually about something else ("metastases to the liver")
    if not stages and not re.search(r"cancer|carcinoma|nsclc|tumou?r|disease|malignan|neoplasm|stage", t):
        return []
    return [StageP(stages=list(dict.fromkeys(stages)), extents=extents)]


# ── prostate hormone setting ──────────────────────────────────────────

_CRPC = re.compile(r"\bcastrat\w*[- ]?(?:resistan|refractor)|\bm?crpc\b|\bhormone[- ]?(?:refractory|resistant)")
_HSPC = re.compile(r"\b(?:castrat\w*|hormone|androgen(?: deprivation)?)[- ]?(?:sensitive|naive|na\u00efve)|"
                   r"\bm?(?:hs|cs)pc\b")


def castration(t: str) -> list[Predicate]:
    """mCRPC / castration-resistant, or mHSPC / hormone-sensitive, named as the disease setting."""
    resistant, sensitive = bool(_CRPC.search(t)), bool(_HSPC.search(t))
    if resistant == sensitive:  # neither, or both ("after mHSPC, now mCRPC"): leave to the other rules
        return []
    return [CastrationP(status="resistant" if resistant else "sensitive")]


# ── cancer type / histology ───────────────────────────────────────────

_DX = re.compile(r"histolog|cytolog|patholog|confirmed|diagnos|documented|patients? with|subjects? with|participants? "
                 r"with|have|has|component|transformation|mixed|cancer|carcinoma")
_OTHER = re.compile(r"\b(other|another|second|prior|previous|history of|concurrent|additional|active) (primary )?"
                    r"(malignan|cancer|tumou?r|neoplas)")


def cancer_type(t: str, exclusion: bool) -> list[Predicate]:
    if _OTHER.search(t) or not (_DX.search(t) or len(t) < 60):
        return []
    rest = t
    positive: list[str] = []
    names: list[str] = []
    negative: list[str] = []
    for rx, codes in vocab().cancer:
        m = rx.search(rest)
        if not m:
            continue
        names.append(m.group(0))
        positive.append(codes[0])
        negative.extend(codes[1:])
        rest = rest[: m.start()] + " " + rest[m.end():]
    if not positive:
        return []
    if exclusion and not re.search(r"histolog|cytolog|component|mixed|transformation|small cell|squamous", t):
        return []
    out: list[Predicate] = [CancerTypeP(codes=list(dict.fromkeys(positive)), names=names)]
    if negative:
        out.append(CancerTypeP(codes=list(dict.fromkeys(negative)), names=names, negate=True))
    return out
