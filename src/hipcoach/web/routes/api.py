"""The JSON API: the same services as the pages, for scripts and apps (OpenAPI at /openapi.json, /docs).

Every private route takes the profile from the signed-in account, never from the URL: an id that belongs to
another account is answered 404, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hipcoach.domain.content import Block, Dose, Exercise, RedFlag, Sign
from hipcoach.domain.phases import Phase
from hipcoach.domain.screening import ScreeningAnswers, ScreeningResult
from hipcoach.services import history, onboarding, programs
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.errors import NotFound
from hipcoach.services.history import DecisionLine, HistoryRow
from hipcoach.services.onboarding import profile_id_of
from hipcoach.services.programs import ProgramOverview
from hipcoach.services.screening import load_screening, run_screening
from hipcoach.services.transfer import export_profile
from hipcoach.services.transfer_schema import Export
from hipcoach.web import schemas as s
from hipcoach.web.deps import HipcoachDep, ItemId, Runner, RunnerTime, SignedIn
from hipcoach.web.templating import evidence_links

router = APIRouter(prefix="/api", tags=["api"])

PRIVATE: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "a change without the X-CSRF-Token header"},
    404: {"description": "no such item for this account"},
    409: {"description": "onboarding is not finished (no profile yet)"},
}


def _invalid(field: str, message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a check only the service's library can make (unknown ids)."""
    error = {"type": "value_error", "loc": ("body", field), "msg": message, "input": None}
    return RequestValidationError([error])


def evidence_public(ids: Iterable[str]) -> list[s.EvidencePublic]:
    """The cited sources of a rule or result, as every JSON API gives them."""
    return [s.EvidencePublic(**item) for item in evidence_links(tuple(ids))]


def _phase(phase: Phase) -> s.PhasePublic:
    return s.PhasePublic(number=int(phase), title=phase.title, purpose=phase.purpose)


def _sign(sign: Sign) -> s.SignPublic:
    return s.SignPublic(id=sign.id, question=sign.question, explanation=sign.explanation)


def _red_flag(flag: RedFlag) -> s.RedFlagPublic:
    return s.RedFlagPublic(id=flag.id, level=flag.level.value, question=flag.question, advice=flag.advice)


def _decision(line: DecisionLine) -> s.DecisionPublic:
    return s.DecisionPublic(
        exercise_id=line.exercise_id,
        outcome=line.outcome,
        reason=line.reason,
        from_level=line.from_level,
        to_level=line.to_level,
        evidence=evidence_public(line.evidence),
    )


def _dose(dose: Dose) -> s.DosePublic:
    return s.DosePublic(
        reps_per_side=dose.reps_per_side,
        hold_seconds=dose.hold_seconds,
        circles_each_direction=dose.circles_each_direction,
        text=dose.describe(),
    )


def _unknown(ids: list[str], known: Iterable[str]) -> list[str]:
    return sorted(set(ids) - set(known))


# --- account and profile -------------------------------------------------------------------------------


def _profile(app: HipcoachDep, user_id: int, profile_id: int | None) -> s.ProfilePublic | None:
    entry = onboarding.current(app, user_id)
    if entry is None or profile_id is None:
        return None
    return s.ProfilePublic(id=profile_id, **vars(entry) | {"equipment": list(entry.equipment)})


@router.get("/me", response_model=s.MePublic, responses=PRIVATE)
def me(app: HipcoachDep, account: SignedIn) -> s.MePublic:
    """The signed-in account and its runner profile (null before onboarding)."""
    return s.MePublic(email=account.email, profile=_profile(app, account.user_id, account.profile_id))


@router.put(
    "/me/profile", response_model=s.ProfilePublic, responses=PRIVATE | {201: {"model": s.ProfilePublic}}
)
def update_profile(
    body: s.ProfileUpdate, app: HipcoachDep, account: SignedIn, response: Response
) -> s.ProfilePublic:
    """Onboarding: the first call creates the account's profile (201), later calls replace its fields."""
    entry = onboarding.OnboardingInput(**body.model_dump() | {"equipment": tuple(body.equipment)})
    profile_id, created = onboarding.save(app, account, entry)
    if created:
        response.status_code = status.HTTP_201_CREATED
    profile = _profile(app, account.user_id, profile_id)
    assert profile is not None
    return profile


# --- screening -----------------------------------------------------------------------------------------


@router.get("/screening/questions", response_model=s.ScreeningQuestions)
def screening_questions(app: HipcoachDep) -> s.ScreeningQuestions:
    """The screening questions (public: they are the same for everyone)."""
    return s.ScreeningQuestions(
        signs=[_sign(sign) for sign in app.library.signs.values()],
        red_flags=[_red_flag(flag) for flag in app.library.red_flags.values()],
    )


def _screening(
    screening_id: int, taken_at: datetime, result: ScreeningResult, action: str | None = None
) -> s.ScreeningPublic:
    return s.ScreeningPublic(
        id=screening_id,
        taken_at=taken_at,
        signs=[_sign(sign) for sign in result.signs],
        red_flags=[_red_flag(flag) for flag in result.red_flags],
        red_flag_level=result.level.value,
        program_allowed=result.program_allowed,
        explanation=list(result.explanation),
        evidence=evidence_public(result.evidence),
        program_action=action,
    )


@router.post(
    "/screenings", status_code=status.HTTP_201_CREATED, response_model=s.ScreeningPublic, responses=PRIVATE
)
def create_screening(body: s.ScreeningCreate, app: HipcoachDep, account: Runner) -> s.ScreeningPublic:
    """Screen the runner: starts, resumes or pauses the program; a red flag never leaves it running."""
    for field, ids, known in (
        ("signs", body.signs, app.library.signs),
        ("red_flags", body.red_flags, app.library.red_flags),
    ):
        unknown = _unknown(ids, known)
        if unknown:
            raise _invalid(field, f"unknown id(s) {', '.join(unknown)}; see GET /api/screening/questions")
    report = run_screening(
        app, profile_id_of(account), ScreeningAnswers(frozenset(body.signs), frozenset(body.red_flags))
    )
    stored = load_screening(app, profile_id_of(account), report.screening_id)
    return _screening(report.screening_id, stored.taken_at, report.result, report.action.value)


@router.get("/screenings/{screening_id}", response_model=s.ScreeningPublic, responses=PRIVATE)
def get_screening(screening_id: ItemId, app: HipcoachDep, account: Runner) -> s.ScreeningPublic:
    stored = load_screening(app, profile_id_of(account), screening_id)
    return _screening(stored.screening_id, stored.taken_at, stored.result)


# --- program -------------------------------------------------------------------------------------------


def _program(app: HipcoachDep, view: ProgramOverview) -> s.ProgramPublic:
    gate = view.gate
    ladder = []
    for exercise_id, state in view.states.items():
        exercise = app.library.exercises.get(exercise_id)
        rung = exercise.level(state.ladder_level) if exercise is not None else None
        ladder.append(
            s.LadderStatePublic(
                exercise_id=exercise_id,
                name=exercise.name if exercise is not None else exercise_id,
                level=state.ladder_level,
                top_level=state.top_level,
                level_name=rung.name if rung is not None else None,
                rounds=state.rounds,
            )
        )
    return s.ProgramPublic(
        status=view.status,
        paused_reason=view.paused_reason,
        phase=_phase(view.phase),
        why=list(view.week.rationale),
        evidence=evidence_public(view.week.evidence),
        started_on=view.started_on,
        settings=s.ProgramSettingsPublic(**vars(view.settings)),
        week=[
            s.PlannedDayPublic(
                weekday=day.weekday,
                name=day.name,
                blocks=[block.value for block in day.blocks],
                kind=day.kind.value if day.kind is not None else None,
            )
            for day in view.week.days
        ],
        today=view.today,
        todays_kind=view.todays_kind.value if view.todays_kind is not None else None,
        gate=s.GatePublic(
            next_phase=_phase(gate.next_phase) if gate.next_phase is not None else None,
            is_open=gate.is_open,
            met=list(gate.met),
            unmet=list(gate.unmet),
            rule_id=gate.rule_id,
            evidence=evidence_public(gate.evidence),
        ),
        ladder=ladder,
        history=[s.PhaseStepPublic(**vars(step)) for step in view.history],
        adaptations=[
            s.AdaptationPublic(
                emphasis=a.emphasis.value,
                side=a.side.value if a.side is not None else None,
                because=a.because,
                evidence=evidence_public(a.evidence),
            )
            for a in view.adaptations
        ],
        assessed_on=view.assessed_on,
    )


@router.get("/program", response_model=s.ProgramPublic, responses=PRIVATE)
def get_program(app: HipcoachDep, account: Runner) -> s.ProgramPublic:
    """The phase and why, the week, what opens the next phase, the strength ladder and today's kind."""
    return _program(app, programs.overview(app, profile_id_of(account)))


@router.put("/program/settings", response_model=s.ProgramPublic, responses=PRIVATE)
def update_program_settings(
    body: s.ProgramSettingsUpdate, app: HipcoachDep, account: Runner
) -> s.ProgramPublic:
    """Strength days a week (1-3; the plan keeps 2-3 outside maintenance) and whether core is included."""
    view = programs.configure(app, profile_id_of(account), body.strength_days_per_week, body.include_core)
    return _program(app, view)


# --- check-ins and progress ----------------------------------------------------------------------------


@router.post(
    "/checkins", status_code=status.HTTP_201_CREATED, response_model=s.CheckinPublic, responses=PRIVATE
)
def create_checkin(
    body: s.CheckinCreate, app: HipcoachDep, account: Runner, local: RunnerTime
) -> s.CheckinPublic:
    """The next-morning check-in: records it and decides progress / hold / regress / pause."""
    unknown = _unknown(body.red_flags, app.library.red_flags)
    if unknown:
        raise _invalid("red_flags", f"unknown id(s) {', '.join(unknown)}; see GET /api/screening/questions")
    entry = CheckinInput(
        checked_on=body.checked_on or local.today,
        pain=body.pain,
        tightness=body.tightness,
        red_flags=frozenset(body.red_flags),
        pain_after_session=body.pain_after_session,
    )
    report = check_in(app, profile_id_of(account), entry)
    stored = _checkin(app, profile_id_of(account), report.checkin_id)
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
        red_flags=[_red_flag(flag) for flag in stored.red_flags],
        red_flag_level=stored.red_flag_level.value,
        session_id=stored.session_id,
        decisions=[_decision(line) for line in stored.decisions],
    )


@router.get("/checkins/{checkin_id}", response_model=s.CheckinPublic, responses=PRIVATE)
def get_checkin(checkin_id: ItemId, app: HipcoachDep, account: Runner) -> s.CheckinPublic:
    return _checkin(app, profile_id_of(account), checkin_id)


def _row(row: HistoryRow) -> s.HistoryRowPublic:
    fields = vars(row) | {"decisions": [_decision(line) for line in row.decisions]}
    return s.HistoryRowPublic(**fields)


@router.get("/progress", response_model=s.ProgressPublic, responses=PRIVATE)
def get_progress(app: HipcoachDep, account: Runner) -> s.ProgressPublic:
    """Every session and check-in, oldest first, with pain, tightness and the decisions taken."""
    return s.ProgressPublic(rows=[_row(row) for row in history.history(app, profile_id_of(account))])


@router.get("/sessions/{session_id}", response_model=s.SessionPublic, responses=PRIVATE)
def get_session(session_id: ItemId, app: HipcoachDep, account: Runner) -> s.SessionPublic:
    """One past session: every exercise with the sets done."""
    detail = history.session_detail(app, profile_id_of(account), session_id)
    row = detail.row
    return s.SessionPublic(
        id=session_id,
        performed_on=row.on,
        phase=row.phase,
        kind=row.kind,
        source=detail.source,
        baseline_pain=row.baseline_pain,
        pain_during=row.pain_during,
        pain_after=row.pain_after,
        rpe=row.rpe,
        morning_pain=row.morning_pain,
        tightness=row.tightness,
        notes=detail.notes,
        decisions=[_decision(line) for line in row.decisions],
        exercises=[
            s.SessionExercisePublic(
                position=position,
                name=_exercise_name(app, line.exercise_id),
                **vars(line) | {"sets": [s.SetPublic(**vars(done)) for done in line.sets]},
            )
            for position, line in enumerate(detail.exercises)
        ],
    )


def _exercise_name(app: HipcoachDep, exercise_id: str) -> str:
    exercise = app.library.exercises.get(exercise_id)
    return exercise.name if exercise is not None else exercise_id


@router.get(
    "/export",
    response_class=JSONResponse,
    responses=PRIVATE | {200: {"model": Export, "description": "what `hipcoach import` reads"}},
)
def export(app: HipcoachDep, account: Runner) -> JSONResponse:
    """The profile's whole history as a hipcoach export file (the CLI imports it with `hipcoach import`)."""
    return JSONResponse(
        export_profile(app, profile_id_of(account)),
        headers={"Content-Disposition": 'attachment; filename="hipcoach-export.json"'},
    )


# --- exercise library (public) -------------------------------------------------------------------------


def _exercise_summary(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "block": exercise.block.value,
        "summary": exercise.summary,
        "directions": sorted(direction.value for direction in exercise.directions),
        "dose": _dose(exercise.dose),
    }


@router.get("/exercises", response_model=list[s.ExerciseSummary])
def list_exercises(app: HipcoachDep, block: Block | None = None) -> list[s.ExerciseSummary]:
    """The exercise library, optionally one block of it."""
    return [
        s.ExerciseSummary(**_exercise_summary(exercise))
        for exercise in app.library.exercises.values()
        if block is None or exercise.block is block
    ]


@router.get("/exercises/{exercise_id}", response_model=s.ExercisePublic, responses={404: {}})
def get_exercise(exercise_id: str, app: HipcoachDep) -> s.ExercisePublic:
    """One exercise: cues, common faults, easier and harder versions, its ladder and evidence."""
    exercise = app.library.exercises.get(exercise_id)
    if exercise is None:
        raise NotFound(f"no exercise {exercise_id!r}; GET /api/exercises lists them")
    return s.ExercisePublic(
        **_exercise_summary(exercise),
        laterality=exercise.laterality.value,
        equipment=list(exercise.equipment),
        cues=list(exercise.cues),
        faults=list(exercise.faults),
        regression=exercise.regression,
        progression=exercise.progression,
        why_like_running=exercise.why_like_running,
        ladder=[
            s.LadderLevelPublic(
                level=rung.level,
                name=rung.name,
                description=rung.description,
                dose=_dose(exercise.dose_at(rung.level)),
            )
            for rung in exercise.ladder
        ],
        evidence=evidence_public(exercise.evidence),
    )
