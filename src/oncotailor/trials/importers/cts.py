"""NCI Clinical Trials Search (CTS) API v2 trial record → Trial.

CTS records carry structured eligibility (age in years, sex), NCIt-coded diseases, biomarkers with an
inclusion/exclusion flag, geocoded sites and the free-text criteria split into lines with an
`inclusion_indicator`. Diseases are mapped to OncoTree by name; biomarkers become BiomarkerP criteria.
"""

from __future__ import annotations

from typing import Any

from oncotailor.errors import InputError
from oncotailor.trials.criteria.parse import parse_criterion
from oncotailor.trials.criteria.split import split_criteria
from oncotailor.trials.criteria.vocab import vocab
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
from oncotailor.trials.model import AltSpec, BiomarkerP, Criterion, Site, Trial
from oncotailor.trials.oncotree import resolve_nci


def is_cts(rec: Any) -> bool:
    return isinstance(rec, dict) and "nct_id" in rec and ("current_trial_status" in rec or "eligibility" in rec)


def _biomarker_criteria(markers: list[Any]) -> list[Criterion]:
    """CTS biomarker concepts → BiomarkerP, one per concept whose name starts with a gene word we know."""
    v = vocab()
    out: list[Criterion] = []
    for b in markers:
        if not isinstance(b, dict) or not b.get("name"):
            continue
        name = str(b["name"])
        m = v.gene_re.match(name)
        if not m:
            continue
        gene = v.gene_of[m.group(1).upper()]
        low = name.lower()
        cat = ("fusion" if "fusion" in low or "rearrange" in low or ("positive" in low and gene in ("ALK", "ROS1", "RET"))
               else "amplification" if "amplif" in low else "mutation" if "mutation" in low else "any")
        excl = str(b.get("eligibility_criterion", "")).lower() == "exclusion"
        alts = [AltSpec(gene=g, category=cat) for g in v.expand(gene)]
        out.append(Criterion(text=f"biomarker: {name}", exclusion=excl, predicate=BiomarkerP(alternatives=alts),
                             origin="structured"))
    return out


def from_cts(rec: dict[str, Any], *, file: str | None = None, index: int | None = None) -> Trial:
    nct = rec.get("nct_id")
    if not nct or not isinstance(nct, str):
        raise InputError(f"record {index}: trial has no nct_id", file=file, field="nct_id")
    elig = rec.get("eligibility") or {}
    st = elig.get("structured") or {}
    min_age = age_years(st.get("min_age_in_years"))
    max_age = age_years(st.get("max_age_in_years"))
    sex = sex_of(st.get("sex"))
    criteria = structured_criteria(min_age, max_age, sex)
    texts: list[str] = []
    for line in sorted((x for x in elig.get("unstructured") or [] if isinstance(x, dict)),
                       key=lambda x: x.get("display_order") or 0):
        desc = str(line.get("description") or "")
        texts.append(desc)
        for item in split_criteria(desc, default_exclusion=not line.get("inclusion_indicator", True)):
            for pred in parse_criterion(item.text, exclusion=item.exclusion):
                criteria.append(Criterion(text=item.text, exclusion=item.exclusion, predicate=pred))
    criteria += _biomarker_criteria(rec.get("biomarkers") or [])
    diseases = [d for d in rec.get("diseases") or [] if isinstance(d, dict)]
    lead = [d["name"] for d in diseases if d.get("is_lead_disease") and d.get("name")]
    names = lead + [d["name"] for d in diseases if d.get("name") and d["name"] not in lead
                    and "maintype" in (d.get("type") or [])]
    codes = map_conditions(names)
    if not codes:
        for d in diseases:
            if d.get("is_lead_disease") or "maintype" in (d.get("type") or []):
                code = resolve_nci([str(d.get("nci_thesaurus_concept_id") or ""), *(d.get("parents") or [])])
                if code and code not in codes:
                    codes.append(code)
        specific = [c for c in codes if not c.startswith("_")]
        codes = specific or codes
    sites = []
    for s in rec.get("sites") or []:
        if not isinstance(s, dict):
            continue
        geo = s.get("org_coordinates") or {}
        contact = ", ".join(str(x) for x in (s.get("contact_name"), s.get("contact_phone"), s.get("contact_email")) if x)
        sites.append(Site(facility=s.get("org_name"), city=s.get("org_city"), state=s.get("org_state_or_province"),
                          postcode=s.get("org_postal_code"), country=s.get("org_country"), lat=geo.get("lat"),
                          lon=geo.get("lon"), status=s.get("recruitment_status"), contact=contact or None))
    cc = rec.get("central_contact") or {}
    central = ", ".join(str(x) for x in (cc.get("name"), cc.get("phone"), cc.get("email")) if x) or None
    snapshot = iso_date(rec.get("record_verification_date")) or iso_date(rec.get("current_trial_status_date"))
    return finish(Trial(
        nct_id=nct, title=rec.get("brief_title") or rec.get("official_title") or nct,
        status=norm_status(rec.get("current_trial_status")), status_raw=rec.get("current_trial_status"),
        phase=norm_phase(rec.get("phase")), conditions=names, oncotree_codes=codes, sites=sites,
        central_contact=central, criteria=criteria, eligibility_text="\n".join(texts) or None,
        min_age=min_age, max_age=max_age, sex=sex,
        snapshot_date=snapshot, source_format="nci_cts_v2", source_file=file,
        url=f"https://www.cancer.gov/clinicaltrials/{nct}",
    ))
