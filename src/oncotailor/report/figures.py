"""Pictures for the reports as plain SVG strings: icon arrays and survival curves.

Pure string building (no matplotlib at report time: fast start-up, no font cache, no files). Each
picture carries a text alternative (`<title>` plus `aria-label`) so screen readers and the printed
text say the same as the picture. Icon arrays show "out of 100 people like you" because natural
frequencies are understood better than percentages (Gigerenzer & Edwards, BMJ 2003;327:741; PREDICT's
patient display uses the same idea). All text passed in is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from oncotailor.findings import CurvePoint

COLORS = {
    "base": "#1f5f8b",     # people with the outcome under the first option
    "extra": "#2e9d5b",    # additional people helped by an added treatment
    "event": "#c4532d",    # people who get the outcome (risk)
    "rest": "#d5dbe1",     # everyone else
}
LINE_COLORS = ("#1f5f8b", "#2e9d5b", "#b0702a", "#7b4fa0", "#c4532d", "#4a4a4a")
PEOPLE = 100
PER_ROW = 10


def _count(percent: float) -> int:
    return max(0, min(PEOPLE, round(percent)))


def _person(x: float, y: float, color: str) -> str:
    return (f'<g fill="{color}"><circle cx="{x + 6:.1f}" cy="{y + 4:.1f}" r="3.6"/>'
            f'<rect x="{x + 1.5:.1f}" y="{y + 8.6:.1f}" width="9" height="10" rx="3.5"/></g>')


def icon_array(base: float, *, extra: float = 0.0, alt: str, base_color: str = COLORS["base"],
               extra_color: str = COLORS["extra"]) -> str:
    """100 person icons: `base` coloured, then `extra` in a second colour, the rest grey.

    `base` and `extra` are percentages; they are rounded to whole people, which is what the picture
    can show (the text beside it gives the number).
    """
    n_base = _count(base)
    n_extra = min(_count(extra), PEOPLE - n_base)
    cells = []
    for i in range(PEOPLE):
        color = base_color if i < n_base else extra_color if i < n_base + n_extra else COLORS["rest"]
        cells.append(_person((i % PER_ROW) * 14.0, (i // PER_ROW) * 21.0, color))
    label = escape(alt, quote=True)
    return (f'<svg class="icon-array" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 140 210" role="img" '
            f'aria-label="{label}" width="140" height="210"><title>{escape(alt)}</title>{"".join(cells)}</svg>')


def survival_curves(lines: Sequence[tuple[str, Sequence[CurvePoint]]], *, alt: str, x_label: str = "Years",
                    y_label: str = "Percent", y_min: float | None = None) -> str:
    """Step-free line chart of percent over years, one line per treatment option, with a legend."""
    series = [(name, sorted(pts, key=lambda p: p.year)) for name, pts in lines if pts]
    if not series:
        return ""
    w, h, left, right, top, bottom = 480.0, 260.0, 46.0, 12.0, 12.0, 34.0
    legend_h = 18.0 * len(series)
    max_year = max(p.year for _, pts in series for p in pts) or 1.0
    low = min(p.percent for _, pts in series for p in pts)
    y0 = y_min if y_min is not None else max(0.0, (int(low) // 10) * 10.0 - 10.0 if low > 10 else 0.0)
    y_span = max(100.0 - y0, 1.0)

    def sx(year: float) -> float:
        return left + (w - left - right) * year / max_year

    def sy(pct: float) -> float:
        return top + (h - top - bottom) * (100.0 - pct) / y_span

    parts = [f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" fill="#fff" '
             f'stroke="#9aa5b1"/>']
    for i in range(0, 6):
        pct = y0 + y_span * i / 5
        y = sy(pct)
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e7eb"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{pct:.0f}%</text>')
    step = 1 if max_year <= 10 else max(1, round(max_year / 10))
    year = 0
    while year <= max_year + 1e-9:
        x = sx(year)
        parts.append(f'<text x="{x:.1f}" y="{h - bottom + 15}" text-anchor="middle" font-size="11">{year:g}</text>')
        year += step
    parts.append(f'<text x="{(left + w - right) / 2:.1f}" y="{h - 4}" text-anchor="middle" font-size="12">'
                 f'{escape(x_label)}</text>')
    parts.append(f'<text x="12" y="{(top + h - bottom) / 2:.1f}" text-anchor="middle" font-size="12" '
                 f'transform="rotate(-90 12 {(top + h - bottom) / 2:.1f})">{escape(y_label)}</text>')
    for k, (name, pts) in enumerate(series):
        color = LINE_COLORS[k % len(LINE_COLORS)]
        d = " ".join(f"{'M' if j == 0 else 'L'}{sx(p.year):.1f},{sy(p.percent):.1f}" for j, p in enumerate(pts))
        dash = ' stroke-dasharray="6 3"' if k % 2 else ""
        parts.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="2.5"{dash}/>')
        ly = h + 14 + 18 * k
        parts.append(f'<line x1="{left}" x2="{left + 24}" y1="{ly - 4}" y2="{ly - 4}" stroke="{color}" '
                     f'stroke-width="2.5"{dash}/><text x="{left + 30}" y="{ly}" font-size="12">{escape(name)}</text>')
    label = escape(alt, quote=True)
    return (f'<svg class="curve" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h + legend_h + 6:.0f}" '
            f'role="img" aria-label="{label}" width="{w:.0f}" height="{h + legend_h + 6:.0f}">'
            f'<title>{escape(alt)}</title>{"".join(parts)}</svg>')
