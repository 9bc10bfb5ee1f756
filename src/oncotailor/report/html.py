"""The clinician report: one self-contained HTML page (CSS, JS and SVG inlined; works offline, prints well).

Order follows what a tumor board reads first: actionable findings (highest level per alteration), then
therapies with levels and sources, resistance, all alterations, PGx, hereditary, risk, screening,
recurrence, trials with per-criterion verdicts, questions, what was not assessed, warnings, versions.
Every claim's sources link to `evidence[].url` (http/https only). The patient report lives in
`report/patient.py`; `render_patient_html` is re-exported here for callers of the old path.
"""

from __future__ import annotations

from markupsafe import Markup

from oncotailor.findings import Report
from oncotailor.i18n import Catalog
from oncotailor.report import figures
from oncotailor.report.views import (
    RecurrenceGroup,
    actionable_summary,
    environment,
    headline_groups,
    is_survival,
    pct,
)


def risk_figures(report: Report, cat: Catalog) -> list[Markup]:
    out = []
    for m in report.risk_models:
        if m.valid and m.percent is not None:
            alt = cat.t("figures.icon_array_alt", n=round(m.percent))
            caption = f"{m.model}: {m.outcome}, {m.horizon} — {pct(m.percent)}"
            if m.average_percent is not None:
                caption += f" (average {pct(m.average_percent)})"
            svg = figures.icon_array(m.percent, alt=f"{caption}. {alt}", base_color=figures.COLORS["event"])
            out.append(Markup(f"<figure>{svg}<figcaption>{Markup.escape(caption)}</figcaption></figure>"))
    return out


def recurrence_figure(group: RecurrenceGroup, cat: Catalog, names: dict[str, str] | None = None) -> Markup:
    """Icon arrays for each treatment step plus the survival curves of every option in one group."""
    names = names or {}
    base = group.baseline
    parts = []
    survival = is_survival(group.outcome)
    for e in group.estimates:
        if not e.valid or e.percent is None or base is None or base.percent is None:
            continue
        label = names.get(e.treatment, e.treatment)
        # the added people are the step's own gain (benefit_points, as the text says) when the model gives it
        step = e.benefit_points if e is not base and e.benefit_points is not None else None
        if survival:
            gain = step if step is not None else e.percent - base.percent
            first, extra = e.percent - max(0.0, gain), max(0.0, gain)
        else:
            first, extra = e.percent, max(0.0, step if step is not None else base.percent - e.percent)
        alt = (cat.t("figures.icon_array_alt_extra", n=round(first), extra=round(extra), treatment=label)
               if round(extra) else cat.t("figures.icon_array_alt", n=round(first)))
        caption = f"{label}: {pct(e.percent)} ({group.outcome}, {group.horizon})"
        svg = figures.icon_array(first, extra=extra, alt=f"{caption}. {alt}",
                                 base_color=figures.COLORS["base" if survival else "event"])
        parts.append(f"<figure>{svg}<figcaption>{Markup.escape(caption)}</figcaption></figure>")
    if group.has_curves:
        lines = [(names.get(e.treatment, e.treatment), e.curve) for e in group.estimates if e.valid and e.curve]
        alt = cat.t("figures.curve_alt", lines="; ".join(
            f"{n}: {pct(pts[-1].percent)} at {pts[-1].year:g}" for n, pts in lines))
        parts.append("<figure>" + figures.survival_curves(
            lines, alt=f"{group.model} — {group.outcome}. {alt}", x_label=cat.t("figures.curve_years"),
            y_label=cat.t("figures.curve_percent")) + "</figure>")
    return Markup("".join(parts))


def render_clinician_html(report: Report, *, lang: str = "en") -> str:
    cat = Catalog(lang)
    return environment().get_template("clinician.html.j2").render(
        r=report, s=report.summary, actionable=actionable_summary(report), risk_figures=risk_figures(report, cat),
        recurrence_figures=[recurrence_figure(g, cat) for g in headline_groups(report.recurrence)],
        recurrence_notes=list(dict.fromkeys((e.model, e.note) for e in report.recurrence if e.note)),
    )


def render_patient_html(report: Report, *, lang: str = "en") -> str:
    from oncotailor.report.patient import render_patient_html as render

    return render(report, lang=lang)
