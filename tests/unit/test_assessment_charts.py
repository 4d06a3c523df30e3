"""The assessment charts: pure SVG builders, checked for their shapes and their accessible names."""

from __future__ import annotations

import re
from datetime import date

from hipcoach.domain.assessment.balance import LegReaches, y_balance
from hipcoach.domain.assessment.change import THRESHOLDS, Measure
from hipcoach.domain.assessment.common import Sex
from hipcoach.web.assessment_charts import SideRow, history_chart, legend_swatch, side_bars, y_balance_star


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
    assert 'stroke-dasharray="7 4"' in outline(svg, "right") and 'stroke-dasharray="2 3"' in outline(
        svg, "reference"
    )
    assert outline(svg, "left").count("<circle") == 3 and outline(svg, "right").count("<rect") == 3
    assert "Left leg: anterior 72.2%" in svg and "composite 93.7%" in svg and "anterior 70.8%" in svg


def test_the_anterior_axis_points_up_and_the_others_down():
    result = y_balance(leg(90, 65, 95, 93), leg(90, 70, 95, 93), Sex.MALE)
    svg = str(y_balance_star(result, "star"))
    coords = re.search(r'<polygon points="([^"]+)"', outline(svg, "left")).group(1).split()
    (ax, ay), (mx, my), (lx, ly) = [tuple(float(v) for v in c.split(",")) for c in coords]
    assert ay < my and ay < ly  # anterior above
    assert mx < ax < lx  # posteromedial to one side, posterolateral to the other


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
