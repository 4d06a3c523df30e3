"""A runner's record as their clinician reads it: what holds them, the program with each exercise's level and
rounds, sessions and check-ins with the decisions and their rule ids, assessments with the change beyond
measurement error, running load, the clinical actions recorded, and the clinicians' private notes.

Every route names the runner by ``{runner_id}`` and reads it through ``CaredRunnerId``: without the runner's
live consent the answer is 404, and each read is written to the runner's "who looked at my data" log with the
route's ``summary``. The runner's data is read through the services the runner's own pages call.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.assessment.balance import FEMALE_COMPOSITE_MIN_PCT
from hipcoach.domain.assessment.change import Measure, compare
from hipcoach.domain.assessment.ids import TestId
from hipcoach.domain.load import NOT_ENOUGH_HISTORY
from hipcoach.domain.precision import shown
from hipcoach.domain.rules import SPIKE_WINDOW_DAYS
from hipcoach.domain.screening import why_raised
from hipcoach.services import (
    assessments,
    charts,
    clearances,
    clinical_actions,
    history,
    load,
    programs,
    progress_report,
    runner_record,
    video_jobs,
)
from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.web import running_charts
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep, ItemId
from hipcoach.web.form_errors import FormErrors, one_problem
from hipcoach.web.pages.common import TextField
from hipcoach.web.templating import render

router = APIRouter(prefix="/clinic/runners/{runner_id}", include_in_schema=False)

RECENT_ROWS = 10  # sessions and check-ins on the detail page; the sessions page has them all
RECENT_WEEKS = 6  # weeks of running on the detail page
NOTE_INPUTS = {"text": "note-text"}  # the note form's field, by the id of its textarea


def _program(app: Hipcoach, profile_id: int) -> programs.ProgramOverview | None:
    try:
        return programs.overview(app, profile_id)
    except NotFound:
        return None


def _detail(
    request: Request,
    app: Hipcoach,
    clinician: ClinicianView,
    profile_id: int,
    note_errors: FormErrors | None = None,
    note_text: str = "",
    note_saved: bool = False,
) -> Response:
    runner = runner_record.runner_header(app, clinician, profile_id)
    view = _program(app, profile_id)
    rows = history.history(app, profile_id)
    latest = assessments.latest(app, profile_id)
    psfs = assessments.history(app, profile_id).get(TestId.PSFS.value, [])
    summary = load.summary(app, profile_id, RECENT_WEEKS)
    return render(
        request,
        "clinic/runner.html",
        status_code=400 if note_errors else 200,
        report_weeks=progress_report.DEFAULT_WEEKS,
        runner=runner,
        standing=clearances.standing_of(app, profile_id),
        view=view,
        ladder=charts.ladder_levels(view.states, app.library) if view is not None else (),
        library=app.library,
        recent=list(reversed(rows[-RECENT_ROWS:])),
        row_count=len(rows),
        decisions=runner_record.decisions(app, profile_id, RECENT_ROWS),
        assessments=assessments.list_assessments(app, profile_id),
        videos=video_jobs.list_analyses(app, profile_id, limit=RECENT_ROWS),
        latest=latest,
        psfs=psfs,
        psfs_change=compare(Measure.PSFS, psfs[0].value, psfs[-1].value) if len(psfs) > 1 else None,
        summary=summary,
        spike_weeks=running_charts.spike_weeks(summary),
        not_enough_history=NOT_ENOUGH_HISTORY,
        holds=clearances.hold_history(app, profile_id),
        actions=clinical_actions.actions_of(app, profile_id),
        notes=runner_record.notes(app, clinician, profile_id),
        note_max=runner_record.NOTE_MAX_CHARS,
        note_errors=note_errors,
        note_text=note_text,
        note_saved=note_saved,
    )


@router.get("", summary="your program and history")
def runner_detail(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    saved: bool = False,
) -> Response:
    return _detail(request, app, clinician, runner_id, note_saved=saved)


@router.post("/notes")
def add_note(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    text: TextField = "",
) -> Response:
    try:
        runner_record.add_note(app, clinician, runner_id, text, "web")
    except InvalidInput as error:
        problems = one_problem("text", error, NOTE_INPUTS)
        return _detail(request, app, clinician, runner_id, note_errors=problems, note_text=text)
    return RedirectResponse(f"/clinic/runners/{runner_id}?saved=true#notes-title", status_code=303)


@router.get("/sessions", summary="your sessions, check-ins and the decisions taken")
def runner_sessions(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId
) -> Response:
    return render(
        request,
        "clinic/runner_sessions.html",
        runner=runner_record.runner_header(app, clinician, runner_id),
        rows=list(reversed(history.history(app, runner_id))),
        decisions=runner_record.decisions(app, runner_id, limit=None),
        library=app.library,
    )


@router.get("/checkins", summary="your check-ins and the warning signs reported")
def runner_checkins(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId
) -> Response:
    ids = runner_record.checkin_ids(app, runner_id)
    return render(
        request,
        "clinic/runner_checkins.html",
        runner=runner_record.runner_header(app, clinician, runner_id),
        checkins=[history.checkin_result(app, runner_id, checkin_id) for checkin_id in ids],
        library=app.library,
        why_raised=why_raised,
    )


@router.get("/sessions/{session_id:int}", summary="one of your sessions")
def runner_session(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, session_id: ItemId
) -> Response:
    return render(
        request,
        "clinic/runner_session.html",
        runner=runner_record.runner_header(app, clinician, runner_id),
        detail=history.session_detail(app, runner_id, session_id),
        library=app.library,
    )


@router.get("/assessments/{assessment_id:int}", summary="one of your assessments")
def runner_assessment(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, assessment_id: ItemId
) -> Response:
    view = assessments.get_assessment(app, runner_id, assessment_id)
    return render(
        request,
        "clinic/runner_assessment.html",
        runner=runner_record.runner_header(app, clinician, runner_id),
        view=view,
        result=view.result,
        protocols=app.library.protocols,
        scoring_name=view.record.scoring.label,
        composite_min_pct=FEMALE_COMPOSITE_MIN_PCT,
        shown=shown,
    )


@router.get("/running", summary="your running load")
def runner_running(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId
) -> Response:
    summary = load.summary(app, runner_id)
    spikes = running_charts.spike_weeks(summary)
    return render(
        request,
        "clinic/runner_running.html",
        runner=runner_record.runner_header(app, clinician, runner_id),
        summary=summary,
        bars=running_charts.weekly_distance_bars(summary.weeks, spikes, unit=summary.unit)
        if summary.run_count
        else None,
        spike_weeks=spikes,
        spike_window_days=SPIKE_WINDOW_DAYS,
        not_enough_history=NOT_ENOUGH_HISTORY,
        tz=ZoneInfo(summary.zone),
    )
