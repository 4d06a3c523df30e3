import pytest

from hipcoach.domain.assessment.balance import (
    REFERENCE_MEANS_PCT,
    LegReaches,
    Scoring,
    composite_reach_pct,
    normalised_reach_pct,
    y_balance,
)
from hipcoach.domain.assessment.common import Sex, Side


def leg(limb=90.0, anterior=65.0, posteromedial=95.0, posterolateral=93.0):
    """Three equal trials per direction, so best and mean-of-3 agree."""
    return LegReaches(limb, (anterior,) * 3, (posteromedial,) * 3, (posterolateral,) * 3)


def flag_ids(result):
    return [flag.id for flag in result.flags]


def test_normalised_reach_is_reach_over_limb_length_times_100():
    # 65 / 90 x 100 = 72.22%
    assert normalised_reach_pct(65, 90) == pytest.approx(72.2, abs=0.05)


def test_composite_of_65_95_93_cm_on_a_90_cm_limb_is_93_7_percent():
    # (65 + 95 + 93) / (3 x 90) x 100 = 253 / 270 x 100 = 93.70%
    assert composite_reach_pct(65, 95, 93, 90) == pytest.approx(93.7, abs=0.05)


def test_a_leg_score_carries_normalised_reaches_composite_and_reference_means():
    result = y_balance(leg(), leg(), Sex.MALE)
    left = result.left
    # PM 95 / 90 x 100 = 105.56%; PL 93 / 90 x 100 = 103.33%
    assert left.normalised_pct.posteromedial == pytest.approx(105.56, abs=0.005)
    assert left.normalised_pct.posterolateral == pytest.approx(103.33, abs=0.005)
    assert left.composite_pct == pytest.approx(93.7, abs=0.05)
    assert left.reference_pct == REFERENCE_MEANS_PCT[Sex.MALE]


def test_reference_means_by_sex_are_plisky_2021():
    men, women = REFERENCE_MEANS_PCT[Sex.MALE], REFERENCE_MEANS_PCT[Sex.FEMALE]
    assert (men.anterior, men.posteromedial, men.posterolateral) == (71.9, 109.6, 107.0)
    assert (women.anterior, women.posteromedial, women.posterolateral) == (70.8, 102.3, 102.0)


def test_best_trial_scoring_takes_the_longest_reach_and_says_so():
    trials = LegReaches(90.0, (60.0, 64.0, 62.0), (95.0,) * 3, (93.0,) * 3)
    result = y_balance(trials, leg(), Sex.MALE, Scoring.BEST)
    assert result.scoring is Scoring.BEST
    assert result.left.anterior_cm == 64.0


def test_mean_of_3_scoring_averages_the_three_trials():
    # (60 + 64 + 62) / 3 = 62
    trials = LegReaches(90.0, (60.0, 64.0, 62.0), (95.0,) * 3, (93.0,) * 3)
    result = y_balance(trials, leg(), Sex.MALE, Scoring.MEAN_OF_3)
    assert result.scoring is Scoring.MEAN_OF_3
    assert result.left.anterior_cm == pytest.approx(62.0)


def test_mean_of_3_with_six_attempts_takes_the_best_three():
    # Kattilakoski 2023: best three of 58, 60, 61, 62, 63, 64 -> (62 + 63 + 64) / 3 = 63
    trials = LegReaches(90.0, (58.0, 60.0, 61.0, 62.0, 63.0, 64.0), (95.0,) * 3, (93.0,) * 3)
    assert y_balance(trials, leg(), Sex.MALE).left.anterior_cm == pytest.approx(63.0)


def test_anterior_65_against_70_cm_is_5_cm_and_flags_asymmetry():
    # |65 - 70| = 5 cm > 4 cm
    result = y_balance(leg(anterior=65), leg(anterior=70), Sex.MALE)
    assert result.anterior_asymmetry_cm == pytest.approx(5.0)
    assert flag_ids(result) == ["y-balance.anterior-asymmetry"]
    assert result.flags[0].side is Side.LEFT
    assert result.flags[0].evidence == ("plisky2006",)


def test_exactly_4_cm_anterior_difference_is_not_flagged():
    # |66 - 70| = 4 cm, not more than 4
    result = y_balance(leg(anterior=66), leg(anterior=70), Sex.MALE)
    assert result.anterior_asymmetry_cm == pytest.approx(4.0)
    assert flag_ids(result) == []


def test_exactly_4_cm_from_decimal_reaches_is_still_not_flagged():
    # 65.3 - 61.3 = 4.0 cm (4.0000000000000036 in floating point)
    assert flag_ids(y_balance(leg(anterior=65.3), leg(anterior=61.3), Sex.MALE)) == []


def test_the_asymmetry_flag_says_it_is_a_basketball_screen_not_a_runners_injury_risk():
    explanation = y_balance(leg(anterior=65), leg(anterior=70), Sex.MALE).flags[0].explanation
    assert "basketball" in explanation
    assert "screening flag" in explanation
    assert "not a measure of a runner's injury risk" in explanation


def test_female_composite_below_94_percent_is_flagged_on_that_leg():
    # right leg (65 + 95 + 93) / 270 x 100 = 93.7% < 94; left leg (68 + 109 + 105) / 300 x 100 = 94%;
    # anterior 68 vs 65 = 3 cm, no asymmetry flag
    result = y_balance(leg(limb=100, anterior=68, posteromedial=109, posterolateral=105), leg(), Sex.FEMALE)
    assert flag_ids(result) == ["y-balance.low-composite"]
    flag = result.flags[0]
    assert flag.side is Side.RIGHT
    assert "93.7%" in flag.explanation
    assert "basketball" in flag.explanation and "not a measure of a runner's injury risk" in flag.explanation


def test_female_composite_of_exactly_94_percent_is_not_flagged():
    # (70 + 107 + 105) / (3 x 100) x 100 = 282 / 300 x 100 = 94.0%
    exact = leg(limb=100, anterior=70, posteromedial=107, posterolateral=105)
    result = y_balance(exact, exact, Sex.FEMALE)
    assert result.left.composite_pct == pytest.approx(94.0)
    assert flag_ids(result) == []


def test_the_low_composite_flag_applies_to_females_only():
    assert flag_ids(y_balance(leg(), leg(), Sex.MALE)) == []


def test_the_result_cites_its_sources():
    assert {"plisky2006", "plisky2021"} <= set(y_balance(leg(), leg(), Sex.MALE).evidence)
