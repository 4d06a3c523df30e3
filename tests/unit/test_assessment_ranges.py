import pytest

from hipcoach.domain.anatomy import HipDirection
from hipcoach.domain.assessment.common import BandPosition, Sex
from hipcoach.domain.assessment.ranges import (
    active_knee_extension,
    hip_ranges,
    knee_to_wall,
    ranges_within_norms,
    thomas_test,
)

NORMAL = {
    HipDirection.FLEXION: 115.0,
    HipDirection.EXTENSION: 12.0,
    HipDirection.ABDUCTION: 40.0,
    HipDirection.ADDUCTION: 25.0,
    HipDirection.EXTERNAL_ROTATION: 50.0,
    HipDirection.INTERNAL_ROTATION: 35.0,
}


def test_hip_ranges_compare_each_direction_with_wilson_2014():
    result = hip_ranges(NORMAL, {**NORMAL, HipDirection.EXTENSION: 5.0})
    extension = result.row(HipDirection.EXTENSION)
    assert (extension.reference.low, extension.reference.high) == (10.0, 15.0)
    assert extension.left_position is BandPosition.WITHIN
    assert extension.right_position is BandPosition.BELOW
    # left 12 - right 5 = 7 degrees
    assert extension.difference_deg == pytest.approx(7.0)
    assert result.evidence == ("wilson2014",)


def test_hip_range_on_the_band_edges_is_within():
    edges = {**NORMAL, HipDirection.FLEXION: 110.0, HipDirection.INTERNAL_ROTATION: 40.0}
    result = hip_ranges(edges, edges)
    assert result.row(HipDirection.FLEXION).left_position is BandPosition.WITHIN
    assert result.row(HipDirection.INTERNAL_ROTATION).left_position is BandPosition.WITHIN


def test_thomas_hip_above_horizontal_means_short_one_joint_hip_flexors():
    result = thomas_test(5.0, 80.0, 0.0, 80.0)
    assert result.left.short_one_joint_hip_flexors
    assert not result.right.short_one_joint_hip_flexors  # exactly horizontal is not above


def test_thomas_knee_flexion_under_67_degrees_means_short_two_joint_hip_flexors():
    result = thomas_test(-10.0, 60.0, -10.0, 67.0)
    assert result.left.short_two_joint_hip_flexors
    assert not result.right.short_two_joint_hip_flexors  # exactly 67 is not under


def test_ake_deficit_above_33_degrees_in_men_means_short_hamstrings():
    result = active_knee_extension(35.0, 33.0, Sex.MALE)
    assert result.left.short
    assert not result.right.short  # exactly 33.0 is not above
    assert result.evidence == ("yildirim2018",)


def test_ake_deficit_above_23_4_degrees_in_women_means_short_hamstrings():
    result = active_knee_extension(25.0, 23.4, Sex.FEMALE)
    assert result.threshold_deg == 23.4
    assert result.left.short and not result.right.short


def test_knee_to_wall_of_9_cm_or_more_is_adequate_and_sides_are_compared():
    result = knee_to_wall(9.0, 6.5)
    assert result.left_adequate and not result.right_adequate
    # 9.0 - 6.5 = 2.5 cm
    assert result.difference_cm == pytest.approx(2.5)


def test_ranges_within_norms_when_nothing_falls_short():
    assert ranges_within_norms(
        hip_ranges(NORMAL, NORMAL), thomas_test(-5, 80, -5, 80), None, knee_to_wall(10, 10)
    )


def test_range_above_the_band_does_not_count_against_the_norms():
    loose = {**NORMAL, HipDirection.ABDUCTION: 55.0}
    assert ranges_within_norms(hip_ranges(loose, loose))


def test_ranges_are_not_within_norms_when_one_hip_direction_is_short():
    assert not ranges_within_norms(hip_ranges(NORMAL, {**NORMAL, HipDirection.EXTENSION: 5.0}))


def test_ranges_are_not_within_norms_with_short_hip_flexors_hamstrings_or_ankle():
    hips = hip_ranges(NORMAL, NORMAL)
    assert not ranges_within_norms(hips, thomas=thomas_test(5, 80, -5, 80))
    assert not ranges_within_norms(hips, hamstrings=active_knee_extension(40, 20, Sex.MALE))
    assert not ranges_within_norms(hips, ankle=knee_to_wall(10, 7))
