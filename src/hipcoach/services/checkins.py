"""The next-morning check-in: pain, tightness and red flags, then the decision for the last session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipcoach.clock import LocalTime
from hipcoach.domain import measures
from hipcoach.domain import rules as R
from hipcoach.domain.content import Block, RedFlag, RedFlagLevel
from hipcoach.domain.load import Advice
from hipcoach.domain.measures import InvalidMeasurement
from hipcoach.domain.next_morning import MorningWindow, checked_at, morning_window
from hipcoach.domain.overrides import Limits
from hipcoach.domain.pain_trend import MorningPain, morning_trend
from hipcoach.domain.phases import PhaseChange
from hipcoach.domain.progression import (
    Decision,
    MorningTrend,
    Outcome,
    SessionEffort,
    combined,
    decide,
    decide_session,
    decide_without_session,
    decisions_to_look_back,
)
from hipcoach.domain.screening import red_flag_level, unanswered
from hipcoach.services import load, programs, records, runner_overrides
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.locks import hold_runner
from hipcoach.services.runner_time import local_time_for
from hipcoach.services.screening import UnansweredQuestions, checkin_questions
from hipcoach.storage import models as m


@dataclass(frozen=True)
class CheckinInput:
    checked_on: date
    pain: int
    tightness: int
    # Each red flag the check-in asks, answered yes (True) or no (False): see screening.checkin_questions.
    red_flags: Mapping[str, bool] = field(default_factory=dict)
    pain_after_session: int | None = None  # about an hour after the session: has it settled to baseline?
    client_key: str | None = None  # the phone's key for it: sent again, it answers with the one saved


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
    replayed: bool = False  # sent again with its key: the check-in saved the first time, nothing new

    @property
    def paused(self) -> bool:
        return self.program_status == "paused"


@dataclass(frozen=True)
class AwaitingMorning:
    """A session waiting for its morning check-in: when that opens, and the pain an hour after so far."""

    session_id: int
    session_date: date
    kind: str
    window: MorningWindow
    is_open: bool  # at the instant this was read
    pain_after: int | None


class MorningNotOpen(InvalidInput):
    """A morning check-in before the session's morning opens: it would decide on an evening's pain."""

    def __init__(self, awaiting: AwaitingMorning) -> None:
        self.awaiting = awaiting
        day = awaiting.session_date
        super().__init__(
            f"the morning check-in for your session of {day:%A} {day.day} {day:%B} opens "
            f"{awaiting.window.describe_opening()}. Until then, give the pain about an hour after the "
            "session instead; nothing was saved"
        )


def validate(
    app: Hipcoach, entry: CheckinInput, today: date, asked: Sequence[RedFlag]
) -> tuple[RedFlag, ...]:
    """The red flags answered yes, once every value is possible and each flag ``asked`` has a yes or a no;
    ``today`` is the runner's, in their zone."""
    try:
        measures.past_or_today("check-in date", entry.checked_on, today)
        measures.scale("pain", entry.pain)
        measures.scale("tightness", entry.tightness)
        measures.scale("pain an hour after the session", entry.pain_after_session)
    except InvalidMeasurement as error:
        raise InvalidInput(str(error)) from error
    flags = app.library.red_flags
    unknown = sorted(entry.red_flags.keys() - flags.keys())
    if unknown:
        raise InvalidInput(f"unknown red flag id(s): {', '.join(unknown)}")
    not_asked = [fid for fid in flags if fid in entry.red_flags and not flags[fid].asked_at_checkin]
    if not_asked:
        raise InvalidInput(
            f"a check-in does not ask about {', '.join(not_asked)}: your history and the slower-changing "
            "warning signs are asked at the screening"
        )
    missing = unanswered((flag.id for flag in asked), entry.red_flags)
    if missing:
        raise UnansweredQuestions(missing)
    return tuple(flag for fid, flag in flags.items() if entry.red_flags.get(fid))


def check_in(app: Hipcoach, profile_id: int, entry: CheckinInput) -> CheckinReport:
    """Record the check-in and, in the same transaction, decide and apply the next step.

    A check-in before the morning after the last session opens is refused (MorningNotOpen), all of it, unless
    it reports a warning sign that stops the program: that is never turned away, and it decides nothing for
    the session. With a ``client_key`` the phone sent before, the check-in saved then is the answer
    (``replayed``), and nothing is saved or decided.
    """
    if entry.client_key is not None:
        earlier = _with_key(app, profile_id, entry.client_key)
        if earlier is not None:
            return earlier
    try:
        return _check_in(app, profile_id, entry)
    except IntegrityError:
        # The same key at once from two tries (the phone and its service worker): the first one saved it.
        earlier = _with_key(app, profile_id, entry.client_key) if entry.client_key is not None else None
        if earlier is None:
            raise
        return earlier


def _with_key(app: Hipcoach, profile_id: int, client_key: str) -> CheckinReport | None:
    """The check-in this runner's phone already sent with ``client_key``, as its report (without the phase
    change it caused then), or None."""
    with app.reading() as db:
        row = db.scalar(
            select(m.Checkin).where(m.Checkin.profile_id == profile_id, m.Checkin.client_key == client_key)
        )
        if row is None:
            return None
        decided = db.scalars(select(m.Decision.outcome).where(m.Decision.checkin_id == row.id)).all()
        program = records.live_program(db, profile_id)
        session = row.session
        return CheckinReport(
            checkin_id=row.id,
            red_flags=tuple(flag for fid, flag in app.library.red_flags.items() if fid in set(row.red_flags)),
            red_flag_level=RedFlagLevel(row.red_flag_level),
            session_id=session.id if session is not None else None,
            session_date=session.performed_on if session is not None else None,
            decisions=(),
            outcome=max((Outcome(o) for o in decided), key=lambda o: o.severity, default=None),
            program_status=program.status if program is not None else "",
            phase_change=None,
            replayed=True,
        )


def _check_in(app: Hipcoach, profile_id: int, entry: CheckinInput) -> CheckinReport:
    local = local_time_for(app, profile_id)
    flags = validate(app, entry, local.today, checkin_questions(app, profile_id))
    level = red_flag_level(flags)
    stop = level.rank >= RedFlagLevel.REFER.rank
    with app.transaction() as db:
        hold_runner(db, profile_id)  # a second check-in at once waits, then finds the session decided
        program = records.require_program(db, profile_id)
        session = _session_awaiting_checkin(db, profile_id, entry.checked_on)
        if session is not None:
            window = _window(session, local)
            if not window.is_open(checked_at(entry.checked_on, local.instant, local.tz)):
                if not stop:
                    raise MorningNotOpen(_awaiting(session, window, local))
                session = None
        limits = runner_overrides.limits_in(db, profile_id)  # a clinician's stricter thresholds, if any
        trend = (
            morning_trend_of(db, program, entry.checked_on, entry.pain, local, limits)
            if program.status == "active"
            else None
        )
        checkin = m.Checkin(
            profile_id=profile_id,
            session_id=session.id if session is not None else None,
            checked_on=entry.checked_on,
            created_at=app.now(),
            pain=entry.pain,
            tightness=entry.tightness,
            red_flags=sorted(flag.id for flag in flags),
            red_flag_level=level.value,
            client_key=entry.client_key,
        )
        db.add(checkin)
        db.flush()
        if session is not None and entry.pain_after_session is not None:
            session.pain_after = entry.pain_after_session
        decisions = take_decisions(app, db, program, session, checkin, stop, trend, limits)
        outcome = combined(decisions)
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


def take_decisions(
    app: Hipcoach,
    db: Session,
    program: m.Program,
    session: m.TrainingSession | None,
    checkin: m.Checkin,
    stop: bool,
    trend: MorningTrend | None,
    limits: Limits,
) -> tuple[Decision, ...]:
    """Decide what ``checkin`` (stored) says of ``session``, keep the decisions and move the ladder; pause the
    program for a red flag (``stop``) or a pause decision. A check-in, or its correction, comes here."""
    decisions: tuple[Decision, ...] = ()
    if program.status == "active":
        if session is not None:
            decisions = _decide(app, db, program, session, checkin.pain, stop, trend, limits)
        elif not stop:
            decisions = tuple(d for d in (decide_without_session(trend),) if d is not None)
        _apply(db, program, session, checkin, decisions)
    if stop:
        programs.pause(
            program,
            "A red flag came up at the morning check-in: see a clinician before going on.",
            checkin.created_at,
        )
    elif combined(decisions) is Outcome.PAUSE:
        pausing = next(d for d in decisions if d.outcome is Outcome.PAUSE)
        programs.pause(program, pausing.reason, checkin.created_at)
    return decisions


def awaiting_morning(app: Hipcoach, profile_id: int) -> AwaitingMorning | None:
    """The session today's check-in would speak for, and whether its morning is open now; None when no
    session of the last ``CHECKIN_WINDOW_DAYS`` days waits for its check-in."""
    local = local_time_for(app, profile_id)
    with app.reading() as db:
        session = _session_awaiting_checkin(db, profile_id, local.today)
        return _awaiting(session, _window(session, local), local) if session is not None else None


def record_pain_after(
    app: Hipcoach, profile_id: int, pain_after: int | None, session_id: int | None = None
) -> AwaitingMorning:
    """Keep the pain about an hour after a session that still waits for its morning check-in.

    ``session_id`` None: the session today's check-in would speak for. It may be given again (the latest
    answer counts) until that check-in is done; then the session's decision is taken and it is too late.
    """
    try:
        measures.scale("pain an hour after the session", pain_after)
    except InvalidMeasurement as error:
        raise InvalidInput(str(error)) from error
    if pain_after is None:
        raise InvalidInput("please give the pain about an hour after the session (0-10)")
    local = local_time_for(app, profile_id)
    with app.transaction() as db:
        hold_runner(db, profile_id)  # a check-in at the same moment decides first, or after this is kept
        session = _session_awaiting_checkin(db, profile_id, local.today)
        if session_id is not None and (session is None or session.id != session_id):
            records.get_session(db, profile_id, session_id)  # NotFound for another profile's
            raise InvalidInput(
                f"session {session_id} no longer waits for its morning check-in, so its pain an hour after "
                "can no longer change anything"
            )
        if session is None:
            raise InvalidInput(
                f"no session of the last {_days(R.CHECKIN_WINDOW_DAYS)} waits for its morning check-in"
            )
        session.pain_after = pain_after
        return _awaiting(session, _window(session, local), local)


def _window(session: m.TrainingSession, local: LocalTime) -> MorningWindow:
    return morning_window(session.performed_on, session.finished_at, local.tz)


def _awaiting(session: m.TrainingSession, window: MorningWindow, local: LocalTime) -> AwaitingMorning:
    return AwaitingMorning(
        session_id=session.id,
        session_date=session.performed_on,
        kind=session.kind,
        window=window,
        is_open=window.is_open(local.instant),
        pain_after=session.pain_after,
    )


def _days(n: int) -> str:
    return "day" if n == 1 else f"{R.count_word(n)} days"


def _session_awaiting_checkin(db: Session, profile_id: int, checked_on: date) -> m.TrainingSession | None:
    """The latest session of ``checked_on`` or the days just before it that has no check-in yet."""
    checked = select(m.Checkin.session_id).where(m.Checkin.session_id.is_not(None))
    return db.scalar(
        select(m.TrainingSession)
        .where(
            m.TrainingSession.profile_id == profile_id,
            m.TrainingSession.performed_on <= checked_on,
            m.TrainingSession.performed_on >= checked_on - timedelta(days=R.CHECKIN_WINDOW_DAYS),
            m.TrainingSession.id.not_in(checked),
        )
        .order_by(m.TrainingSession.performed_on.desc(), m.TrainingSession.id.desc())
        .limit(1)
    )


def morning_trend_of(
    db: Session,
    program: m.Program,
    checked_on: date,
    pain: int,
    local: LocalTime,
    limits: Limits,
    excluding: int | None = None,
) -> MorningTrend | None:
    """What a morning's pain says with the check-ins before it: read before the check-in is added, or with
    the stored one left out (``excluding``, its id) when a correction decides again."""
    since = records.phase_started_on(program, local)
    two_weeks_ago = checked_on - timedelta(days=2 * R.PAIN_TREND_DAYS - 1)
    earlier = records.morning_pains(db, program.profile_id, min(since, two_weeks_ago), checked_on, excluding)
    cleared_at = records.last_clearance_at(db, program.profile_id)
    streak_from = (
        records.first_checkin_day_after(db, program.profile_id, cleared_at) or checked_on
        if cleared_at is not None
        else None
    )
    baseline = records.phase_baseline(db, program, since)
    today = MorningPain(checked_on, pain)
    return morning_trend(today, earlier, since, baseline, streak_from, limits)


def _decide(
    app: Hipcoach,
    db: Session,
    program: m.Program,
    session: m.TrainingSession,
    morning_pain: int,
    red_flag: bool,
    trend: MorningTrend | None,
    limits: Limits,
) -> tuple[Decision, ...]:
    look_back = decisions_to_look_back(limits)
    cleared_at = records.last_clearance_at(db, program.profile_id)  # a clearance starts the counts afresh
    strength = [e for e in session.exercises if e.block == Block.STRENGTH.value]
    if not strength:
        effort = SessionEffort(
            full_dose=all(e.full_dose for e in session.exercises),
            pain_during=session.pain_during,
            rpe=session.rpe,
            baseline_pain=session.baseline_pain,
            pain_next_morning=morning_pain,
            pain_after=session.pain_after,
        )
        earlier = records.earlier_decisions(db, program.id, None, look_back, cleared_at)
        return (decide_session(effort, earlier, red_flag, trend, limits),)

    states = records.exercise_states(program, app.library)
    decisions = []
    for row in strength:
        state = states.get(row.exercise_id)
        if state is None:
            continue
        effort = SessionEffort(
            full_dose=row.full_dose,
            pain_during=row.pain_during if row.pain_during is not None else session.pain_during,
            rpe=row.rpe if row.rpe is not None else session.rpe,
            baseline_pain=session.baseline_pain,
            pain_next_morning=morning_pain,
            pain_after=session.pain_after,
        )
        earlier = records.earlier_decisions(db, program.id, row.exercise_id, look_back, cleared_at)
        decisions.append(decide(state, effort, earlier, red_flag, trend, limits))
    return tuple(decisions)


def _apply(
    db: Session,
    program: m.Program,
    session: m.TrainingSession | None,
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
                session_id=session.id if session is not None else None,
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
