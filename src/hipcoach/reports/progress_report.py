"""The progress report as a document: one page of summary a doctor reads in a minute, then the detail.

The charts are drawn here from the service's plain data (``services.progress_report``): pain and tightness
with the pain-monitoring bands shaded behind them, sessions per week, the phases, weekly running distance.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from hipcoach.domain import rules as R
from hipcoach.domain.assessment.psfs import PSFS_RATING_MAX
from hipcoach.domain.content import Library
from hipcoach.domain.precision import shown
from hipcoach.reports.chart_svg import ChartBand, bar_chart, legend_swatch, line_chart, phase_timeline
from hipcoach.reports.documents import Document, Toolbar, render
from hipcoach.reports.load_svg import weekly_distance_bars
from hipcoach.reports.pdf import Paper
from hipcoach.services.charts import LineChart, PhaseSpan
from hipcoach.services.progress_report import Band, ProgressReport

# The bands' shading, lightest for "fine"; the label inside each band says which it is, so colour is never
# the only cue.
BAND_FILLS = {"safe": "#e6f2e9", "acceptable": "#fbf1dc", "too-much": "#f8e1e1"}
PAIN_KEYS = ("during", "after")
MORNING_KEYS = ("morning", "tightness")
MARKER_LIMIT = 40  # more readings than this in a series: its line alone, markers would hide it


# WeasyPrint draws an inline SVG with the SVG's own style sheet only (the document's does not reach inside),
# so each chart carries the rules for its parts; a browser reads them the same way.
CHART_STYLE = Markup(
    "<style>"
    ".grid{stroke:#d5dbe1;stroke-width:0.6}.axis{stroke:#333;stroke-width:1}"
    ".tick{font-size:9px;font-family:'DejaVu Sans',sans-serif;fill:#333}"
    ".label{font-size:9.5px;font-family:'DejaVu Sans',sans-serif;fill:#222}"
    ".band-label{font-size:9px;font-family:'DejaVu Sans',sans-serif;fill:#444}"
    ".bar{fill:#0b5cad}"
    ".phase-number{font-size:13px;font-weight:bold;font-family:'DejaVu Sans',sans-serif;fill:#fff}"
    "</style>"
)


def styled(chart: Markup) -> Markup:
    """``chart`` with ``CHART_STYLE`` inside it, after its title and description."""
    head, found, rest = chart.partition(Markup("</desc>"))
    return Markup(head + found + CHART_STYLE + rest) if found else chart


@dataclass(frozen=True)
class Charts:
    pain_summary: Markup | None  # the small one on page 1
    pain: Markup | None
    morning: Markup | None
    sessions: Markup | None
    phases: Markup | None
    running: Markup | None
    swatches: dict[str, Markup]


def chart_bands(bands: tuple[Band, ...]) -> tuple[ChartBand, ...]:
    return tuple(ChartBand(b.low, b.high, b.label, BAND_FILLS[b.key]) for b in bands)


def _part(chart: LineChart | None, keys: tuple[str, ...]) -> LineChart | None:
    """The chart with only the series named, or None when none of them has a reading."""
    if chart is None:
        return None
    series = tuple(s for s in chart.series if s.key in keys)
    if not any(s.points for s in series):
        return None
    return LineChart(series, chart.first, chart.last)


def charts(report: ProgressReport) -> Charts:
    bands = chart_bands(report.bands)
    pain = _part(report.symptoms, PAIN_KEYS)
    morning = _part(report.symptoms, MORNING_KEYS)
    spans = tuple(PhaseSpan(s.phase, s.start, s.end, current=False, reason="") for s in report.phase_spans)
    spike_weeks = {w.week_start for w in report.load.weeks if w.spike}
    pain_title = "Pain during and about an hour after each session"
    morning_title = "Pain the next morning and tightness"
    return Charts(
        pain_summary=styled(line_chart(pain, "pain-summary", pain_title, 190, bands, MARKER_LIMIT))
        if pain
        else None,
        pain=styled(line_chart(pain, "pain", pain_title, 250, bands, MARKER_LIMIT)) if pain else None,
        morning=styled(line_chart(morning, "morning", morning_title, 250, bands, MARKER_LIMIT))
        if morning
        else None,
        sessions=(
            styled(bar_chart(report.sessions_per_week, "sessions", "Sessions each week"))
            if report.has_sessions
            else None
        ),
        phases=(
            styled(phase_timeline(spans, "phases", "The phases in this period", _end_label(report)))
            if spans
            else None
        ),
        running=(
            styled(weekly_distance_bars(report.load.weeks, spike_weeks, "running", report.load.unit))
            if report.load.run_count
            else None
        ),
        swatches={key: legend_swatch(key) for key in (*PAIN_KEYS, *MORNING_KEYS)},
    )


def _end_label(report: ProgressReport) -> str:
    last = min(report.end, report.made_on)
    return f"{last.day} {last:%b}" + (" (today)" if last == report.made_on else "")


def pain_mean(report: ProgressReport, value: float | None) -> str:
    """A mean pain written so it never reads as inside a band it is not in."""
    if value is None:
        return "none recorded"
    limits = report.limits
    return shown(value, limits.pain_safe_max, limits.pain_acceptable_max, places=1) + "/10"


def percent(value: float | None) -> str:
    return "no sessions planned" if value is None else f"{shown(value, places=0)}%"


def spike_rule() -> str:
    """What makes a run a spike, in words, from the rule's own numbers."""
    return (
        f"a run more than {R.SPIKE_BAND_EDGES_PCT[0]:g}% longer than the longest of the "
        f"{R.SPIKE_WINDOW_DAYS} days before it"
    )


def progress_report_document(
    report: ProgressReport, library: Library, paper: Paper = Paper.A4, toolbar: Toolbar | None = None
) -> Document:
    """The document for ``report``: the summary page, then the detail and the sources."""
    return render(
        "progress_report.html",
        title=f"Progress report: {report.runner}",
        filename=f"hipcoach-progress-{report.start.isoformat()}-{report.end.isoformat()}",
        paper=paper,
        toolbar=toolbar,
        r=report,
        charts=charts(report),
        tag_of={item.id: item.tag.value for item in library.evidence.values()},
        pain_mean=lambda value: pain_mean(report, value),
        percent=percent,
        distance=report.load.unit.short,
        unit=report.load.unit.value,
        spike_rule=spike_rule(),
        spike_days=R.SPIKE_WINDOW_DAYS,
        psfs_max=PSFS_RATING_MAX,
    )
