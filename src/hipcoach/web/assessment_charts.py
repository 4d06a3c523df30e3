"""SVG charts of an assessment: the Y-balance star, left/right bars against a band, a measure over time.

Pure functions returning Markup, in the style of ``charts.py``: each SVG names itself (title, desc,
role="img"), series differ in colour *and* dash pattern *and* marker, and every number is also written out
in the page's tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from hipcoach.domain.assessment.balance import FEMALE_COMPOSITE_MIN_PCT, YBalanceResult
from hipcoach.domain.assessment.change import Threshold
from hipcoach.domain.precision import COMPARISON_PLACES, shown
from hipcoach.reports.chart_svg import WIDTH, chart_open, marker, short_day

# One look per leg (and one for the reference), never told apart by colour alone.
LEG_STYLE: dict[str, tuple[str, str, str]] = {
    "left": ("#0b5cad", "", "circle"),
    "right": ("#a4161a", "7 4", "square"),
    "reference": ("#1f2933", "0.5 4.5", "none"),
}
RING_COLOUR = "#b9c2cc"
LABEL_AT = 1.1  # an axis's name sits just past its end, in units of the axis
DIRECTIONS = ("anterior", "posteromedial", "posterolateral")
# Anterior straight up; posteromedial and posterolateral 135 degrees either side of it.
ANGLES_DEG = {"anterior": -90.0, "posteromedial": 45.0 + 90.0, "posterolateral": 45.0}
SHORT = {"anterior": "ANT", "posteromedial": "PM", "posterolateral": "PL"}


def _num(value: float, places: int = 1) -> str:
    return _trim(f"{value:.{places}f}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def legend_swatch(key: str) -> Markup:
    """The line and marker of a leg (or the reference), for a legend written in HTML."""
    colour, dash, shape = LEG_STYLE[key]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    point = marker(shape, 16, 6, colour) if shape != "none" else ""
    return Markup(
        '<svg class="swatch" viewBox="0 0 32 12" width="32" height="12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="31" y2="6" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        f"{point}</svg>"
    )


def y_balance_star(result: YBalanceResult, chart_id: str, title: str = "Y-balance reach") -> Markup:
    """Both legs' reach in % of limb length on three axes, the reference means as a dotted outline on top.

    The axes keep the test's own layout on the floor (the back directions 135 degrees from the front one), so
    the rings are circles: a reach reads by its distance from the centre whichever way it points.
    """
    radius = 140.0
    label_room = 26.0
    cx, cy = WIDTH / 2, label_room + radius * LABEL_AT
    below = radius * LABEL_AT * math.sin(math.radians(ANGLES_DEG["posterolateral"]))
    size = round(cy + below + label_room + 8)
    legs = {"left": result.left, "right": result.right}
    values = [getattr(leg.normalised_pct, d) for leg in legs.values() for d in DIRECTIONS]
    values += [getattr(result.left.reference_pct, d) for d in DIRECTIONS]
    top = max(120.0, math.ceil(max(values) / 20.0) * 20.0)

    def point(direction: str, pct: float) -> tuple[float, float]:
        angle = math.radians(ANGLES_DEG[direction])
        r = radius * max(pct, 0.0) / top
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    reference = result.left.reference_pct
    desc = (
        " ".join(
            f"{side.capitalize()} leg: "
            + ", ".join(f"{d} {_num(getattr(leg.normalised_pct, d))}%" for d in DIRECTIONS)
            + f"; composite {_trim(shown(leg.composite_pct, FEMALE_COMPOSITE_MIN_PCT, places=1))}%."
            for side, leg in legs.items()
        )
        + " Reference means: "
        + ", ".join(f"{d} {_num(getattr(reference, d))}%" for d in DIRECTIONS)
        + ". All in % of limb length."
    )
    parts = [chart_open(chart_id, size, title, desc).replace('class="chart"', 'class="chart star"', 1)]
    for ring in range(20, int(top) + 1, 20):
        parts.append(
            f'<circle class="ring" cx="{cx}" cy="{cy:.1f}" r="{radius * ring / top:.1f}" fill="none" '
            f'stroke="{RING_COLOUR}" stroke-width="1"/>'
        )
        if ring % 40 == 0 or ring == int(top):
            x, y = point("anterior", ring)
            parts.append(f'<text class="tick" x="{x + 4:.1f}" y="{y + 12:.1f}">{ring}%</text>')
    for direction in DIRECTIONS:
        x, y = point(direction, top)
        parts.append(f'<line class="axis" x1="{cx}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        lx, ly = point(direction, top * LABEL_AT)
        dy = -4 if direction == "anterior" else 16
        parts.append(
            f'<text class="label" x="{lx:.1f}" y="{ly + dy:.1f}" text-anchor="middle">'
            f"{escape(direction)} ({SHORT[direction]})</text>"
        )
    # The reference goes last, over the legs' fills, with a white edge under it: it stays visible where a
    # leg's outline runs along it.
    outlines = [(side, leg.normalised_pct) for side, leg in legs.items()] + [("reference", reference)]
    for key, pct in outlines:
        colour, dash, shape = LEG_STYLE[key]
        corners = [point(d, getattr(pct, d)) for d in DIRECTIONS]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="outline outline-{key}">')
        if key == "reference":
            parts.append(
                f'<polygon class="halo" points="{coords}" fill="none" stroke="#ffffff" stroke-width="5" '
                'stroke-opacity="0.8"/>'
            )
            parts.append(
                f'<polygon points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-linecap="round"{dash_attr}/>'
            )
        else:
            parts.append(
                f'<polygon points="{coords}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        if shape != "none":
            parts += [marker(shape, x, y, colour) for x, y in corners]
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class SideRow:
    """One row of a left/right chart: a label, both sides' values and the reference band if any."""

    label: str
    left: float
    right: float
    band: tuple[float, float] | None = None


def side_bars(rows: Sequence[SideRow], unit: str, chart_id: str, title: str, places: int = 1) -> Markup:
    """Left and right as horizontal bars per row, the reference band shaded behind them, values written."""
    label_w, row_h, bar_h = 118, 46, 13
    plot_left, plot_right = label_w, WIDTH - 44
    height = row_h * len(rows) + 26
    top_value = max([r.left for r in rows] + [r.right for r in rows] + [r.band[1] for r in rows if r.band])
    top_value = max(top_value * 1.05, 1e-9)

    def x_of(value: float) -> float:
        return plot_left + (plot_right - plot_left) * max(value, 0.0) / top_value

    def written(value: float, row: SideRow) -> str:
        # never rounded onto or across the band's edges, which are written exactly
        return _trim(shown(value, *row.band, places=places)) if row.band else _num(value, places)

    desc_rows = []
    for row in rows:
        band = ""
        if row.band:
            edges = "-".join(_num(edge, COMPARISON_PLACES) for edge in row.band)
            band = f" (reference {edges})"
        desc_rows.append(
            f"{row.label}: left {written(row.left, row)}, right {written(row.right, row)} {unit}{band}."
        )
    parts = [chart_open(chart_id, height, title, " ".join(desc_rows))]
    for index, row in enumerate(rows):
        y = 6 + index * row_h
        parts.append(f'<text class="label" x="0" y="{y + 18}">{escape(row.label)}</text>')
        if row.band:
            low, high = x_of(row.band[0]), x_of(row.band[1])
            parts.append(
                f'<rect class="band" x="{low:.1f}" y="{y}" width="{max(high - low, 1):.1f}" '
                f'height="{bar_h * 2 + 8}"/>'
            )
        for offset, side in ((0, "left"), (bar_h + 4, "right")):
            value = row.left if side == "left" else row.right
            colour, dash, _ = LEG_STYLE[side]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            width = max(x_of(value) - plot_left, 1)
            parts.append(
                f'<rect class="bar-{side}" x="{plot_left}" y="{y + offset + 2}" width="{width:.1f}" '
                f'height="{bar_h}" fill="{colour}" fill-opacity="{0.85 if side == "left" else 0.35}" '
                f'stroke="{colour}" stroke-width="1.5"{dash_attr}/>'
            )
            parts.append(
                f'<text class="tick" x="{plot_left + width + 4:.1f}" y="{y + offset + 13}">'
                f"{side[0].upper()} {written(value, row)}</text>"
            )
    bottom = 6 + row_h * len(rows) - 4
    parts.append(f'<line class="axis" x1="{plot_left}" y1="0" x2="{plot_left}" y2="{bottom}"/>')
    parts.append(
        f'<text class="tick" x="{WIDTH - 2}" y="{height - 4}" text-anchor="end">{escape(unit)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def history_chart(
    points: Sequence[tuple[date, float]],
    label: str,
    unit: str,
    chart_id: str,
    threshold: Threshold | None = None,
    height: int = 170,
) -> Markup:
    """One measure over the assessments, with a band of ± the real-change threshold around the latest."""
    left, right, top, bottom = 42, 14, 12, 34
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    latest = points[-1][1]
    values = [value for _, value in points]
    if threshold is not None:
        values += [latest - threshold.value, latest + threshold.value]
    low, high = min(values), max(values)
    pad = max((high - low) * 0.1, 1.0)
    low, high = low - pad, high + pad
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 0)

    def x_of(day: date) -> float:
        return left + plot_w / 2 if span == 0 else left + plot_w * (day - first).days / span

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    each = ", ".join(f"{short_day(day)}: {_num(value, 2)}" for day, value in points)
    desc = f"{label} in {unit} at each assessment: {each}."
    if threshold is not None:
        kind = "derived " if threshold.derived else ""
        desc += (
            f" The shaded band is the latest value ± {_num(threshold.value, 2)} {threshold.unit}, the "
            f"{kind}smallest real change; a point inside it is within measurement error."
        )
    else:
        desc += " No measurement error is known for this measure, so no band is drawn."
    parts = [chart_open(chart_id, height, f"{label} over time", desc)]
    if threshold is not None:
        y_high, y_low = y_of(latest + threshold.value), y_of(latest - threshold.value)
        parts.append(
            f'<rect class="band" x="{left}" y="{y_high:.1f}" width="{plot_w}" height="{y_low - y_high:.1f}"/>'
        )
        note = f"± {_num(threshold.value, 1)} {threshold.unit}" + (" (derived)" if threshold.derived else "")
        parts.append(
            f'<text class="tick" x="{WIDTH - right - 2}" y="{y_high - 3:.1f}" text-anchor="end">'
            f"{escape(note)}</text>"
        )
    for value in (low + pad, high - pad):
        y = y_of(value)
        parts.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{left - 5}" y="{y + 4:.1f}" text-anchor="end">{_num(value)}</text>'
        )
    base = top + plot_h
    parts.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{WIDTH - right}" y2="{base}"/>')
    for day in sorted({first, last}):
        x = x_of(day)
        anchor = "start" if x < left + 20 else "end" if x > WIDTH - right - 20 else "middle"
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{base + 16}" text-anchor="{anchor}">{short_day(day)}</text>'
        )
    colour = LEG_STYLE["left"][0]
    coords = " ".join(f"{x_of(day):.1f},{y_of(value):.1f}" for day, value in points)
    parts.append(
        f'<polyline class="history-line" points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
    )
    parts += [marker("circle", x_of(day), y_of(value), colour) for day, value in points]
    parts.append("</svg>")
    return Markup("".join(parts))
