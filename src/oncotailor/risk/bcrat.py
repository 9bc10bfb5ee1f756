"""Gail model as run by the NCI Breast Cancer Risk Assessment Tool (BCRAT): 5-year and to-age-90 risk.

Gail MH et al. JNCI 1989;81:1879 (model 2: Costantino JP et al. JNCI 1999;91:1541); Black women: Gail
2007 JNCI 99:1782 (CARE); Asian-American women: Matsuno RK et al. JNCI 2011;103:951 (AABCS); Hispanic
women (US-born / foreign-born): Banegas MP et al. JNCI 2017;109:djw215. Constants: NCI BCRAT 1.4.5
(`knowledge/data/risk/bcrat_*.yaml`).

Absolute risk of invasive breast cancer between ages a and b, with competing non-breast mortality:
``sum_t h1(t)/(h1(t)+h2(t)) · exp(-∫_a^t (h1+h2)) · (1 - exp(-(h1(t)+h2(t))·Δt))`` where the hazards are
constant within 5-year age bands, ``h1 = λ1 · (1 - AR) · RR`` and ``h2 = λ2``. RR uses the covariate
categories below, with the biopsy × age ≥ 50 interaction and the atypical hyperplasia multiplier.
Unknown answers follow the NCI coding (category 0; hyperplasia unknown → ×1.00) — but an input never
asked (absent from the case) is reported as missing, not assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from oncotailor.case import Case
from oncotailor.findings import Evidence
from oncotailor.knowledge import KnowledgeBase
from oncotailor.risk import model_base as mb
from oncotailor.risk.family import count_first_degree
from oncotailor.risk.race import BCRAT_GROUP, normalise_race
from oncotailor.risk.sites import has_had

SPEC = mb.ModelSpec(
    name="BCRAT", outcome="invasive breast cancer", people="women", event_phrase="will get breast cancer",
    average_group="of the same age and race or ethnicity",
    evidence=(
        Evidence(source="NCI Breast Cancer Risk Assessment Tool", id="BCRAT 1.4.5", url="https://bcrisktool.cancer.gov/",
                 date="2017", level="validated model"),
        Evidence(source="PubMed", id="PMID:2593165", note="Gail MH et al. JNCI 1989;81:1879-86", date="1989-12-20"),
        Evidence(source="PubMed", id="PMID:10491430", note="Costantino JP et al. JNCI 1999;91:1541-8", date="1999-09-15"),
    ),
)
HORIZONS = ("5y", "to_age_90")
MIN_AGE, MAX_AGE, END_AGE = 35.0, 85.0, 90.0
HYPERPLASIA_RR = {True: 1.82, False: 0.93, None: 1.00}
ASIAN = frozenset({"chinese", "japanese", "filipino", "hawaiian", "other_pacific_islander", "other_asian"})
HISPANIC = frozenset({"hispanic_us_born", "hispanic_foreign_born"})


class BetaRow(mb.Row):
    race: str
    menarche: float
    biopsies: float
    first_birth: float
    relatives: float
    biopsies_age_ge50: float
    first_birth_x_relatives: float
    source: str


class RateRow(mb.Row):
    race: str
    rate_set: Literal["own", "average"]
    age_lo: int
    age_hi: int
    incidence: float
    competing_mortality: float
    one_minus_ar: float
    source: str


@dataclass(frozen=True)
class GailInputs:
    """The NCI questions; None = the woman answered "unknown" (NCI coding)."""

    age: float
    race: str  # BCRAT race key
    age_at_menarche: float | None
    age_at_first_live_birth: float | Literal["nulliparous"] | None
    biopsies: int | None
    atypical_hyperplasia: bool | None
    relatives: int | None


@dataclass(frozen=True)
class Categories:
    menarche: int
    biopsies: int
    first_birth: int
    relatives: int
    hyperplasia_rr: float


class InvalidGailInput(ValueError):
    """Answers that contradict each other (NCI refuses these too)."""


def recode(x: GailInputs) -> Categories:
    """NCI/BCRA covariate categories, with the race-specific collapses of each race model."""
    if x.age_at_menarche is not None and x.age_at_menarche > x.age:
        raise InvalidGailInput("age at menarche is later than the current age")
    fb = x.age_at_first_live_birth
    if isinstance(fb, float | int):
        if fb > x.age:
            raise InvalidGailInput("age at first live birth is later than the current age")
        if x.age_at_menarche is not None and fb < x.age_at_menarche:
            raise InvalidGailInput("age at first live birth is earlier than the age at menarche")
    if (x.biopsies or 0) == 0 and x.atypical_hyperplasia:
        raise InvalidGailInput("atypical hyperplasia is recorded but the number of breast biopsies is 0 or unknown")

    am = x.age_at_menarche
    men = 0 if am is None or am >= 14 else (1 if am >= 12 else 2)
    nb = x.biopsies or 0
    biop = 0 if nb == 0 else (1 if nb == 1 else 2)
    if fb is None:
        first = 0
    elif fb == "nulliparous":
        first = 2
    else:
        first = 0 if fb < 20 else (1 if fb < 25 else (2 if fb < 30 else 3))
    nr = x.relatives or 0
    rel = 0 if nr == 0 else (1 if nr == 1 else 2)
    rhyp = HYPERPLASIA_RR[x.atypical_hyperplasia] if biop > 0 else 1.0

    if x.race == "black":
        men, first = min(men, 1), 0
    if x.race in HISPANIC:
        biop = min(biop, 1)
        if fb != "nulliparous" and first >= 2:
            first -= 1
        if x.race == "hispanic_us_born":
            men = 0
    if x.race in HISPANIC or x.race in ASIAN:
        rel = min(rel, 1)
    return Categories(men, biop, first, rel, rhyp)


def relative_risks(c: Categories, b: BetaRow) -> tuple[float, float]:
    """(RR before age 50, RR at 50 and over), the hyperplasia multiplier included."""
    lp = (b.menarche * c.menarche + b.biopsies * c.biopsies + b.first_birth * c.first_birth
          + b.relatives * c.relatives + b.first_birth_x_relatives * c.first_birth * c.relatives)
    rr1 = math.exp(lp) * c.hyperplasia_rr
    return rr1, rr1 * math.exp(b.biopsies_age_ge50 * c.biopsies)


def absolute_risk(t1: float, t2: float, rates: list[RateRow], rr_lt50: float = 1.0, rr_ge50: float = 1.0,
                  use_ar: bool = True) -> float:
    """Probability of invasive breast cancer in [t1, t2), stepping through single years (fractional ages allowed)."""
    by_lo = {r.age_lo: r for r in rates}
    risk, cum, a = 0.0, 0.0, t1
    while a < t2 - 1e-12:
        year = math.floor(a + 1e-12)
        end = min(year + 1.0, t2)
        band = by_lo[20 + 5 * ((year - 20) // 5)]
        rr = rr_lt50 if year < 50 else rr_ge50
        h1 = band.incidence * (band.one_minus_ar if use_ar else 1.0) * rr
        h = h1 + band.competing_mortality
        step = end - a
        risk += h1 / h * math.exp(-cum) * (1.0 - math.exp(-h * step))
        cum += h * step
        a = end
    return risk


def compute(x: GailInputs, kb: KnowledgeBase, t2: float) -> tuple[float, float, Categories, tuple[float, float]]:
    """(own risk, average-woman risk, categories, (RR<50, RR≥50)) for ages [x.age, t2)."""
    beta = next(b for b in kb.table("risk/bcrat_betas", BetaRow) if b.race == x.race)
    all_rates = kb.table("risk/bcrat_rates", RateRow)
    own = [r for r in all_rates if r.race == x.race and r.rate_set == "own"]
    avg = [r for r in all_rates if r.race == x.race and r.rate_set == "average"]
    cats = recode(x)
    rr = relative_risks(cats, beta)
    return absolute_risk(x.age, t2, own, *rr), absolute_risk(x.age, t2, avg, use_ar=False), cats, rr


# ───────────────────────── reading the case ─────────────────────────


CHEST_FIELDS = ("chest", "mantle", "mediastin", "thora")


def _chest_radiotherapy(case: Case) -> bool:
    """Radiotherapy to the chest recorded in the history (e.g. mantle field for Hodgkin lymphoma)."""
    rt = case.history.radiotherapy if case.history else None
    return any(any(w in r.site.lower() for w in CHEST_FIELDS) for r in rt or [])


def evaluate(case: Case, kb: KnowledgeBase, excluding_genes: frozenset[str] = frozenset()) -> mb.Outcome:
    """Gail 5-year and lifetime risk for a woman, or a refusal with its reason, or the missing inputs."""
    p, rf = case.patient, case.risk_factors
    if p.sex is not None and p.sex.value == "male":
        return mb.Outcome(not_applicable=mb.NotApplicable(SPEC, "the Gail model is for women"))
    if has_had(case, kb, "breast"):
        return mb.refused(SPEC, HORIZONS, "a personal history of breast cancer (invasive, DCIS or LCIS): the model "
                       "describes women without it; follow-up is surveillance, not risk prediction")
    if (rf is not None and rf.chest_radiation_before_30) or _chest_radiotherapy(case):
        return mb.refused(SPEC, HORIZONS, "chest radiation therapy (e.g. for Hodgkin lymphoma) puts risk far above what "
                       "the Gail model predicts")
    stop = mb.gate(SPEC, HORIZONS, case, kb, site="breast", excluding_genes=excluding_genes,
                carrier_reason="the Gail model underestimates risk for carriers; use the gene-specific risks and "
                "schedules instead", age_range=(MIN_AGE, MAX_AGE))
    if stop is not None:
        return stop
    needed = []
    if p.sex is None:
        needed.append("patient.sex")
    if p.age is None:
        needed.append("patient.age")
    race = BCRAT_GROUP.get(normalise_race(rf.race_ethnicity if rf else None) or "")
    if race is None:
        needed.append("risk_factors.race_ethnicity (for Hispanic women: hispanic_us_born or hispanic_foreign_born)")
    needed += mb.absent(rf, ("age_at_menarche", "age_at_first_live_birth", "breast_biopsies"))
    relatives = rf.first_degree_relatives_breast_cancer if rf else None
    if relatives is None:
        relatives = count_first_degree(case, kb, "breast", frozenset({"female"}))
    if relatives is None:
        needed.append("risk_factors.first_degree_relatives_breast_cancer (or family_history)")
    if needed or rf is None or p.age is None or race is None:
        return mb.Outcome(missing=mb.Missing(SPEC, needed))
    x = GailInputs(age=p.age, race=race, age_at_menarche=rf.age_at_menarche,
                   age_at_first_live_birth=rf.age_at_first_live_birth, biopsies=rf.breast_biopsies,
                   atypical_hyperplasia=rf.atypical_hyperplasia,
                   relatives=relatives)
    inputs: dict[str, mb.InputValue] = {
        "age": x.age, "race_model": race, "age_at_menarche": x.age_at_menarche,
        "age_at_first_live_birth": x.age_at_first_live_birth, "breast_biopsies": x.biopsies,
        "atypical_hyperplasia": x.atypical_hyperplasia, "first_degree_relatives": x.relatives,
    }
    note = None
    if rf.chest_radiation_before_30 is None:
        note = "This assumes no chest radiation therapy before age 30, which was not recorded."
    out = mb.Outcome()
    for horizon, t2 in (("5y", min(x.age + 5.0, END_AGE)), ("to_age_90", END_AGE)):
        try:
            own, avg, cats, rr = compute(x, kb, t2)
        except InvalidGailInput as exc:
            return mb.refused(SPEC, HORIZONS, str(exc), inputs)
        used = {**inputs, "rr_before_50": round(rr[0], 6), "rr_from_50": round(rr[1], 6),
                "categories": f"menarche {cats.menarche}, biopsies {cats.biopsies}, first birth {cats.first_birth}, "
                              f"relatives {cats.relatives}, hyperplasia x{cats.hyperplasia_rr:g}"}
        out.results.append(mb.result(SPEC, horizon, own, avg, used, note))
    return out
