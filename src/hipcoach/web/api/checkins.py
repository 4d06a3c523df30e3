"""The next-morning check-in: recording one, and reading one back with its decisions."""

from __future__ import annotations

from fastapi import APIRouter, status

from hipcoach.services import history
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.web import schemas as s
from hipcoach.web.api.common import PRIVATE, decision_public, invalid, red_flag_public, unknown
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime

router = APIRouter(prefix="/api", tags=["api"])


@router.post(
    "/checkins", status_code=status.HTTP_201_CREATED, response_model=s.CheckinPublic, responses=PRIVATE
)
def create_checkin(
    body: s.CheckinCreate, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime
) -> s.CheckinPublic:
    """The next-morning check-in: records it and decides progress / hold / regress / pause."""
    missing = unknown(body.red_flags, app.library.red_flags)
    if missing:
        raise invalid("red_flags", f"unknown id(s) {', '.join(missing)}; see GET /api/screening/questions")
    entry = CheckinInput(
        checked_on=body.checked_on or local.today,
        pain=body.pain,
        tightness=body.tightness,
        red_flags=frozenset(body.red_flags),
        pain_after_session=body.pain_after_session,
    )
    report = check_in(app, profile_id, entry)
    stored = _checkin(app, profile_id, report.checkin_id)
    return stored.model_copy(
        update={
            "outcome": report.outcome.value if report.outcome is not None else None,
            "program_status": report.program_status,
            "phase_change": report.phase_change.reason if report.phase_change is not None else None,
        }
    )


def _checkin(app: HipcoachDep, profile_id: int, checkin_id: int) -> s.CheckinPublic:
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


@router.get("/checkins/{checkin_id}", response_model=s.CheckinPublic, responses=PRIVATE)
def get_checkin(checkin_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> s.CheckinPublic:
    return _checkin(app, profile_id, checkin_id)
