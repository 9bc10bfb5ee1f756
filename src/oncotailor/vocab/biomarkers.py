"""Report-style biomarker text ("TMB 12", "MSI-H", "PD-L1 TPS 60%", "HER2 IHC 3+") → `Biomarkers` fields.

Returns None for text that is not a biomarker, so the caller can try the alteration grammar next.
"""

from __future__ import annotations

import re
from typing import Any

_NUM = r"(\d+(?:\.\d+)?)"
_POSNEG = {"positive": "positive", "pos": "positive", "+": "positive", "negative": "negative", "neg": "negative",
           "-": "negative"}

_MRD = _POSNEG | {"detected": "positive", "not detected": "negative"}
_PTEN = {w: "deficient" for w in ("deficient", "deficiency", "loss", "lost", "absent", "null", "negative")} | {
    w: "intact" for w in ("intact", "retained", "present", "positive")}
_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(rf"^tmb[\s:=-]*(?:score\s*)?{_NUM}\s*(?:mut(?:ations)?\s*/\s*mb|muts?/mb|/mb)?$"),
     lambda m: {"tmb": float(m[1])}),
    (re.compile(r"^tmb[\s-]*(h|high)$"), lambda m: {"tmb_status": "high"}),
    (re.compile(r"^tmb[\s-]*(l|low)$"), lambda m: {"tmb_status": "low"}),
    (re.compile(r"^(msi[\s-]*h|msi[\s-]*high|microsatellite instability[\s-]*high|microsatellite unstable)$"),
     lambda m: {"msi": "high"}),
    (re.compile(r"^(msi[\s-]*l|msi[\s-]*low)$"), lambda m: {"msi": "low"}),
    (re.compile(r"^(mss|ms[\s-]*stable|microsatellite stable|msi[\s-]*stable)$"), lambda m: {"msi": "stable"}),
    (re.compile(r"^(dmmr|mmr[\s-]*deficient|mmr[\s-]*d|mismatch repair deficient|mismatch repair deficiency)$"),
     lambda m: {"mmr": "deficient"}),
    (re.compile(r"^(pmmr|mmr[\s-]*proficient|mmr[\s-]*p|mismatch repair proficient|mmr intact)$"),
     lambda m: {"mmr": "proficient"}),
    (re.compile(rf"^pd-?l1(?:\s*\(22c3\)|\s*\(sp263\))?\s*(?:tps|tumou?r proportion score)\s*[:=]?\s*[≥>]?\s*{_NUM}\s*%?$"),
     lambda m: {"pdl1_tps": float(m[1])}),
    (re.compile(rf"^pd-?l1(?:\s*\(22c3\))?\s*(?:cps|combined positive score)\s*[:=]?\s*[≥>]?\s*{_NUM}$"),
     lambda m: {"pdl1_cps": float(m[1])}),
    (re.compile(rf"^pd-?l1\s*[:=]?\s*[≥>]?\s*{_NUM}\s*%$"), lambda m: {"pdl1_tps": float(m[1])}),
    (re.compile(r"^(hrd|hr deficiency|homologous recombination deficiency|hrd status)[\s:=-]*(positive|pos|\+)$"),
     lambda m: {"hrd": "positive"}),
    (re.compile(r"^(hrd|hr deficiency|homologous recombination deficiency|hrd status)[\s:=-]*(negative|neg|-)$"),
     lambda m: {"hrd": "negative"}),
    (re.compile(rf"^(?:hrd|gis|genomic instability score)\s*(?:score)?\s*[:=]?\s*{_NUM}$"),
     lambda m: {"hrd_score": float(m[1])}),
    (re.compile(r"^(?:her2|erbb2)\s*(?:ihc)?\s*[:=]?\s*(0|1\+|2\+|3\+|ultralow|ultra-low)$"),
     lambda m: {"her2_ihc": m[1].replace("ultra-low", "ultralow")}),
    (re.compile(r"^(ebv|hpv|p16)[\s:=-]*(positive|negative|pos|neg|\+|-)$"),
     lambda m: {("hpv" if m[1] == "p16" else m[1]): _POSNEG[m[2]]}),
    (re.compile(rf"^(?:claudin[\s-]*18\.?2|cldn18\.?2)\s*(?:positive)?\s*[:=]?\s*{_NUM}\s*%?$"),
     lambda m: {"claudin18_2": float(m[1])}),
    (re.compile(rf"^(?:fgfr2b)\s*(?:ihc)?\s*[:=]?\s*{_NUM}\s*%?$"), lambda m: {"fgfr2b_ihc": float(m[1])}),
    (re.compile(rf"^(?:c-?met|met)\s*(?:protein\s*)?(?:ihc\s*)?(?:3\+\s*)?(?:overexpression\s*)?[:=]?\s*[≥>]?\s*{_NUM}\s*%$"),
     lambda m: {"cmet_ihc": float(m[1])}),
    (re.compile(rf"^(?:fr[αa]|folr1|folate receptor alpha)\s*[:=]?\s*{_NUM}\s*%?$"), lambda m: {"folr1": float(m[1])}),
    (re.compile(r"^(psma)(?:[\s-]*pet)?[\s:=-]*(positive|negative|pos|neg|\+|-)$"),
     lambda m: {"psma_pet": _POSNEG[m[2]]}),
    (re.compile(r"^(sstr|somatostatin receptor)[\s:=-]*(positive|negative|pos|neg|\+|-)$"),
     lambda m: {"sstr": _POSNEG[m[2]]}),
    (re.compile(r"^(cd20|cd30|cd19|cd33|bcma)[\s:=-]*(positive|negative|pos|neg|\+|-)$"),
     lambda m: {m[1]: _POSNEG[m[2]]}),
    # ctDNA molecular residual disease: "MRD" or the assay must be named (plain "ctDNA positive" is a liquid biopsy)
    (re.compile(r"^(?:ctdna[\s-]*mrd|mrd[\s-]*(?:\(?ctdna\)?)?|molecular residual disease|signatera)"
                r"[\s:=-]*(positive|negative|pos|neg|detected|not detected|\+|-)$"),
     lambda m: {"ctdna_mrd": _MRD[m[1]]}),
    # PTEN protein by IHC; a bare "PTEN loss" stays an alteration (it may mean a genomic deletion)
    (re.compile(r"^pten[\s-]*(?:ihc|protein)[\s:=-]*(deficient|deficiency|loss|lost|absent|null|negative|intact|retained"
                r"|present|positive)$"), lambda m: {"pten_ihc": _PTEN[m[1]]}),
    (re.compile(r"^pten[\s-]*(deficient|deficiency)(?:\s*\(?ihc\)?)?$"), lambda m: {"pten_ihc": "deficient"}),
]


def parse_biomarker(text: str) -> dict[str, Any] | None:
    s = re.sub(r"\s+", " ", text.strip().lower())
    for pattern, build in _PATTERNS:
        m = pattern.match(s)
        if m:
            return build(m)
    return None


_WILDTYPE = re.compile(r"^([A-Za-z0-9\-/]+)\s+(?:wild[\s-]?type|wt|not detected|negative|no alteration(?:s)? detected)$",
                       re.I)


def parse_wildtype(text: str) -> list[str] | None:
    """'KRAS wild-type', 'RAS wild-type' (KRAS and NRAS), 'ALK negative' → genes tested without an alteration."""
    m = _WILDTYPE.match(text.strip())
    if not m:
        return None
    names = m[1].upper()
    groups = {"RAS": ["KRAS", "NRAS"], "ALL-RAS": ["KRAS", "NRAS"], "KRAS/NRAS": ["KRAS", "NRAS"],
              "RAS/BRAF": ["KRAS", "NRAS", "BRAF"], "BRCA": ["BRCA1", "BRCA2"], "BRCA1/2": ["BRCA1", "BRCA2"]}
    return groups.get(names, names.split("/"))


_STATUS = {"positive": "positive", "pos": "positive", "+": "positive", "negative": "negative", "neg": "negative",
           "-": "negative", "low": "low", "low positive": "low"}
_RECEPTOR = re.compile(r"^(er|estrogen receptor|oestrogen receptor|pr|pgr|progesterone receptor|her2|erbb2)"
                       r"\s*(?:status)?\s*[:=]?\s*(positive|pos|negative|neg|low positive|low|\+|-)$")
_RECEPTOR_FIELD = {"er": "er", "estrogen receptor": "er", "oestrogen receptor": "er", "pr": "pr", "pgr": "pr",
                   "progesterone receptor": "pr", "her2": "her2", "erbb2": "her2"}


def parse_receptor(text: str) -> dict[str, str] | None:
    """Breast-report receptor words ('ER positive', 'PR-', 'HER2 negative', 'HER2-low', 'triple negative') →
    `diagnosis` fields er / pr / her2; None for anything else."""
    s = re.sub(r"\s+", " ", text.strip().lower())
    if s in ("triple negative", "triple-negative", "tnbc"):
        return {"er": "negative", "pr": "negative", "her2": "negative"}
    if s in ("her2-low", "her2 low"):
        return {"her2": "low"}
    if s in ("her2-ultralow", "her2 ultralow", "her2-ultra-low"):
        return {"her2": "ultralow"}
    m = _RECEPTOR.match(s)
    if not m:
        return None
    field, status = _RECEPTOR_FIELD[m[1]], _STATUS[m[2]]
    if field == "her2" and status == "low":
        return {"her2": "low"}
    return {field: status}
