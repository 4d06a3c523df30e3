"""Screening as a use case: record the answers, then start, resume or pause the program accordingly."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain.clearance import Hold
from hipcoach.domain.content import Library, RedFlag, RedFlagLevel
from hipcoach.domain.screening import (
    AgeUnknown,
    ScreeningAnswers,
    ScreeningResult,
    Unanswered,
    UnknownAnswer,
    asked_at_checkin,
    outcome,
    red_flag_level,
    screen,
)
from hipcoach.services import clearances, programs, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.profiles import AGE_RANGE
from hipcoach.storage import models as m


class ProgramAction(StrEnum):
    STARTED = "started"
    RESUMED = "resumed"  # no longer from a screening: only a clearance resumes a paused program
    CONTINUED = "continued"
    PAUSED = "paused"
    NOT_STARTED = "not-started"


@dataclass(frozen=True)
class ScreeningReport:
    screening_id: int
    result: ScreeningResult
    action: ProgramAction
    hold: Hold | None = None  # what holds the runner after this screening (a clearance lifts it)


class UnansweredQuestions(InvalidInput):
    """Questions left without a yes or a no: nothing was saved. ``ids`` names them in the order asked."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        super().__init__(
            f"please answer every question yes or no; no answer yet to: {', '.join(ids)}. Nothing was saved."
        )
        self.ids = ids


class AgeNeeded(InvalidInput):
    """The profile has no age and the screening gave none: the age rules cannot be applied."""


def screening_result(library: Library, answers: ScreeningAnswers) -> ScreeningResult:
    """The domain's screening, its refusals as the runner's messages."""
    try:
        return screen(answers, library.signs, library.red_flags)
    except UnknownAnswer as error:
        raise InvalidInput(str(error)) from error
    except Unanswered as error:
        raise UnansweredQuestions(error.ids) from error
    except AgeUnknown as error:
        raise AgeNeeded(
            "your age is needed for the screening (some warning signs depend on it): please give it, "
            f"in years ({AGE_RANGE[0]}-{AGE_RANGE[1]})"
        ) from error


def run_screening(app: Hipcoach, profile_id: int, answers: ScreeningAnswers) -> ScreeningReport:
    """Screen the runner and act on it in one transaction: a red flag never leaves a program running.

    The age is the profile's; an age given with the answers is stored on the profile first. A refusal (an
    unanswered question, no age, an unknown id) writes nothing.
    """
    if answers.age is not None and not AGE_RANGE[0] <= answers.age <= AGE_RANGE[1]:
        raise InvalidInput(f"age must be between {AGE_RANGE[0]} and {AGE_RANGE[1]} years, got {answers.age}")
    with app.transaction() as db:
        profile = db.get(m.Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        age = answers.age if answers.age is not None else profile.age
        result = screening_result(app.library, replace(answers, age=age))
        profile.age = age
        row = m.Screening(
            profile_id=profile_id,
            taken_at=app.now(),
            signs=sorted(answers.yes_signs),
            # The yes answers and the flags the age raised: read back, the result stays what it was.
            red_flags=sorted(flag.id for flag in result.red_flags),
            red_flag_level=result.level.value,
            program_allowed=result.program_allowed,
        )
        db.add(row)
        db.flush()
        # Whether the runner may start or go on is the hold's to say, not this screening's alone: a hold
        # from before stays until a clearance, and a history flag already cleared does not hold again.
        hold = clearances.current_hold(db, app.library, profile_id)
        program = records.live_program(db, profile_id)
        if hold is not None:
            if program is None:
                action = ProgramAction.NOT_STARTED
            else:
                if program.status != "paused":
                    programs.pause(program, _pause_reason(result, hold), row.taken_at)
                action = ProgramAction.PAUSED
        elif program is None:
            programs.start_program(app, db, profile, include_foot=result.adds_foot_block)
            action = ProgramAction.STARTED
        else:
            program.include_foot = program.include_foot or result.adds_foot_block
            action = ProgramAction.CONTINUED
        db.flush()
        return ScreeningReport(row.id, result, action, hold)


def _pause_reason(result: ScreeningResult, hold: Hold) -> str:
    if not result.program_allowed:
        return "A red flag came up at screening: " + result.explanation[0]
    return "On hold: " + hold.advice[0]


@dataclass(frozen=True)
class StoredScreening:
    screening_id: int
    taken_at: datetime
    result: ScreeningResult
    program_status: str | None  # the live program's status now; None when there is none
    hold: Hold | None = None  # what holds the runner now, until a clearance
    cleared_flags: tuple[RedFlag, ...] = ()  # history or age flags raised here that a clearance had lifted

    @property
    def refers(self) -> bool:
        """Whether this screening's own answers call for a clinician, less the flags already cleared."""
        cleared = {flag.id for flag in self.cleared_flags}
        return red_flag_level(f for f in self.result.red_flags if f.id not in cleared).rank >= (
            RedFlagLevel.REFER.rank
        )


def load_screening(app: Hipcoach, profile_id: int, screening_id: int) -> StoredScreening:
    """A past screening of this profile, its result worked out again from the stored answers.

    Raises NotFound for an id that does not exist or belongs to another profile, alike.
    """
    with app.reading() as db:
        row = db.get(m.Screening, screening_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no screening {screening_id} for this profile")
        # Every question not stored as a yes was answered no. Ids the library no longer knows are dropped
        # rather than failing an old page.
        library = app.library
        result = outcome(row.signs, row.red_flags, library.signs, library.red_flags)
        program = records.live_program(db, profile_id)
        return StoredScreening(
            screening_id=row.id,
            taken_at=row.taken_at,
            result=result,
            program_status=program.status if program is not None else None,
            hold=clearances.current_hold(db, library, profile_id),
            cleared_flags=clearances.cleared_history_flags(db, library, row),
        )


def profile_age(app: Hipcoach, profile_id: int) -> int | None:
    """The age on the profile (None: not given yet, and the screening will ask for it)."""
    with app.reading() as db:
        profile = db.get(m.Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        return profile.age


def checkin_questions(app: Hipcoach, profile_id: int) -> tuple[RedFlag, ...]:
    """The red flags a check-in asks this runner: what can be new since the last one, and a flag tied to a
    sign (bone pain in the foot) when their latest screening answered that sign yes."""
    with app.reading() as db:
        return asked_at_checkin(app.library.red_flags, latest_yes_signs(db, profile_id))


def latest_yes_signs(db: Session, profile_id: int) -> frozenset[str]:
    signs = db.scalar(
        select(m.Screening.signs)
        .where(m.Screening.profile_id == profile_id)
        .order_by(m.Screening.taken_at.desc(), m.Screening.id.desc())
        .limit(1)
    )
    return frozenset(signs or ())
