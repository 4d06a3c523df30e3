"""The SVG line chart: where pain during equals tightness, pain during is drawn on top (issue 18)."""

from __future__ import annotations

from datetime import date, timedelta

from hipcoach.reports.chart_svg import line_chart
from hipcoach.services.charts import LineChart, Point, Series

DAY = date(2026, 11, 2)


def series(key: str, values: list[int]) -> Series:
    return Series(key, key, tuple(Point(DAY + timedelta(days=n), v) for n, v in enumerate(values)))


def test_pain_during_is_drawn_after_every_other_series_whatever_order_they_come_in():
    chart = LineChart(
        (
            series("during", [3, 3]),
            series("tightness", [3, 3]),
            series("before", [1, 2]),
            series("morning", [2, 2]),
        ),
        DAY,
        DAY + timedelta(days=1),
    )
    svg = str(line_chart(chart, "symptoms", "Pain and tightness"))
    drawn = [
        svg.index(f'class="series series-{key}"') for key in ("tightness", "morning", "before", "during")
    ]
    assert drawn == sorted(drawn)  # each later in the SVG is painted over the ones before it
