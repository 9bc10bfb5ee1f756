"""Rules for biomarker criteria: gene alterations (with alternatives such as "EGFR exon 19 deletion or
L858R"), wildtype and driver-negative requirements, and measured biomarkers (PD-L1, TMB, MSI/MMR, ER/PR/HER2).

Gene words are read case-sensitively from the criterion as written ("MET", not "met"); therapy phrases
("EGFR TKI", "PD-1 inhibitor") are masked first so they are not read as biomarkers.
"""

from __future__ import annotations

import re

from oncotailor.trials.criteria.vocab import vocab
from oncotailor.trials.model import AltSpec, BiomarkerP, BiomarkerValueP, Predicate

_PROT = re.compile(r"\b(?:p\.)?([ACDEFGHIKLMNPQRSTVWY])(\d{2,4})([ACDEFGHIKLMNPQRSTVWYX*]|del|ins|fs)?\b")
_EXON = re.compile(r"\b(?:exon|ex)\s*(\d{1,2})\s*(?:in[- ]frame\s*)?(del\w*|ins\w*|skip\w*|mut\w*|alteration\w*|"
                   r"variant\w*)?|\b(19)\s*del\b|\bex(\d{1,2})(del|ins)\b", re.I)
_FLIP = re.compile(r"\b(are|is|will be) (excluded|not eligible|ineligible)\b", re.I)
_DRIVER_NEG = re.compile(
    r"driver[- ](gene[- ])?(mutation[- ])?negative|no (known )?(actionable|targetable|sensitizing|oncogenic driver) "
    r"(genomic |driver |oncogenic |molecular )?(alteration|mutation|driver|gene)|without (known )?(actionable|"
    r"targetable|driver)|negative for (known )?(actionable|targetable|driver)",
    re.I,
)
_FUSION_GENES = frozenset({"ALK", "ROS1", "RET", "NTRK1", "NTRK2", "NTRK3", "NRG1"})


def _exon_change(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    return "deletion" if w.startswith("del") else "insertion" if w.startswith("ins") else (
        "skipping" if w.startswith("skip") else "any")


def _details(gene: str, window: str) -> list[AltSpec]:
    """The alteration(s) one gene mention names in its window of text."""
    specs: list[AltSpec] = []
    low = window.lower()
    for m in _EXON.finditer(window):
        exon = int(m.group(1) or m.group(3) or m.group(4))
        change = _exon_change(m.group(2) or ("del" if m.group(3) else m.group(5)))
        if 1 <= exon <= 40:
            specs.append(AltSpec(gene=gene, category="mutation", exon=exon, exon_change=change))
    window_wo_exon = _EXON.sub(" ", window)
    for m in _PROT.finditer(window_wo_exon):
        ref, pos, alt = m.group(1), m.group(2), m.group(3)
        if alt in (None, "X") and int(pos) > 20:
            specs.append(AltSpec(gene=gene, category="mutation", codon=f"{ref}{pos}"))
        elif alt:
            specs.append(AltSpec(gene=gene, category="mutation", protein_change=f"{ref}{pos}{alt}"))
    if specs:
        # "exon 21 L858R": the exon only locates the named change
        if any(s.protein_change for s in specs):
            specs = [s for s in specs if not (s.exon and not s.exon_change)]
        return specs
    if re.search(r"fusion|rearrange|translocation|::", low) or (gene in _FUSION_GENES and re.search(r"positiv|\+", low)):
        return [AltSpec(gene=gene, category="fusion")]
    if re.search(r"amplif", low):
        return [AltSpec(gene=gene, category="amplification")]
    if re.search(r"overexpress|ihc|expression", low):
        return [AltSpec(gene=gene, category="expression")]
    if re.search(r"mutat|mutant|variant|sensiti[sz]ing|activating", low):
        return [AltSpec(gene=gene, category="mutation")]
    return [AltSpec(gene=gene)]


def _measured(t: str) -> list[Predicate]:
    out: list[Predicate] = []
    m = re.search(r"pd-?l1", t)
    if m:
        tail = t[m.end(): m.end() + 80]
        analyte = "pdl1_cps" if re.search(r"\bcps\b|combined positive", tail) else "pdl1_tps"
        v = re.search(r"(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*%?", tail)
        if v:
            out.append(BiomarkerValueP(analyte=analyte, op=v.group(1), value=float(v.group(2))))
        elif re.search(r"\bhigh\b", tail):
            out.append(BiomarkerValueP(analyte=analyte, op=">=", value=50.0))
        elif re.search(r"negativ", tail):
            out.append(BiomarkerValueP(analyte=analyte, op="<", value=1.0))
        elif re.search(r"positiv|express", tail):
            out.append(BiomarkerValueP(analyte=analyte, op=">=", value=1.0))
    m = re.search(r"\btmb\b|tumou?r mutation(al)? burden", t)
    if m:
        v = re.search(r"(>=|<=|>|<)\s*(\d+(?:\.\d+)?)", t[m.end(): m.end() + 60])
        if v:
            out.append(BiomarkerValueP(analyte="tmb", op=v.group(1), value=float(v.group(2))))
        elif re.search(r"\bhigh\b|tmb-h", t[m.start(): m.end() + 20]):
            out.append(BiomarkerValueP(analyte="tmb", op=">=", value=10.0))
    if re.search(r"msi-?h\b|microsatellite instability[- ]high|high[- ]microsatellite", t):
        out.append(BiomarkerValueP(analyte="msi", category="high"))
    if re.search(r"\bdmmr\b|mismatch repair[- ]deficien|deficient mismatch repair", t):
        out.append(BiomarkerValueP(analyte="mmr", category="deficient"))
    for rec in ("er", "pr"):
        mm = re.search(rf"\b{rec}[- ]?(\+|positive|negative|-)(?!\w)", t)
        if mm:
            cat = "positive" if mm.group(1) in ("+", "positive") else "negative"
            out.append(BiomarkerValueP(analyte=rec, category=cat))
    if re.search(r"hormone receptor[- ]positive|\bhr\+|\bhr-positive", t):
        out.append(BiomarkerValueP(analyte="er", category="positive"))
    return out


_NEG_NEAR = re.compile(r"\b(no|without|absence of|negative for|not (have|harbor|carry)\w*|lack of|free of|neither|nor)\b"
                       r"(?![^.;]*?(therap|treat|prior|previous|inhibitor|tki))[^.;]{0,45}$", re.I)
_NEG_AFTER = re.compile(r"^[^.;]{0,40}?(wild[- ]?type|\bwt\b|negative)", re.I)
_DRUG_AFTER = re.compile(r"^[\s-]*(targeting|targeted|directed|inhibitors?|tkis?|antibod\w*|blockers?)\b", re.I)
_SPACED = re.compile(r"\b([ACDEFGHIKLMNPQRSTVWY]) (\d{2,4}) ([ACDEFGHIKLMNPQRSTVWY])\b")
_GENERIC = frozenset({"any", "mutation"})


def biomarkers(n: str, t: str) -> list[Predicate]:
    """`n` is the normalised criterion with its case kept (and therapy phrases masked); `t` its lower case."""
    out: list[Predicate] = _measured(t)
    if _DRIVER_NEG.search(n):
        alts = [AltSpec(gene=g) for g in vocab().driver_genes]
        out.append(BiomarkerP(alternatives=alts, negate=True, label="driver-negative"))
        return out
    n = _SPACED.sub(r"\1\2\3", re.sub(r"\bdel\s*19\b", "exon 19 deletion", n, flags=re.I))
    v = vocab()
    mentions = [(m.start(), m.end(), v.gene_of[m.group(1).upper()]) for m in v.gene_re.finditer(n)
                if (m.group(1).isupper() or m.group(1)[0].lower() == "c") and not _DRUG_AFTER.match(n[m.end():])]
    mentions = [x for x in mentions if not re.match(r"-?\s*l1", n[x[1]: x[1] + 3], re.I)]  # PD-L1 is not a gene here
    if not mentions:
        return out
    specs: list[tuple[list[AltSpec], str, bool]] = []  # (alternatives, connector before, negated)
    pending: list[str] = []
    for i, (start, end, gene) in enumerate(mentions):
        prev_end = mentions[i - 1][1] if i else 0
        nxt = mentions[i + 1][0] if i + 1 < len(mentions) else min(len(n), end + 90)
        window = n[end:nxt]
        connector = n[prev_end:start] if i else ""
        if i + 1 < len(mentions) and re.fullmatch(r"[\s,/]*(or|and|and/or)?[\s,/]*", window, re.I):
            pending.append(gene)  # "EGFR or HER2 exon 20 insertion": EGFR shares HER2's details
            continue
        genes = [*pending, gene]
        pending = []
        details = _details(gene, window)
        if all(d.category in _GENERIC and not (d.protein_change or d.codon or d.exon) for d in details):
            before = _details(gene, n[prev_end:start])  # "exon 19 deletion or L858R EGFR mutation"
            if any(d.protein_change or d.codon or d.exon for d in before):
                details = before
        negated = bool(_NEG_NEAR.search(n[max(prev_end - 60, 0):start]) or _NEG_AFTER.search(window))
        alts = [d.model_copy(update={"gene": g}) for g in genes for d in details]
        expanded = [a.model_copy(update={"gene": g2}) for a in alts for g2 in v.expand(a.gene)]
        specs.append((expanded, connector, negated))
    if not specs:
        return out
    negate = any(neg for _, _, neg in specs)
    if _FLIP.search(n):
        negate = not negate
    groups: list[list[AltSpec]] = [[]]
    for alts, connector, _neg in specs:
        if groups[-1] and not negate and re.search(r"\band\b(?!/or)", connector, re.I) and not re.search(
            r"\bor\b", connector, re.I
        ):
            groups.append([])
        groups[-1].extend(alts)
    label = "wildtype" if negate and re.search(r"wild[- ]?type|\bwt\b", n, re.I) else None
    for g in groups:
        out.append(BiomarkerP(alternatives=list({a.model_dump_json(): a for a in g}.values()), negate=negate,
                              label=label))
    return out
