"""Has the cancer spread to distant sites? Read from the stated metastatic sites and the stage group.

Stage IV means distant metastasis (M1) for most solid tumors, but not for all. In several staging systems
the first stage-IV groups are locoregional (M0) and only a later letter is distant (AJCC 8th edition; FIGO
for gynecologic cancers):

- head and neck (except nasopharynx): IVA and IVB are M0, IVC is M1; nasopharynx: IVA is M0, IVB is M1;
- thyroid: IVA is M0; IVB is M0 for anaplastic and medullary carcinoma (M1 for differentiated); IVC is M1;
- cervix, vulva (FIGO), esophagus and stomach (clinical), liver (HCC), biliary tract, prostate, uterus
  (FIGO): IVA is M0, IVB and later are M1.

Kidney stage IV includes T4 M0 tumors, so a bare "IV" there says nothing either way. In head and neck cancer
a bare "IV" is mostly locoregional disease, so it is unknown too; elsewhere a bare "IV" reads as metastatic.
One reading serves the label conditions (`therapy.conditions`) and the trial criteria (`trials.evaluate`).
"""

from __future__ import annotations

import contextlib
import re

from oncotailor.case import Diagnosis

_LOCAL_IVA = frozenset({"IVA"})
# tissue (OncoTree level-1 code) → stage-IV groups that are locoregional (M0)
_LOCOREGIONAL_IV: dict[str, frozenset[str]] = {
    "HEAD_NECK": frozenset({"IVA", "IVB"}), "THYROID": _LOCAL_IVA, "CERVIX": _LOCAL_IVA, "VULVA": _LOCAL_IVA,
    "STOMACH": _LOCAL_IVA, "LIVER": _LOCAL_IVA, "BILIARY_TRACT": _LOCAL_IVA, "PROSTATE": _LOCAL_IVA,
    "UTERUS": _LOCAL_IVA,
}
# a more specific OncoTree code overrides its tissue
_BY_CODE: dict[str, frozenset[str]] = {"NPC": _LOCAL_IVA, "THAP": frozenset({"IVA", "IVB"}),
                                       "THME": frozenset({"IVA", "IVB"})}
_BARE_IV_UNKNOWN = frozenset({"HEAD_NECK", "KIDNEY"})
_STAGE = re.compile(r"^(0|I|II|III|IV)([A-C])?\d?$")


def _lineage(code: str | None) -> tuple[str, ...]:
    if not code:
        return ()
    from oncotailor.errors import OncoTailorError
    from oncotailor.vocab.tumor_types import resolve_cancer_type

    with contextlib.suppress(OncoTailorError):
        return resolve_cancer_type(code).lineage
    return ()


def distant_metastasis(d: Diagnosis | None) -> bool | None:
    """True: distant spread (metastatic sites, or an M1 stage group); False: a stage group without it;
    None: not known from the case."""
    if d is None:
        return None
    return distant(d.stage, bool(d.metastatic_sites), _lineage(d.oncotree_code))


def distant(stage: str | None, has_sites: bool, lineage: tuple[str, ...]) -> bool | None:
    """`distant_metastasis` from its parts: the stage text, whether metastatic sites are listed, and the
    OncoTree lineage of the cancer (ancestors and code)."""
    if has_sites:
        return True
    m = _STAGE.match((stage or "").strip().upper())
    if not m:
        return None
    group, letter = m[1], m[2] or ""
    if group != "IV":
        return False
    local = next((_BY_CODE[c] for c in reversed(lineage) if c in _BY_CODE), None)
    if local is None:
        local = next((_LOCOREGIONAL_IV[c] for c in lineage if c in _LOCOREGIONAL_IV), frozenset())
    if not letter:
        return None if any(c in _BARE_IV_UNKNOWN for c in lineage) else True
    return f"IV{letter}" not in local
