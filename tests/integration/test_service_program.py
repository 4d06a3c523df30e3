"""The program through its phases, on SQLite and PostgreSQL, with a clock the test moves."""

import pytest

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.progression import Outcome
from hipcoach.services import programs
from hipcoach.services.clearances import AfterClearance, ClearanceInput, record_clearance
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import ProgramAction, run_screening
from tests.integration.helpers import checkin_flags, do_session, morning, screened_runner, screening_answers


def phase_two_runner(app, clock):
    runner = screened_runner(app)
    for _ in range(6):
        do_session(app, runner, Block.MOBILITY)
        clock.advance(days=1)
        morning(app, runner)
        clock.advance(days=2)
    return runner


def test_a_red_flag_at_screening_starts_no_program(app):
    runner = create_profile(app, "Ben")
    report = run_screening(app, runner.id, screening_answers({"dull-low-back-ache"}, {"sharp-pain"}, age=40))
    assert report.action is ProgramAction.NOT_STARTED
    with pytest.raises(NotFound, match="screening"):
        programs.overview(app, runner.id)


def test_a_clean_screening_starts_phase_one_and_foot_pain_adds_the_foot_block(app):
    runner = screened_runner(app, signs=frozenset({"foot-pain", "tight-hip-flexors"}))
    view = programs.overview(app, runner)
    assert view.phase is Phase.MOBILITY and view.status == "active"
    assert view.settings.include_foot
    plan = programs.plan_session(app, runner)
    assert plan.blocks() == (Block.MOBILITY, Block.FOOT)
    assert view.history[0].to_phase == 1


def test_six_mobility_sessions_over_two_weeks_with_low_symptoms_open_phase_two(app, clock):
    runner = phase_two_runner(app, clock)
    view = programs.overview(app, runner)
    assert view.phase is Phase.STRENGTH, view.gate.unmet
    assert "unlocked" in view.history[-1].reason
    assert {s.ladder_level for s in view.states.values()} == {1}
    assert {s.rounds for s in view.states.values()} == {2}
    strength = programs.plan_session(app, runner, Block.STRENGTH)
    assert strength.blocks()[:2] == (Block.MOBILITY, Block.STRENGTH)


def test_phase_one_refuses_a_strength_session(app):
    runner = screened_runner(app)
    with pytest.raises(InvalidInput, match="phase 2"):
        programs.plan_session(app, runner, Block.STRENGTH)


def test_two_green_strength_sessions_climb_the_ladder_and_pain_six_steps_back(app, clock):
    runner = phase_two_runner(app, clock)
    do_session(app, runner, Block.STRENGTH, pain=2, rpe=6)
    clock.advance(days=1)
    first = morning(app, runner, pain=1)
    assert first.outcome is Outcome.HOLD
    clock.advance(days=2)
    do_session(app, runner, Block.STRENGTH, pain=3, rpe=7)
    clock.advance(days=1)
    second = morning(app, runner, pain=1)
    assert second.outcome is Outcome.PROGRESS
    assert {s.ladder_level for s in programs.overview(app, runner).states.values()} == {2}

    clock.advance(days=2)
    do_session(app, runner, Block.STRENGTH, pain=6)
    clock.advance(days=1)
    third = morning(app, runner, pain=1)
    assert third.outcome is Outcome.REGRESS
    assert {s.ladder_level for s in programs.overview(app, runner).states.values()} == {1}


def test_two_regressions_in_a_row_pause_the_program(app, clock):
    runner = phase_two_runner(app, clock)
    for _ in range(2):
        do_session(app, runner, Block.STRENGTH, pain=7)
        clock.advance(days=1)
        report = morning(app, runner, pain=1)
        clock.advance(days=1)
    assert report.outcome is Outcome.PAUSE and report.paused
    with pytest.raises(InvalidInput, match="paused"):
        programs.plan_session(app, runner)


def test_a_red_flag_at_check_in_pauses_and_only_a_clearance_resumes(app, clock):
    runner = screened_runner(app)
    do_session(app, runner, Block.MOBILITY)
    clock.advance(days=1)
    report = morning(app, runner, flags={"leg-numbness-tingling"})
    assert report.paused and report.outcome is Outcome.PAUSE
    clock.advance(hours=1)
    retaken = run_screening(app, runner, screening_answers())
    assert retaken.action is ProgramAction.PAUSED  # a clean screening lifts nothing
    assert programs.overview(app, runner).status == "paused"
    clock.advance(hours=1)
    cleared = ClearanceInput("Dr Kim Lee", "physiotherapist", app.local("UTC").today)
    assert record_clearance(app, runner, cleared).after is AfterClearance.RESUMED
    assert programs.overview(app, runner).status == "active"


def test_a_check_in_a_week_after_the_session_makes_no_decision(app, clock):
    runner = screened_runner(app)
    do_session(app, runner, Block.MOBILITY)
    clock.advance(days=7)
    report = morning(app, runner)
    assert report.session_id is None and report.decisions == ()


def test_a_clinician_override_moves_the_phase_and_records_who_and_why(app):
    runner = screened_runner(app)
    change = programs.override_phase(
        app, runner, 2, by="Sam Ortiz, PT", reason="full hip range on assessment"
    )
    view = programs.overview(app, runner)
    assert view.phase is Phase.STRENGTH and view.states
    assert view.history[-1].overridden_by == "Sam Ortiz, PT"
    assert view.history[-1].override_reason == "full hip range on assessment"
    assert change.to_phase is Phase.STRENGTH
    with pytest.raises(InvalidInput, match="why"):
        programs.override_phase(app, runner, 3, by="Sam", reason="")


def test_every_strength_exercise_at_level_three_opens_phase_three(app, clock):
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="assessed")
    for _ in range(4):  # two green sessions per step: level 1 -> 2 -> 3
        do_session(app, runner, Block.STRENGTH, pain=1, rpe=6)
        clock.advance(days=1)
        report = morning(app, runner, pain=1)
        clock.advance(days=1)
    assert report.phase_change is not None and report.phase_change.to_phase is Phase.ELONGATED
    assert programs.overview(app, runner).phase is Phase.ELONGATED


def test_strength_days_can_be_set_to_three(app):
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="runner", reason="cleared by my physio")
    view = programs.configure(app, runner, strength_days_per_week=3, include_core=False)
    assert view.week.count(Block.STRENGTH) == 3 and view.week.count(Block.CORE) == 0
    with pytest.raises(InvalidInput, match="1, 2 or 3"):
        programs.configure(app, runner, strength_days_per_week=5)


def test_pain_an_hour_after_is_kept_on_the_session(app, clock):
    from hipcoach.services.checkins import CheckinInput, check_in
    from hipcoach.services.history import history

    runner = screened_runner(app)
    do_session(app, runner, Block.MOBILITY)
    clock.advance(days=1)
    check_in(app, runner, CheckinInput(app.local("UTC").today, 1, 2, checkin_flags(), pain_after_session=2))
    assert history(app, runner)[0].pain_after == 2
