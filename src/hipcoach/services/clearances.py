"""Holds and clearances as a use case: what holds the runner now, recording a clearance, and the record.

What holds and what lifts a hold is ``hipcoach.domain.clearance``'s rule; this module gathers its dated
inputs from storage (red flags at screenings and check-ins, the pain rules' pauses, the program's own pause,
the clearances) and records a clearance with what it lifted, resuming a paused program in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain.clearance import (
    ClearanceRecord,
    Event,
    FlagReport,
    Hold,
    InvalidClearance,
    PainPause,
    Where,
    already_cleared,
    check_clearance,
    standing,
)
from hipcoach.domain.content import Library, RedFlag, RedFlagLevel
from hipcoach.domain.screening import why_raised
from hipcoach.services import programs, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidFields, NotFound
from hipcoach.services.runner_time import local_time
from hipcoach.storage import models as m

PAUSE_OUTCOME = "pause"
# What a red flag's level asks of the runner, as the history says it.
LEVEL_WORDS = {
    RedFlagLevel.URGENT: "care needed today",
    RedFlagLevel.BONE_STRESS: "stop running, see a clinician within days",
    RedFlagLevel.REFER: "see a clinician first",
}


@dataclass(frozen=True)
class ClearanceInput:
    """A clearance as the runner gives it: who cleared them, their profession, on which day, and a note."""

    cleared_by: str
    profession: str
    cleared_on: date
    note: str = ""


class AfterClearance(StrEnum):
    """What the clearance did to the program."""

    RESUMED = "resumed"  # the paused program runs again
    SCREEN_TO_START = "screen-to-start"  # no program yet: the next screening without red flags starts it
    CONTINUES = "continues"  # the program was not paused (the hold had no program to pause)


@dataclass(frozen=True)
class ClearanceView:
    clearance_id: int
    cleared_by: str
    profession: str
    cleared_on: date
    note: str
    lifted_flags: tuple[RedFlag, ...]
    lifted_flag_ids: tuple[str, ...]  # as stored, ids the library no longer knows included
    lifted_pauses: tuple[str, ...]
    held_since: datetime
    self_reported: bool
    recorded_at: datetime
    recorded_by_account: bool  # recorded from a signed-in account (not the command line or an import)

    @property
    def lifted_reported(self) -> tuple[str, ...]:
        """What raised each lifted flag: the question answered yes, or what the profile showed."""
        return tuple(why_raised(flag) for flag in self.lifted_flags)


@dataclass(frozen=True)
class ClearanceReport:
    clearance: ClearanceView
    after: AfterClearance


@dataclass(frozen=True)
class Standing:
    """Where the runner stands now: on hold (since their day ``began_on``) or not, with a program or not."""

    hold: Hold | None
    began_on: date | None
    has_program: bool
    today: date

    @property
    def on_hold(self) -> bool:
        return self.hold is not None


def standing_of(app: Hipcoach, profile_id: int) -> Standing:
    """What holds the runner now, if anything, and whether they have a program."""
    with app.reading() as db:
        profile = _profile(db, profile_id)
        local = local_time(app, profile)
        hold = current_hold(db, app.library, profile_id)
        return Standing(
            hold=hold,
            began_on=local.date_of(hold.since) if hold is not None else None,
            has_program=records.live_program(db, profile_id) is not None,
            today=local.today,
        )


def current_hold(db: Session, library: Library, profile_id: int) -> Hold | None:
    """The hold as of everything stored in ``db`` so far (inside a use case's own transaction)."""
    program = records.live_program(db, profile_id)
    return standing(
        _events(db, library, profile_id),
        _records(db, profile_id),
        program_pause=_program_pause(program),
    )


def record_clearance(
    app: Hipcoach, profile_id: int, entry: ClearanceInput, recorded_by_user_id: int | None = None
) -> ClearanceReport:
    """Record a clearance the runner was given, lifting what holds them now.

    Refused with Conflict when nothing holds them, with InvalidInput for a missing name or profession or a
    day before the hold began or in the future.

    From the runner (a signed-in account or the command line) it is self-reported: the runner names the
    clinician who cleared them.
    """
    with app.transaction() as db:
        return clear_in(app, db, profile_id, entry, recorded_by_user_id)


def clear_in(
    app: Hipcoach,
    db: Session,
    profile_id: int,
    entry: ClearanceInput,
    recorded_by_user_id: int | None = None,
    *,
    self_reported: bool = True,
) -> ClearanceReport:
    """``record_clearance`` inside a use case's own transaction. A clinician with the runner's consent
    records theirs with ``self_reported=False`` and their own account as ``recorded_by_user_id``
    (``services.clinical_actions``)."""
    profile = _profile(db, profile_id)
    local = local_time(app, profile)
    hold = current_hold(db, app.library, profile_id)
    if hold is None:
        raise Conflict(
            "nothing is on hold: there is no red flag or pause waiting for a clearance, so there is "
            "nothing to record"
        )
    try:
        name, profession, note = check_clearance(
            entry.cleared_by,
            entry.profession,
            entry.note,
            entry.cleared_on,
            local.date_of(hold.since),
            local.today,
        )
    except InvalidClearance as error:
        raise InvalidFields(error.problems) from error
    row = m.Clearance(
        profile_id=profile_id,
        cleared_by=name,
        profession=profession,
        cleared_on=entry.cleared_on,
        note=note,
        lifted_flags=[flag.id for flag in hold.flags],
        lifted_pauses=[pause.reason for pause in hold.pauses],
        held_since=hold.since,
        self_reported=self_reported,
        recorded_at=app.now(),
        recorded_by_user_id=recorded_by_user_id,
    )
    db.add(row)
    program = records.live_program(db, profile_id)
    if program is None:
        after = AfterClearance.SCREEN_TO_START
    elif program.status == "paused":
        programs.resume(program)
        after = AfterClearance.RESUMED
    else:
        after = AfterClearance.CONTINUES
    db.flush()
    return ClearanceReport(_clearance_view(app.library, row), after)


def clearances_of(app: Hipcoach, profile_id: int) -> list[ClearanceView]:
    """The runner's clearances, oldest first."""
    with app.reading() as db:
        _profile(db, profile_id)
        return _views(db, app.library, profile_id)


def clearance(app: Hipcoach, profile_id: int, clearance_id: int) -> ClearanceView:
    """One clearance of this profile; NotFound for another profile's id or a missing one, alike."""
    with app.reading() as db:
        row = db.get(m.Clearance, clearance_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no clearance {clearance_id} for this profile")
        return _clearance_view(app.library, row)


# --- the progress history: what put the runner on hold, and what lifted it -------------------------------


@dataclass(frozen=True)
class HoldLine:
    """One line of the history of holds: a red flag or a pause, or a clearance."""

    at: datetime
    on: date  # the runner's day
    kind: str  # "red-flag", "pause" or "clearance"
    text: str
    clearance_id: int | None = None


def hold_history(app: Hipcoach, profile_id: int) -> list[HoldLine]:
    """Every red flag that needed a clinician, every pain-rules pause and every clearance, oldest first."""
    with app.reading() as db:
        profile = _profile(db, profile_id)
        local = local_time(app, profile)
        lines = []
        for event in _events(db, app.library, profile_id):
            if isinstance(event, FlagReport):
                if event.level.rank < RedFlagLevel.REFER.rank:
                    continue
                where = "at the screening" if event.where is Where.SCREENING else "at a check-in"
                names = "; ".join(why_raised(flag) for flag in event.flags) or "a warning sign"
                words = LEVEL_WORDS.get(event.level, LEVEL_WORDS[RedFlagLevel.REFER])
                text = f"Warning sign {where} ({words}): {names}"
                lines.append(HoldLine(event.at, local.date_of(event.at), "red-flag", text))
            else:
                lines.append(HoldLine(event.at, local.date_of(event.at), "pause", f"Paused: {event.reason}"))
        for view in _views(db, app.library, profile_id):
            lines.append(
                HoldLine(view.recorded_at, view.cleared_on, "clearance", describe(view), view.clearance_id)
            )
    return sorted(lines, key=lambda line: line.at)


def describe(view: ClearanceView) -> str:
    """A clearance in one sentence: who, on which day, whether self-reported, and what it lifted."""
    lifted = [*view.lifted_reported, *(f"the pause ({reason})" for reason in view.lifted_pauses)]
    by = "recorded by you (self-reported)" if view.self_reported else "recorded by the clinician"
    text = (
        f"Cleared by {view.cleared_by}, {view.profession}, on {view.cleared_on.isoformat()}, {by}. "
        f"It lifted: {'; '.join(lifted) or 'the hold'}."
    )
    return text + (f" Note: {view.note}" if view.note else "")


def cleared_history_flags(db: Session, library: Library, screening: m.Screening) -> tuple[RedFlag, ...]:
    """The history and age flags ``screening`` raised that a clearance before it had lifted (and that do not
    hold again)."""
    report = _screening_report(library, screening.taken_at, screening.red_flags, screening.red_flag_level)
    earlier = [e for e in _events(db, library, screening.profile_id) if e.at < screening.taken_at]
    cleared = already_cleared(report, earlier, _records(db, screening.profile_id))
    return tuple(flag for flag in report.flags if flag.id in cleared)


# --- reading the dated inputs of the rule ------------------------------------------------------------------


def _profile(db: Session, profile_id: int) -> m.Profile:
    profile = db.get(m.Profile, profile_id)
    if profile is None:
        raise NotFound(f"no profile {profile_id}")
    return profile


def _flags(library: Library, ids: list[str]) -> tuple[RedFlag, ...]:
    # Ids the library no longer knows are dropped: the stored level still says how serious they were.
    return tuple(library.red_flags[flag_id] for flag_id in ids if flag_id in library.red_flags)


def _level(value: str) -> RedFlagLevel:
    try:
        return RedFlagLevel(value)
    except ValueError:  # a level this hipcoach does not know holds, rather than being ignored
        return RedFlagLevel.URGENT


def _screening_report(library: Library, taken_at: datetime, flag_ids: list[str], level: str) -> FlagReport:
    return FlagReport(taken_at, Where.SCREENING, _flags(library, flag_ids), _level(level))


def _events(db: Session, library: Library, profile_id: int) -> list[Event]:
    """Red flags at screenings and check-ins, and the pain rules' pauses (one per check-in), in time order."""
    return _events_of(db, library, [profile_id]).get(profile_id, [])


def _events_of(db: Session, library: Library, profile_ids: Sequence[int]) -> dict[int, list[Event]]:
    """``_events`` of several runners in three queries, whatever their number (the caseload reads many)."""
    S, C, D = m.Screening, m.Checkin, m.Decision
    events: dict[int, list[Event]] = {profile_id: [] for profile_id in profile_ids}
    for row in db.execute(
        select(S.profile_id, S.taken_at, S.red_flags, S.red_flag_level).where(S.profile_id.in_(profile_ids))
    ):
        events[row.profile_id].append(
            _screening_report(library, row.taken_at, row.red_flags, row.red_flag_level)
        )
    flagged: set[int] = set()
    for flag_row in db.execute(
        select(C.id, C.profile_id, C.created_at, C.red_flags, C.red_flag_level).where(
            C.profile_id.in_(profile_ids), C.red_flag_level != RedFlagLevel.NONE.value
        )
    ):
        level = _level(flag_row.red_flag_level)
        events[flag_row.profile_id].append(
            FlagReport(flag_row.created_at, Where.CHECKIN, _flags(library, flag_row.red_flags), level)
        )
        if level.rank >= RedFlagLevel.REFER.rank:
            flagged.add(flag_row.id)
    # A check-in whose red flag paused the program also pauses each exercise; the flag says it all.
    seen: set[tuple[int, int]] = set()
    for pause in db.execute(
        select(m.Program.profile_id, D.id, D.checkin_id, D.created_at, D.reason)
        .join(m.Program, m.Program.id == D.program_id)
        .where(m.Program.profile_id.in_(profile_ids), D.outcome == PAUSE_OUTCOME)
        .order_by(D.id)
    ):
        key = (pause.profile_id, pause.checkin_id if pause.checkin_id is not None else -pause.id)
        if pause.checkin_id in flagged or key in seen:
            continue
        seen.add(key)
        events[pause.profile_id].append(PainPause(pause.created_at, pause.reason))
    return {profile_id: sorted(found, key=lambda event: event.at) for profile_id, found in events.items()}


def _records(db: Session, profile_id: int) -> list[ClearanceRecord]:
    return _records_of(db, [profile_id]).get(profile_id, [])


def _records_of(db: Session, profile_ids: Sequence[int]) -> dict[int, list[ClearanceRecord]]:
    found: dict[int, list[ClearanceRecord]] = {profile_id: [] for profile_id in profile_ids}
    rows = db.execute(
        select(m.Clearance.profile_id, m.Clearance.recorded_at, m.Clearance.lifted_flags).where(
            m.Clearance.profile_id.in_(profile_ids)
        )
    )
    for row in rows:
        found[row.profile_id].append(ClearanceRecord(row.recorded_at, frozenset(row.lifted_flags)))
    return found


def holds_of(
    db: Session, library: Library, programs_by_profile: Mapping[int, m.Program | None]
) -> dict[int, Hold | None]:
    """``current_hold`` of several runners, given each one's live program, in four queries whatever their
    number."""
    profile_ids = list(programs_by_profile)
    events = _events_of(db, library, profile_ids)
    records = _records_of(db, profile_ids)
    return {
        profile_id: standing(events[profile_id], records[profile_id], program_pause=_program_pause(program))
        for profile_id, program in programs_by_profile.items()
    }


def _program_pause(program: m.Program | None) -> PainPause | None:
    if program is None or program.status != "paused":
        return None
    at = program.paused_at or program.created_at
    return PainPause(at, program.paused_reason or "Your program is paused.")


def _views(db: Session, library: Library, profile_id: int) -> list[ClearanceView]:
    rows = db.scalars(
        select(m.Clearance).where(m.Clearance.profile_id == profile_id).order_by(m.Clearance.id)
    )
    return [_clearance_view(library, row) for row in rows]


def _clearance_view(library: Library, row: m.Clearance) -> ClearanceView:
    return ClearanceView(
        clearance_id=row.id,
        cleared_by=row.cleared_by,
        profession=row.profession,
        cleared_on=row.cleared_on,
        note=row.note,
        lifted_flags=_flags(library, row.lifted_flags),
        lifted_flag_ids=tuple(row.lifted_flags),
        lifted_pauses=tuple(row.lifted_pauses),
        held_since=row.held_since,
        self_reported=row.self_reported,
        recorded_at=row.recorded_at,
        recorded_by_account=row.recorded_by_user_id is not None,
    )
