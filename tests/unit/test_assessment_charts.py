"""The assessment charts: pure SVG builders, checked for their shapes and their accessible names."""

from __future__ import annotations

import re
from datetime import date

from hipcoach.domain.assessment.balance import LegReaches, y_balance
from hipcoach.domain.assessment.change import THRESHOLDS, Measure
from hipcoach.domain.assessment.common import Sex
from hipcoach.web.assessment_charts import (
    LEG_STYLE,
    SideRow,
    history_chart,
    legend_swatch,
    side_bars,
    y_balance_star,
)


def leg(limb: float, anterior: float, posteromedial: float, posterolateral: float) -> LegReaches:
    return LegReaches(limb, (anterior,) * 3, (posteromedial,) * 3, (posterolateral,) * 3)


def accessible(svg: str, chart_id: str) -> None:
    assert (
        'role="img"' in svg
        and f'<title id="{chart_id}-title">' in svg
        and f'<desc id="{chart_id}-desc">' in svg
    )
    assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in svg


def outline(svg: str, key: str) -> str:
    return svg.split(f'class="outline outline-{key}"')[1].split("</g>")[0]


def test_the_star_draws_both_legs_and_the_reference_with_three_vertices_each():
    result = y_balance(leg(90, 65, 95, 93), leg(90, 70, 95, 93), Sex.FEMALE)
    svg = str(y_balance_star(result, "star"))
    accessible(svg, "star")
    for key in ("left", "right", "reference"):
        points = re.search(r'<polygon points="([^"]+)"', outline(svg, key))
        assert points and len(points.group(1).split()) == 3
    assert "stroke-dasharray" not in outline(svg, "left").split("/>")[0]
    assert f'stroke-dasharray="{LEG_STYLE["right"][1]}"' in outline(svg, "right")
    assert f'stroke-dasharray="{LEG_STYLE["reference"][1]}"' in outline(svg, "reference")
    assert outline(svg, "left").count("<circle") == 3 and outline(svg, "right").count("<rect") == 3
    assert "Left leg: anterior 72.2%" in svg and "composite 93.7%" in svg and "anterior 70.8%" in svg


def test_the_anterior_axis_points_up_and_the_others_down():
    result = y_balance(leg(90, 65, 95, 93), leg(90, 70, 95, 93), Sex.MALE)
    svg = str(y_balance_star(result, "star"))
    coords = re.search(r'<polygon points="([^"]+)"', outline(svg, "left")).group(1).split()
    (ax, ay), (mx, my), (lx, ly) = [tuple(float(v) for v in c.split(",")) for c in coords]
    assert ay < my and ay < ly  # anterior above
    assert mx < ax < lx  # posteromedial to one side, posterolateral to the other


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _centre_and_corners(svg: str, key: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    ring = re.search(r'<circle class="ring" cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert ring
    coords = re.search(r'<polygon points="([^"]+)"', outline(svg, key)).group(1).split()
    return (float(ring.group(1)), float(ring.group(2))), [
        (float(x), float(y)) for x, y in (c.split(",") for c in coords)
    ]


def test_the_star_reads_each_reach_by_its_distance_from_the_centre_on_round_rings():
    # The same reach, 90 cm on a 90 cm leg, in every direction: the three corners lie on one circle, so the
    # back directions are as long on the screen as the front one.
    result = y_balance(leg(90, 90, 90, 90), leg(90, 90, 90, 90), Sex.FEMALE)
    svg = str(y_balance_star(result, "star"))
    (cx, cy), corners = _centre_and_corners(svg, "left")
    distances = [((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in corners]
    assert max(distances) - min(distances) < 0.5
    assert '<polygon class="grid"' not in svg and svg.count('<circle class="ring"') == 6  # 20% to 120%
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
    labels = [float(y) for y in re.findall(r'<text class="label" x="[\d.]+" y="([\d.]+)"', svg)]
    assert all(14 <= y <= height - 4 for y in labels)  # the back directions' names are not cut off


def test_the_reference_outline_is_drawn_over_both_legs_in_a_dark_dotted_line():
    result = y_balance(leg(90, 65, 95, 93), leg(90, 70, 95, 93), Sex.FEMALE)
    svg = str(y_balance_star(result, "star"))
    order = [svg.index(f'class="outline outline-{key}"') for key in ("left", "right", "reference")]
    assert order == sorted(order)
    colour = LEG_STYLE["reference"][0]
    contrast = (1.0 + 0.05) / (_luminance(colour) + 0.05)
    assert contrast >= 4.5  # readable as a line on the white page, not a faint grey
    assert 'class="halo"' in outline(svg, "reference")


def test_side_bars_draw_a_band_and_both_sides_with_their_values():
    rows = [SideRow("flexion", 112, 104, (110, 120)), SideRow("extension", 8, 14, (10, 15))]
    svg = str(side_bars(rows, "degrees", "hips", "Hip range"))
    accessible(svg, "hips")
    assert svg.count('class="band"') == 2
    assert svg.count('class="bar-left"') == 2 and svg.count('class="bar-right"') == 2
    assert ">L 112<" in svg and ">R 104<" in svg
    assert "flexion: left 112, right 104 degrees (reference 110-120)." in svg


def test_side_bars_without_a_band_draw_none():
    svg = str(side_bars([SideRow("quadriceps", 2.1, 1.9)], "N·m/kg", "strength", "Strength", 2))
    assert 'class="band"' not in svg and ">L 2.1<" in svg


def test_a_history_with_an_error_figure_has_a_band_labelled_derived():
    points = [(date(2026, 11, 2), 65.0), (date(2026, 11, 30), 70.0)]
    svg = str(history_chart(points, "left anterior reach", "cm", "h", THRESHOLDS[Measure.Y_BALANCE_REACH]))
    accessible(svg, "h")
    assert 'class="band"' in svg and "(derived)" in svg and "9.7 cm" in svg
    assert svg.count("<circle") == 2


def test_a_history_without_an_error_figure_is_a_plain_line():
    points = [(date(2026, 11, 2), 93.7), (date(2026, 11, 30), 95.6), (date(2026, 12, 28), 96.0)]
    svg = str(history_chart(points, "left composite reach", "% of limb length", "h"))
    assert 'class="band"' not in svg and "No measurement error is known" in svg
    assert len(re.search(r'<polyline class="history-line" points="([^"]+)"', svg).group(1).split()) == 3


def test_a_legend_swatch_is_hidden_from_screen_readers():
    assert 'aria-hidden="true"' in str(legend_swatch("right")) and 'stroke-dasharray="7 4"' in str(
        legend_swatch("right")
    )
