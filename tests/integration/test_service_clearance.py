"""Pause and clearance through the services, on SQLite and PostgreSQL (BRIEF §2.2): a red flag or a pain-rules
pause holds the runner until a clearance is recorded; retaking the screening never lifts it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.domain.screening import ScreeningAnswers
from hipcoach.services import clearances, programs
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.clearances import AfterClearance, ClearanceInput, record_clearance, standing_of
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import ProgramAction, load_screening, run_screening
from hipcoach.services.transfer import export_profile, import_profile
from hipcoach.storage import models as m
from tests.integration.helpers import checkin_flags, count, do_session, screening_answers


def answers(app: Hipcoach, flags=(), signs=("tight-hip-flexors",)) -> ScreeningAnswers:
    """Every question answered: yes to ``signs`` and ``flags``, no to everything else."""
    return screening_answers(signs, flags)


def newcomer(app: Hipcoach, name: str = "Ana") -> int:
    return create_profile(app, name, age=34, sex="female").id


def cleared_by_lee(app: Hipcoach, profile_id: int, days_ago: int = 0, note: str = "Fine to go on."):
    on = app.local("UTC").today - timedelta(days=days_ago)
    return record_clearance(app, profile_id, ClearanceInput("Dr Kim Lee", "sports physician", on, note))


def program_status(app: Hipcoach, profile_id: int) -> str | None:
    with app.reading() as db:
        return db.scalar(select(m.Program.status).where(m.Program.profile_id == profile_id))


def morning_without_flags(app: Hipcoach, pain: int = 1) -> CheckinInput:
    return CheckinInput(app.local("UTC").today, pain, 2, checkin_flags())


# --- a red flag at the first screening -------------------------------------------------------------------


def test_a_red_flag_at_the_first_screening_starts_nothing_until_a_clearance(app, clock):
    ana = newcomer(app)
    first = run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    assert first.action is ProgramAction.NOT_STARTED
    assert first.hold is not None and [f.id for f in first.hold.flags] == ["sharp-pain"]

    clock.advance(hours=2)
    retake = run_screening(app, ana, answers(app))  # the same runner, the tick left out
    assert retake.action is ProgramAction.NOT_STARTED
    assert count(app, m.Program) == 0
    standing = standing_of(app, ana)
    assert standing.on_hold and not standing.has_program
    assert standing.began_on == clock.today()
    assert load_screening(app, ana, retake.screening_id).hold is not None

    clock.advance(days=1)
    report = cleared_by_lee(app, ana)
    assert report.after is AfterClearance.SCREEN_TO_START
    assert report.clearance.lifted_flag_ids == ("sharp-pain",)
    assert report.clearance.self_reported
    assert not standing_of(app, ana).on_hold
    assert count(app, m.Program) == 0  # the clearance alone starts nothing: the next screening does

    clock.advance(hours=1)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.STARTED
    assert program_status(app, ana) == "active"


def test_a_red_flag_again_after_the_clearance_holds_again(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    clock.advance(days=1)
    cleared_by_lee(app, ana)
    clock.advance(hours=1)
    again = run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    assert again.action is ProgramAction.NOT_STARTED
    assert standing_of(app, ana).on_hold


# --- a red flag while the program runs ---------------------------------------------------------------------


def test_a_red_flag_pauses_the_program_and_only_a_clearance_resumes_it(app, clock):
    ana = newcomer(app)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.STARTED
    clock.advance(days=3)
    assert run_screening(app, ana, answers(app, flags=("night-pain",))).action is ProgramAction.PAUSED
    assert program_status(app, ana) == "paused"

    clock.advance(hours=3)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.PAUSED
    assert program_status(app, ana) == "paused"
    with pytest.raises(InvalidInput, match="paused"):
        programs.plan_session(app, ana, Block.MOBILITY)

    clock.advance(days=2)
    report = cleared_by_lee(app, ana, days_ago=1)
    assert report.after is AfterClearance.RESUMED
    assert program_status(app, ana) == "active"
    assert programs.plan_session(app, ana, Block.MOBILITY).items


def test_a_red_flag_at_a_check_in_pauses_until_a_clearance(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    clock.advance(days=1)
    check_in(app, ana, CheckinInput(app.local("UTC").today, 2, 2, checkin_flags("leg-numbness-tingling")))
    assert program_status(app, ana) == "paused"
    hold = standing_of(app, ana).hold
    assert hold is not None and [f.id for f in hold.flags] == ["leg-numbness-tingling"]

    clock.advance(hours=1)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.PAUSED
    clock.advance(hours=1)
    assert cleared_by_lee(app, ana).after is AfterClearance.RESUMED
    assert program_status(app, ana) == "active"


# --- a pause from the pain rules --------------------------------------------------------------------------


def test_a_pause_from_two_regressions_is_lifted_only_by_a_clearance(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    for _ in range(2):  # pain during above 5 twice: two step-backs, and the second pauses
        do_session(app, ana, Block.MOBILITY, pain=7)
        clock.advance(days=1)
        report = check_in(app, ana, morning_without_flags(app))
    assert report.paused
    hold = standing_of(app, ana).hold
    assert hold is not None and hold.flags == () and len(hold.pauses) == 1

    clock.advance(hours=2)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.PAUSED
    assert program_status(app, ana) == "paused"

    clock.advance(hours=2)
    report = cleared_by_lee(app, ana)
    assert report.after is AfterClearance.RESUMED
    assert report.clearance.lifted_pauses == (hold.pauses[0].reason,)
    assert program_status(app, ana) == "active"
    assert not standing_of(app, ana).on_hold


def test_after_a_clearance_the_step_backs_are_counted_afresh(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    for _ in range(2):
        do_session(app, ana, Block.MOBILITY, pain=7)
        clock.advance(days=1)
        report = check_in(app, ana, morning_without_flags(app))
    assert report.paused
    clock.advance(hours=2)
    cleared_by_lee(app, ana)

    # One more painful session: one step back since the clearance, not the second of a pair.
    do_session(app, ana, Block.MOBILITY, pain=7)
    clock.advance(days=1)
    report = check_in(app, ana, morning_without_flags(app))
    assert report.outcome is not None and report.outcome.value == "regress"
    assert program_status(app, ana) == "active"


def test_after_a_clearance_high_mornings_must_come_again_in_a_row_to_pause(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    do_session(app, ana, Block.MOBILITY, pain=1)  # the pain before it, 1/10, is the phase's start
    clock.advance(days=1)
    for pain in (3, 3, 3):  # three mornings in a row two points above the start: the third pauses
        report = check_in(app, ana, morning_without_flags(app, pain=pain))
        clock.advance(days=1)
    assert report.paused
    cleared_by_lee(app, ana, days_ago=1)
    clock.advance(hours=1)

    # The clinician has seen those mornings: the next two, still at 3/10, do not pause again.
    for _ in range(2):
        report = check_in(app, ana, morning_without_flags(app, pain=3))
        assert not report.paused
        clock.advance(days=1)
    report = check_in(app, ana, morning_without_flags(app, pain=3))  # the third since the clearance
    assert report.paused


# --- history flags ------------------------------------------------------------------------------------------


def test_a_cleared_history_flag_is_not_raised_again_unless_the_answer_changes(app, clock):
    ana = newcomer(app)
    first = run_screening(app, ana, answers(app, flags=("cancer-history",)))
    assert first.action is ProgramAction.NOT_STARTED
    clock.advance(days=1)
    cleared_by_lee(app, ana)

    clock.advance(hours=1)
    same = run_screening(app, ana, answers(app, flags=("cancer-history",)))
    assert same.action is ProgramAction.STARTED  # cleared, and still answered yes: it does not hold again
    stored = load_screening(app, ana, same.screening_id)
    assert [f.id for f in stored.cleared_flags] == ["cancer-history"]
    assert not stored.refers

    clock.advance(days=1)
    assert run_screening(app, ana, answers(app)).action is ProgramAction.CONTINUED  # answered no
    clock.advance(days=1)
    changed = run_screening(app, ana, answers(app, flags=("cancer-history",)))
    assert changed.action is ProgramAction.PAUSED  # no, then yes again: a new answer, raised again
    assert load_screening(app, ana, changed.screening_id).refers


# --- what is refused -------------------------------------------------------------------------------------


def test_a_clearance_is_refused_when_nothing_is_on_hold(app):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    with pytest.raises(Conflict, match="nothing is on hold"):
        cleared_by_lee(app, ana)
    assert count(app, m.Clearance) == 0


@pytest.mark.parametrize(
    ("by", "profession", "message"),
    [
        ("", "physiotherapist", "name of who cleared you is missing"),
        ("Dr Kim Lee", "  ", "profession is missing"),
    ],
)
def test_a_clearance_without_name_or_profession_is_refused_and_nothing_changes(
    app, clock, by, profession, message
):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    clock.advance(days=1)
    run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    clock.advance(hours=1)
    entry = ClearanceInput(by, profession, clock.today())
    with pytest.raises(InvalidInput, match=message):
        record_clearance(app, ana, entry)
    assert count(app, m.Clearance) == 0
    assert program_status(app, ana) == "paused"


def test_a_clearance_dated_before_the_hold_began_is_refused(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    clock.advance(days=2)
    with pytest.raises(InvalidInput, match="before the hold began"):
        cleared_by_lee(app, ana, days_ago=3)
    cleared_by_lee(app, ana, days_ago=2)  # the day the hold began is fine
    assert count(app, m.Clearance) == 1


# --- the record ---------------------------------------------------------------------------------------------


def test_clearances_are_listed_in_the_hold_history_and_survive_export_and_import(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    clock.advance(days=1)
    run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    clock.advance(days=1)
    cleared_by_lee(app, ana, note="Back to easy running first.")

    lines = clearances.hold_history(app, ana)
    assert [line.kind for line in lines] == ["red-flag", "clearance"]
    assert lines[0].text.startswith("Warning sign at the screening (see a clinician first): ")
    assert "Dr Kim Lee, sports physician" in lines[1].text and "self-reported" in lines[1].text
    assert "Back to easy running first." in lines[1].text

    exported = export_profile(app, ana)
    [clearance] = exported["clearances"]
    assert clearance["cleared_by"] == "Dr Kim Lee" and clearance["lifted_flags"] == ["sharp-pain"]
    copy = import_profile(app, _json(exported), rename="Ana again")
    assert [v.cleared_by for v in clearances.clearances_of(app, copy.id)] == ["Dr Kim Lee"]
    assert not standing_of(app, copy.id).on_hold
    again = export_profile(app, copy.id)
    assert again["clearances"] == exported["clearances"]


def test_a_program_paused_in_an_imported_file_still_holds(app, clock):
    ana = newcomer(app)
    run_screening(app, ana, answers(app))
    clock.advance(days=1)
    run_screening(app, ana, answers(app, flags=("sharp-pain",)))
    exported = export_profile(app, ana)
    assert exported["programs"][0]["paused_at"] is not None
    copy = import_profile(app, _json(exported), rename="Ana again")
    assert standing_of(app, copy.id).on_hold
    assert program_status(app, copy.id) == "paused"
    assert export_profile(app, copy.id)["programs"] == exported["programs"]


def _json(exported: dict) -> bytes:
    return json.dumps(exported).encode()
