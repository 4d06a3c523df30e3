"""A runner corrects or deletes a session or a check-in they recorded.

The decisions that rested on the record are kept but withdrawn: marked, with what changed and what became of
the ladder, and no longer counted (``records.STANDING``). An exercise goes back to the level and rounds it had
before a withdrawn decision when nothing since moved it; otherwise it stays where the later change put it. A
correction of the runner's latest check-in (or of the session it decided) is decided again with the corrected
numbers, as the check-in itself was.

Two things are not undone, for safety: a pause stays until a clinician's clearance (a record that paused the
program can be changed once the pause is lifted), and a red flag stays on record (its check-in cannot be
deleted; its pain and tightness can be corrected). A phase already opened stays open: the next gate is judged
afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipcoach.clock import LocalTime
from hipcoach.domain import measures
from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.measures import InvalidMeasurement
from hipcoach.services import checkins, records, runner_overrides
from hipcoach.services.clinical_actions import day_text
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidFields
from hipcoach.services.locks import hold_runner
from hipcoach.services.runner_time import local_time_for
from hipcoach.storage import models as m

D = m.Decision

# The session's numbers a correction may change, in the form's order, with the name each message uses.
SESSION_FIELDS = {
    "baseline_pain": "pain before the session",
    "pain_during": "worst pain during the session",
    "pain_after": "pain an hour after the session",
    "rpe": "effort (RPE)",
    "tightness": "tightness after the session",
}
CHECKIN_FIELDS = {"pain": "morning pain", "tightness": "morning tightness"}
# Those the progression decisions are taken on: a change to any other decides nothing again.
DECIDING_SESSION_FIELDS = ("baseline_pain", "pain_during", "pain_after", "rpe")
DECIDING_CHECKIN_FIELDS = ("pain",)
# Those a correction must keep (a session is stored with its pain before; a check-in with both).
SESSION_REQUIRED = ("baseline_pain",)
CHECKIN_REQUIRED = tuple(CHECKIN_FIELDS)

# What a page says after a correction or a deletion (the redirect's ``changed`` names which).
Changed = Literal["corrected", "session-deleted", "checkin-deleted"]
NOTICES: dict[str, str] = {
    "corrected": "Your correction is saved. Any decision taken on the old numbers is kept, marked withdrawn.",
    "session-deleted": "The session was deleted. The decisions taken on it are kept, marked withdrawn.",
    "checkin-deleted": "The check-in was deleted. The decisions taken on it are kept, marked withdrawn.",
}


@dataclass(frozen=True)
class Effect:
    """What withdrawing one decision does: ``text`` says it for the runner ("back to level 3, 2 rounds")."""

    exercise_id: str | None
    outcome: str
    text: str


@dataclass(frozen=True)
class Consequences:
    """What correcting or deleting a record does, or did: the decisions withdrawn and their effect, whether it
    is decided again, the phase change that stands; ``blocked`` says why it cannot be done now."""

    effects: tuple[Effect, ...]
    decided_again: bool
    phase_change: str | None
    blocked: str | None


def check_numbers(fields: dict[str, str], required: tuple[str, ...], values: dict[str, int | None]) -> None:
    """Refuse numbers outside 0-10 and a missing required one: every problem at once, by its field."""
    problems: dict[str, str] = {}
    for field, name in fields.items():
        value = values.get(field)
        if value is None and field in required:
            problems[field] = f"give the {name} (0-10)"
            continue
        try:
            measures.scale(name, value)
        except InvalidMeasurement as error:
            problems[field] = str(error)
    if problems:
        raise InvalidFields(problems)


# --- sessions -----------------------------------------------------------------------------------------------


def session_consequences(app: Hipcoach, profile_id: int, session_id: int, deleting: bool) -> Consequences:
    """What deleting the session would do, or what a correction of its deciding numbers would."""
    local = local_time_for(app, profile_id)
    with app.reading() as db:
        session = records.get_session(db, profile_id, session_id)
        checkin = _checkin_of(db, session.id)
        change = _phase_change_since(session, local) if deleting else None
        return _preview(db, profile_id, checkin, _of_session(db, session.id), deleting, change)


def correct_session(
    app: Hipcoach, profile_id: int, session_id: int, values: dict[str, int | None]
) -> Consequences:
    """Change the session's numbers; decisions taken on changed ones are withdrawn and, for the latest
    check-in, taken again."""
    check_numbers(SESSION_FIELDS, SESSION_REQUIRED, values)
    local = local_time_for(app, profile_id)
    with app.transaction() as db:
        hold_runner(db, profile_id)
        session = records.get_session(db, profile_id, session_id)
        checkin = _checkin_of(db, session.id)
        deciding = any(values[f] != getattr(session, f) for f in DECIDING_SESSION_FIELDS)
        _refuse_if_blocked(db, profile_id, checkin)
        _correct_exercise_pains(session, values["pain_during"])
        for field in SESSION_FIELDS:
            setattr(session, field, values[field])
        session.corrected_at = app.now()
        if not deciding or checkin is None:
            return Consequences((), False, None, None)
        why = f"Withdrawn on {day_text(local.today)}: the session's numbers were corrected."
        effects = _withdraw(db, _of_session(db, session.id), why, app.now())
        again = _decide_again(app, db, profile_id, checkin, local)
        return Consequences(effects, again, None, None)


def _correct_exercise_pains(session: m.TrainingSession, worst: int | None) -> None:
    """Keep each exercise's pain in line with the session's corrected worst, which the decisions read first:
    none was worse than it, and the exercises that had the old worst had the corrected one."""
    if worst is None:
        return
    for exercise in session.exercises:
        if exercise.pain_during is None:
            continue
        if exercise.pain_during > worst:
            exercise.pain_during = worst
        elif session.pain_during is not None and exercise.pain_during == session.pain_during:
            exercise.pain_during = worst


def delete_session(app: Hipcoach, profile_id: int, session_id: int) -> Consequences:
    """Delete the session and everything recorded in it; its morning check-in stays, as a check-in alone."""
    local = local_time_for(app, profile_id)
    with app.transaction() as db:
        hold_runner(db, profile_id)
        session = records.get_session(db, profile_id, session_id)
        checkin = _checkin_of(db, session.id)
        _refuse_if_blocked(db, profile_id, checkin)
        deleted = f"the session of {day_text(session.performed_on)} was deleted"
        why = f"Withdrawn on {day_text(local.today)}: {deleted}."
        effects = _withdraw(db, _of_session(db, session.id), why, app.now())
        change = _phase_change_since(session, local)
        db.delete(session)
        return Consequences(effects, False, change, None)


# --- check-ins ----------------------------------------------------------------------------------------------


def checkin_consequences(app: Hipcoach, profile_id: int, checkin_id: int, deleting: bool) -> Consequences:
    with app.reading() as db:
        checkin = records.get_checkin(db, profile_id, checkin_id)
        change = _phase_change_of(db, checkin) if deleting else None
        consequences = _preview(db, profile_id, checkin, _of_checkin(db, checkin.id), deleting, change)
        if deleting and consequences.blocked is None and checkin.red_flags:
            return Consequences(consequences.effects, False, consequences.phase_change, _RED_FLAG_STAYS)
        return consequences


def correct_checkin(
    app: Hipcoach, profile_id: int, checkin_id: int, values: dict[str, int | None]
) -> Consequences:
    """Change the morning's pain and tightness (its red flags stay as answered)."""
    check_numbers(CHECKIN_FIELDS, CHECKIN_REQUIRED, values)
    local = local_time_for(app, profile_id)
    with app.transaction() as db:
        hold_runner(db, profile_id)
        checkin = records.get_checkin(db, profile_id, checkin_id)
        deciding = any(values[f] != getattr(checkin, f) for f in DECIDING_CHECKIN_FIELDS)
        _refuse_if_blocked(db, profile_id, checkin)
        for field in CHECKIN_FIELDS:
            setattr(checkin, field, values[field])
        checkin.corrected_at = app.now()
        if not deciding:
            return Consequences((), False, None, None)
        why = f"Withdrawn on {day_text(local.today)}: the morning's pain was corrected."
        effects = _withdraw(db, _of_checkin(db, checkin.id), why, app.now())
        again = _decide_again(app, db, profile_id, checkin, local)
        return Consequences(effects, again, None, None)


def delete_checkin(app: Hipcoach, profile_id: int, checkin_id: int) -> Consequences:
    """Delete the check-in; the session it decided waits for its morning check-in again."""
    local = local_time_for(app, profile_id)
    with app.transaction() as db:
        hold_runner(db, profile_id)
        checkin = records.get_checkin(db, profile_id, checkin_id)
        _refuse_if_blocked(db, profile_id, checkin)
        if checkin.red_flags:
            raise Conflict(_RED_FLAG_STAYS)
        deleted = f"the check-in of {day_text(checkin.checked_on)} was deleted"
        why = f"Withdrawn on {day_text(local.today)}: {deleted}."
        effects = _withdraw(db, _of_checkin(db, checkin.id), why, app.now())
        change = _phase_change_of(db, checkin)
        db.delete(checkin)
        return Consequences(effects, False, change, None)


# --- shared -------------------------------------------------------------------------------------------------

_RED_FLAG_STAYS = (
    "A check-in that raised a warning sign stays on record, so a clinician can see it. "
    "You can still correct its pain and tightness."
)


def _checkin_of(db: Session, session_id: int) -> m.Checkin | None:
    return db.scalar(select(m.Checkin).where(m.Checkin.session_id == session_id))


def _of_session(db: Session, session_id: int) -> list[m.Decision]:
    return list(db.scalars(select(D).where(D.session_id == session_id, records.STANDING).order_by(D.id)))


def _of_checkin(db: Session, checkin_id: int) -> list[m.Decision]:
    return list(db.scalars(select(D).where(D.checkin_id == checkin_id, records.STANDING).order_by(D.id)))


def _blocking_pause(db: Session, profile_id: int, checkin: m.Checkin | None) -> str | None:
    """Why the record cannot change now: its check-in paused the program and no clearance has lifted it."""
    program = records.live_program(db, profile_id)
    if checkin is None or program is None or program.status != "paused" or program.paused_at is None:
        return None
    if program.paused_at != checkin.created_at:
        return None
    return (
        "This paused your program, and a pause ends only with a clinician's clearance. Once you have "
        "recorded their clearance, you can correct or delete it."
    )


def _refuse_if_blocked(db: Session, profile_id: int, checkin: m.Checkin | None) -> None:
    blocked = _blocking_pause(db, profile_id, checkin)
    if blocked is not None:
        raise Conflict(blocked)


def _preview(
    db: Session,
    profile_id: int,
    checkin: m.Checkin | None,
    decisions: list[m.Decision],
    deleting: bool,
    change: str | None,
) -> Consequences:
    effects = tuple(effect for _, effect, _ in _effects(db, decisions))
    again = not deleting and checkin is not None and _is_latest(db, profile_id, checkin)
    return Consequences(effects, again, change, _blocking_pause(db, profile_id, checkin))


def _effects(
    db: Session, decisions: list[m.Decision]
) -> list[tuple[m.Decision, Effect, tuple[int, int] | None]]:
    """Each standing decision, what withdrawing it does, and the level and rounds to go back to (or None)."""
    found = []
    for d in decisions:
        back: tuple[int, int] | None = None
        if d.exercise_id is None or d.to_level is None or d.to_rounds is None:
            text = "nothing on the ladder to undo"
        else:
            program = db.get(m.Program, d.program_id)
            row = (
                next((r for r in program.exercise_states if r.exercise_id == d.exercise_id), None)
                if program
                else None
            )
            later = db.scalar(
                select(func.count())
                .select_from(D)
                .where(
                    D.program_id == d.program_id,
                    D.exercise_id == d.exercise_id,
                    D.id > d.id,
                    records.STANDING,
                )
            )
            if row is None or program is None or program.status not in records.LIVE_STATUSES:
                text = "its program has ended, so nothing on the ladder changes"
            elif later or (row.ladder_level, row.rounds) != (d.to_level, d.to_rounds):
                text = f"stays at {_step(row.ladder_level, row.rounds)}: a later change moved it since"
            elif (d.from_level, d.from_rounds) == (d.to_level, d.to_rounds) or d.from_level is None:
                text = f"stays at {_step(row.ladder_level, row.rounds)}"
            else:
                back = (d.from_level, d.from_rounds if d.from_rounds is not None else row.rounds)
                text = f"back to {_step(*back)}"
        found.append((d, Effect(d.exercise_id, d.outcome, text), back))
    return found


def _withdraw(db: Session, decisions: list[m.Decision], why: str, now: datetime) -> tuple[Effect, ...]:
    effects = []
    for d, effect, back in _effects(db, decisions):
        if back is not None:
            program = db.get(m.Program, d.program_id)
            assert program is not None  # _effects found its exercise state there
            row = next(r for r in program.exercise_states if r.exercise_id == d.exercise_id)
            row.ladder_level, row.rounds = back
        d.withdrawn_at = now
        d.withdrawn_reason = f"{why} {effect.text[:1].upper()}{effect.text[1:]}."
        effects.append(effect)
    db.flush()
    return tuple(effects)


def _is_latest(db: Session, profile_id: int, checkin: m.Checkin) -> bool:
    latest = db.scalar(select(func.max(m.Checkin.id)).where(m.Checkin.profile_id == profile_id))
    return latest == checkin.id


def _decide_again(app: Hipcoach, db: Session, profile_id: int, checkin: m.Checkin, local: LocalTime) -> bool:
    """Take the latest check-in's decisions again with the corrected numbers, as the check-in did."""
    program = records.live_program(db, profile_id)
    if program is None or program.status != "active" or not _is_latest(db, profile_id, checkin):
        return False
    limits = runner_overrides.limits_in(db, profile_id)
    stop = RedFlagLevel(checkin.red_flag_level).rank >= RedFlagLevel.REFER.rank
    trend = checkins.morning_trend_of(
        db, program, checkin.checked_on, checkin.pain, local, limits, excluding=checkin.id
    )
    checkins.take_decisions(app, db, program, checkin.session, checkin, stop, trend, limits)
    return True


def _phase_change_of(db: Session, checkin: m.Checkin) -> str | None:
    """The phase change this check-in opened, which stays when it is deleted."""
    change = db.scalar(select(m.PhaseChange).where(m.PhaseChange.checkin_id == checkin.id).limit(1))
    return _phase_stays(change) if change is not None else None


def _phase_change_since(session: m.TrainingSession, local: LocalTime) -> str | None:
    """The latest move to a new phase of the session's program from its day on: the session may have counted
    towards it, and it stays when the session is deleted."""
    changes = [
        c
        for c in session.program.phase_changes
        if c.from_phase is not None and local.date_of(c.changed_at) >= session.performed_on
    ]
    return _phase_stays(changes[-1]) if changes else None


def _phase_stays(change: m.PhaseChange) -> str:
    return f"The move to phase {change.to_phase} stays: the next phase's gate is judged afresh from here."


def _step(level: int, rounds: int) -> str:
    return f"level {level}, {rounds} round{'s' if rounds != 1 else ''}"
