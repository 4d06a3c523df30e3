"""`hipcoach session` when an exercise hurts: pain above the acceptable threshold stops the exercise and
offers the easier level, a smaller range or leaving it; pain within it is noted and the exercise goes on.
On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.helpers import screened_runner

LUNGE = "runners-lunge"


def only_session(app, profile_id: int) -> m.TrainingSession:
    with app.reading() as db:
        session = db.scalars(
            select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
        ).one()
        for exercise in session.exercises:  # loaded, with their sets, before the reading ends
            exercise.sets  # noqa: B018
        return session


def strength_runner_at_lunge_level_two(app) -> int:
    profile_id = screened_runner(app, "Ana")
    programs.override_phase(app, profile_id, 2, by="Sam Ortiz, PT", reason="full range")
    with app.transaction() as db:
        program_id = db.scalar(select(m.Program.id).where(m.Program.profile_id == profile_id))
        db.execute(
            update(m.ExerciseState)
            .where(m.ExerciseState.program_id == program_id, m.ExerciseState.exercise_id == LUNGE)
            .values(ladder_level=2)
        )
    return profile_id


def test_pain_above_the_threshold_stops_the_exercise_and_the_easier_level_is_recorded(cli, app):
    profile_id = strength_runner_at_lunge_level_two(app)
    plan = programs.plan_session(app, profile_id, Block.STRENGTH)
    lunge = next(item for item in plan.items if item.exercise.id == LUNGE)
    before = plan.items[: plan.items.index(lunge)]
    assert lunge.level == 2 and lunge.dose.reps_per_side  # the first set asks for its reps

    answers = (
        "1\n"  # pain before
        + "s\n" * len(before)  # skip the exercises before the lunge
        + "\n"  # start the lunge
        + "\n"  # reps of the first set, as prescribed
        + "h\n7\nn\n"  # it hurts: 7/10, not sharp
        + "e\n"  # go on at the easier level
        + "\n" * 300  # everything else as offered
    )
    result = cli("session", "--kind", "strength", "--no-timers", "--profile", "Ana", input=answers)
    assert result.exit_code == 0, result.output
    assert "7/10: Pain above 5/10 is too much: this exercise stops here." in result.output
    assert "e  Go on at the easier level: level 1, Split-squat hold with two-arm press" in result.output
    assert (
        "r  Go on with a smaller range" in result.output
        and "s  Leave this exercise for today" in result.output
    )
    note = "Runner's lunge with overhead press: stopped for pain of 7/10 (above 5/10); went on at level 1."
    assert f"What hurt: {note}" in result.output

    session = only_session(app, profile_id)
    done = next(e for e in session.exercises if e.exercise_id == LUNGE)
    # the worst pain (the effort question offered 7 and was taken), level 1 as done, not the full dose
    assert (done.ladder_level, done.pain_during, done.full_dose) == (1, 7, False)
    assert session.pain_during == 7 and session.notes == note
    assert len(done.sets) == lunge.set_count  # every set was done, the later ones at level 1


def test_a_lower_answer_afterwards_does_not_hide_the_pain_reported_during_the_exercise(cli, app):
    profile_id = strength_runner_at_lunge_level_two(app)
    plan = programs.plan_session(app, profile_id, Block.STRENGTH)
    lunge = next(item for item in plan.items if item.exercise.id == LUNGE)
    before = plan.items[: plan.items.index(lunge)]
    sets_after_first = lunge.set_count - 1
    answers = (
        "1\n"
        + "s\n" * len(before)
        + "\n\n"  # start, first set's reps
        + "h\n2\ny\n"  # sharp pain, however low the score
        + "r\n"  # a smaller range
        + "\n\n" * sets_after_first  # each later set's reps and "any pain?"
        + "\n"  # load
        + "1\n"  # pain during the lunge, typed lower than reported
        + "\n" * 300
    )
    result = cli("session", "--kind", "strength", "--no-timers", "--profile", "Ana", input=answers)
    assert result.exit_code == 0, result.output
    assert "stops this exercise here, whatever its score" in result.output

    session = only_session(app, profile_id)
    done = next(e for e in session.exercises if e.exercise_id == LUNGE)
    assert (done.ladder_level, done.pain_during, done.full_dose) == (2, 2, False)
    assert session.notes == (
        "Runner's lunge with overhead press: stopped for sharp, shooting, burning or stinging pain (2/10); "
        "went on with a smaller range."
    )


@pytest.mark.parametrize(
    ("pain", "said"), [(3, "Pain up to 3/10 is fine: carry on."), (5, "Pain of 4-5/10 is acceptable")]
)
def test_pain_at_or_below_the_threshold_is_noted_and_the_exercise_goes_on(cli, app, pain, said):
    profile_id = screened_runner(app, "Ana")
    answers = (
        "1\n"  # pain before
        + "\n\n"  # start Hip CARs, circles of the first set
        + f"h\n{pain}\nn\n"  # it hurts, within the threshold
        + "\n" * 400
    )
    result = cli("session", "--no-timers", "--profile", "Ana", input=answers)
    assert result.exit_code == 0, result.output
    assert f"Noted: {pain}/10. {said}" in result.output
    assert "What now?" not in result.output and "What hurt" not in result.output

    session = only_session(app, profile_id)
    cars = next(e for e in session.exercises if e.exercise_id == "hip-cars")
    assert (cars.pain_during, cars.full_dose) == (pain, True)
    assert session.pain_during == pain  # the end question offered the worst reported
    assert session.notes == ""


def test_leaving_an_exercise_for_today_moves_on_to_the_next(cli, app):
    profile_id = screened_runner(app, "Ana")
    answers = "1\n" + "\n\n" + "h\n6\nn\n" + "s\n" + "\n" * 400
    result = cli("session", "--no-timers", "--profile", "Ana", input=answers)
    assert result.exit_code == 0, result.output
    assert "e  Go on at the easier level" not in result.output  # a mobility exercise has no ladder

    session = only_session(app, profile_id)
    cars = next(e for e in session.exercises if e.exercise_id == "hip-cars")
    assert (len(cars.sets), cars.pain_during, cars.full_dose) == (1, 6, False)
    assert session.pain_during == 6
    assert session.notes == (
        "Hip CARs (controlled articular rotations): stopped for pain of 6/10 (above 5/10); left it for today."
    )
