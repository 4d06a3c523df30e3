"""A runner's record for their clinician: summary, sessions, check-ins, decisions, assessments, load, and the
clinicians' private notes.

Every path names the runner by ``{runner_id}`` and reads it through ``CaredRunnerId``: 404 without the
runner's live consent (as for a runner who does not exist), and each read is logged for the runner with the
route's ``summary``. The answers reuse the runner's own API shapes, so a clinician's tools read both alike.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from hipcoach.domain.load import DEFAULT_WEEKS_SHOWN
from hipcoach.services import assessments, clearances, history, programs, runner_record
from hipcoach.services.errors import NotFound
from hipcoach.services.runner_record import NOTE_MAX_CHARS, DecisionRecord, NoteView
from hipcoach.web import assessment_schemas as a
from hipcoach.web import clearance_schemas as c
from hipcoach.web import running_schemas as r
from hipcoach.web import schemas as s
from hipcoach.web.api.assessments import assessment_public
from hipcoach.web.api.checkins import checkin_public
from hipcoach.web.api.clearances import hold_public
from hipcoach.web.api.common import REFUSED, evidence_public
from hipcoach.web.api.load import get_load
from hipcoach.web.api.program import program_public
from hipcoach.web.api.progress import history_row_public
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep

router = APIRouter(prefix="/api/clinic/runners/{runner_id}", tags=["clinic"])

CARED: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "the account has no clinician profile, or a change came without X-CSRF-Token"},
    404: {"description": "no such runner in your caseload (never shared with you, or access ended)"},
}


class ClinicRunnerPublic(BaseModel):
    id: int
    name: str
    age: int | None
    sex: str | None
    access_since: datetime | None = Field(description="since when the runner shares with you")
    status: Literal["active", "paused", "no-program"] = Field(
        description="the program's state; no-program: not screened yet, or on hold before one started"
    )
    phase: s.PhasePublic | None
    on_hold: bool
    hold: c.HoldPublic | None = Field(description="what holds the runner now; null when nothing does")
    program: s.ProgramPublic | None


class ClinicDecisionPublic(s.DecisionPublic):
    id: int
    on: date = Field(description="the day of the session it speaks for, else of the check-in")
    decided_at: datetime
    session_id: int | None
    checkin_id: int | None
    rule_id: str = Field(description="the rule that took the decision (see the rules in the brief)")
    from_rounds: int | None
    to_rounds: int | None


class NotePublic(BaseModel):
    id: int
    written_at: datetime
    author: str = Field(description='the clinician who wrote it: "Sam Ortiz, PT"')
    mine: bool = Field(description="written by you")
    text: str


class NoteCreate(s.Request):
    text: Annotated[str, Field(min_length=1, max_length=NOTE_MAX_CHARS)] = Field(
        description="the note; the runner does not see it, only that a note was added"
    )


def _decision(d: DecisionRecord) -> ClinicDecisionPublic:
    return ClinicDecisionPublic(
        id=d.id,
        on=d.on,
        decided_at=d.decided_at,
        session_id=d.session_id,
        checkin_id=d.checkin_id,
        exercise_id=d.exercise_id,
        outcome=d.outcome,
        reason=d.reason,
        rule_id=d.rule_id,
        from_level=d.from_level,
        to_level=d.to_level,
        from_rounds=d.from_rounds,
        to_rounds=d.to_rounds,
        evidence=evidence_public(d.evidence),
    )


def _note(note: NoteView) -> NotePublic:
    return NotePublic(
        id=note.id, written_at=note.written_at, author=note.author, mine=note.mine, text=note.text
    )


@router.get("", response_model=ClinicRunnerPublic, responses=CARED, summary="your summary and program")
def get_runner(app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId) -> ClinicRunnerPublic:
    """Who the runner is, their program's state and phase, and what holds them now."""
    header = runner_record.runner_header(app, clinician, runner_id)
    standing = clearances.standing_of(app, runner_id)
    try:
        view: programs.ProgramOverview | None = programs.overview(app, runner_id)
    except NotFound:
        view = None
    program = program_public(app, view) if view is not None else None
    return ClinicRunnerPublic(
        id=header.profile_id,
        name=header.name,
        age=header.age,
        sex=header.sex,
        access_since=header.access_since,
        status="no-program" if view is None else ("paused" if view.paused else "active"),
        phase=program.phase if program is not None else None,
        on_hold=standing.on_hold,
        hold=hold_public(standing),
        program=program,
    )


@router.get(
    "/sessions", response_model=s.ProgressPublic, responses=CARED, summary="your sessions and check-ins"
)
def get_sessions(app: HipcoachDep, runner_id: CaredRunnerId) -> s.ProgressPublic:
    """Every session and check-in, oldest first, with pain, tightness and the decisions taken."""
    return s.ProgressPublic(rows=[history_row_public(row) for row in history.history(app, runner_id)])


@router.get("/checkins", response_model=list[s.CheckinPublic], responses=CARED, summary="your check-ins")
def get_checkins(app: HipcoachDep, runner_id: CaredRunnerId) -> list[s.CheckinPublic]:
    """The latest check-ins, newest first, each with its warning signs and decisions."""
    return [
        checkin_public(app, runner_id, checkin_id) for checkin_id in runner_record.checkin_ids(app, runner_id)
    ]


@router.get(
    "/decisions",
    response_model=list[ClinicDecisionPublic],
    responses=CARED,
    summary="your progression decisions",
)
def get_decisions(app: HipcoachDep, runner_id: CaredRunnerId) -> list[ClinicDecisionPublic]:
    """The latest progression decisions, newest first, each with its reason and rule id."""
    return [_decision(d) for d in runner_record.decisions(app, runner_id)]


@router.get(
    "/assessments", response_model=list[a.AssessmentPublic], responses=CARED, summary="your assessments"
)
def get_assessments(app: HipcoachDep, runner_id: CaredRunnerId) -> list[a.AssessmentPublic]:
    """Every assessment, newest first, scored and compared with the one before (change beyond error)."""
    return [
        assessment_public(assessments.get_assessment(app, runner_id, item.id))
        for item in assessments.list_assessments(app, runner_id)
    ]


@router.get("/load", response_model=r.LoadPublic, responses=CARED, summary="your running load")
def get_runner_load(
    app: HipcoachDep,
    runner_id: CaredRunnerId,
    weeks: Annotated[int, Query(ge=1, le=520)] = DEFAULT_WEEKS_SHOWN,
) -> r.LoadPublic:
    """Weekly volume, spike runs and the acute:chronic ratio (context only) for the last ``weeks`` weeks."""
    return get_load(app, runner_id, weeks)


@router.get(
    "/notes", response_model=list[NotePublic], responses=CARED, summary="the clinicians' notes about you"
)
def get_notes(app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId) -> list[NotePublic]:
    """The private notes of the clinicians who may see the runner now, newest first."""
    return [_note(note) for note in runner_record.notes(app, clinician, runner_id)]


@router.post(
    "/notes", status_code=status.HTTP_201_CREATED, response_model=NotePublic, responses=CARED | REFUSED
)
def create_note(
    body: NoteCreate, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId
) -> NotePublic:
    """Keep a private note on the runner (400 for a note of blanks); the runner's log says one was added."""
    return _note(runner_record.add_note(app, clinician, runner_id, body.text, "api"))
