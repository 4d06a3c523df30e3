"""How long a session takes: one estimate, worked out by hand, for the calendar and the home screen."""

from __future__ import annotations

from hipcoach.content import default_library
from hipcoach.domain.content import Block, Dose
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import (
    SECONDS_PER_CIRCLE,
    SECONDS_PER_REP,
    SECONDS_TO_SET_UP,
    ProgramSettings,
    SessionItem,
    SessionPlan,
    session_minutes,
    session_plan,
    session_seconds,
    set_seconds,
)
from hipcoach.domain.rules import REP_REST_SECONDS

LIBRARY = default_library()


def item(exercise_id: str, dose: Dose, rounds: int, rest: int, extra_side: str | None = None) -> SessionItem:
    exercise = LIBRARY.exercises[exercise_id]
    return SessionItem(exercise, exercise.block, None, None, dose, rounds, rest, extra_side=extra_side)


def test_a_worked_example_of_three_exercises():
    # the example's numbers
    assert (SECONDS_PER_REP, SECONDS_PER_CIRCLE, SECONDS_TO_SET_UP, REP_REST_SECONDS) == (3, 4, 10, 3)
    plan = SessionPlan(
        Phase.STRENGTH,
        Block.STRENGTH,
        (
            # 5 reps with a 5 s hold, each side, twice: 4 sets of 5 x (3 + 5) = 40 s and the 4 pauses of 3 s
            # between the held reps (52 s), each with 10 s to set up (4 x 62 = 248 s), and one 30 s rest
            # between the rounds: 278 s.
            item("half-kneeling-hip-flexor-mobilisation", Dose(reps_per_side=5, hold_seconds=5), 2, 30),
            # 3 circles each way, each side, twice and once more on the left: 5 sets of 2 x 3 x 4 = 24 s
            # (5 x 34 = 170 s) and two 75 s rests: 320 s.
            item("half-kneeling-halo", Dose(circles_each_direction=3), 2, 75, extra_side="left"),
            # A 30 s hold each side, once: 2 x (30 + 10) = 80 s, no rest.
            item("figure-four-stretch", Dose(hold_seconds=30), 1, 30),
        ),
    )
    assert [set_seconds(i.dose) for i in plan.items] == [52, 24, 30]
    assert session_seconds(plan) == 278 + 320 + 80 == 678
    assert session_minutes(plan) == 12  # 11.3 minutes, rounded up: "about" never promises less


def test_a_strength_day_takes_its_warm_up_and_more_than_the_warm_up_alone():
    settings = ProgramSettings()
    mobility_day = session_plan(Phase.STRENGTH, Block.MOBILITY, LIBRARY, {}, settings)
    strength_day = session_plan(Phase.STRENGTH, Block.STRENGTH, LIBRARY, {}, settings)
    warm_up = SessionPlan(
        Phase.STRENGTH, Block.MOBILITY, tuple(i for i in strength_day.items if i.block is Block.MOBILITY)
    )
    # The mobility day works the circuit twice, the warm-up once: the same moves, half the sets.
    assert sum(i.set_count for i in mobility_day.items) == 2 * sum(i.set_count for i in warm_up.items)
    assert session_seconds(warm_up) < session_seconds(mobility_day)
    assert session_seconds(strength_day) > session_seconds(warm_up)
    assert 10 <= session_minutes(mobility_day) <= 60 and 10 <= session_minutes(strength_day) <= 90
