"""Holds and clearances: what holds the runner now, the clearances recorded, and recording one."""

from __future__ import annotations

from fastapi import APIRouter, status

from hipcoach.services import clearances
from hipcoach.services.clearances import ClearanceInput, ClearanceView, Standing
from hipcoach.web import clearance_schemas as c
from hipcoach.web.api.common import PRIVATE, REFUSED, evidence_public, red_flag_public
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, Runner, RunnerTime

router = APIRouter(prefix="/api", tags=["api"])


def hold_public(standing: Standing) -> c.HoldPublic | None:
    hold = standing.hold
    if hold is None or standing.began_on is None:
        return None
    return c.HoldPublic(
        since=hold.since,
        began_on=standing.began_on,
        level=hold.level.value,
        red_flags=[red_flag_public(flag) for flag in hold.flags],
        reported=list(hold.reported),
        pauses=[pause.reason for pause in hold.pauses],
        advice=list(hold.advice),
        what_lifts=hold.what_lifts,
        rule_id=hold.rule_id,
        evidence=evidence_public(hold.evidence),
    )


def _clearance(view: ClearanceView) -> c.ClearancePublic:
    return c.ClearancePublic(
        id=view.clearance_id,
        cleared_by=view.cleared_by,
        profession=view.profession,
        cleared_on=view.cleared_on,
        note=view.note,
        lifted_red_flags=list(view.lifted_flag_ids),
        lifted_pauses=list(view.lifted_pauses),
        held_since=view.held_since,
        self_reported=view.self_reported,
        recorded_at=view.recorded_at,
    )


@router.get("/clearances", response_model=c.ClearancesPublic, responses=PRIVATE)
def list_clearances(app: HipcoachDep, profile_id: ProfileId) -> c.ClearancesPublic:
    """What holds the runner now (a red flag or a pause, until a clearance), and every clearance recorded."""
    standing = clearances.standing_of(app, profile_id)
    return c.ClearancesPublic(
        on_hold=standing.on_hold,
        hold=hold_public(standing),
        has_program=standing.has_program,
        clearances=[_clearance(view) for view in clearances.clearances_of(app, profile_id)],
    )


@router.post(
    "/clearances",
    status_code=status.HTTP_201_CREATED,
    response_model=c.ClearanceRecorded,
    responses=PRIVATE | REFUSED,
)
def create_clearance(
    body: c.ClearanceCreate, app: HipcoachDep, account: Runner, profile_id: ProfileId, local: RunnerTime
) -> c.ClearanceRecorded:
    """Record that a named clinician cleared the runner (self-reported): it lifts what holds them now and
    resumes a paused program. Refused (400) when nothing is on hold or the day is outside the hold."""
    entry = ClearanceInput(body.cleared_by, body.profession, body.cleared_on or local.today, body.note)
    report = clearances.record_clearance(app, profile_id, entry, account.user_id)
    return c.ClearanceRecorded(**_clearance(report.clearance).model_dump(), program=report.after.value)


@router.get("/clearances/{clearance_id}", response_model=c.ClearancePublic, responses=PRIVATE)
def get_clearance(clearance_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> c.ClearancePublic:
    return _clearance(clearances.clearance(app, profile_id, clearance_id))
