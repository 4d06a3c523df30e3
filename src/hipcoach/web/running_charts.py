"""SVG charts of running load: weekly distance as bars (spike weeks marked), the acute:chronic ratio line.

Pure functions returning Markup, in the style of ``charts.py``: each SVG names itself (title, desc,
role="img"); a spike week differs by a marker *and* a pattern, never by colour alone; every number is also
written out in the page's tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from hipcoach.domain import rules
from hipcoach.domain.load import NOT_ENOUGH_HISTORY, AcwrPoint, week_start
from hipcoach.reports.chart_svg import LEFT, RIGHT, WIDTH, chart_open, short_day
from hipcoach.reports.load_svg import nice_top
from hipcoach.reports.load_svg import weekly_distance_bars as weekly_distance_bars  # drawn in reports now
from hipcoach.services.load import LoadSummary

LINE_COLOUR = "#1d6b35"
BAND_COLOUR = "#eef2f6"


def spike_weeks(summary: LoadSummary) -> set[date]:
    """The weeks (their Mondays, in the runner's zone) that hold a spike run: marked on the weekly bars."""
    tz = ZoneInfo(summary.zone)
    return {week_start(s.run.local_date(tz)) for s in summary.spikes}


def acwr_line(points: Sequence[AcwrPoint], chart_id: str = "acwr") -> Markup:
    """The daily acute:chronic ratio; days without a ratio (no chronic load or history yet) leave a gap."""
    height, top, bottom = 200, 14, 40
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - top - bottom
    ratios = [p.ratio for p in points if p.ratio is not None]
    ceiling = nice_top(max(ratios, default=0.0), 0.5)
    ceiling = max(ceiling, 2.0)
    last = next((p for p in reversed(points) if p.ratio is not None), None)
    desc = (
        f"No ratio yet ({NOT_ENOUGH_HISTORY}): it needs {rules.TREND_HISTORY_DAYS} days of records with runs."
        if last is None
        else f"The ratio from {short_day(points[0].day)} to {short_day(points[-1].day)}; on "
        f"{short_day(last.day)} it was {last.ratio:.2f}. Context only, not an injury forecast."
    )
    parts = [chart_open(chart_id, height, "Acute:chronic workload ratio", desc)]
    for i in range(5):
        value = ceiling * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{value:.1f}</text>'
        )
    one = top + plot_h - plot_h / ceiling
    parts.append(
        f'<line x1="{LEFT}" y1="{one:.1f}" x2="{WIDTH - RIGHT}" y2="{one:.1f}" stroke="#4a5560" '
        'stroke-dasharray="2 3"/>'
    )
    step = plot_w / max(len(points) - 1, 1)
    segments: list[list[str]] = [[]]
    for i, point in enumerate(points):
        if point.ratio is None:
            if segments[-1]:
                segments.append([])
            continue
        x = LEFT + step * i
        y = top + plot_h - plot_h * min(point.ratio, ceiling) / ceiling
        segments[-1].append(f"{x:.1f},{y:.1f}")
    for segment in segments:
        if len(segment) == 1:
            cx, cy = segment[0].split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{LINE_COLOUR}"/>')
        elif segment:
            parts.append(
                f'<polyline class="acwr-line" points="{" ".join(segment)}" fill="none" '
                f'stroke="{LINE_COLOUR}" stroke-width="2.5"/>'
            )
    if points:
        for index in sorted({0, len(points) // 2, len(points) - 1}):
            x = LEFT + step * index
            anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{height - bottom + 16}" text-anchor="{anchor}">'
                f"{escape(short_day(points[index].day))}</text>"
            )
    parts.append(
        f'<line class="axis" x1="{LEFT}" y1="{top + plot_h}" x2="{WIDTH - RIGHT}" y2="{top + plot_h}"/>'
    )
    parts.append(f'<text class="tick" x="{LEFT}" y="{height - 6}">Dotted line: a ratio of 1</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
