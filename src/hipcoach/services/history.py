"""The runner's history: each session with its check-in and decisions, oldest first; one of them in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hipcoach.domain.content import RedFlag, RedFlagLevel
from hipcoach.domain.load import Advice
from hipcoach.services import load, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.programs import PhaseStep
from hipcoach.storage import models as m


@dataclass(frozen=True)
class DecisionLine:
    exercise_id: str | None
    outcome: str
    reason: str
    evidence: tuple[str, ...]
    from_level: int | None
    to_level: int | None
    # Why it no longer counts: its session or check-in was corrected or deleted (services.corrections).
    withdrawn: str | None = None


@dataclass(frozen=True)
class HistoryRow:
    """One session, or one check-in without a session."""

    on: date
    session_id: int | None
    kind: str | None
    phase: int | None
    baseline_pain: int | None
    pain_during: int | None
    pain_after: int | None
    rpe: int | None
    morning_pain: int | None
    tightness: int | None
    red_flag_level: str | None
    decisions: tuple[DecisionLine, ...]
    checkin_id: int | None = None  # the morning check-in (of the session, or alone)
    corrected: bool = False  # the runner corrected the session's or the check-in's numbers


def history(app: Hipcoach, profile_id: int) -> list[HistoryRow]:
    # Plain rows of the columns shown, not ORM objects: a year is ~150 sessions, ~150 check-ins and ~300
    # decisions, and building an object for each costs more than the queries themselves.
    S, C, D = m.TrainingSession, m.Checkin, m.Decision
    with app.reading() as db:
        sessions = db.execute(
            select(
                S.id,
                S.performed_on,
                S.kind,
                S.phase,
                S.baseline_pain,
                S.pain_during,
                S.pain_after,
                S.rpe,
                S.tightness,
                S.corrected_at,
            )
            .where(S.profile_id == profile_id)
            .order_by(S.performed_on, S.id)
        ).all()
        checkins = db.execute(
            select(C.id, C.session_id, C.checked_on, C.pain, C.tightness, C.red_flag_level, C.corrected_at)
            .where(C.profile_id == profile_id)
            .order_by(C.checked_on, C.id)
        ).all()
        decisions = db.execute(
            select(
                D.checkin_id,
                D.session_id,
                D.exercise_id,
                D.outcome,
                D.reason,
                D.evidence,
                D.from_level,
                D.to_level,
                D.withdrawn_reason,
            )
            .join(m.Program, m.Program.id == D.program_id)
            .where(m.Program.profile_id == profile_id)
            .order_by(D.id)
        ).all()

    by_checkin: dict[int, list[DecisionLine]] = {}
    # A session whose check-in was deleted keeps the decisions that check-in took, withdrawn, by the session.
    by_session: dict[int, list[DecisionLine]] = {}
    for d in decisions:
        if d.checkin_id is None and d.session_id is not None:
            by_session.setdefault(d.session_id, []).append(_line(d))
        else:
            by_checkin.setdefault(d.checkin_id or 0, []).append(_line(d))
    checkin_for_session = {c.session_id: c for c in checkins if c.session_id is not None}

    rows = []
    for s in sessions:
        c = checkin_for_session.get(s.id)
        rows.append(
            HistoryRow(
                on=s.performed_on,
                session_id=s.id,
                kind=s.kind,
                phase=s.phase,
                baseline_pain=s.baseline_pain,
                pain_during=s.pain_during,
                pain_after=s.pain_after,
                rpe=s.rpe,
                morning_pain=c.pain if c else None,
                tightness=c.tightness if c else s.tightness,
                red_flag_level=c.red_flag_level if c else None,
                decisions=(*by_session.get(s.id, ()), *(by_checkin.get(c.id, ()) if c else ())),
                checkin_id=c.id if c else None,
                corrected=s.corrected_at is not None or (c is not None and c.corrected_at is not None),
            )
        )
    for c in checkins:
        if c.session_id is None:
            rows.append(
                HistoryRow(
                    on=c.checked_on,
                    session_id=None,
                    kind=None,
                    phase=None,
                    baseline_pain=None,
                    pain_during=None,
                    pain_after=None,
                    rpe=None,
                    morning_pain=c.pain,
                    tightness=c.tightness,
                    red_flag_level=c.red_flag_level,
                    decisions=tuple(by_checkin.get(c.id, ())),  # a pause from the morning pains
                    checkin_id=c.id,
                    corrected=c.corrected_at is not None,
                )
            )
    rows.sort(key=lambda r: (r.on, r.session_id is None))
    return rows


@dataclass(frozen=True)
class StoredCheckin:
    """A past check-in as its result page shows it: what was reported and what was decided."""

    checkin_id: int
    checked_on: date
    pain: int
    tightness: int
    red_flags: tuple[RedFlag, ...]
    red_flag_level: RedFlagLevel
    session_id: int | None
    session_date: date | None
    pain_after_session: int | None
    decisions: tuple[DecisionLine, ...]
    phase_change: PhaseStep | None
    program_status: str | None  # the live program's status now
    load_advice: Advice | None = None  # pain or tightness up after a spike in running, as of this check-in

    @property
    def paused(self) -> bool:
        """Whether this check-in paused the program: a red flag that refers, or a pause decision."""
        return self.red_flag_level.rank >= RedFlagLevel.REFER.rank or any(
            d.outcome == "pause" and d.withdrawn is None for d in self.decisions
        )


def checkin_result(app: Hipcoach, profile_id: int, checkin_id: int) -> StoredCheckin:
    """One check-in of this profile with its decisions; NotFound for another profile's id or a missing one."""
    with app.reading() as db:
        checkin = records.get_checkin(db, profile_id, checkin_id)
        decisions = db.scalars(
            select(m.Decision).where(m.Decision.checkin_id == checkin.id).order_by(m.Decision.id)
        ).all()
        change = db.scalar(
            select(m.PhaseChange)
            .where(m.PhaseChange.checkin_id == checkin.id)
            .order_by(m.PhaseChange.id)
            .limit(1)
        )
        program = records.live_program(db, profile_id)
        flags = tuple(flag for fid, flag in app.library.red_flags.items() if fid in set(checkin.red_flags))
        session = checkin.session
        return StoredCheckin(
            checkin_id=checkin.id,
            checked_on=checkin.checked_on,
            pain=checkin.pain,
            tightness=checkin.tightness,
            red_flags=flags,
            red_flag_level=RedFlagLevel(checkin.red_flag_level),
            session_id=session.id if session is not None else None,
            session_date=session.performed_on if session is not None else None,
            pain_after_session=session.pain_after if session is not None else None,
            decisions=tuple(_line(d) for d in decisions),
            phase_change=_step(change) if change is not None else None,
            program_status=program.status if program is not None else None,
            load_advice=load.advice_now(db, checkin.profile, checkin.checked_on),
        )


@dataclass(frozen=True)
class SetLine:
    round: int
    side: str
    reps: int | None
    seconds: int | None
    load_kg: float | None


@dataclass(frozen=True)
class ExerciseLine:
    exercise_id: str
    block: str
    ladder_level: int | None
    prescribed_rounds: int
    full_dose: bool
    pain_during: int | None
    rpe: int | None
    load_kg: float | None
    sets: tuple[SetLine, ...]


@dataclass(frozen=True)
class SessionDetail:
    row: HistoryRow
    source: str
    notes: str
    exercises: tuple[ExerciseLine, ...]


def session_detail(app: Hipcoach, profile_id: int, session_id: int) -> SessionDetail:
    """One session of this profile, every exercise and set; NotFound for another profile's id or none."""
    row = next((r for r in history(app, profile_id) if r.session_id == session_id), None)
    with app.reading() as db:
        everything = selectinload(m.TrainingSession.exercises).selectinload(m.SessionExercise.sets)
        session = records.get_session(db, profile_id, session_id, load=(everything,))
        assert row is not None  # the session belongs to this profile, so its history has it
        return SessionDetail(
            row=row,
            source=session.source,
            notes=session.notes,
            exercises=tuple(
                ExerciseLine(
                    exercise_id=e.exercise_id,
                    block=e.block,
                    ladder_level=e.ladder_level,
                    prescribed_rounds=e.prescribed_rounds,
                    full_dose=e.full_dose,
                    pain_during=e.pain_during,
                    rpe=e.rpe,
                    load_kg=e.load_kg,
                    sets=tuple(SetLine(s.round, s.side, s.reps, s.seconds, s.load_kg) for s in e.sets),
                )
                for e in session.exercises
            ),
        )


def _line(d: Any) -> DecisionLine:
    """A stored decision (the row or just its columns) as a line of the history."""
    return DecisionLine(
        d.exercise_id, d.outcome, d.reason, tuple(d.evidence), d.from_level, d.to_level, d.withdrawn_reason
    )


def _step(c: m.PhaseChange) -> PhaseStep:
    return PhaseStep(c.changed_at, c.from_phase, c.to_phase, c.reason, c.overridden_by, c.override_reason)


def history_version(app: Hipcoach, profile_id: int) -> tuple[object, ...]:
    """A stamp that changes whenever anything the progress page shows changes.

    Rows are added far more often than changed: the newest id of each table says most of it. The changes
    are counted too: a session's pain an hour after (given until its morning check-in; counted and summed),
    a runner's correction (when the latest was made), a deletion (how many rows there are) and a withdrawn
    decision (how many); every change to a ladder level comes with a decision or a phase change.
    """
    S, C, D, P, PC = m.TrainingSession, m.Checkin, m.Decision, m.Program, m.PhaseChange
    SC, CL = m.Screening, m.Clearance
    programs = select(P.id).where(P.profile_id == profile_id)
    with app.reading() as db:
        row = db.execute(
            select(
                select(func.max(S.id)).where(S.profile_id == profile_id).scalar_subquery(),
                select(func.count(S.id)).where(S.profile_id == profile_id).scalar_subquery(),
                select(func.count(S.pain_after)).where(S.profile_id == profile_id).scalar_subquery(),
                select(func.sum(S.pain_after)).where(S.profile_id == profile_id).scalar_subquery(),
                select(func.max(S.corrected_at)).where(S.profile_id == profile_id).scalar_subquery(),
                select(func.max(C.id)).where(C.profile_id == profile_id).scalar_subquery(),
                select(func.count(C.id)).where(C.profile_id == profile_id).scalar_subquery(),
                select(func.max(C.corrected_at)).where(C.profile_id == profile_id).scalar_subquery(),
                select(func.max(D.id)).where(D.program_id.in_(programs)).scalar_subquery(),
                select(func.count(D.withdrawn_at)).where(D.program_id.in_(programs)).scalar_subquery(),
                select(func.max(PC.id)).where(PC.program_id.in_(programs)).scalar_subquery(),
                # Holds and clearances: a red flag at a screening, a clearance recorded.
                select(func.max(SC.id)).where(SC.profile_id == profile_id).scalar_subquery(),
                select(func.max(CL.id)).where(CL.profile_id == profile_id).scalar_subquery(),
            )
        ).one()
    return tuple(row)
