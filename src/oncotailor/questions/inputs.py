"""Turn an engine's `needed_input` (field paths, gene lists, short phrases) into plain catalog labels.

Engines say what would settle an unknown in their own terms (``tumor.biomarkers.her2_ihc``,
``germline.variants or germline.vcf``, ``ALK, ROS1``). Patients need "a HER2 test of the tumor". Each
field path is looked up in the catalog's ``inputs.`` keys by its full path, then its last part, then its
first part (``risk_factors.bmi`` → ``inputs.risk_factors``); a list made only of gene symbols becomes
"a test of the ALK and ROS1 genes". Anything not recognised is left out — the clinician report keeps
the engine's own words.
"""

from __future__ import annotations

import re

from oncotailor.i18n import Catalog

_PATH = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\b")
_GENE_LIST = re.compile(r"^\s*[A-Z][A-Z0-9-]{1,15}(?:\s*(?:,|and|or)\s*[A-Z][A-Z0-9-]{1,15})*\s*$")


def input_labels(needed: str | None, cat: Catalog) -> list[str]:
    """Catalog references (``@inputs.x``) or literal labels for what would settle an unknown, in order."""
    if not needed:
        return []
    if _GENE_LIST.match(needed):
        genes = [g for g in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", needed.strip()) if g]
        return [cat.t("gene_test", genes=cat.join(genes))]
    out: list[str] = []
    for token in _PATH.findall(needed):
        parts = token.split(".")
        for cand in ("_".join(parts), parts[-1], parts[0]):
            if cat.has(f"inputs.{cand}"):
                ref = f"@inputs.{cand}"
                if ref not in out:
                    out.append(ref)
                break
    return out
