"""The running charts: bars per week with spike weeks marked (not by colour alone), the ratio with gaps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from hipcoach.domain.load import AcwrPoint, WeekLoad
from hipcoach.web.running_charts import acwr_line, weekly_distance_bars

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2026, 8, 10)  # a Monday


def week(i: int, km: float) -> WeekLoad:
    return WeekLoad(FIRST + timedelta(weeks=i), km, km * 360, 3 if km else 0, km / 2, None, None, None)


def test_one_bar_per_week_scaled_and_the_spike_week_marked():
    weeks = [week(i, km) for i, km in enumerate([10, 20, 0, 40])]
    svg = weekly_distance_bars(weeks, {FIRST + timedelta(weeks=3)}, "w")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "w-title w-desc"
    assert root.find(f"{SVG}title").text == "Weekly running distance"
    assert "1 week(s) hold a run much longer" in root.find(f"{SVG}desc").text
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class", "").startswith("bar")]
    assert [b.get("class") for b in bars] == ["bar-week", "bar-week", "bar-week", "bar-spike"]
    heights = [float(b.get("height")) for b in bars]
    assert heights[2] == 0 and heights[1] == 2 * heights[0] and heights[3] == 4 * heights[0]
    assert bars[3].get("fill") == "url(#w-hatch)"  # a pattern, not only another colour
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "spike-marker"]) == 1
    assert "40 km" in bars[3].find(f"{SVG}title").text and "spike" in bars[3].find(f"{SVG}title").text


def test_no_spikes_no_marker():
    svg = str(weekly_distance_bars([week(0, 5)], set(), "one"))
    assert "spike-marker" not in svg and "hold a run" not in svg
    ET.fromstring(svg)  # still well-formed


def test_the_ratio_line_leaves_a_gap_where_there_is_no_ratio():
    days = [FIRST + timedelta(days=i) for i in range(6)]
    ratios = [None, 0.8, 1.0, None, 1.4, 1.2]
    points = [AcwrPoint(d, 5.0, 3.0, 3.0, r) for d, r in zip(days, ratios, strict=True)]
    root = ET.fromstring(str(acwr_line(points, "r")))
    lines = [p for p in root.iter(f"{SVG}polyline") if p.get("class") == "acwr-line"]
    assert [len(line.get("points").split()) for line in lines] == [2, 2]
    assert "it was 1.20" in root.find(f"{SVG}desc").text


def test_the_ratio_chart_without_any_ratio_says_so():
    points = [AcwrPoint(FIRST, 0.0, 0.0, 0.0, None)]
    svg = str(acwr_line(points))
    assert "No ratio yet" in svg and "polyline" not in svg
    assert re.search(r'role="img"', svg)


def test_week_dates_never_sit_closer_than_the_label_step_and_the_latest_week_is_always_dated():
    """Issue 18: "23 Nov" and "30 Nov" overlapped because the last week was dated next to a dated one."""
    import re

    from hipcoach.reports.load_svg import labelled_weeks

    for count in range(1, 60):
        every = 1 if count <= 6 else 2 if count <= 14 else -(-count // 6)
        labelled = sorted(labelled_weeks(count, every))
        assert labelled[-1] == count - 1
        assert all(b - a >= every for a, b in zip(labelled, labelled[1:], strict=False))
    weeks = [week(n, 10) for n in range(9)]  # 9 weeks: every other one, counted back from the latest
    svg = str(weekly_distance_bars(weeks, set(), "nine"))
    dated = re.findall(r'<text class="tick"[^>]*text-anchor="middle">([^<]+)</text>', svg)
    latest = FIRST + timedelta(weeks=8)
    assert len(dated) == 5 and dated[-1] == f"{latest.day} {latest:%b}"
