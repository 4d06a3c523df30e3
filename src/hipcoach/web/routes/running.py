"""Running pages: the load page (weekly distance, spikes, the ratio as context), imports, the training week.

An upload becomes a background job (:mod:`hipcoach.services.import_jobs`); its status page polls the JSON
status while it runs, and names every file that could not be read, with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from hipcoach.clock import zone_names
from hipcoach.domain.load import ACWR_EVIDENCE, week_start
from hipcoach.domain.week import WEEKDAY_NAMES, DayKind
from hipcoach.services import activities, import_jobs, load, runner_time
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.import_jobs import JobRunner, Upload, UploadRefused
from hipcoach.services.load import LoadSummary
from hipcoach.services.onboarding import decimal_number, profile_id_of
from hipcoach.web import running_charts as charts
from hipcoach.web.deps import HipcoachDep, ItemId, Runner, RunnerTime
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

RUN_FIELDS = ("on", "at", "km", "minutes", "name")
DAY_KINDS = {kind.value: kind.value.capitalize() for kind in DayKind}


def job_runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.job_runner
    return runner


def uploads_dir(request: Request) -> Any:
    return request.app.state.settings.data_dir / "uploads"


def spike_weeks(summary: LoadSummary) -> set[date]:
    tz = ZoneInfo(summary.zone)
    return {week_start(s.run.local_date(tz)) for s in summary.spikes}


def _load_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: Mapping[str, str] | None = None,
    errors: list[str] | None = None,
    added: bool = False,
) -> Response:
    summary = load.summary(app, profile_id)
    tz = ZoneInfo(summary.zone)
    now = app.local(summary.zone).now
    runs = activities.recent_runs(app, profile_id, 10)
    return render(
        request,
        "running/load.html",
        status_code=400 if errors else 200,
        summary=summary,
        bars=charts.weekly_distance_bars(summary.weeks, spike_weeks(summary)) if summary.run_count else None,
        ratio=charts.acwr_line(summary.acwr) if summary.run_count else None,
        spike_weeks=spike_weeks(summary),
        acwr_evidence=ACWR_EVIDENCE,
        runs=runs,
        tz=tz,
        values=values or {"on": now.date().isoformat(), "at": now.strftime("%H:%M")},
        errors=errors or [],
        added=added,
        jobs=import_jobs.list_jobs(app, profile_id, limit=3),
    )


@router.get("/running")
def load_page(
    request: Request, app: HipcoachDep, account: Runner, added: Annotated[bool, Query()] = False
) -> Response:
    return _load_page(request, app, profile_id_of(account), added=added)


def parse_run(values: Mapping[str, str], tz: ZoneInfo) -> tuple[dict[str, Any] | None, list[str]]:
    """The run the form describes, or what is wrong with it (each field named)."""
    errors: list[str] = []
    on = at = None
    try:
        on = date.fromisoformat(values.get("on", "").strip())
    except ValueError:
        errors.append(f"Date: “{values.get('on', '')}” is not a date (YYYY-MM-DD).")
    raw_at = values.get("at", "").strip() or "12:00"
    try:
        at = time.fromisoformat(raw_at)
    except ValueError:
        errors.append(f"Start time: “{raw_at}” is not a time (HH:MM).")
    km = decimal_number(values.get("km", ""))
    if km is None or km <= 0:
        errors.append(f"Distance: “{values.get('km', '')}” must be a number of kilometres above 0.")
    minutes = decimal_number(values.get("minutes", ""))
    if minutes is None or minutes <= 0:
        errors.append(f"Duration: “{values.get('minutes', '')}” must be a number of minutes above 0.")
    if errors or on is None or at is None or km is None or minutes is None:
        return None, errors
    started = datetime.combine(on, at, tz)
    return {
        "started_at": started,
        "distance_km": km,
        "duration_min": minutes,
        "name": values.get("name", ""),
    }, []


async def _form_values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


@router.post("/running/runs")
async def add_run(request: Request, app: HipcoachDep, account: Runner, local: RunnerTime) -> Response:
    values = await _form_values(request)
    values = {key: values.get(key, "") for key in RUN_FIELDS}
    profile_id = profile_id_of(account)

    def save() -> Response:
        run, errors = parse_run(values, local.tz)
        if run is not None:
            try:
                activities.add_run(app, profile_id, **run)
            except InvalidInput as error:
                errors = [str(error)[:1].upper() + str(error)[1:] + "."]
        if errors:
            return _load_page(request, app, profile_id, values, errors)
        return RedirectResponse("/running?added=true", status_code=303)

    return await run_in_threadpool(save)


# --- imports ---------------------------------------------------------------------------------------------


def _import_form(request: Request, app: Hipcoach, profile_id: int, error: str | None = None) -> Response:
    return render(
        request,
        "running/import.html",
        status_code=400 if error else 200,
        error=error,
        jobs=import_jobs.list_jobs(app, profile_id),
        limit=import_jobs.MAX_UPLOAD_BYTES // 1024**3,
    )


@router.get("/running/import")
def import_form(request: Request, app: HipcoachDep, account: Runner) -> Response:
    return _import_form(request, app, profile_id_of(account))


@router.post("/running/import")
def upload(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    # Declared as a parameter, the form is parsed by FastAPI, which also closes its spooled files afterwards.
    profile_id = profile_id_of(account)
    uploads = [Upload(item.filename or "", item.file) for item in files or [] if item.filename]
    try:
        job = import_jobs.create_job(app, profile_id, uploads, uploads_dir(request))
    except UploadRefused as error:
        message = str(error)
        return _import_form(request, app, profile_id, message[:1].upper() + message[1:] + ".")
    job_runner(request).submit(job.id)
    return RedirectResponse(f"/running/import/{job.id}", status_code=303)


@router.get("/running/import/{job_id:int}")
def import_status(request: Request, app: HipcoachDep, account: Runner, job_id: ItemId) -> Response:
    job = import_jobs.get_job(app, profile_id_of(account), job_id)
    errors = [p for p in job.problems if p.get("kind") == "error"]
    skipped = [p for p in job.problems if p.get("kind") != "error"]
    return render(request, "running/status.html", job=job, errors=errors, skipped=skipped)


# --- the training week -----------------------------------------------------------------------------------


def _week_values(view: load.WeekView) -> dict[str, str]:
    values = {f"day-{d}": (view.week.kind(d).value if view.week else "rest") for d in range(7)}
    values["timezone"] = view.zone
    return values


def _week_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
    saved: bool = False,
) -> Response:
    view = load.week_view(app, profile_id)
    return render(
        request,
        "running/week.html",
        status_code=400 if error else 200,
        view=view,
        values=values or _week_values(view),
        error=error,
        saved=saved,
        day_names=WEEKDAY_NAMES,
        kinds=DAY_KINDS,
        zones=zone_names(),
    )


@router.get("/running/week")
def week_page(
    request: Request, app: HipcoachDep, account: Runner, saved: Annotated[bool, Query()] = False
) -> Response:
    return _week_page(request, app, profile_id_of(account), saved=saved)


@router.post("/running/week")
async def save_week(request: Request, app: HipcoachDep, account: Runner, local: RunnerTime) -> Response:
    values = await _form_values(request)
    profile_id = profile_id_of(account)

    def save() -> Response:
        days: dict[int, DayKind] = {}
        for d in range(7):
            raw = values.get(f"day-{d}", "rest")
            if raw not in DAY_KINDS:
                return _week_page(
                    request, app, profile_id, values, f"{WEEKDAY_NAMES[d]}: choose a kind of day."
                )
            if raw != DayKind.REST.value:
                days[d] = DayKind(raw)
        zone = values.get("timezone", "").strip()
        try:
            if sum(1 for kind in days.values() if kind is DayKind.LONG) > 1:
                raise InvalidInput("mark one long run a week at most")
            if zone and zone != local.zone_name:
                runner_time.set_timezone(app, profile_id, zone)
            load.set_week(app, profile_id, days)
        except InvalidInput as error:
            message = str(error)
            return _week_page(request, app, profile_id, values, message[:1].upper() + message[1:] + ".")
        return RedirectResponse("/running/week?saved=true", status_code=303)

    return await run_in_threadpool(save)


@router.get("/running/week.ics")
def week_calendar(
    app: HipcoachDep,
    account: Runner,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
    at: Annotated[time, Query(description="start time of each session")] = time(18, 0),
) -> Response:
    return calendar_download(app, profile_id_of(account), weeks, at)


def calendar_download(app: Hipcoach, profile_id: int, weeks: int, at: time) -> Response:
    """The week's calendar as a file download (shared with the page route)."""
    data = load.calendar(app, profile_id, weeks=weeks, start_time=at)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="hipcoach-week.ics"'},
    )
