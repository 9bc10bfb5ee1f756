"""ClinicalTrials.gov API v2 study JSON → Trial (field paths verified on the v2 `studies` response)."""

from __future__ import annotations

from typing import Any

from oncotailor.errors import InputError
from oncotailor.trials.criteria.parse import parse_eligibility
from oncotailor.trials.importers.common import (
    age_years,
    finish,
    iso_date,
    map_conditions,
    norm_phase,
    norm_status,
    sex_of,
    structured_criteria,
)
from oncotailor.trials.model import Site, Trial


def is_ctgov(rec: Any) -> bool:
    return isinstance(rec, dict) and isinstance(rec.get("protocolSection"), dict)


def _contact(c: dict[str, Any] | None) -> str | None:
    if not c:
        return None
    parts = [c.get("name"), c.get("phone"), c.get("email")]
    text = ", ".join(str(p) for p in parts if p)
    return text or None


def from_ctgov(rec: dict[str, Any], *, file: str | None = None, index: int | None = None) -> Trial:
    ps = rec.get("protocolSection")
    if not isinstance(ps, dict):
        raise InputError(f"record {index}: not a ClinicalTrials.gov v2 study", file=file, field="protocolSection")
    ident = ps.get("identificationModule") or {}
    nct = ident.get("nctId")
    if not nct or not isinstance(nct, str):
        raise InputError(f"record {index}: study has no NCT id", file=file,
                         field="protocolSection.identificationModule.nctId")
    status = ps.get("statusModule") or {}
    design = ps.get("designModule") or {}
    elig = ps.get("eligibilityModule") or {}
    conds = ps.get("conditionsModule") or {}
    locs = ps.get("contactsLocationsModule") or {}
    misc = ((rec.get("derivedSection") or {}).get("miscInfoModule") or {})
    sites = []
    for loc in locs.get("locations") or []:
        if not isinstance(loc, dict):
            continue
        geo = loc.get("geoPoint") or {}
        contacts = loc.get("contacts") or []
        sites.append(Site(
            facility=loc.get("facility"), city=loc.get("city"), state=loc.get("state"), postcode=loc.get("zip"),
            country=loc.get("country"), lat=geo.get("lat"), lon=geo.get("lon"), status=(loc.get("status") or None),
            contact=_contact(contacts[0]) if contacts else None,
        ))
    central = locs.get("centralContacts") or []
    min_age, max_age = age_years(elig.get("minimumAge")), age_years(elig.get("maximumAge"))
    sex = sex_of(elig.get("sex"))
    text = elig.get("eligibilityCriteria")
    names = list(conds.get("conditions") or [])
    mesh = [str(m["term"]) for m in ((rec.get("derivedSection") or {}).get("conditionBrowseModule") or {}).get(
        "meshes", []) if isinstance(m, dict) and m.get("term")]
    codes = map_conditions(names) or map_conditions(mesh) or map_conditions(list(conds.get("keywords") or []))
    snapshot = iso_date(misc.get("versionHolder")) or iso_date(
        (status.get("lastUpdatePostDateStruct") or {}).get("date"))
    try:
        criteria = structured_criteria(min_age, max_age, sex) + parse_eligibility(text)
    except Exception as e:
        raise InputError(f"record {index}: eligibility text could not be read ({type(e).__name__})", file=file,
                         field="eligibilityModule.eligibilityCriteria") from e
    return finish(Trial(
        nct_id=nct, title=ident.get("briefTitle") or ident.get("officialTitle") or nct,
        status=norm_status(status.get("overallStatus")), status_raw=status.get("overallStatus"),
        phase=norm_phase(design.get("phases")), conditions=names, oncotree_codes=codes, sites=sites,
        central_contact=_contact(central[0]) if central else None, criteria=criteria,
        eligibility_text=text, min_age=min_age, max_age=max_age, sex=sex,
        snapshot_date=snapshot, source_format="ctgov_v2", source_file=file,
        url=f"https://clinicaltrials.gov/study/{nct}",
    ))
