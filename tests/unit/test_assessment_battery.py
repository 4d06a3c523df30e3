"""The battery read from flat readings: scoring, collected problems, flags, measures and change."""

import pytest

from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import (
    FIELD_BY_KEY,
    FIELDS,
    BatteryInput,
    InvalidBattery,
    TestId,
    compare_results,
    evaluate,
)
from hipcoach.domain.assessment.change import Change
from hipcoach.domain.assessment.common import Sex, Side
from hipcoach.domain.assessment.findings import Emphasis

HIP_NORMAL = {
    "flexion": 115.0,
    "extension": 12.0,
    "abduction": 40.0,
    "adduction": 25.0,
    "external-rotation": 50.0,
    "internal-rotation": 35.0,
}


def reaches(side, limb, anterior, posteromedial, posterolateral, trials=(0, 0, 0)):
    readings = {f"y-balance.{side}.limb-length": limb}
    for direction, value in (
        ("anterior", anterior),
        ("posteromedial", posteromedial),
        ("posterolateral", posterolateral),
    ):
        for trial, offset in zip((1, 2, 3), trials, strict=True):
            readings[f"y-balance.{side}.{direction}.{trial}"] = value + offset
    return readings


def hips(**changes):
    readings = {f"hip-range.{side}.{d}": v for side in ("left", "right") for d, v in HIP_NORMAL.items()}
    return readings | {k.replace("_", "."): v for k, v in changes.items()}


def run(readings, **context):
    context.setdefault("sex", Sex.FEMALE)
    return evaluate(BatteryInput(readings=readings, **context))


def test_every_test_has_fields_with_unique_keys_named_after_it():
    keys = [spec.key for specs in FIELDS.values() for spec in specs]
    assert len(keys) == len(set(keys)) == len(FIELD_BY_KEY)
    assert all(spec.key.startswith(f"{test}.") for test, specs in FIELDS.items() for spec in specs)
    assert len(FIELDS[TestId.Y_BALANCE]) == 2 * (1 + 3 * 3)  # limb length + 3 directions x 3 trials, per leg
    assert len(FIELDS[TestId.DYNAMOMETRY]) == 4 * 2 * 2  # 4 muscle groups x 2 sides x force and lever arm


def test_composite_reach_from_flat_readings_matches_the_worked_example():
    # (65 + 95 + 93) / (3 x 90) x 100 = 253 / 270 x 100 = 93.70 %
    result = run(reaches("left", 90, 65, 95, 93) | reaches("right", 90, 65, 95, 93))
    assert result.tests == (TestId.Y_BALANCE,)
    assert round(result.y_balance.left.composite_pct, 2) == 93.70
    assert result.measures["y-balance.left.composite"].value == pytest.approx(93.7037, abs=1e-4)


def test_mean_of_three_and_best_trial_score_differently_and_say_which():
    # trials 63, 65, 67: mean 65, best 67
    readings = reaches("left", 90, 65, 95, 93, trials=(-2, 0, 2)) | reaches("right", 90, 65, 95, 93)
    assert run(readings).y_balance.left.anterior_cm == pytest.approx(65)
    best = run(readings, scoring=Scoring.BEST).y_balance
    assert best.left.anterior_cm == 67 and best.scoring is Scoring.BEST


def test_problems_are_collected_across_tests_and_name_the_field():
    readings = (
        reaches("left", 140, 65, 95, 93) | reaches("right", 90, 65, 95, 93) | {"knee-to-wall.left": 9.0}
    )
    readings["thomas.left.hip-angle"] = 5.0
    with pytest.raises(InvalidBattery) as error:
        run(readings)
    by_test = {p.test: p.message for p in error.value.problems}
    assert "140 cm is outside 50-130 cm" in by_test[TestId.Y_BALANCE]
    assert by_test[TestId.KNEE_TO_WALL] == "right knee-to-wall: missing"
    assert "left Thomas knee flexion: missing" in by_test[TestId.THOMAS]


@pytest.mark.parametrize(
    ("readings", "message"),
    [
        ({}, "record at least one test"),
        ({"y-balance.left.nose": 3.0}, "not a reading hipcoach knows"),
        ({"dynamometry.hip-abductors.left.force": 200.0}, "left hip abductors lever arm: missing"),
        ({"psfs.1": 4.0}, "say which activity the rating is for"),
        ({"psfs.2": 11.0}, "outside 0-10"),
        ({"hip-range.left.flexion": 200.0}, "outside 0-180 degrees"),
    ],
)
def test_impossible_or_incomplete_readings_are_refused(readings, message):
    with pytest.raises(InvalidBattery, match=message):
        activities = {2: "running downhill"} if "psfs.2" in readings else {}
        run(readings, body_mass_kg=60.0, psfs_activities=activities)


def test_reference_values_need_a_sex_and_strength_needs_body_mass():
    with pytest.raises(InvalidBattery, match="sex: needed"):
        run({"active-knee-extension.left": 20.0, "active-knee-extension.right": 20.0}, sex=None)
    strength = {
        "dynamometry.hip-abductors.left.force": 200.0,
        "dynamometry.hip-abductors.left.lever-arm": 40.0,
        "dynamometry.hip-abductors.right.force": 200.0,
        "dynamometry.hip-abductors.right.lever-arm": 40.0,
    }
    with pytest.raises(InvalidBattery, match="body mass: needed"):
        run(strength)


def test_hamstring_quadriceps_ratio_is_worked_out_per_side_from_torques():
    # hamstrings 150 N x 0.40 m = 60 N·m; quadriceps 250 N x 0.40 m = 100 N·m; 60 / 100 = 0.60
    # right hamstrings 100 N x 0.40 = 40 N·m -> 0.40, under 0.6: flagged
    readings = {}
    for group, left, right in (("hamstrings", 150.0, 100.0), ("quadriceps", 250.0, 250.0)):
        for side, force in (("left", left), ("right", right)):
            readings[f"dynamometry.{group}.{side}.force"] = force
            readings[f"dynamometry.{group}.{side}.lever-arm"] = 40.0
    result = run(readings, body_mass_kg=70.0)
    ratios = {r.side: round(r.ratio, 2) for r in result.hamstring_quadriceps}
    assert ratios == {Side.LEFT: 0.6, Side.RIGHT: 0.4}
    assert [(f.id, f.side) for f in result.flags if f.id == "strength.hq-low"] == [
        ("strength.hq-low", Side.RIGHT)
    ]


def test_short_hip_extension_asks_for_extension_range_mobility_and_keeps_phase_one():
    result = run(hips(**{"hip-range_left_extension": 5.0}))
    assert [a.emphasis for a in result.adaptations] == [Emphasis.EXTENSION_RANGE_MOBILITY]
    assert result.adaptations[0].because == "because your hip extension was under 10 degrees on the left side"
    assert result.ranges_within_norms is False
    flag = next(f for f in result.flags if f.id == "hip-range.extension-below")
    assert "Wilson 2014" in flag.explanation and flag.side is Side.LEFT


def test_ranges_within_norms_only_when_the_hip_was_measured():
    assert run(hips()).ranges_within_norms is True
    assert run({"knee-to-wall.left": 10.0, "knee-to-wall.right": 10.0}).ranges_within_norms is None
    # a short knee-to-wall measured alongside the hip keeps the gate shut
    assert run(hips() | {"knee-to-wall.left": 6.0, "knee-to-wall.right": 10.0}).ranges_within_norms is False


def test_reassessment_judges_each_measure_against_its_own_error():
    before = run(
        reaches("left", 90, 65, 95, 93)
        | reaches("right", 90, 70, 95, 93)
        | {"knee-to-wall.left": 8.0, "knee-to-wall.right": 9.0}
    )
    # anterior +9.7 cm is not beyond 9.70 (strictly more is needed); posteromedial +10 cm is improved;
    # knee-to-wall +1 cm (inclusive) is improved on the left, -0.5 cm is no real change on the right
    after = run(
        reaches("left", 90, 74.7, 105, 93)
        | reaches("right", 90, 70, 95, 93)
        | {"knee-to-wall.left": 9.0, "knee-to-wall.right": 8.5}
    )
    changes = {c.key: c for c in compare_results(before, after)}
    assert changes["y-balance.left.anterior"].comparison.change is Change.NO_REAL_CHANGE
    assert changes["y-balance.left.posteromedial"].comparison.change is Change.IMPROVED
    assert changes["knee-to-wall.left"].comparison.change is Change.IMPROVED
    assert changes["knee-to-wall.right"].comparison.change is Change.NO_REAL_CHANGE
    assert changes["y-balance.left.composite"].comparison is None
    assert changes["y-balance.left.anterior"].comparison.threshold.derived is True


def test_a_psfs_rise_of_four_points_is_meaningful():
    before = run({"psfs.1": 3.0, "psfs.2": 5.0}, psfs_activities={1: "hills", 2: "stairs"})
    after = run({"psfs.1": 7.0, "psfs.2": 9.0}, psfs_activities={1: "hills", 2: "stairs"})
    # mean 4 -> 8: +4 points >= 2
    (change,) = compare_results(before, after)
    assert change.difference == 4 and change.comparison.change is Change.IMPROVED
    assert after.psfs_activities == {1: "hills", 2: "stairs"}


def test_a_named_psfs_activity_without_a_rating_is_a_problem_not_dropped():
    with pytest.raises(InvalidBattery, match="PSFS activity 1: 'running downhill' has no rating"):
        run({"knee-to-wall.left": 9.0, "knee-to-wall.right": 9.0}, psfs_activities={1: "running downhill"})


def test_field_labels_read_like_the_problems_that_name_them():
    with pytest.raises(InvalidBattery) as error:
        run(reaches("left", 140, 65, 95, 93) | reaches("right", 90, 65, 95, 93))
    label = FIELD_BY_KEY["y-balance.left.limb-length"].label
    assert error.value.problems[0].message.startswith(f"{label}: ")
