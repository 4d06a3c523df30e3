from dataclasses import replace
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from hipcoach.domain.assessment.change import Change
from hipcoach.domain.phases import Phase
from hipcoach.services import assessments, programs
from hipcoach.services.assessments import InvalidAssessment
from hipcoach.storage import models as m

from .assessment_data import battery, hips, reaches
from .helpers import count, morning, screened_runner


def test_a_recorded_battery_reads_back_scored_with_its_flags(app):
    runner = screened_runner(app)
    # limb 90 cm, reaches 65/95/93 -> composite (65 + 95 + 93) / (3 x 90) x 100 = 253 / 270 x 100 = 93.7 %
    # left anterior 65 vs right 70: 5 cm apart, more than 4 cm -> asymmetry flag, shorter on the left
    readings = reaches("left", 90, 65, 95, 93) | reaches("right", 90, 70, 95, 93)
    saved = assessments.record_assessment(app, runner, battery(app.local("UTC").today, readings))
    view = assessments.get_assessment(app, runner, saved.view.id)
    assert round(view.result.y_balance.left.composite_pct, 1) == 93.7
    flag_ids = [(f.id, f.side) for f in view.result.flags]
    assert ("y-balance.anterior-asymmetry", "left") in flag_ids
    assert ("y-balance.low-composite", "left") in flag_ids  # 93.7 % < 94 % for a woman
    assert view.previous_id is None and view.changes == ()


def test_a_rejected_battery_saves_nothing_and_names_every_problem(app):
    runner = screened_runner(app)
    readings = (
        reaches("left", 140, 65, 95, 93) | reaches("right", 90, 70, 95, 93) | {"knee-to-wall.left": 8.0}
    )
    with pytest.raises(InvalidAssessment) as error:
        assessments.record_assessment(app, runner, battery(app.local("UTC").today, readings))
    messages = [p.message for p in error.value.problems]
    assert any("left leg limb length: 140 cm is outside 50-130 cm" in text for text in messages)
    assert any("right knee-to-wall: missing" in text for text in messages)
    assert count(app, m.Assessment) == 0 and count(app, m.AssessmentReading) == 0


def test_reassessment_calls_changes_inside_the_error_band_no_real_change(app, clock):
    runner = screened_runner(app)
    first = reaches("left", 90, 65, 95, 93) | reaches("right", 90, 70, 95, 93) | {"psfs.1": 4.0}
    assessments.record_assessment(
        app, runner, battery(app.local("UTC").today, first, psfs_activities={1: "running hills"})
    )
    clock.advance(days=28)
    # anterior +5 cm: under 1.96 x sqrt(2) x 3.5 = 9.70 cm -> no real change
    # PSFS 4 -> 8 is +4 >= 2 -> improved
    second = reaches("left", 90, 70, 95, 93) | reaches("right", 90, 70, 95, 93) | {"psfs.1": 8.0}
    saved = assessments.record_assessment(
        app, runner, battery(app.local("UTC").today, second, psfs_activities={1: "running hills"})
    )
    changes = {c.key: c for c in saved.view.changes}
    assert changes["y-balance.left.anterior"].comparison.change is Change.NO_REAL_CHANGE
    assert changes["psfs"].comparison.change is Change.IMPROVED
    assert changes["y-balance.left.composite"].comparison is None  # no error figure: shown, not judged
    assert saved.view.record.psfs_activities == {1: "running hills"}
    assert saved.view.previous_on == app.local("UTC").today - timedelta(days=28)


def test_hip_ranges_within_norms_open_the_strength_phase_once_a_morning_shows_low_pain(app):
    runner = screened_runner(app)
    assert programs.overview(app, runner).phase is Phase.MOBILITY
    # No check-in yet: the ranges stand in for the session and day counts, never for the pain condition.
    saved = assessments.record_assessment(app, runner, battery(app.local("UTC").today, hips()))
    assert saved.phase_change is None
    assert programs.overview(app, runner).phase is Phase.MOBILITY

    report = morning(app, runner, pain=2, tightness=3)  # both at 3/10 or below
    assert report.phase_change is not None and report.phase_change.to_phase is Phase.STRENGTH
    assert programs.overview(app, runner).phase is Phase.STRENGTH


def test_hip_ranges_within_norms_do_not_open_strength_while_the_morning_pain_is_high(app):
    runner = screened_runner(app)
    assessments.record_assessment(app, runner, battery(app.local("UTC").today, hips()))
    report = morning(app, runner, pain=4, tightness=2)  # pain above 3/10 and not falling
    assert report.phase_change is None
    assert programs.overview(app, runner).phase is Phase.MOBILITY


def test_a_short_hip_range_keeps_the_mobility_phase(app):
    runner = screened_runner(app)
    short = dict(hips(), **{"hip-range.right.internal-rotation": 20.0})
    saved = assessments.record_assessment(app, runner, battery(app.local("UTC").today, short))
    assert saved.phase_change is None
    assert programs.overview(app, runner).phase is Phase.MOBILITY


def test_another_profile_cannot_read_or_delete_an_assessment(app):
    owner = screened_runner(app, "Ana")
    other = screened_runner(app, "Ben")
    saved = assessments.record_assessment(
        app, owner, battery(app.local("UTC").today, {"knee-to-wall.left": 9.0, "knee-to-wall.right": 7.0})
    )
    with pytest.raises(assessments.NotFound):
        assessments.get_assessment(app, other, saved.view.id)
    with pytest.raises(assessments.NotFound):
        assessments.delete_assessment(app, other, saved.view.id)
    assert count(app, m.Assessment) == 1


def abductors(left_force, right_force):
    readings = {}
    for side, force in (("left", left_force), ("right", right_force)):
        readings[f"dynamometry.hip-abductors.{side}.force"] = force
        readings[f"dynamometry.hip-abductors.{side}.lever-arm"] = 40.0
    return readings


def test_the_session_plan_follows_the_latest_assessment_and_the_extra_round_is_saved(app):
    from hipcoach.domain.content import Block
    from hipcoach.services.sessions import as_prescribed, save_session

    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="cleared after assessment")
    # left 200 N x 0.40 m / 60 kg = 1.33, right 240 x 0.40 / 60 = 1.60 N·m/kg: LSI 83% < 90% -> left weaker
    assessments.record_assessment(app, runner, battery(app.local("UTC").today, abductors(200, 240)))
    plan = programs.plan_session(app, runner, Block.STRENGTH)
    lunge = next(i for i in plan.items if i.exercise.id == "runners-lunge")
    assert lunge.extra_side == "left"
    assert lunge.because[0].startswith("because your left hip abductors were 83% as strong")
    overview = programs.overview(app, runner)
    assert [a.emphasis.value for a in overview.adaptations] == [
        "an extra round on the weaker side",
        "bridge and step-up emphasis",
    ]
    record = as_prescribed(plan, app.local("UTC").today, baseline_pain=1, pain_during=2, rpe=6)
    saved = save_session(app, runner, record)
    assert saved.full_dose["runners-lunge"] is True
    with app.reading() as db:
        rounds = db.scalars(
            select(m.SessionSet.round)
            .join(m.SessionExercise)
            .where(m.SessionExercise.exercise_id == "runners-lunge", m.SessionSet.side == "left")
        ).all()
    assert max(rounds) == lunge.rounds + 1


def test_an_extra_round_on_both_sides_is_refused(app):
    from hipcoach.domain.content import Block
    from hipcoach.services.errors import InvalidInput
    from hipcoach.services.sessions import SetRecord, as_prescribed, save_session

    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="cleared after assessment")
    plan = programs.plan_session(app, runner, Block.STRENGTH)
    record = as_prescribed(plan, app.local("UTC").today, baseline_pain=1, pain_during=2, rpe=6)
    lunge = next(e for e in record.exercises if e.exercise_id == "runners-lunge")
    extra = tuple(SetRecord(lunge.rounds + 1, side, reps=6) for side in ("left", "right"))
    changed = replace(
        record,
        exercises=tuple(replace(e, sets=e.sets + extra) if e is lunge else e for e in record.exercises),
    )
    with pytest.raises(InvalidInput, match="an extra round is done on one side only"):
        save_session(app, runner, changed)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"age": 5}, "age: 5 is outside 10-100 years"),
        ({"body_mass_kg": 400.0}, "body mass: 400 kg is outside"),
    ],
)
def test_an_impossible_age_or_body_mass_is_refused_even_when_no_test_needs_it(app, context, message):
    # The record itself refuses it, whatever door it came through (API, answers file, form).
    runner = screened_runner(app)
    readings = {"knee-to-wall.left": 9.0, "knee-to-wall.right": 10.0}
    with pytest.raises(ValidationError, match=message):
        assessments.record_assessment(app, runner, battery(app.local("UTC").today, readings, **context))
    assert count(app, m.Assessment) == 0
