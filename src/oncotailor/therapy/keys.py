"""Normal forms shared by rules and alterations, so both sides of the join speak the same keys.

A protein change is compared in its short HGVS form (``p.Val600Glu`` → ``V600E``, ``p.(Arg213Ter)`` →
``R213*``, ``p.Gly12AlafsTer5`` → ``G12fs``); words (``ITD``, ``exon 19 deletion``) compare lower-case.
Consequence classes and exon events are small closed sets, coded as bits / short words for the matcher.
"""

from __future__ import annotations

import re

_AA3 = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G", "His": "H",
    "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W",
    "Tyr": "Y", "Val": "V", "Ter": "*", "Sec": "U", "Xaa": "X",
}
_AA3_RE = re.compile("|".join(sorted(_AA3, key=len, reverse=True)))
_AA = "ACDEFGHIKLMNPQRSTVWYUX*"
_PROTEIN = re.compile(rf"^[{_AA}]\d+(_[{_AA}]\d+)?([{_AA}=]|fs|del|dup|ins[A-Z*]*|delins[A-Z*]+|[{_AA}]fs)?")
_FS = re.compile(rf"^([{_AA}]\d+)[{_AA}]?fs.*$")
_CODON_ONLY = re.compile(r"^([A-Z])?(\d+)(any|\?)?$")
_POS = re.compile(rf"^[{_AA}](\d+)(?:_[{_AA}](\d+))?")

# Consequence classes as bits (the schema's ConsequenceClass, 'any' included).
CLASS_BITS: dict[str, int] = {
    "truncating": 1, "missense": 2, "inframe": 4, "splice": 8, "oncogenic": 16, "loss_of_function": 32,
    "activating": 64, "kinase_domain": 128, "any": 256,
}
TRUNCATING_TERMS = ("stop_gained", "frameshift", "splice_donor_variant", "splice_acceptor_variant",
                    "splice_site_variant", "start_lost", "truncating")  # splice_site: MAF 'Splice_Site' (±1/2)
EXON_EVENTS = ("deletion", "insertion", "skipping", "missense", "duplication")


def canon_change(text: str) -> str:
    """The comparable form of a change: short one-letter HGVS for protein changes, else lower-case words."""
    s = text.strip()
    if s.startswith("p."):
        s = s[2:]
    s = s.strip("()")
    s = _AA3_RE.sub(lambda m: _AA3[m.group(0)], s)
    if _PROTEIN.match(s):
        fs = _FS.match(s)
        if fs:
            return f"{fs[1]}fs"
        if s.endswith("X") and len(s) > 2 and s[-2].isdigit():
            s = s[:-1] + "*"
        return s
    return " ".join(s.lower().split())


def codon_of(change: str) -> tuple[int, int] | None:
    """First and last codon of a protein change (``E746_A750del`` → (746, 750)), else None."""
    m = _POS.match(canon_change(change))
    if not m:
        return None
    start = int(m[1])
    return start, int(m[2]) if m[2] else start


def codon_only(change: str) -> int | None:
    """``V600`` / ``V600any`` / ``600`` written as 'any change at this codon' → 600, else None."""
    m = _CODON_ONLY.match(change.strip())
    return int(m[2]) if m else None


def class_names(mask: int) -> list[str]:
    return [name for name, bit in CLASS_BITS.items() if mask & bit]

