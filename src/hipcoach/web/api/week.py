"""The training week: set or read from the runs, where the strength and mobility sessions go, its calendar."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from fastapi import APIRouter, Query, Response

from hipcoach.domain.week import DayKind
from hipcoach.services import load, reminders, runner_time
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.web import running_schemas as r
from hipcoach.web.api.common import PRIVATE, REFUSED, evidence_public
from hipcoach.web.deps import HipcoachDep, ProfileId
from hipcoach.web.downloads import calendar_download

router = APIRouter(prefix="/api", tags=["api"])


def week_public(app: Hipcoach, profile_id: int, view: load.WeekView) -> r.WeekPublic:
    lengths = reminders.session_lengths(app, profile_id) if view.placement else None
    at = reminders.saved_time(app, profile_id)
    days = {d: view.week.kind(d).value for d in range(7)} if view.week is not None else None
    placement = view.placement
    return r.WeekPublic(
        zone=view.zone,
        days=days,
        inferred=view.inferred,
        sessions=[
            r.PlacedSessionPublic(
                weekday=s.weekday,
                day=s.day_name,
                kind=s.kind,
                timing=s.timing,
                why=list(s.why),
                evidence=evidence_public(s.evidence),
            )
            for s in (placement.sessions if placement else ())
        ],
        notes=list(placement.notes) if placement else [],
        reminder_time=at.strftime("%H:%M") if at is not None else None,
        session_minutes={"mobility": lengths.mobility, "strength": lengths.strength} if lengths else {},
    )


@router.get("/week", response_model=r.WeekPublic, responses=PRIVATE)
def get_week(app: HipcoachDep, profile_id: ProfileId) -> r.WeekPublic:
    """The training week (set, or read from the runs) and where the strength and mobility sessions go."""
    return week_public(app, profile_id, load.week_view(app, profile_id))


@router.put("/week", response_model=r.WeekPublic, responses=PRIVATE | REFUSED)
def put_week(body: r.WeekUpdate, app: HipcoachDep, profile_id: ProfileId) -> r.WeekPublic:
    days = {d: DayKind(kind) for d, kind in body.days.items() if kind != DayKind.REST.value}
    bad = sorted(d for d in body.days if d not in range(7))
    if bad:
        raise InvalidInput(f"weekdays run from 0 (Monday) to 6 (Sunday), not {bad}")
    if sum(kind is DayKind.LONG for kind in days.values()) > 1:
        raise InvalidInput("mark one long run a week at most")  # checked before the time zone is saved
    if body.timezone:
        runner_time.set_timezone(app, profile_id, body.timezone)
    view = load.set_week(app, profile_id, days)
    if "reminder_time" in body.model_fields_set:
        reminders.set_time(app, profile_id, body.reminder_time)
    return week_public(app, profile_id, view)


@router.get(
    "/week.ics",
    responses=PRIVATE
    | REFUSED
    | {200: {"content": {"text/calendar": {}}, "description": "an iCalendar file"}},
    response_class=Response,
)
def week_ics(
    app: HipcoachDep,
    profile_id: ProfileId,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
    at: Annotated[
        time | None, Query(description="start time of each session; by default the runner's saved time")
    ] = None,
) -> Response:
    """The placed sessions for the next ``weeks`` weeks as a calendar file, each with a reminder."""
    return calendar_download(app, profile_id, weeks, at)
