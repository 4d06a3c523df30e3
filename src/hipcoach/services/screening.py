"""Screening as a use case: record the answers, then start, resume or pause the program accordingly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hipcoach.domain.screening import ScreeningAnswers, ScreeningResult, UnknownAnswer, screen
from hipcoach.services import programs, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage import models as m


class ProgramAction(StrEnum):
    STARTED = "started"
    RESUMED = "resumed"
    CONTINUED = "continued"
    PAUSED = "paused"
    NOT_STARTED = "not-started"


@dataclass(frozen=True)
class ScreeningReport:
    screening_id: int
    result: ScreeningResult
    action: ProgramAction


def run_screening(app: Hipcoach, profile_id: int, answers: ScreeningAnswers) -> ScreeningReport:
    """Screen the runner and act on it in one transaction: a red flag never leaves a program running."""
    try:
        result = screen(answers, app.library.signs, app.library.red_flags)
    except UnknownAnswer as error:
        raise InvalidInput(str(error)) from error

    with app.transaction() as db:
        row = m.Screening(
            profile_id=profile_id,
            taken_at=app.now(),
            signs=sorted(answers.signs),
            red_flags=sorted(answers.red_flags),
            red_flag_level=result.level.value,
            program_allowed=result.program_allowed,
        )
        db.add(row)
        program = records.live_program(db, profile_id)
        if not result.program_allowed:
            if program is not None:
                programs.pause(program, "A red flag came up at screening: " + result.explanation[0])
                action = ProgramAction.PAUSED
            else:
                action = ProgramAction.NOT_STARTED
        elif program is None:
            profile = db.get(m.Profile, profile_id)
            if profile is None:
                raise NotFound(f"no profile {profile_id}")
            programs.start_program(app, db, profile, include_foot=result.adds_foot_block)
            action = ProgramAction.STARTED
        else:
            program.include_foot = program.include_foot or result.adds_foot_block
            action = ProgramAction.CONTINUED
            if program.status == "paused":
                programs.resume(program)
                action = ProgramAction.RESUMED
        db.flush()
        return ScreeningReport(row.id, result, action)


@dataclass(frozen=True)
class StoredScreening:
    screening_id: int
    taken_at: datetime
    result: ScreeningResult
    program_status: str | None  # the live program's status now; None when there is none


def load_screening(app: Hipcoach, profile_id: int, screening_id: int) -> StoredScreening:
    """A past screening of this profile, its result worked out again from the stored answers.

    Raises NotFound for an id that does not exist or belongs to another profile, alike.
    """
    with app.reading() as db:
        row = db.get(m.Screening, screening_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no screening {screening_id} for this profile")
        # Ids the library no longer knows are dropped rather than failing an old page.
        answers = ScreeningAnswers(
            frozenset(row.signs) & app.library.signs.keys(),
            frozenset(row.red_flags) & app.library.red_flags.keys(),
        )
        program = records.live_program(db, profile_id)
        return StoredScreening(
            screening_id=row.id,
            taken_at=row.taken_at,
            result=screen(answers, app.library.signs, app.library.red_flags),
            program_status=program.status if program is not None else None,
        )
