"""A clinician's actions on a runner's program through the services, on SQLite and PostgreSQL (BRIEF §10):
each one changes the program, is recorded with who, when and why, and is written to the runner's audit log;
a refused one writes nothing. The rules read what a clinician set."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.domain.progression import Outcome
from hipcoach.services import clinic, programs, runner_overrides
from hipcoach.services.clinical_actions import (
    AssessmentAction,
    ClearAction,
    ExcludeAction,
    LadderAction,
    PhaseAction,
    RestoreAction,
    StrengthDaysAction,
    SwapAction,
    ThresholdAction,
    act,
    actions_of,
)
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput, NotFound
from hipcoach.storage import models as m
from tests.integration.assessment_data import battery, hips
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import count, do_session, morning, screened_runner


def runner_in_care(app: Hipcoach, phase: int = 1):
    runner = screened_runner(app)
    sam = make_clinician(app)
    give_access(app, runner, sam)
    if phase > 1:
        programs.override_phase(app, runner, phase, by="Sam Ortiz, PT", reason="assessed")
    return runner, sam


def written(app: Hipcoach) -> tuple[int, int, int, int]:
    return (
        count(app, m.ClinicalAction),
        count(app, m.AuditEvent),
        count(app, m.RunnerOverride),
        count(app, m.Clearance),
    )


def states(app: Hipcoach, runner: int) -> dict[str, tuple[int, int]]:
    with app.reading() as db:
        program = db.scalar(select(m.Program).where(m.Program.profile_id == runner))
        return {row.exercise_id: (row.ladder_level, row.rounds) for row in program.exercise_states}


def changes(app: Hipcoach, runner: int) -> list[str]:
    with app.reading() as db:
        return list(
            db.scalars(
                select(m.AuditEvent.what).where(
                    m.AuditEvent.profile_id == runner, m.AuditEvent.action == "change"
                )
            )
        )


def test_a_clinician_clears_a_pause_as_the_clinician_not_self_reported(app, clock):
    runner, sam = runner_in_care(app)
    clock.advance(days=1)
    morning(app, runner, flags={"sharp-pain"})
    assert programs.overview(app, runner).paused

    done = act(app, sam, runner, ClearAction(reason="  Seen today: a muscle strain, fine to go on. "), "web")

    assert not programs.overview(app, runner).paused
    with app.reading() as db:
        clearance = db.scalar(select(m.Clearance).where(m.Clearance.profile_id == runner))
        assert (clearance.cleared_by, clearance.profession) == ("Sam Ortiz", "PT")
        assert clearance.self_reported is False and clearance.recorded_by_user_id == sam.user_id
        assert clearance.note == "Seen today: a muscle strain, fine to go on."
    assert done.sentence.startswith("Cleared by Sam Ortiz, PT on 3 Nov 2026: the hold is lifted")
    assert done.sentence.endswith("— Seen today: a muscle strain, fine to go on.")
    assert [a.kind for a in actions_of(app, runner)] == ["clearance"]
    assert len(changes(app, runner)) == 1


def test_phase_ladder_rounds_and_strength_days_change_the_program_with_a_record_each(app, clock):
    runner, sam = runner_in_care(app, phase=2)
    lunge_before = states(app, runner)["runners-lunge"]

    act(app, sam, runner, LadderAction(exercise="runners-lunge", level=3, reason="moving well"), "api")
    clock.advance(hours=1)
    down = act(
        app, sam, runner, LadderAction(exercise="runners-lunge", level=2, rounds=3, reason="knee pain"), "web"
    )
    act(app, sam, runner, StrengthDaysAction(days=3, reason="more time this block"), "cli")
    act(app, sam, runner, PhaseAction(phase=3, reason="strong through the range"), "web")

    assert lunge_before == (1, 2) and states(app, runner)["runners-lunge"] == (2, 3)
    assert down.what == "Runner's lunge with overhead press moved down to level 2 (" + down.what.split("(")[1]
    assert down.value["before"] == {"level": 3, "rounds": 2} and down.value["after"] == {
        "level": 2,
        "rounds": 3,
    }
    overview = programs.overview(app, runner)
    assert overview.settings.strength_days_per_week == 3
    assert int(overview.phase) == 3 and overview.history[-1].overridden_by == "Sam Ortiz, PT"
    kinds = [a.kind for a in actions_of(app, runner)]
    assert kinds == ["phase", "strength-days", "ladder", "ladder"]
    assert all(a.signature == "Sam Ortiz, PT" for a in actions_of(app, runner))
    assert len(changes(app, runner)) == 4


def test_an_excluded_exercise_is_not_in_todays_session_and_a_swap_shows_the_new_exercise(app):
    runner, sam = runner_in_care(app, phase=2)
    act(app, sam, runner, ExcludeAction(exercise="hip-cars", reason="hip pinch at end range"), "web")
    act(
        app,
        sam,
        runner,
        SwapAction(exercise="runners-lunge", instead="lunge", reason="no weights at home"),
        "web",
    )

    mobility = [item.exercise.id for item in programs.plan_session(app, runner, Block.MOBILITY).items]
    strength = programs.plan_session(app, runner, Block.STRENGTH).items
    assert "hip-cars" not in mobility
    ids = [item.exercise.id for item in strength]
    assert "lunge" in ids and "runners-lunge" not in ids
    swapped = next(item for item in strength if item.exercise.id == "lunge")
    assert swapped.block is Block.STRENGTH and "in place of Runner's lunge" in swapped.because[-1]

    act(app, sam, runner, RestoreAction(exercise="hip-cars", reason="pinch gone"), "web")
    mobility = [item.exercise.id for item in programs.plan_session(app, runner, Block.MOBILITY).items]
    assert "hip-cars" in mobility
    with app.reading() as db:
        assert runner_overrides.exercises_in(db, runner).swaps == {"runners-lunge": "lunge"}


def test_a_runner_whose_acceptable_maximum_is_3_steps_back_at_pain_4_where_the_default_holds(app, clock):
    runner, sam = runner_in_care(app, phase=2)
    other = screened_runner(app, "Bea")
    programs.override_phase(app, other, 2, by="Sam Ortiz, PT", reason="assessed")
    act(app, sam, runner, ThresholdAction(threshold="pain-safe-max", value=2, reason="flare-prone"), "web")
    act(
        app,
        sam,
        runner,
        ThresholdAction(threshold="pain-acceptable-max", value=3, reason="flare-prone"),
        "web",
    )

    for who in (runner, other):
        do_session(app, who, Block.STRENGTH, pain=4)
    clock.advance(days=1)
    stricter = morning(app, runner, pain=1)
    default = morning(app, other, pain=1)

    assert default.outcome is Outcome.HOLD
    assert stricter.outcome is Outcome.REGRESS
    assert "above 3/10" in stricter.decisions[0].reason


def test_an_assessment_entered_by_the_clinician_names_them_as_the_tester(app):
    runner, sam = runner_in_care(app)
    record = battery(app.local("UTC").today, hips(), tester="the runner")
    done = act(app, sam, runner, AssessmentAction(record=record, reason="first visit"), "api")
    with app.reading() as db:
        row = db.get(m.Assessment, done.value["after"])
        assert row.tester == "Sam Ortiz, PT"


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        (ThresholdAction(threshold="pain-acceptable-max", value=6, reason="x"), "silbernagel2007"),
        (ThresholdAction(threshold="morning-pain-ceiling", value=8, reason="x"), "only be made stricter"),
        (SwapAction(exercise="runners-lunge", instead="dead-bug", reason="x"), "keeps the same role"),
        (LadderAction(exercise="runners-lunge", level=9, reason="x"), "there is no level 9"),
        (LadderAction(exercise="runners-lunge", rounds=5, reason="x"), "rounds must be 2-3"),
        (PhaseAction(phase=2, reason="   "), "a reason is required"),
        (ExcludeAction(exercise="runners-lunge", reason="x" * 1001), "keep it to 1000"),
        (RestoreAction(exercise="hip-cars", reason="x"), "nothing to restore"),
    ],
)
def test_a_refused_action_says_why_and_writes_nothing(app, action, problem):
    runner, sam = runner_in_care(app, phase=2)
    before = (written(app), states(app, runner))
    with pytest.raises((InvalidInput, Conflict), match=problem):
        act(app, sam, runner, action, "web")
    assert (written(app), states(app, runner)) == before


def test_a_green_sessions_rule_is_design_and_may_be_loosened(app):
    runner, sam = runner_in_care(app, phase=2)
    act(app, sam, runner, ThresholdAction(threshold="green-sessions-to-progress", value=1, reason="x"), "web")
    with app.reading() as db:
        assert runner_overrides.limits_in(db, runner).green_sessions_to_progress == 1


def test_without_consent_or_after_a_revoke_nothing_is_written(app):
    runner, sam = runner_in_care(app, phase=2)
    stranger = make_clinician(app, email="kim@elsewhere.example", name="Kim Lee", clinic_name="Elsewhere")
    before = written(app)
    with pytest.raises(NotFound):
        act(app, stranger, runner, ExcludeAction(exercise="hip-cars", reason="x"), "web")
    link = clinic.access_list(app, runner)[0]
    clinic.revoke(app, runner, link.link_id)
    with pytest.raises(NotFound):
        act(app, sam, runner, ExcludeAction(exercise="hip-cars", reason="x"), "web")
    assert written(app) == before
