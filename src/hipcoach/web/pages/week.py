"""The training week: which days are runs, long runs or rest, and where strength and mobility go; its
calendar file."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from hipcoach.clock import zone_names
from hipcoach.domain.week import WEEKDAY_NAMES, DayKind
from hipcoach.reports.ical import REMINDER_MINUTES
from hipcoach.services import load, reminders, runner_time
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.web.deps import HipcoachDep, ProfileId, RunnerTime
from hipcoach.web.downloads import calendar_download
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.pages.common import form_values, sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

DAY_KINDS = {kind.value: kind.value.capitalize() for kind in DayKind}


def _week_values(view: load.WeekView, at: time | None) -> dict[str, str]:
    values = {f"day-{d}": (view.week.kind(d).value if view.week else "rest") for d in range(7)}
    values["timezone"] = view.zone
    values["reminder_time"] = at.strftime("%H:%M") if at is not None else ""
    return values


def _week_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: Mapping[str, str] | None = None,
    error: str | None = None,
    saved: bool = False,
    errors: FormErrors | None = None,
) -> Response:
    """``errors``: the fields' problems; ``error`` one that belongs to no field."""
    view = load.week_view(app, profile_id)
    at = reminders.saved_time(app, profile_id)
    return render(
        request,
        "running/week.html",
        status_code=400 if error or errors else 200,
        view=view,
        values=values or _week_values(view, at),
        starts_at=(at or reminders.DEFAULT_REMINDER_TIME).strftime("%H:%M"),
        default_time=reminders.DEFAULT_REMINDER_TIME.strftime("%H:%M"),
        reminder_minutes=REMINDER_MINUTES,
        lengths=reminders.session_lengths(app, profile_id) if view.placement else None,
        error=error,
        errors=errors,
        saved=saved,
        day_names=WEEKDAY_NAMES,
        kinds=DAY_KINDS,
        zones=zone_names(),
    )


@router.get("/running/week")
def week_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, saved: Annotated[bool, Query()] = False
) -> Response:
    return _week_page(request, app, profile_id, saved=saved)


@router.post("/running/week")
async def save_week(request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime) -> Response:
    values = await form_values(request)

    def save() -> Response:
        errors = FormErrors()
        days: dict[int, DayKind] = {}
        for d in range(7):
            raw = values.get(f"day-{d}", "rest")
            if raw not in DAY_KINDS:
                errors.add(f"day-{d}", f"{WEEKDAY_NAMES[d]}: choose a kind of day")
            elif raw != DayKind.REST.value:
                days[d] = DayKind(raw)
        long_days = [d for d, kind in days.items() if kind is DayKind.LONG]
        if len(long_days) > 1:
            errors.add(f"day-{long_days[1]}", "mark one long run a week at most")
        zone = values.get("timezone", "").strip()
        if zone and zone != local.zone_name:
            errors.check("timezone", lambda: runner_time.checked_zone(zone))
        at = errors.check("reminder_time", lambda: reminders.parse_time(values.get("reminder_time", "")))
        if errors:
            return _week_page(request, app, profile_id, values, errors=errors)
        try:
            if zone and zone != local.zone_name:
                runner_time.set_timezone(app, profile_id, zone)
            load.set_week(app, profile_id, days)
            reminders.set_time(app, profile_id, at)
        except InvalidInput as error:
            return _week_page(request, app, profile_id, values, sentence(error))
        return RedirectResponse("/running/week?saved=true", status_code=303)

    return await run_in_threadpool(save)


@router.get("/running/week.ics")
def week_calendar(
    app: HipcoachDep,
    profile_id: ProfileId,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
    at: Annotated[
        time | None, Query(description="start time of each session; by default the runner's saved time")
    ] = None,
) -> Response:
    return calendar_download(app, profile_id, weeks, at)
