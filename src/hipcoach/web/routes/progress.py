"""Progress: charts of symptoms, sessions, ladder and phases; the session table; one session in full."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hipcoach.services import charts, history, programs
from hipcoach.services.errors import NotFound
from hipcoach.services.onboarding import profile_id_of
from hipcoach.web import charts as svg
from hipcoach.web.deps import HipcoachDep, ItemId, Runner
from hipcoach.web.templating import render

router = APIRouter()


# The log shows the latest entries, newest first; a year of them is a long page on a phone and slow to build.
RECENT_ENTRIES = 20


@router.get("/progress")
def progress_page(request: Request, app: HipcoachDep, account: Runner, all: bool = False) -> Response:
    profile_id = profile_id_of(account)
    rows = history.history(app, profile_id)
    shown = list(reversed(rows if all else rows[-RECENT_ENTRIES:]))
    try:
        view: programs.ProgramOverview | None = programs.overview(app, profile_id)
    except NotFound:
        view = None
    symptoms = charts.symptom_chart(rows)
    weeks = charts.sessions_per_week([r.on for r in rows if r.session_id is not None], app.today())
    ladder = charts.ladder_levels(view.states, app.library) if view is not None else ()
    spans = charts.phase_spans(view.history, view.today) if view is not None else ()
    return render(
        request,
        "progress/page.html",
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
    )


@router.get("/sessions/{session_id:int}")
def session_page(request: Request, app: HipcoachDep, account: Runner, session_id: ItemId) -> Response:
    detail = history.session_detail(app, profile_id_of(account), session_id)
    evidence = [e for d in detail.row.decisions for e in d.evidence]
    return render(request, "progress/session.html", detail=detail, library=app.library, evidence=evidence)
