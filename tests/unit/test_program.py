from datetime import date

import pytest

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import (
    ProgramSettings,
    initial_states,
    session_plan,
    todays_kind,
    weekly_plan,
)
from hipcoach.domain.progression import ExerciseState
from tests.unit.factories import library

LIB = library()


def test_phase_one_plans_mobility_at_least_three_times_and_no_strength():
    plan = weekly_plan(Phase.MOBILITY, ProgramSettings())
    assert plan.count(Block.MOBILITY) >= 3
    assert plan.count(Block.STRENGTH) == 0


@pytest.mark.parametrize(("asked", "expected"), [(1, 2), (2, 2), (3, 3)])
def test_strength_phases_plan_two_to_three_strength_sessions(asked, expected):
    plan = weekly_plan(Phase.STRENGTH, ProgramSettings(strength_days_per_week=asked))
    assert plan.count(Block.STRENGTH) == expected
    assert plan.count(Block.MOBILITY) >= 3
    assert "blagrove2018" in plan.evidence


@pytest.mark.parametrize("per_week", [2, 3])
def test_strength_days_are_at_least_48_hours_apart_across_the_week(per_week):
    plan = weekly_plan(Phase.ELONGATED, ProgramSettings(strength_days_per_week=per_week))
    days = [d.weekday for d in plan.days if Block.STRENGTH in d.blocks]
    gaps = [(b - a) for a, b in zip(days, days[1:] + [days[0] + 7], strict=True)]
    assert min(gaps) >= 2


def test_maintenance_plans_one_or_two_strength_sessions():
    assert (
        weekly_plan(Phase.MAINTENANCE, ProgramSettings(strength_days_per_week=3)).count(Block.STRENGTH) == 2
    )
    assert (
        weekly_plan(Phase.MAINTENANCE, ProgramSettings(strength_days_per_week=1)).count(Block.STRENGTH) == 1
    )


def test_every_strength_day_starts_with_the_mobility_warm_up():
    plan = weekly_plan(Phase.STRENGTH, ProgramSettings())
    for day in plan.days:
        if Block.STRENGTH in day.blocks:
            assert day.blocks[0] is Block.MOBILITY


def test_foot_pain_adds_the_foot_block_to_every_session_day():
    plan = weekly_plan(Phase.MOBILITY, ProgramSettings(include_foot=True))
    assert plan.count(Block.FOOT) == plan.count(Block.MOBILITY)
    assert any("foot" in line for line in plan.rationale)


def test_a_strength_session_runs_mobility_then_strength_then_core_then_foot():
    settings = ProgramSettings(include_core=True, include_foot=True)
    plan = session_plan(Phase.STRENGTH, Block.STRENGTH, LIB, initial_states(LIB), settings)
    assert plan.blocks() == (Block.MOBILITY, Block.STRENGTH, Block.CORE, Block.FOOT)
    warm_up = [i for i in plan.items if i.block is Block.MOBILITY]
    assert all(i.rounds == 1 for i in warm_up)


def test_strength_items_carry_their_ladder_level_rounds_and_rest():
    states = initial_states(LIB) | {"lunge": ExerciseState("lunge", 3, 3, 5)}
    plan = session_plan(Phase.STRENGTH, Block.STRENGTH, LIB, states, ProgramSettings(include_core=False))
    lunge = next(i for i in plan.items if i.exercise.id == "lunge")
    assert (lunge.level, lunge.level_name, lunge.rounds, lunge.rest_seconds) == (3, "level 3", 3, 75)
    assert lunge.sides == ("left", "right")
    assert plan.blocks() == (Block.MOBILITY, Block.STRENGTH)


def test_phase_one_sessions_go_twice_through_the_mobility_circuit():
    plan = session_plan(Phase.MOBILITY, Block.MOBILITY, LIB, {}, ProgramSettings())
    assert plan.blocks() == (Block.MOBILITY,)
    assert all(i.rounds == 2 for i in plan.items)


def test_no_strength_session_in_phase_one():
    with pytest.raises(ValueError, match="phase 2"):
        session_plan(Phase.MOBILITY, Block.STRENGTH, LIB, {}, ProgramSettings())


def test_todays_kind_follows_the_weekday():
    plan = weekly_plan(Phase.STRENGTH, ProgramSettings(strength_days_per_week=2))
    assert todays_kind(plan, date(2026, 11, 23)) is Block.STRENGTH  # a Monday
    assert todays_kind(plan, date(2026, 11, 28)) is Block.MOBILITY  # a Saturday
    assert todays_kind(plan, date(2026, 11, 27)) is None  # a Friday
