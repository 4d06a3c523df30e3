import math

import pytest

from hipcoach.domain.anatomy import HipDirection
from hipcoach.domain.assessment.balance import LegReaches, y_balance
from hipcoach.domain.assessment.common import AssessmentInputError, Sex
from hipcoach.domain.assessment.psfs import psfs_score
from hipcoach.domain.assessment.ranges import active_knee_extension, hip_ranges, knee_to_wall, thomas_test
from hipcoach.domain.assessment.strength import DynamometerReading, MuscleGroup, measure_strength, torque_nm


def leg(limb=90.0, anterior=(65.0,) * 3):
    return LegReaches(limb, anterior, (95.0,) * 3, (93.0,) * 3)


def test_the_input_error_is_a_value_error_that_names_its_field():
    with pytest.raises(ValueError) as caught:
        y_balance(leg(limb=45), leg(), Sex.MALE)
    assert isinstance(caught.value, AssessmentInputError)
    assert caught.value.field == "left leg limb length"


@pytest.mark.parametrize("limb", [49.9, 130.1, math.nan])
def test_limb_length_outside_50_to_130_cm_is_refused(limb):
    with pytest.raises(AssessmentInputError, match=r"^right leg limb length: .* outside 50-130 cm"):
        y_balance(leg(), leg(limb=limb), Sex.MALE)


def test_limb_length_of_exactly_50_and_130_cm_is_accepted():
    y_balance(leg(limb=50, anterior=(40.0,) * 3), leg(limb=130), Sex.MALE)


def test_a_reach_above_200_percent_of_limb_length_is_refused():
    # 200% of 90 cm = 180 cm
    with pytest.raises(
        AssessmentInputError, match=r"^left leg anterior reach: 181 cm is outside 0-200% .*0-180 cm"
    ):
        y_balance(leg(anterior=(65.0, 65.0, 181.0)), leg(), Sex.MALE)


def test_a_negative_reach_is_refused():
    with pytest.raises(AssessmentInputError, match="^left leg anterior reach"):
        y_balance(leg(anterior=(65.0, 65.0, -1.0)), leg(), Sex.MALE)


def test_a_missing_trial_is_refused():
    with pytest.raises(
        AssessmentInputError, match=r"^left leg anterior reach: 2 trial\(s\) recorded, 3 needed"
    ):
        y_balance(leg(anterior=(65.0, 66.0)), leg(), Sex.MALE)


def test_a_missing_side_is_refused():
    with pytest.raises(AssessmentInputError, match="^right leg: missing"):
        y_balance(leg(), None, Sex.MALE)
    with pytest.raises(AssessmentInputError, match="^left knee-to-wall: missing"):
        knee_to_wall(None, 10)
    with pytest.raises(AssessmentInputError, match="^hip abductors right: missing"):
        measure_strength(MuscleGroup.HIP_ABDUCTORS, DynamometerReading(200, 40), None, 64)


def test_a_missing_hip_direction_is_refused():
    full = dict.fromkeys(HipDirection, 30.0)
    partial = {d: 30.0 for d in HipDirection if d is not HipDirection.ADDUCTION}
    with pytest.raises(AssessmentInputError, match="^right hip adduction: missing"):
        hip_ranges(full, partial)


@pytest.mark.parametrize("force", [-1.0, 1000.5])
def test_force_outside_0_to_1000_newtons_is_refused(force):
    with pytest.raises(AssessmentInputError, match=r"^dynamometer force: .* outside 0-1000 N"):
        torque_nm(force, 40)


@pytest.mark.parametrize("lever", [9.9, 60.1])
def test_lever_arm_outside_10_to_60_cm_is_refused(lever):
    with pytest.raises(AssessmentInputError, match=r"^dynamometer lever arm: .* outside 10-60 cm"):
        torque_nm(200, lever)


def test_a_strength_error_names_the_muscle_and_side():
    with pytest.raises(AssessmentInputError, match="^hip extensors left force"):
        measure_strength(
            MuscleGroup.HIP_EXTENSORS, DynamometerReading(1200, 40), DynamometerReading(200, 40), 64
        )


def test_body_mass_outside_plausible_limits_is_refused():
    with pytest.raises(AssessmentInputError, match="^body mass"):
        measure_strength(
            MuscleGroup.HIP_EXTENSORS, DynamometerReading(200, 40), DynamometerReading(200, 40), 0
        )


@pytest.mark.parametrize("angle", [-1.0, 180.5])
def test_a_joint_angle_outside_0_to_180_degrees_is_refused(angle):
    full = dict.fromkeys(HipDirection, 30.0)
    with pytest.raises(AssessmentInputError, match=r"^left hip flexion: .* outside 0-180 degrees"):
        hip_ranges({**full, HipDirection.FLEXION: angle}, full)
    with pytest.raises(AssessmentInputError, match="^right active knee extension deficit"):
        active_knee_extension(20, angle, Sex.FEMALE)


def test_a_thomas_hip_angle_beyond_90_degrees_from_horizontal_is_refused():
    with pytest.raises(AssessmentInputError, match=r"^left Thomas hip angle: .* outside -90-90 degrees"):
        thomas_test(95, 80, 0, 80)


def test_psfs_needs_one_to_five_ratings_of_0_to_10():
    with pytest.raises(AssessmentInputError, match="^PSFS activities: rate at least one"):
        psfs_score([])
    with pytest.raises(AssessmentInputError, match="^PSFS activities: 6 given, at most 5"):
        psfs_score([5] * 6)
    with pytest.raises(AssessmentInputError, match="^PSFS activity 2: 11 points is outside 0-10"):
        psfs_score([5, 11])
