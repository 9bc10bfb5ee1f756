"""The patient report: plain words from the message catalogs, pictures instead of numbers, questions.

`build_view` turns the canonical report into sections of translated sentences; the template only lays
them out, so adding a language never touches it. Every generated sentence is kept twice: as shown, and
with the inserted names (genes, drugs, trial titles) masked to one short word, which is what the
readability test measures (names are not the words a reader can be spared). Texts the engines wrote
for patients (`patient_text`, refusal reasons) are shown and measured separately.

Unknown is never shown as negative: "not tested" and "tested, nothing found" have different sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from oncotailor.findings import Question, Report, TherapyMatch
from oncotailor.i18n import LIST_SEP, Catalog
from oncotailor.questions.inputs import input_labels
from oncotailor.report import figures
from oncotailor.report.html import recurrence_figure
from oncotailor.report.views import (
    LEVEL_RANK,
    environment,
    headline_groups,
    horizon_years,
    is_survival,
    safe_url,
)

STRONG = frozenset({"1", "2"})
MAX_TREATMENTS = 6
CONDITION_RANK = {"met": 0, "none": 1, "unknown": 2, "not_met": 3}
SHOWN_CLASSES = frozenset({"actionable", "resistance", "oncogenic", "likely_oncogenic", "germline_suspect",
                           "not_classified", "prognostic", "diagnostic"})
GLOSSARY = ("biomarker", "targeted_therapy", "pharmacogenomics", "recurrence", "clinical_trial", "gene_change",
            "hereditary")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?%?$")


@dataclass
class Item:
    text: str = ""
    extra: list[str] = field(default_factory=list)   # engine-written patient text
    svg: Markup | None = None
    url: str | None = None
    label: str | None = None                          # a name shown as is (trial title)


@dataclass
class Section:
    id: str
    heading: str
    intro: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class PatientView:
    lang: str
    title: str
    intro: str
    disclaimer_heading: str
    disclaimer: str
    sections: list[Section]
    questions: list[tuple[str, str]]
    glossary: list[tuple[str, str]]
    footer: str
    questions_heading: str = ""
    questions_intro: str = ""
    glossary_heading: str = ""
    masked: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    engine: list[str] = field(default_factory=list)

    def prose(self) -> list[str]:
        """Generated sentences with inserted names masked: what the readability test measures."""
        return list(self.masked)

    def shown_prose(self) -> list[str]:
        """The same sentences as shown, names included (reported beside the masked grade)."""
        return list(self.shown)

    def engine_texts(self) -> list[str]:
        return list(self.engine)


class _Say:
    """Translate a key, remembering a masked copy for the readability measure."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.masked: list[str] = []
        self.shown: list[str] = []
        self.engine: list[str] = []

    def __call__(self, key: str, **params: object) -> str:
        text = _cap(self.cat.t(key, **params))
        mask = {k: (v if isinstance(v, int | float) or _NUMBER.match(str(v)) or str(v).startswith("@") else "it")
                for k, v in params.items()}
        self.masked.append(self.cat.t(key, **mask))
        self.shown.append(text)
        return text

    def engine_text(self, text: str | None) -> list[str]:
        if text:
            self.engine.append(text)
            return [text]
        return []


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _horizon(say: _Say, horizon: str) -> str | None:
    """'10y' → '10 years', 'to_age_90' → 'age 90'; a horizon that is not a time span ('current') → None."""
    years = horizon_years(horizon)
    if years is not None:
        return say.cat.t("patient.horizon_years", count=int(years) if years.is_integer() else years)
    m = re.match(r"(?:to_)?age_?(\d+)", horizon)
    return say.cat.t("patient.horizon_to_age", age=m.group(1)) if m else None


def _when(say: _Say, horizon: str) -> str | None:
    """'5y' → 'within 5 years', 'to_age_90' → 'by age 90' (a lifetime risk is not 'within age 90')."""
    years = horizon_years(horizon)
    if years is not None:
        return say.cat.t("patient.when_years", count=int(years) if years.is_integer() else years)
    m = re.match(r"(?:to_)?age_?(\d+)", horizon)
    return say.cat.t("patient.when_age", age=m.group(1)) if m else None


def about(say: _Say, percent: float) -> str:
    """'about 3', or 'fewer than 1' for a risk that rounds to 0 but is not 0 (never "about 0")."""
    if 0 < percent < 0.5:
        return say.cat.t("patient.fewer_than_one")
    return say.cat.t("patient.about_n", n=round(percent))


def _tumor_tested(report: Report) -> bool:
    """Any tumor result at all: alterations, a known panel, or a tumor biomarker (TMB, MSI, PD-L1 …)."""
    from oncotailor.case import Biomarkers

    s = report.summary
    return bool(report.alterations or s.tested_genes_known or s.panel
                or any(k in Biomarkers.model_fields for k in s.markers))


def _about(say: _Say, report: Report) -> Section:
    s = report.summary
    sec = Section("about", say("patient.about_heading"))
    if s.cancer_type_name or s.cancer_type:
        sec.intro.append(say("patient.about_cancer", cancer=s.cancer_type_name or s.cancer_type))
        if s.stage:
            sec.intro.append(say("patient.about_stage", stage=s.stage))
    else:
        sec.intro.append(say("patient.about_none"))
    return sec


def _findings(say: _Say, report: Report) -> Section | None:
    has_cancer = bool(report.summary.cancer_type)
    if not has_cancer and not report.alterations:
        return None
    sec = Section("findings", say("patient.findings_heading"))
    matched = {t.alteration for t in report.therapies if t.level in STRONG}
    studied = {t.alteration for t in report.therapies}
    resisted = {r.alteration for r in report.resistance}
    for a in report.alterations:
        if a.classification not in SHOWN_CLASSES:
            continue
        key = f"{a.gene} {a.alteration}"
        if key in matched:
            kind = "finding_actionable"
        elif key in studied or (a.classification == "actionable" and key not in resisted):
            kind = "finding_studied"  # only early evidence: never promise a medicine
        elif key in resisted or a.classification == "resistance":
            kind = "finding_resistance"
        else:
            kind = "finding_other"
        sec.items.append(Item(say(f"patient.{kind}", gene=a.gene, alteration=a.alteration)))
    if not sec.items:
        sec.intro.append(say("patient.findings_none_tested" if _tumor_tested(report) else "patient.findings_not_tested"))
    return sec


def _treatments(say: _Say, report: Report) -> Section | None:
    """Matched medicines, best level first and those whose label conditions fit first; at most a few."""
    best: dict[str, TherapyMatch] = {}
    for t in sorted(report.therapies, key=lambda t: (LEVEL_RANK.get(t.level, 9), CONDITION_RANK.get(t.conditions_met, 1))):
        best.setdefault(" + ".join(t.drugs), t)
    strong = [n for n, t in best.items() if t.level in STRONG]
    if not report.summary.cancer_type and not best:
        return None
    if strong:
        sec = Section("treatments", say("patient.treatments_heading"), [say("patient.treatment_targeted")])
    else:
        untested = not _tumor_tested(report)
        sec = Section("treatments", say("patient.no_personal_heading"),
                      [say("patient.no_personal_untested" if untested else "patient.no_personal")])
    for name, t in list(best.items())[:MAX_TREATMENTS]:
        text = say("patient.treatment_item", drugs=name, gene=t.alteration.split()[0] if t.alteration else "")
        text += " " + say(f"levels.{t.level}")
        if t.conditions_met == "not_met":
            text += " " + say("patient.treatment_conditions")
        sec.items.append(Item(text))
    if len(best) > MAX_TREATMENTS:
        sec.items.append(Item(say("patient.treatments_more", count=len(best) - MAX_TREATMENTS)))
    return sec


def _resistance(say: _Say, report: Report) -> Section | None:
    if not report.resistance:
        return None
    sec = Section("resistance", say("patient.resistance_heading"))
    for r in report.resistance:
        sec.items.append(Item(say("patient.resistance_item", alteration=r.alteration, drugs=" or ".join(r.drugs))
                              + " " + say(f"levels.{r.level}")))
    return sec


def _pgx(say: _Say, report: Report) -> Section | None:
    if not report.pgx:
        return None
    sec = Section("pgx", say("patient.pgx_heading"), [say("patient.pgx_intro")])
    for p in report.pgx:
        if p.call_status == "called" and p.phenotype:
            item = Item(say("patient.pgx_item", gene=p.gene, phenotype=p.phenotype))
        else:
            item = Item(say("patient.pgx_not_called", gene=p.gene))
        for rec in p.recommendations:
            if rec.patient_text and rec.patient_text not in item.extra:
                item.extra += say.engine_text(rec.patient_text)
        sec.items.append(item)
    return sec


def _hereditary(say: _Say, report: Report) -> Section | None:
    if not report.hereditary:
        return None
    sec = Section("hereditary", say("patient.hereditary_heading"), [say("patient.hereditary_intro")])
    for h in report.hereditary:
        text = (say("patient.hereditary_item", gene=h.gene, cancers=say.cat.join(h.cancers)) if h.cancers
                else say("patient.hereditary_item_plain", gene=h.gene))
        sec.items.append(Item(text + " " + say("patient.hereditary_family")))
    return sec


def _risk(say: _Say, report: Report) -> Section | None:
    if not report.risk_models:
        return None
    sec = Section("risk", say("patient.risk_heading"))
    for m in report.risk_models:
        if not m.valid or m.percent is None:
            # the model's refusal reason is clinical wording: it stays in the clinician report
            sec.items.append(Item(say("patient.risk_refused", model=m.model, outcome=m.outcome)))
            continue
        n, hz = about(say, m.percent), _when(say, m.horizon)
        if hz is None:
            text = say("patient.risk_item_now", n=n, outcome=m.outcome)
        elif m.average_percent is not None:
            text = say("patient.risk_item", n=n, outcome=m.outcome, horizon=hz, avg=about(say, m.average_percent))
        else:
            text = say("patient.risk_item_no_avg", n=n, outcome=m.outcome, horizon=hz)
        svg = _figure(figures.icon_array(m.percent, alt=text, base_color=figures.COLORS["event"]),
                      say.cat.t("figures.legend_you"))
        if m.average_percent is not None:
            avg_alt = say.cat.t("figures.icon_array_alt", n=round(m.average_percent))
            svg += _figure(figures.icon_array(m.average_percent, alt=avg_alt, base_color="#8a96a3"),
                           say.cat.t("figures.legend_average"))
        sec.items.append(Item(text, svg=Markup(svg)))
    return sec


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{Markup.escape(caption)}</figcaption></figure>"


def _screening(say: _Say, report: Report) -> Section | None:
    if not report.screening:
        return None
    sec = Section("screening", say("patient.screening_heading"))
    for x in report.screening:
        parts = [say("patient.screening_item", test=x.test, cancer=x.cancer)]
        if x.start_age is not None:
            parts.append(say("patient.screening_start", age=round(x.start_age)))
        if x.interval:
            parts.append(say("patient.screening_interval", interval=x.interval))
        sec.items.append(Item(" ".join(parts), extra=say.engine_text(x.patient_text)))
    return sec


def _recurrence(say: _Say, report: Report) -> Section | None:
    """One picture per model: its survival outcome at about 10 years (the clinician report has them all)."""
    if not report.recurrence:
        return None
    sec = Section("recurrence", say("patient.recurrence_heading"), [say("patient.recurrence_intro")])
    groups = headline_groups(report.recurrence)
    if len(groups) > 1:
        sec.intro.append(say("patient.recurrence_models_differ"))
    for g in groups:
        base = g.baseline
        sec.items.append(Item(say("patient.recurrence_model", model=g.model)))
        for e in g.estimates:
            if not e.valid or e.percent is None:
                sec.items.append(Item(say("patient.recurrence_refused", model=e.model)))
                continue
            hz = _horizon(say, e.horizon) or e.horizon
            treatment = e.treatment.lstrip("+ ").strip() or e.treatment
            if is_survival(g.outcome):
                text = say("patient.recurrence_item", treatment=treatment, n=about(say, e.percent), horizon=hz)
            else:
                text = say("patient.recurrence_event_item", treatment=treatment, n=about(say, e.percent), horizon=hz,
                           outcome=e.outcome)
            if base is not None and e is not base and e.benefit_points is not None and round(e.benefit_points) > 0:
                text += " " + say("patient.recurrence_extra", treatment=treatment, n=round(e.benefit_points))
            sec.items.append(Item(text))
        fig = recurrence_figure(g, say.cat)
        if fig:
            sec.items.append(Item(svg=fig))
    return sec


def _trials(say: _Say, report: Report) -> Section | None:
    if not report.trials and not report.summary.cancer_type:
        return None
    sec = Section("trials", say("patient.trials_heading"))
    if not report.trials:
        sec.intro.append(say("patient.trials_none"))
        return sec
    sec.intro.append(say("patient.trials_intro", count=len(report.trials)))
    for t in sorted(report.trials, key=lambda t: -t.score):
        site = t.nearest_site
        where = ", ".join(x for x in (site.facility, site.city) if x) if site else ""
        sec.items.append(Item(say("patient.trial_near", site=where) if where else "", label=f"{t.nct_id}: {t.title}",
                              url=safe_url(t.url) or f"https://clinicaltrials.gov/study/{t.nct_id}"))
    return sec


def _not_assessed(say: _Say, report: Report) -> Section | None:
    """One line per section: what could help, in plain labels. The engines' technical reasons stay in the
    clinician report; here a section without a plain label says only that details were missing."""
    if not report.not_assessed:
        return None
    sec = Section("not-assessed", say("patient.not_assessed_heading"), [say("patient.not_assessed_intro")])
    labels: dict[str, list[str]] = {}
    for n in report.not_assessed:
        found = labels.setdefault(n.section, [])
        found.extend(x for x in input_labels(n.needed_input, say.cat) if x not in found)
    for section, found in labels.items():
        name = say.cat.t(f"section.{section}") if say.cat.has(f"section.{section}") else section.replace("_", " ")
        text = say("patient.not_assessed_item", section=name) + " "
        text += (say("patient.not_assessed_needed", needed=LIST_SEP.join(found)) if found
                 else say("patient.not_assessed_generic"))
        sec.items.append(Item(text))
    return sec


def _unique(items: list[Item]) -> list[Item]:
    """Drop repeated text-only lines (e.g. one model refused at two horizons reads the same twice)."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.svg or item.label or item.text not in seen:
            seen.add(item.text)
            out.append(item)
    return out


def _question(cat: Catalog, q: Question) -> tuple[str, str]:
    """A question in the report's language when its catalog key is translated, else as the engine wrote it."""
    if q.key and cat.is_translated(f"questions.{q.key}.text"):
        return cat.t(f"questions.{q.key}.text", **q.params), cat.t(f"questions.{q.key}.why", **q.params)
    return q.text, q.why


def build_view(report: Report, *, lang: str = "en") -> PatientView:
    cat = Catalog(lang)
    say = _Say(cat)
    builders = (_about, _findings, _treatments, _resistance, _pgx, _hereditary, _risk, _screening, _recurrence,
                _trials, _not_assessed)
    sections = [s for s in (b(say, report) for b in builders) if s is not None]
    for sec in sections:
        sec.items = _unique(sec.items)
    questions = [_question(cat, q) for q in report.questions]
    for q in report.questions:
        if q.key and cat.has(f"questions.{q.key}.text"):
            say(f"questions.{q.key}.text", **q.params)
            say(f"questions.{q.key}.why", **q.params)
    view = PatientView(
        lang=cat.lang, title=say("patient.title"), intro=say("patient.intro" if report.summary.cancer_type or report.summary.oncotree_code
                                   else "patient.intro_no_cancer"),
        disclaimer_heading=say("patient.disclaimer_heading"),
        disclaimer=(cat.t("patient.disclaimer") if cat.lang != "en" and cat.is_translated("patient.disclaimer")
                    else report.disclaimer),  # the report's own words unless a translation exists
        sections=sections,
        questions=questions,
        glossary=[(cat.t(f"glossary.{g}.term"), say(f"glossary.{g}.text")) for g in GLOSSARY],
        footer=cat.t("patient.footer", version=report.software_version, date=report.as_of, case_id=report.case_id),
    )
    view.questions_heading = say("patient.questions_heading")
    view.questions_intro = say("patient.questions_intro")
    view.glossary_heading = say("patient.glossary_heading")
    view.masked, view.shown, view.engine = say.masked, say.shown, say.engine
    return view


def render_patient_html(report: Report, *, lang: str = "en") -> str:
    return environment().get_template("patient.html.j2").render(v=build_view(report, lang=lang))
