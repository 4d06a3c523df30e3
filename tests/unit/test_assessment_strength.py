import pytest

from hipcoach.domain.assessment.common import BandPosition, Sex, Side
from hipcoach.domain.assessment.strength import (
    DynamometerReading,
    MuscleGroup,
    expected_abductor_torque,
    hamstring_quadriceps_ratio,
    limb_symmetry_index,
    measure_strength,
    torque_nm,
    torque_nm_per_kg,
)


def test_200_newtons_on_a_40_cm_lever_arm_is_80_newton_metres():
    # 200 N x 0.40 m = 80 N·m
    assert torque_nm(200, 40) == pytest.approx(80.0)


def test_80_newton_metres_for_64_kg_is_1_25_newton_metres_per_kg():
    # 200 N x 0.40 m = 80 N·m; 80 / 64 kg = 1.25 N·m/kg
    assert torque_nm_per_kg(200, 40, 64) == pytest.approx(1.25)


def test_ramskov_expected_torque_for_a_30_year_old_man():
    # 1.600 - 0.005 x 30 + 0.215 = 1.600 - 0.150 + 0.215 = 1.665; band 1.665 -/+ 0.354 = 1.311-2.019
    expected = expected_abductor_torque(30, Sex.MALE)
    assert expected.expected_nm_per_kg == pytest.approx(1.665)
    assert expected.band.low == pytest.approx(1.311)
    assert expected.band.high == pytest.approx(2.019)
    assert expected.evidence == ("ramskov2014",)


def test_ramskov_expected_torque_for_a_40_year_old_woman():
    # 1.600 - 0.005 x 40 + 0 = 1.400; band 1.046-1.754
    expected = expected_abductor_torque(40, Sex.FEMALE)
    assert expected.expected_nm_per_kg == pytest.approx(1.400)
    assert (expected.band.low, expected.band.high) == (pytest.approx(1.046), pytest.approx(1.754))


def test_a_measured_torque_is_placed_below_within_or_above_the_ramskov_band():
    band = expected_abductor_torque(30, Sex.MALE).band  # 1.311-2.019
    assert band.position(1.25) is BandPosition.BELOW
    assert band.position(1.665) is BandPosition.WITHIN
    assert band.position(2.10) is BandPosition.ABOVE


def test_limb_symmetry_is_weaker_over_stronger_times_100():
    # 1.0 / 1.25 x 100 = 80% < 90% -> fails, left weaker
    symmetry = limb_symmetry_index(1.0, 1.25)
    assert symmetry.lsi_pct == pytest.approx(80.0)
    assert symmetry.weaker_side is Side.LEFT
    assert not symmetry.passes
    assert symmetry.evidence == ("gokeler2017",)


def test_limb_symmetry_of_exactly_90_percent_passes():
    # 0.9 / 1.0 x 100 = 90% >= 90%
    symmetry = limb_symmetry_index(1.0, 0.9)
    assert symmetry.lsi_pct == pytest.approx(90.0)
    assert symmetry.passes
    assert symmetry.weaker_side is Side.RIGHT


def test_abductor_strength_reports_both_sides_symmetry_and_band():
    # left 200 N x 0.40 m / 64 kg = 1.25 N·m/kg (below 1.311); right 240 x 0.40 / 64 = 1.50 (within)
    # LSI 1.25 / 1.50 x 100 = 83.3% -> fails
    result = measure_strength(
        MuscleGroup.HIP_ABDUCTORS,
        DynamometerReading(200, 40),
        DynamometerReading(240, 40),
        body_mass_kg=64,
        age_years=30,
        sex=Sex.MALE,
    )
    assert result.left_nm_per_kg == pytest.approx(1.25)
    assert result.right_nm_per_kg == pytest.approx(1.50)
    assert result.symmetry.lsi_pct == pytest.approx(83.3, abs=0.05)
    assert result.left_band is BandPosition.BELOW
    assert result.right_band is BandPosition.WITHIN


def test_hip_extensors_have_no_ramskov_band():
    result = measure_strength(
        MuscleGroup.HIP_EXTENSORS, DynamometerReading(300, 40), DynamometerReading(300, 40), 70, 30, Sex.MALE
    )
    assert result.expected is None and result.left_band is None


def test_hamstring_quadriceps_ratio_of_0_5_is_below_the_0_6_reference():
    # 60 N·m / 120 N·m = 0.50 < 0.6
    result = hamstring_quadriceps_ratio(Side.LEFT, 60, 120)
    assert result.ratio == pytest.approx(0.5)
    assert result.below_reference
    assert "0.6" in result.explanation
    assert result.evidence == ("coombs2002",)


def test_hamstring_quadriceps_ratio_of_exactly_0_6_is_not_below():
    # 72 / 120 = 0.60
    assert not hamstring_quadriceps_ratio(Side.RIGHT, 72, 120).below_reference
