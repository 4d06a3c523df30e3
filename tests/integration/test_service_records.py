"""Bad input is refused by name and nothing is half-written; data survives a restart."""

from dataclasses import replace
from datetime import timedelta

import pytest

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.services import programs, sessions
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.services.profiles import create_profile, resolve_profile
from hipcoach.services.sessions import ExerciseRecord, SetRecord, as_prescribed, save_session
from hipcoach.storage.db import open_database
from tests.integration.helpers import checkin_flags, do_session, morning, row_counts, screened_runner


def planned(app, runner, **changes):
    plan = programs.plan_session(app, runner)
    record = as_prescribed(plan, app.local("UTC").today, baseline_pain=1, pain_during=2, rpe=6)
    return replace(record, **changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"baseline_pain": 11}, "pain before the session must be between 0 and 10, got 11"),
        ({"rpe": -1}, "RPE must be between 0 and 10"),
        ({"exercises": (ExerciseRecord("no-such-move", None, 1, ()),)}, "unknown exercise 'no-such-move'"),
    ],
)
def test_impossible_session_values_are_refused_and_nothing_is_written(app, changes, message):
    runner = screened_runner(app)
    before = row_counts(app)
    with pytest.raises(InvalidInput, match=message):
        save_session(app, runner, planned(app, runner, **changes))
    assert row_counts(app) == before


def test_negative_reps_and_a_future_date_are_refused(app):
    runner = screened_runner(app)
    record = planned(app, runner)
    first = record.exercises[0]
    bad = replace(first, sets=(SetRecord(1, first.sets[0].side, reps=-3),))
    with pytest.raises(InvalidInput, match="reps cannot be negative, got -3"):
        save_session(app, runner, replace(record, exercises=(bad,)))
    with pytest.raises(InvalidInput, match="in the future"):
        save_session(app, runner, replace(record, performed_on=app.local("UTC").today + timedelta(days=1)))
    with pytest.raises(InvalidInput, match="pain must be between 0 and 10, got 11"):
        check_in(app, runner, CheckinInput(app.local("UTC").today, 11, 2, checkin_flags()))
    with pytest.raises(InvalidInput, match="unknown red flag"):
        check_in(app, runner, CheckinInput(app.local("UTC").today, 1, 2, checkin_flags() | {"made-up": True}))


def test_a_crash_while_saving_leaves_no_half_session(app, monkeypatch):
    runner = screened_runner(app)
    before = row_counts(app)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(sessions.programs, "advance_if_open", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        save_session(app, runner, planned(app, runner))
    assert row_counts(app) == before


def test_a_session_stores_every_side_and_round(app):
    runner = screened_runner(app)
    saved = do_session(app, runner, Block.MOBILITY)
    plan = programs.plan_session(app, runner)
    expected_sets = sum(item.rounds * len(item.sides) for item in plan.items)
    assert row_counts(app)["session_sets"] == expected_sets
    assert all(saved.full_dose.values())


def test_a_short_set_is_not_full_dose(app):
    runner = screened_runner(app)
    record = planned(app, runner)
    first = record.exercises[0]
    shorter = replace(first, sets=first.sets[1:])
    saved = save_session(app, runner, replace(record, exercises=(shorter, *record.exercises[1:])))
    assert saved.full_dose[first.exercise_id] is False


def test_profiles_are_separate_and_names_unique(app):
    ana = screened_runner(app, "Ana")
    ben = screened_runner(app, "Ben")
    do_session(app, ana, Block.MOBILITY)
    assert morning(app, ben).session_id is None  # Ana's session is not Ben's
    with pytest.raises(Conflict, match="already exists"):
        create_profile(app, "Ana")
    with pytest.raises(InvalidInput, match="several profiles"):
        resolve_profile(app, None)


def test_everything_is_still_there_after_a_restart(database_url, clock):
    first = Hipcoach(open_database(database_url), default_library(), now=clock)
    runner = screened_runner(first)
    do_session(first, runner, Block.MOBILITY)
    first.close()
    second = Hipcoach(open_database(database_url), default_library(), now=clock)
    try:
        assert resolve_profile(second, "Ana").id == runner
        assert row_counts(second)["training_sessions"] == 1
        assert programs.overview(second, runner).status == "active"
    finally:
        second.close()
