"""The next-morning check-in: recording one, and reading one back with its decisions."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hipcoach.domain.rules import build_rules
from hipcoach.services import history
from hipcoach.services.checkins import (
    AwaitingMorning,
    CheckinInput,
    awaiting_morning,
    check_in,
    record_pain_after,
)
from hipcoach.services.screening import UnansweredQuestions
from hipcoach.web import schemas as s
from hipcoach.web.api.common import (
    PRIVATE,
    decision_public,
    invalid,
    red_flag_public,
    refused_answers,
    unknown,
)
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.idempotency import IdempotencyKey

router = APIRouter(prefix="/api", tags=["api"])


@router.post(
    "/checkins",
    status_code=status.HTTP_201_CREATED,
    response_model=s.CheckinPublic,
    responses={**PRIVATE, 200: {"description": "sent again with the same Idempotency-Key: the one saved"}},
)
def create_checkin(
    body: s.CheckinCreate,
    app: HipcoachDep,
    profile_id: ProfileId,
    local: RunnerTime,
    response: Response,
    client_key: IdempotencyKey = None,
) -> s.CheckinPublic:
    """The next-morning check-in: records it and decides progress / hold / regress / pause.

    Refused (400, nothing saved) before the morning after the last session opens (see GET /api/checkins/next),
    unless it reports a warning sign that stops the program: that is recorded and decides nothing for the
    session.

    Sent again with the same Idempotency-Key, the check-in saved the first time is the answer (200, without
    the phase change it caused then), and nothing more is saved or decided.
    """
    flags = app.library.red_flags
    missing = unknown(list(body.red_flags), flags)
    if missing:
        raise invalid("red_flags", f"unknown id(s) {', '.join(missing)}; see GET /api/screening/questions")
    not_asked = [fid for fid in body.red_flags if not flags[fid].asked_at_checkin]
    if not_asked:
        raise invalid(
            "red_flags",
            f'not asked at a check-in: {", ".join(not_asked)} (only flags asked "every-time" are)',
        )
    entry = CheckinInput(
        checked_on=body.checked_on or local.today,
        pain=body.pain,
        tightness=body.tightness,
        red_flags=body.red_flags,
        pain_after_session=body.pain_after_session,
        client_key=client_key,
    )
    try:
        report = check_in(app, profile_id, entry)
    except UnansweredQuestions as error:
        raise refused_answers(error, ()) from error
    if report.replayed:
        response.status_code = status.HTTP_200_OK
    stored = checkin_public(app, profile_id, report.checkin_id)
    return stored.model_copy(
        update={
            "outcome": report.outcome.value if report.outcome is not None else None,
            "program_status": report.program_status,
            "phase_change": report.phase_change.reason if report.phase_change is not None else None,
        }
    )


def checkin_public(app: HipcoachDep, profile_id: int, checkin_id: int) -> s.CheckinPublic:
    stored = history.checkin_result(app, profile_id, checkin_id)
    return s.CheckinPublic(
        id=stored.checkin_id,
        checked_on=stored.checked_on,
        pain=stored.pain,
        tightness=stored.tightness,
        red_flags=[red_flag_public(flag) for flag in stored.red_flags],
        red_flag_level=stored.red_flag_level.value,
        session_id=stored.session_id,
        decisions=[decision_public(line) for line in stored.decisions],
    )


def _morning(waiting: AwaitingMorning) -> s.MorningPublic:
    return s.MorningPublic(
        session_id=waiting.session_id,
        session_date=waiting.session_date,
        kind=waiting.kind,
        opens_at=waiting.window.opens_at,
        is_open=waiting.is_open,
        pain_after=waiting.pain_after,
    )


# Declared before /checkins/{checkin_id}, which would otherwise take "next" for an id.
@router.get("/checkins/next", response_model=s.NextCheckinPublic, responses=PRIVATE)
def next_checkin(app: HipcoachDep, profile_id: ProfileId) -> s.NextCheckinPublic:
    """The session the next check-in would speak for, and when its morning check-in opens."""
    waiting = awaiting_morning(app, profile_id)
    return s.NextCheckinPublic(
        waiting=_morning(waiting) if waiting is not None else None,
        rule=build_rules()["progression.next-morning"].statement,
    )


@router.post("/checkins/pain-after", response_model=s.MorningPublic, responses=PRIVATE)
def create_pain_after(body: s.PainAfterCreate, app: HipcoachDep, profile_id: ProfileId) -> s.MorningPublic:
    """The pain about an hour after the session waiting for its morning check-in (given again, it replaces
    the earlier answer); 400 once that check-in is done."""
    return _morning(record_pain_after(app, profile_id, body.pain_after, body.session_id))


@router.get("/checkins/{checkin_id}", response_model=s.CheckinPublic, responses=PRIVATE)
def get_checkin(checkin_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> s.CheckinPublic:
    return checkin_public(app, profile_id, checkin_id)
