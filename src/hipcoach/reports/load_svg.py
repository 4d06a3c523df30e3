"""SVG chart of running load by week: weekly distance as bars, the weeks holding a spike run marked.

Pure functions returning Markup (the runner's and the clinician's running pages and the progress report draw
it): the SVG names itself (title, desc, role="img"); a spike week differs by a marker *and* a pattern, never
by colour alone; every number is also written out in the page's tables.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import date
from typing import Protocol

from markupsafe import Markup, escape

from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit
from hipcoach.reports.chart_svg import LEFT, RIGHT, WIDTH, chart_open, short_day

BAR_COLOUR = "#0b5cad"
SPIKE_COLOUR = "#a4161a"


class WeekDistance(Protocol):
    """A week's running distance: ``domain.load.WeekLoad`` and the progress report's weeks."""

    @property
    def week_start(self) -> date: ...

    @property
    def distance_km(self) -> float: ...


def nice_top(value: float, step: float) -> float:
    return max(step, math.ceil(value / step) * step)


def labelled_weeks(count: int, every: int) -> set[int]:
    """Which of ``count`` bars get a date: the latest always (the week a runner looks for), then every
    ``every``-th one back from it, so no two dates are closer than ``every`` bars and never overlap."""
    return set(range(count - 1, -1, -max(every, 1)))


def weekly_distance_bars(
    weeks: Sequence[WeekDistance],
    spike_weeks: Collection[date],
    chart_id: str = "weekly-distance",
    unit: DistanceUnit = DEFAULT_UNIT,
) -> Markup:
    """One bar per week (in ``unit``); a week holding a spike run carries a triangle and a hatched bar."""
    height, top, bottom = 240, 22, 46
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - top - bottom
    peak_km = max((w.distance_km for w in weeks), default=0.0)
    peak = unit.from_km(peak_km)
    ceiling = nice_top(peak, 10.0 if peak > 20 else 5.0)
    spikes_shown = [w for w in weeks if w.week_start in spike_weeks]
    desc = f"Distance in each of the last {len(weeks)} weeks, up to {unit.short(peak_km)} {unit} a week." + (
        f" {len(spikes_shown)} week(s) hold a run much longer than the month before, marked ▼."
        if spikes_shown
        else ""
    )
    parts = [chart_open(chart_id, height, "Weekly running distance", desc)]
    parts.append(
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{SPIKE_COLOUR}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>'
    )
    for i in range(5):
        value = ceiling * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">'
            f"{unit.short(unit.to_km(value))}</text>"
        )
    parts.append(f'<text class="tick" x="4" y="{top - 8}">{unit}</text>')
    slot = plot_w / max(len(weeks), 1)
    bar_w = max(4.0, slot * 0.64)
    label_every = 1 if len(weeks) <= 6 else 2 if len(weeks) <= 14 else math.ceil(len(weeks) / 6)
    labelled = labelled_weeks(len(weeks), label_every)
    for i, week in enumerate(weeks):
        x = LEFT + slot * i + (slot - bar_w) / 2
        h = plot_h * unit.from_km(week.distance_km) / ceiling if ceiling else 0
        y = top + plot_h - h
        spike = week.week_start in spike_weeks
        fill = f"url(#{chart_id}-hatch)" if spike else BAR_COLOUR
        label = f"Week of {short_day(week.week_start)}: {unit.short(week.distance_km)} {unit}" + (
            ", holds a spike run" if spike else ""
        )
        parts.append(
            f'<rect class="{"bar-spike" if spike else "bar-week"}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}"><title>{escape(label)}</title></rect>'
        )
        if spike:
            cx, tip = x + bar_w / 2, y - 4
            parts.append(
                f'<path class="spike-marker" d="M{cx:.1f},{tip:.1f} L{cx + 6:.1f},{tip - 10:.1f} '
                f'L{cx - 6:.1f},{tip - 10:.1f} Z" fill="{SPIKE_COLOUR}"/>'
            )
        if i in labelled:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{escape(short_day(week.week_start))}</text>"
            )
    parts.append(
        f'<line class="axis" x1="{LEFT}" y1="{top + plot_h}" x2="{WIDTH - RIGHT}" y2="{top + plot_h}"/>'
    )
    parts.append(
        f'<text class="tick" x="{LEFT}" y="{height - 8}">Weeks start on Monday'
        + (" · ▼ hatched: a spike run that week" if spikes_shown else "")
        + "</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
