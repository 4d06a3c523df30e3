import math

import pytest

from hipcoach.domain.assessment.change import THRESHOLDS, Change, Measure, compare
from hipcoach.domain.assessment.psfs import psfs_score


def test_y_balance_threshold_is_derived_from_shaffer_sem_of_3_5_cm():
    # 1.96 x sqrt(2) x 3.5 = 1.96 x 1.4142 x 3.5 = 9.70 cm
    threshold = THRESHOLDS[Measure.Y_BALANCE_REACH]
    assert threshold.value == pytest.approx(1.96 * math.sqrt(2) * 3.5)
    assert threshold.value == pytest.approx(9.70, abs=0.005)
    assert threshold.derived
    assert "derived" in threshold.basis and "3.5" in threshold.basis
    assert threshold.evidence == ("shaffer2013",)


def test_a_y_balance_gain_inside_the_error_band_is_no_real_change():
    # 70 -> 78 cm: +8 cm, within 9.70 cm
    assert compare(Measure.Y_BALANCE_REACH, 70, 78).change is Change.NO_REAL_CHANGE


def test_a_y_balance_gain_beyond_the_error_band_is_an_improvement():
    # 70 -> 80 cm: +10 cm > 9.70 cm
    comparison = compare(Measure.Y_BALANCE_REACH, 70, 80)
    assert comparison.change is Change.IMPROVED
    assert comparison.difference == pytest.approx(10.0)


def test_a_y_balance_loss_beyond_the_error_band_is_worse():
    # 80 -> 70 cm: -10 cm
    assert compare(Measure.Y_BALANCE_REACH, 80, 70).change is Change.WORSE


def test_ake_uses_neto_upper_bound_of_8_degrees_and_lower_deficit_is_better():
    threshold = THRESHOLDS[Measure.ACTIVE_KNEE_EXTENSION]
    assert threshold.value == 8.0 and not threshold.derived
    # deficit 40 -> 32: 8 degrees less deficit = improved; 40 -> 33: 7 degrees = no real change
    assert compare(Measure.ACTIVE_KNEE_EXTENSION, 40, 32).change is Change.IMPROVED
    assert compare(Measure.ACTIVE_KNEE_EXTENSION, 40, 33).change is Change.NO_REAL_CHANGE
    assert compare(Measure.ACTIVE_KNEE_EXTENSION, 30, 40).change is Change.WORSE


def test_slr_uses_neto_upper_bound_of_7_degrees():
    assert THRESHOLDS[Measure.STRAIGHT_LEG_RAISE].value == 7.0
    # 60 -> 67 = +7 improved; 60 -> 66 = +6 no real change
    assert compare(Measure.STRAIGHT_LEG_RAISE, 60, 67).change is Change.IMPROVED
    assert compare(Measure.STRAIGHT_LEG_RAISE, 60, 66).change is Change.NO_REAL_CHANGE


def test_knee_to_wall_change_of_1_cm_is_real():
    # 8.0 -> 9.0 = +1 cm; 8.0 -> 8.5 = +0.5 cm
    assert compare(Measure.KNEE_TO_WALL, 8.0, 9.0).change is Change.IMPROVED
    assert compare(Measure.KNEE_TO_WALL, 8.0, 8.5).change is Change.NO_REAL_CHANGE
    assert THRESHOLDS[Measure.KNEE_TO_WALL].evidence == ("knee-to-wall-practice",)


def test_thomas_threshold_is_derived_from_a_7_degree_sem():
    # 1.96 x sqrt(2) x 7 = 19.40 degrees
    threshold = THRESHOLDS[Measure.THOMAS_HIP_ANGLE]
    assert threshold.value == pytest.approx(19.40, abs=0.005)
    assert threshold.derived and threshold.evidence == ("peeler2008",)
    # hip angle 10 -> -10: 20 degrees lower = improved; 10 -> -5: 15 degrees = no real change
    assert compare(Measure.THOMAS_HIP_ANGLE, 10, -10).change is Change.IMPROVED
    assert compare(Measure.THOMAS_HIP_ANGLE, 10, -5).change is Change.NO_REAL_CHANGE


def test_a_4_point_psfs_change_is_meaningful():
    # before (3 + 4 + 2) / 3 = 3.0; after (7 + 8 + 6) / 3 = 7.0; 7.0 - 3.0 = 4 >= 2
    before, after = psfs_score([3, 4, 2]), psfs_score([7, 8, 6])
    assert (before.score, after.score) == (3.0, 7.0)
    comparison = compare(Measure.PSFS, before.score, after.score)
    assert comparison.change is Change.IMPROVED
    assert comparison.threshold.value == 2.0 and not comparison.threshold.derived


def test_a_1_point_psfs_change_is_no_real_change():
    assert compare(Measure.PSFS, 5.0, 6.0).change is Change.NO_REAL_CHANGE


def test_psfs_score_is_the_mean_of_up_to_five_ratings():
    # (2 + 4 + 6 + 8 + 10) / 5 = 6
    result = psfs_score([2, 4, 6, 8, 10])
    assert result.score == 6.0 and result.evidence == ("stratford1995",)


def test_every_comparison_says_which_threshold_it_used():
    for measure in Measure:
        threshold = compare(measure, 0, 0).threshold
        assert threshold.basis and threshold.evidence and threshold.unit
