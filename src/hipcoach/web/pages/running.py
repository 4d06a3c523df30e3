"""The load page: weekly distance, spikes and the ratio as context, the latest runs, a run typed in."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from hipcoach.clock import LocalTime
from hipcoach.domain import measures, rules
from hipcoach.domain.load import ACWR_EVIDENCE, NOT_ENOUGH_HISTORY
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit
from hipcoach.services import activities, distance_units, import_jobs, load
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.onboarding import decimal_number
from hipcoach.web import running_charts as charts
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.pages.common import form_values, sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

RUN_FIELDS = ("on", "at", "km", "minutes", "name")
# The input each field's problem links to (the form's ids say which form they belong to).
RUN_INPUTS = {
    "on": "run-on",
    "at": "run-at",
    "km": "run-distance",
    "minutes": "run-minutes",
    "name": "run-name",
}


def _load_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    notice: str | None = None,
    error: str | None = None,
) -> Response:
    """``errors``: the run form's problems by field; ``error`` one that belongs to no field."""
    summary = load.summary(app, profile_id)
    tz = ZoneInfo(summary.zone)
    now = app.local(summary.zone).now
    runs = activities.recent_runs(app, profile_id, 10)
    spikes = charts.spike_weeks(summary)
    return render(
        request,
        "running/load.html",
        status_code=400 if errors or error else 200,
        summary=summary,
        bars=charts.weekly_distance_bars(summary.weeks, spikes, unit=summary.unit)
        if summary.run_count
        else None,
        ratio=charts.acwr_line(summary.acwr) if summary.run_count else None,
        spike_weeks=spikes,
        spike_window_days=rules.SPIKE_WINDOW_DAYS,
        not_enough_history=NOT_ENOUGH_HISTORY,
        acwr_evidence=ACWR_EVIDENCE,
        runs=runs,
        tz=tz,
        values=values or {"on": now.date().isoformat(), "at": now.strftime("%H:%M")},
        errors=errors,
        error=error,
        notice=notice,
        jobs=import_jobs.list_jobs(app, profile_id, limit=3),
    )


# What the page says after a run was added, corrected or deleted (the redirect names which).
NOTICES = {
    "added": "The run was added.",
    "corrected": "The run was corrected. Weekly distance and spikes are worked out again with it.",
    "deleted": "The run was deleted. Weekly distance and spikes are worked out again without it.",
}


@router.get("/running")
def load_page(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    added: Annotated[bool, Query()] = False,
    changed: Annotated[Literal["corrected", "deleted"] | None, Query()] = None,
) -> Response:
    notice = NOTICES["added"] if added else NOTICES[changed] if changed else None
    return _load_page(request, app, profile_id, notice=notice)


def parse_run(
    values: Mapping[str, str], tz: ZoneInfo, unit: DistanceUnit = DEFAULT_UNIT
) -> tuple[dict[str, Any] | None, FormErrors]:
    """The run the form describes, or what is wrong with it (each field named, the bounds the domain's).
    The distance is typed in the runner's ``unit`` and comes back in km."""
    errors = FormErrors(RUN_INPUTS)
    on = at = None
    try:
        on = date.fromisoformat(values.get("on", "").strip())
    except ValueError:
        errors.add("on", f"Date: “{values.get('on', '')}” is not a date (YYYY-MM-DD).")
    raw_at = values.get("at", "").strip() or "12:00"
    try:
        at = time.fromisoformat(raw_at)
    except ValueError:
        errors.add("at", f"Start time: “{raw_at}” is not a time (HH:MM).")
    typed = decimal_number(values.get("km", ""))
    km = unit.to_km(typed) if typed is not None else None
    if km is None:
        errors.add("km", f"Distance: “{values.get('km', '')}” is not a number of {unit.label}.")
    minutes = decimal_number(values.get("minutes", ""))
    if minutes is None:
        errors.add("minutes", f"Duration: “{values.get('minutes', '')}” is not a number of minutes.")
    for field, label, check in (
        ("on", "Date", lambda: on is None or measures.not_too_early("the date", on)),
        ("km", "Distance", lambda: km is None or measures.run_distance_km(km, unit)),
        ("minutes", "Duration", lambda: minutes is None or measures.run_duration_min(minutes)),
    ):
        try:
            check()
        except measures.InvalidMeasurement as error:
            errors.add(field, f"{label}: {error}")
    if errors or on is None or at is None or km is None or minutes is None:
        return None, errors
    try:
        measures.run_pace(km, minutes, unit)
    except measures.InvalidMeasurement as error:
        errors.add("minutes", error)  # the pace: the duration is the likelier slip, and the summary says so
        return None, errors
    started = datetime.combine(on, at, tz)
    return {
        "started_at": started,
        "distance_km": km,
        "duration_min": minutes,
        "name": values.get("name", ""),
    }, errors


@router.post("/running/runs")
async def add_run(request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime) -> Response:
    values = await form_values(request)
    values = {key: values.get(key, "") for key in RUN_FIELDS}

    def save() -> Response:
        run, errors = parse_run(values, local.tz, distance_units.unit_of_profile(app, profile_id))
        if run is None:
            return _load_page(request, app, profile_id, values, errors)
        try:
            activities.add_run(app, profile_id, **run)
        except InvalidInput as error:
            return _load_page(request, app, profile_id, values, error=sentence(error))
        return RedirectResponse("/running?added=true", status_code=303)

    return await run_in_threadpool(save)


def _run_values(run: activities.RunView, tz: ZoneInfo, unit: DistanceUnit) -> dict[str, str]:
    """A stored run as its form shows it: in the runner's zone and unit, to the precision it was typed."""
    local = run.started_at.astimezone(tz)
    km = "" if run.distance_m is None else unit.number(run.distance_m / 1000, places=2)
    return {
        "on": local.date().isoformat(),
        "at": local.strftime("%H:%M"),
        "km": km,
        "minutes": f"{run.duration_s / 60:.1f}".removesuffix(".0"),
        "name": run.name,
    }


def _run_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    run: activities.RunView,
    local: LocalTime,
    values: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    error: str | None = None,
) -> Response:
    unit = distance_units.unit_of_profile(app, profile_id)
    return render(
        request,
        "running/run.html",
        status_code=400 if errors or error else 200,
        run=run,
        tz=local.tz,
        unit=unit,
        values=values or _run_values(run, local.tz, unit),
        errors=errors,
        error=error,
    )


@router.get("/running/runs/{run_id}")
def run_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime, run_id: ItemId
) -> Response:
    """One run, to correct or delete."""
    return _run_page(request, app, profile_id, activities.get_run(app, profile_id, run_id), local)


@router.post("/running/runs/{run_id}")
async def correct_run(
    request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime, run_id: ItemId
) -> Response:
    values = await form_values(request)
    values = {key: values.get(key, "") for key in RUN_FIELDS}

    def save() -> Response:
        run = activities.get_run(app, profile_id, run_id)
        unit = distance_units.unit_of_profile(app, profile_id)
        corrected, errors = parse_run(values, local.tz, unit)
        if corrected is None:
            return _run_page(request, app, profile_id, run, local, values, errors)
        try:
            activities.edit_run(app, profile_id, run_id, **corrected, unit=unit)
        except InvalidInput as error:
            return _run_page(request, app, profile_id, run, local, values, error=sentence(error))
        return RedirectResponse("/running?changed=corrected", status_code=303)

    return await run_in_threadpool(save)


@router.get("/running/runs/{run_id}/delete")
def delete_run_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime, run_id: ItemId
) -> Response:
    """The question before a run is deleted."""
    run = activities.get_run(app, profile_id, run_id)
    unit = distance_units.unit_of_profile(app, profile_id)
    return render(request, "running/delete.html", run=run, tz=local.tz, unit=unit)


@router.post("/running/runs/{run_id}/delete")
def delete_run(app: HipcoachDep, profile_id: ProfileId, run_id: ItemId) -> Response:
    activities.delete_run(app, profile_id, run_id)
    return RedirectResponse("/running?changed=deleted", status_code=303)
