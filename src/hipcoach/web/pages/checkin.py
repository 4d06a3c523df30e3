"""The morning check-in: pain, tightness and red flags, then the decision for the last session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.rules import RULES
from hipcoach.services import history
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound, ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.services.records import live_program
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.pages.common import TextField, flag_groups, no_program
from hipcoach.web.templating import render

router = APIRouter()

# A red flag at a check-in stops a program already under way, so the titles speak of going on, not starting.
FLAG_TITLES = {
    RedFlagLevel.URGENT: "Seek care today",
    RedFlagLevel.REFER: "See a clinician before you go on",
}


def _has_program(app: Hipcoach, profile_id: int) -> bool:
    with app.reading() as db:
        return live_program(db, profile_id) is not None


def _form(
    request: Request, app: Hipcoach, values: dict[str, str], flags: list[str], error: str | None = None
) -> Response:
    return render(
        request,
        "checkin/form.html",
        status_code=400 if error else 200,
        values=values,
        groups=flag_groups(app.library),
        chosen_flags=set(flags),
        error=error,
    )


@router.get("/checkin")
def checkin_page(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    if not _has_program(app, profile_id):
        return no_program(request)
    return _form(request, app, {"pain": "", "tightness": "", "pain_after": ""}, [])


@router.post("/checkin")
def checkin(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    local: RunnerTime,
    pain: TextField = "",
    tightness: TextField = "",
    pain_after: TextField = "",
    red_flags: Annotated[list[str] | None, Form()] = None,
) -> Response:
    flags = red_flags or []
    try:
        entry = CheckinInput(
            checked_on=local.today,
            pain=_scale("pain this morning", pain),
            tightness=_scale("tightness this morning", tightness),
            red_flags=frozenset(flags),
            pain_after_session=whole_number(
                "pain an hour after your last session", pain_after, required=False
            ),
        )
        report = check_in(app, profile_id, entry)
    except NotFound:
        return no_program(request)
    except ServiceError as error:
        values = {"pain": pain, "tightness": tightness, "pain_after": pain_after}
        return _form(request, app, values, flags, str(error))
    return RedirectResponse(f"/checkins/{report.checkin_id}", status_code=303)


def _scale(label: str, raw: str) -> int:
    value = whole_number(label, raw)
    assert value is not None  # required: an empty field raises instead
    return value


@router.get("/checkins/{checkin_id:int}")
def checkin_result(request: Request, app: HipcoachDep, profile_id: ProfileId, checkin_id: ItemId) -> Response:
    stored = history.checkin_result(app, profile_id, checkin_id)
    evidence: list[str] = []
    for decision in stored.decisions:
        evidence += decision.evidence
    flag_evidence = [e for flag in stored.red_flags for e in flag.evidence]
    if stored.red_flag_level.rank >= RedFlagLevel.REFER.rank:
        flag_evidence += RULES["progression.pause"].evidence
    return render(
        request,
        "checkin/result.html",
        stored=stored,
        library=app.library,
        evidence=evidence,
        flag_evidence=flag_evidence,
        flag_title=FLAG_TITLES.get(stored.red_flag_level),
    )
