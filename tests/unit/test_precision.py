"""Numbers in words never contradict their flags (BRIEF §6): a value is written at the precision that decides
its threshold, with worked examples just below, at and just above each threshold."""

from __future__ import annotations

import pytest

from hipcoach.domain.precision import places_for, shown, shown_signed


@pytest.mark.parametrize(
    ("value", "threshold", "places", "written"),
    [
        # The three examples.
        (89.6, 90.0, 0, "89.6"),  # an LSI under the 90% pass mark is never "90"
        (93.97, 94.0, 1, "93.97"),  # a composite under 94% is never "94.0"
        (10.3, 10.0, 0, "10.3"),  # a run more than 10% longer is never "+10%"
        # Exactly at the threshold: the usual decimals.
        (90.0, 90.0, 0, "90"),
        (94.0, 94.0, 1, "94.0"),
        (10.0, 10.0, 0, "10"),
        # Clear of the threshold: the usual decimals, rounded as usual.
        (91.6, 90.0, 0, "92"),
        (88.4, 90.0, 0, "88"),
        (93.84, 94.0, 1, "93.8"),
        # Just below and just above: as many decimals as it takes.
        (89.96, 90.0, 0, "89.96"),
        (90.04, 90.0, 0, "90.04"),
        (93.999, 94.0, 1, "93.999"),
        (9.96, 10.0, 0, "9.96"),
        # A threshold that is not whole: 23.44 is above 23.4, so it cannot read "23" or "23.4".
        (23.44, 23.4, 0, "23.44"),
        (23.36, 23.4, 0, "23"),
        # Below a threshold of 0 the sign stays: -0.3 degrees is not "0"; nought is never "-0".
        (-0.3, 0.0, 0, "-0.3"),
        (-0.0, 0.0, 1, "0.0"),
    ],
)
def test_a_value_is_written_on_the_same_side_of_its_threshold_as_it_lies(value, threshold, places, written):
    assert shown(value, threshold, places=places) == written


def test_a_value_at_its_threshold_within_the_rules_rounding_reads_as_the_threshold():
    # 65.3 - 61.3 is 4.000000000000004 in floating point; the rules call it exactly 4 cm, and so does a text.
    assert shown(65.3 - 61.3, 4.0, places=1) == "4.0"


def test_a_value_is_written_clear_of_both_edges_of_a_band():
    # Ramskov's band 1.286-1.994 N·m/kg, written at its three decimals. In hundredths 1.2858 (under the band)
    # would read "1.29" and 1.2862 (in it) too; only the one under needs more decimals.
    assert shown(1.2858, 1.286, 1.994, places=2) == "1.2858"
    assert shown(1.2862, 1.286, 1.994, places=2) == "1.29"
    assert shown(1.2849, 1.286, 1.994, places=2) == "1.28"
    assert shown(1.9945, 1.286, 1.994, places=2) == "1.9945"
    assert shown(1.5, 1.286, 1.994, places=2) == "1.50"
    assert places_for([1.2858, 1.5], [1.286, 1.994], 2) == 4


def test_a_change_keeps_its_sign_and_its_size_is_written_against_the_size_that_counts():
    # A real change needs more than 9.7015 cm; 9.702 cm is one, so it is not written "9.7".
    assert shown_signed(-9.702, 9.7015, places=1) == "-9.702"
    assert shown_signed(9.69, 9.7015, places=1) == "+9.7"
    assert shown_signed(1.96, 2.0, places=1) == "+1.96"  # under the 2-point PSFS change: not "2.0"
    assert shown_signed(0.0, 2.0, places=1) == "0.0"
