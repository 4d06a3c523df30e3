"""Progress: charts of symptoms, sessions, ladder and phases; the session table; one session in full."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from hipcoach.clock import LocalTime
from hipcoach.reports import chart_svg as svg
from hipcoach.services import charts, clearances, corrections, history, programs, progress_report
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.templating import render, templates

router = APIRouter()


# The log shows the latest entries, newest first; a year of them is a long page on a phone and slow to build.
RECENT_ENTRIES = 20
# Rendered progress pages kept per process: building one from a year of history takes ~20 ms, and a
# runner's history only changes when they add to it.
CACHED_PAGES = 256


class PageCache:
    """The last ``size`` rendered pages, each kept under the profile, options and data version it shows."""

    def __init__(self, size: int = CACHED_PAGES) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, Markup] = OrderedDict()

    def get_or_build(self, key: Hashable, build: Callable[[], Markup]) -> Markup:
        page = self._pages.get(key)
        if page is None:
            page = self._pages[key] = build()
            if len(self._pages) > self.size:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(key)
        return page


@router.get("/progress")
def progress_page(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    local: RunnerTime,
    all: bool = False,
    changed: corrections.Changed | None = None,
) -> Response:
    cache: PageCache = request.app.state.progress_pages
    key = (profile_id, all, local.today, local.zone_name, history.history_version(app, profile_id))
    body = cache.get_or_build(key, lambda: _progress_body(app, profile_id, all, local))
    notice = corrections.NOTICES[changed] if changed else None
    return render(
        request, "progress/page.html", body=body, report_weeks=progress_report.DEFAULT_WEEKS, notice=notice
    )


def _progress_body(app: Hipcoach, profile_id: int, all: bool, local: LocalTime) -> Markup:
    rows = history.history(app, profile_id)
    shown = list(reversed(rows if all else rows[-RECENT_ENTRIES:]))
    try:
        view: programs.ProgramOverview | None = programs.overview(app, profile_id)
    except NotFound:
        view = None
    symptoms = charts.symptom_chart(rows)
    weeks = charts.sessions_per_week([r.on for r in rows if r.session_id is not None], local.today)
    ladder = charts.ladder_levels(view.states, app.library) if view is not None else ()
    spans = charts.phase_spans(view.history, local) if view is not None else ()
    html = templates.get_template("progress/body.html").render(
        rows=rows,
        shown=shown,
        library=app.library,
        symptoms=symptoms,
        symptom_svg=svg.line_chart(symptoms, "symptoms", "Pain and tightness over time")
        if symptoms
        else None,
        swatch=svg.legend_swatch,
        weeks=weeks,
        weeks_svg=svg.bar_chart(weeks, "weeks", "Sessions per week") if weeks else None,
        ladder=ladder,
        ladder_svg=svg.level_chart(ladder, "ladder", "Strength ladder: level of each exercise")
        if ladder
        else None,
        spans=spans,
        spans_svg=svg.phase_timeline(spans, "phases", "Phases of your program") if spans else None,
        evidence=[e for row in shown for d in row.decisions for e in d.evidence],
        holds=clearances.hold_history(app, profile_id),
    )
    return Markup(html)


@router.get("/sessions/{session_id:int}")
def session_page(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    session_id: ItemId,
    changed: corrections.Changed | None = None,
) -> Response:
    detail = history.session_detail(app, profile_id, session_id)
    evidence = [e for d in detail.row.decisions for e in d.evidence]
    notice = corrections.NOTICES[changed] if changed else None
    return render(
        request, "progress/session.html", detail=detail, library=app.library, evidence=evidence, notice=notice
    )
