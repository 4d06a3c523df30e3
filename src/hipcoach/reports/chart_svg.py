"""Hand-written SVG charts: no script, no CDN; each names itself (title, desc) for screen readers.

The viewBox is 400 units wide, about the width of the content on a 390 px phone, so 12-unit text stays
readable there; CSS caps the width on a laptop so the text does not grow huge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from hipcoach.services.charts import LevelBar, LineChart, PhaseSpan, WeekCount

WIDTH = 400
LEFT, RIGHT, TOP, BOTTOM = 42, 14, 12, 48
PLOT_W = WIDTH - LEFT - RIGHT

# Each series differs in colour, dash and marker, so colour is never the only cue (WCAG 1.4.1).
SERIES_STYLE: dict[str, tuple[str, str, str]] = {
    "before": ("#0b5cad", "", "circle"),
    "during": ("#a4161a", "6 3", "square"),
    "after": ("#5b3a8c", "1 0", "circle"),
    "morning": ("#8a5300", "2 3", "triangle"),
    "tightness": ("#1d6b35", "10 3 2 3", "diamond"),
}
# The order the series are drawn in, pain during on top: where two series meet (pain during equal to
# tightness), the pain a session caused stays visible (issue 18). Keys not named here go first.
DRAWN_LAST = ("tightness", "morning", "before", "after", "during")
PHASE_COLOURS = {1: "#0b5cad", 2: "#1d6b35", 3: "#8a5300", 4: "#5b3a8c"}


def short_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def chart_open(chart_id: str, height: int, title: str, desc: str) -> str:
    """The opening `<svg>` of a chart ``height`` units tall, named by its title and description."""
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )


def marker(shape: str, x: float, y: float, colour: str) -> str:
    """A small point symbol; the shape tells the series apart without colour."""
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    corners: tuple[tuple[float, float], ...]
    if shape == "triangle":
        corners = ((x, y - 4.5), (x + 4.5, y + 3.5), (x - 4.5, y + 3.5))
    elif shape == "diamond":
        corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    else:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    path = " L".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<path d="M{path} Z" fill="{colour}"/>'


def legend_swatch(key: str) -> Markup:
    """The line and marker of a series, for the legend written in HTML beside the chart."""
    colour, dash, shape = SERIES_STYLE[key]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return Markup(
        '<svg class="swatch" viewBox="0 0 32 12" width="32" height="12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="31" y2="6" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        f"{marker(shape, 16, 6, colour)}</svg>"
    )


def _date_ticks(first: date, last: date) -> list[date]:
    span = (last - first).days
    if span == 0:
        return [first]
    count = 4 if span >= 21 else 3 if span >= 6 else 2
    return sorted({first + (last - first) * i / (count - 1) for i in range(count)})


@dataclass(frozen=True)
class ChartBand:
    """A shaded horizontal band of the 0-10 scale, labelled inside the plot (the pain-monitoring bands)."""

    low: float  # the band covers low-0.5 .. high+0.5, so whole scores sit inside it
    high: float
    label: str
    fill: str


def line_chart(
    chart: LineChart,
    chart_id: str,
    title: str,
    height: int = 250,
    bands: Sequence[ChartBand] = (),
    marker_limit: int | None = None,
) -> Markup:
    """Pain and tightness over time on a 0-10 scale, dated along the bottom; with ``bands``, shaded and
    labelled bands behind the lines (the web pages draw none); with ``marker_limit``, a series with more
    points than that is drawn as its line alone (a year of readings)."""
    plot_h = height - TOP - BOTTOM
    span = max((chart.last - chart.first).days, 0)

    def x_of(day: date) -> float:
        return LEFT + PLOT_W / 2 if span == 0 else LEFT + PLOT_W * (day - chart.first).days / span

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / 10)

    parts = [chart_open(chart_id, height, title, chart.summary())]
    for band in bands:
        top, bottom_edge = y_of(min(band.high + 0.5, 10)), y_of(max(band.low - 0.5, 0))
        parts.append(
            f'<rect class="band" x="{LEFT}" y="{top:.1f}" width="{PLOT_W}" '
            f'height="{bottom_edge - top:.1f}" fill="{band.fill}"/>'
        )
        parts.append(
            f'<text class="band-label" x="{WIDTH - RIGHT - 4}" y="{top + 11:.1f}" '
            f'text-anchor="end">{escape(band.label)}</text>'
        )
    for value in range(0, 11, 2):
        y = y_of(value)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    bottom = TOP + plot_h
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>')
    for day in _date_ticks(chart.first, chart.last):
        x = x_of(day)
        anchor = "start" if x < LEFT + 20 else "end" if x > WIDTH - RIGHT - 20 else "middle"
        parts.append(f'<line class="axis" x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}"/>')
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{bottom + 18}" text-anchor="{anchor}">{short_day(day)}</text>'
        )
    parts.append(
        f'<text class="label" x="{LEFT + PLOT_W / 2}" y="{height - 6}" text-anchor="middle">Date</text>'
    )
    parts.append(
        f'<text class="label" transform="translate(12 {TOP + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle">Score (0-10)</text>'
    )
    for series in sorted(chart.series, key=lambda s: DRAWN_LAST.index(s.key) if s.key in DRAWN_LAST else -1):
        colour, dash, shape = SERIES_STYLE[series.key]
        points = [(x_of(p.on), y_of(p.value)) for p in series.points]
        if not points:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<g class="series series-{series.key}">')
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        if marker_limit is None or len(points) <= marker_limit:
            parts += [marker(shape, x, y, colour) for x, y in points]
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(weeks: Sequence[WeekCount], chart_id: str, title: str, height: int = 230) -> Markup:
    """Sessions in each week as upright bars, the count written above each bar."""
    plot_h = height - TOP - BOTTOM
    # One step of headroom so the count above the tallest bar stays inside the chart.
    top_value = max(3, max((w.sessions for w in weeks), default=0) + 1)
    slot = PLOT_W / max(len(weeks), 1)
    every = math.ceil(len(weeks) / 6) if weeks else 1  # at most six dates under the bars
    desc = "No sessions yet."
    if weeks:
        total = _plural(sum(w.sessions for w in weeks), "session")
        each = ", ".join(f"{w.sessions} in the week of {short_day(w.week_start)}" for w in weeks)
        desc = f"{total} in the {_plural(len(weeks), 'week')} from {short_day(weeks[0].week_start)}: {each}."
    parts = [chart_open(chart_id, height, title, desc)]
    for value in range(0, top_value + 1):
        y = TOP + plot_h * (1 - value / top_value)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    bottom = TOP + plot_h
    for index, week in enumerate(weeks):
        bar_h = plot_h * week.sessions / top_value
        x = LEFT + slot * index + slot * 0.15
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{bottom - bar_h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{bar_h:.1f}"/>'
        )
        if week.sessions:
            parts.append(
                f'<text class="tick" x="{x + slot * 0.35:.1f}" y="{bottom - bar_h - 4:.1f}" '
                f'text-anchor="middle">{week.sessions}</text>'
            )
        if index % every == 0:
            parts.append(
                f'<text class="tick" x="{x + slot * 0.35:.1f}" y="{bottom + 18}" '
                f'text-anchor="middle">{short_day(week.week_start)}</text>'
            )
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>')
    parts.append(
        f'<text class="label" x="{LEFT + PLOT_W / 2}" y="{height - 6}" '
        'text-anchor="middle">Week starting</text>'
    )
    parts.append(
        f'<text class="label" transform="translate(12 {TOP + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle">Sessions</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def level_chart(bars: Sequence[LevelBar], chart_id: str, title: str) -> Markup:
    """Each strength exercise's ladder as a row of steps, the ones climbed filled in."""
    row_h = 52
    height = row_h * len(bars) + 8
    desc = " ".join(f"{b.name}: level {b.level} of {b.top_level} ({b.level_name})." for b in bars)
    parts = [chart_open(chart_id, height, title, desc)]
    for row, bar in enumerate(bars):
        y = row * row_h + 18
        parts.append(f'<text class="label" x="0" y="{y}">{escape(bar.name)}</text>')
        step_w = (WIDTH - 70) / max(bar.top_level, 1)
        for step in range(bar.top_level):
            filled = "step-done" if step < bar.level else "step-todo"
            x = step * step_w
            parts.append(
                f'<rect class="{filled}" x="{x + 1:.1f}" y="{y + 8}" '
                f'width="{step_w - 4:.1f}" height="18" rx="3"/>'
            )
        parts.append(
            f'<text class="tick" x="{WIDTH - 2}" y="{y + 22}" text-anchor="end">'
            f"{bar.level} of {bar.top_level}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def phase_timeline(
    spans: Sequence[PhaseSpan], chart_id: str, title: str, end_label: str | None = None
) -> Markup:
    """The phases as consecutive blocks along the days of the program, numbered inside; the last day is
    labelled ``end_label`` (by default its date and "(today)")."""
    height = 70
    first, last = spans[0].start, spans[-1].end
    total = max((last - first).days, 1)
    desc = " ".join(
        f"{s.phase.title} from {short_day(s.start)}"
        + (" to today." if s.current else f" to {short_day(s.end)}.")
        for s in spans
    )
    parts = [chart_open(chart_id, height, title, desc)]
    width = WIDTH - 2
    for span in spans:
        x = 1 + width * (span.start - first).days / total
        w = max(width * (span.end - span.start).days / total, 6)
        colour = PHASE_COLOURS.get(int(span.phase), "#4a5560")
        parts.append(f'<rect x="{x:.1f}" y="6" width="{w:.1f}" height="28" fill="{colour}" stroke="#fff"/>')
        if w >= 18:
            parts.append(
                f'<text class="phase-number" x="{x + w / 2:.1f}" y="25" '
                f'text-anchor="middle">{int(span.phase)}</text>'
            )
    parts.append(f'<text class="tick" x="1" y="52">{short_day(first)}</text>')
    parts.append(
        f'<text class="tick" x="{WIDTH - 1}" y="52" text-anchor="end">'
        f"{escape(end_label or f'{short_day(last)} (today)')}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
