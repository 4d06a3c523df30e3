"""The next-morning check-in: pain, tightness and red flags, then the decision for the last session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain import measures
from hipcoach.domain.content import Block, RedFlag, RedFlagLevel
from hipcoach.domain.load import Advice
from hipcoach.domain.measures import InvalidMeasurement
from hipcoach.domain.phases import PhaseChange
from hipcoach.domain.progression import Decision, Outcome, SessionEffort, combined, decide, decide_session
from hipcoach.domain.screening import red_flag_level
from hipcoach.services import load, programs, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.runner_time import local_time_for
from hipcoach.storage import models as m

# A check-in speaks for a session of the same day or up to two days before; later is no "next morning" [D].
CHECKIN_WINDOW_DAYS = 2


@dataclass(frozen=True)
class CheckinInput:
    checked_on: date
    pain: int
    tightness: int
    red_flags: frozenset[str] = frozenset()
    pain_after_session: int | None = None  # about an hour after the session: has it settled to baseline?


@dataclass(frozen=True)
class CheckinReport:
    checkin_id: int
    red_flags: tuple[RedFlag, ...]
    red_flag_level: RedFlagLevel
    session_id: int | None
    session_date: date | None
    decisions: tuple[Decision, ...]
    outcome: Outcome | None
    program_status: str
    phase_change: PhaseChange | None
    load_advice: Advice | None = None  # pain or tightness up after a spike in running (BRIEF §8)

    @property
    def paused(self) -> bool:
        return self.program_status == "paused"


def validate(app: Hipcoach, entry: CheckinInput, today: date) -> tuple[RedFlag, ...]:
    """The red flags ticked, once every value is possible; ``today`` is the runner's, in their zone."""
    try:
        measures.past_or_today("check-in date", entry.checked_on, today)
        measures.scale("pain", entry.pain)
        measures.scale("tightness", entry.tightness)
        measures.scale("pain an hour after the session", entry.pain_after_session)
    except InvalidMeasurement as error:
        raise InvalidInput(str(error)) from error
    unknown = sorted(entry.red_flags - app.library.red_flags.keys())
    if unknown:
        raise InvalidInput(f"unknown red flag id(s): {', '.join(unknown)}")
    return tuple(flag for fid, flag in app.library.red_flags.items() if fid in entry.red_flags)


def check_in(app: Hipcoach, profile_id: int, entry: CheckinInput) -> CheckinReport:
    """Record the check-in and, in the same transaction, decide and apply the next step."""
    flags = validate(app, entry, local_time_for(app, profile_id).today)
    level = red_flag_level(flags)
    stop = level.rank >= RedFlagLevel.REFER.rank
    with app.transaction() as db:
        program = records.require_program(db, profile_id)
        session = _session_awaiting_checkin(db, profile_id, entry.checked_on)
        checkin = m.Checkin(
            profile_id=profile_id,
            session_id=session.id if session is not None else None,
            checked_on=entry.checked_on,
            created_at=app.now(),
            pain=entry.pain,
            tightness=entry.tightness,
            red_flags=sorted(entry.red_flags),
            red_flag_level=level.value,
        )
        db.add(checkin)
        db.flush()
        if session is not None and entry.pain_after_session is not None:
            session.pain_after = entry.pain_after_session
        decisions: tuple[Decision, ...] = ()
        if session is not None and program.status == "active":
            decisions = _decide(app, db, program, session, entry.pain, stop)
            _apply(db, program, session, checkin, decisions)
        outcome = combined(decisions)
        if stop:
            programs.pause(
                program, "A red flag came up at the morning check-in: see a clinician before going on."
            )
        elif outcome is Outcome.PAUSE:
            pausing = next(d for d in decisions if d.outcome is Outcome.PAUSE)
            programs.pause(program, pausing.reason)
        change = programs.advance_if_open(app, db, program, checkin) if program.status == "active" else None
        return CheckinReport(
            checkin_id=checkin.id,
            red_flags=flags,
            red_flag_level=level,
            session_id=session.id if session is not None else None,
            session_date=session.performed_on if session is not None else None,
            decisions=decisions,
            outcome=outcome,
            program_status=program.status,
            phase_change=change,
            load_advice=load.advice_now(db, program.profile, entry.checked_on),
        )


def _session_awaiting_checkin(db: Session, profile_id: int, checked_on: date) -> m.TrainingSession | None:
    checked = select(m.Checkin.session_id).where(m.Checkin.session_id.is_not(None))
    return db.scalar(
        select(m.TrainingSession)
        .where(
            m.TrainingSession.profile_id == profile_id,
            m.TrainingSession.performed_on <= checked_on,
            m.TrainingSession.performed_on >= checked_on - timedelta(days=CHECKIN_WINDOW_DAYS),
            m.TrainingSession.id.not_in(checked),
        )
        .order_by(m.TrainingSession.performed_on.desc(), m.TrainingSession.id.desc())
        .limit(1)
    )


def _decide(
    app: Hipcoach,
    db: Session,
    program: m.Program,
    session: m.TrainingSession,
    morning_pain: int,
    red_flag: bool,
) -> tuple[Decision, ...]:
    baseline = session.baseline_pain or 0
    strength = [e for e in session.exercises if e.block == Block.STRENGTH.value]
    if not strength:
        effort = SessionEffort(
            full_dose=all(e.full_dose for e in session.exercises),
            pain_during=session.pain_during or 0,
            rpe=session.rpe,
            baseline_pain=baseline,
            pain_next_morning=morning_pain,
        )
        return (decide_session(effort, records.last_decision(db, program.id, None), red_flag),)

    states = records.exercise_states(program, app.library)
    decisions = []
    for row in strength:
        state = states.get(row.exercise_id)
        if state is None:
            continue
        effort = SessionEffort(
            full_dose=row.full_dose,
            pain_during=row.pain_during if row.pain_during is not None else (session.pain_during or 0),
            rpe=row.rpe if row.rpe is not None else session.rpe,
            baseline_pain=baseline,
            pain_next_morning=morning_pain,
        )
        decisions.append(
            decide(state, effort, records.last_decision(db, program.id, row.exercise_id), red_flag)
        )
    return tuple(decisions)


def _apply(
    db: Session,
    program: m.Program,
    session: m.TrainingSession,
    checkin: m.Checkin,
    decisions: tuple[Decision, ...],
) -> None:
    rows = {row.exercise_id: row for row in program.exercise_states}
    for decision in decisions:
        exercise_id = decision.before.exercise_id
        has_ladder = exercise_id is not None
        db.add(
            m.Decision(
                program_id=program.id,
                session_id=session.id,
                checkin_id=checkin.id,
                exercise_id=exercise_id,
                outcome=decision.outcome.value,
                reason=decision.reason,
                rule_id=decision.rule_id,
                evidence=list(decision.evidence),
                from_level=decision.before.ladder_level if has_ladder else None,
                to_level=decision.after.ladder_level if has_ladder else None,
                from_rounds=decision.before.rounds if has_ladder else None,
                to_rounds=decision.after.rounds if has_ladder else None,
                created_at=checkin.created_at,
            )
        )
        if exercise_id is not None and exercise_id in rows:
            rows[exercise_id].ladder_level = decision.after.ladder_level
            rows[exercise_id].rounds = decision.after.rounds
