"""An assessment's texts show each value at the precision that decides its threshold (BRIEF §6): an LSI of
89.6% reads "89.6%, under 90%", never "90%, under 90%". Worked examples just below, at and just above."""

from __future__ import annotations

import pytest

from hipcoach.domain.assessment.battery import BatteryInput, TestId, compare_results, dynamometry, evaluate
from hipcoach.domain.assessment.common import Sex


def run(readings, **context):
    context.setdefault("sex", Sex.FEMALE)
    return evaluate(BatteryInput(readings=readings, **context))


def abductors(left_n: float, right_n: float, lever_cm: float = 40.0) -> dict:
    return {
        "dynamometry.hip-abductors.left.force": left_n,
        "dynamometry.hip-abductors.left.lever-arm": lever_cm,
        "dynamometry.hip-abductors.right.force": right_n,
        "dynamometry.hip-abductors.right.lever-arm": lever_cm,
    }


def reaches(side: str, limb: float, anterior: float, posteromedial: float, posterolateral: float) -> dict:
    readings = {f"y-balance.{side}.limb-length": limb}
    for direction, value in (
        ("anterior", anterior),
        ("posteromedial", posteromedial),
        ("posterolateral", posterolateral),
    ):
        readings |= {f"y-balance.{side}.{direction}.{trial}": value for trial in (1, 2, 3)}
    return readings


def texts(result) -> list[str]:
    return [flag.explanation for flag in result.flags] + [f.description for f in result.findings]


# --- limb symmetry against the 90% pass mark (Gokeler 2017) ---------------------------------------------


@pytest.mark.parametrize(
    ("left_n", "written"),
    [
        (89.6, "89.6%"),  # 89.6 / 100 x 100 = 89.6%: under 90%, and never written "90%"
        (89.96, "89.96%"),  # 89.96%: "90.0" would sit on the mark, so two decimals
        (88.0, "88%"),  # clear of the mark: whole percent
    ],
)
def test_an_lsi_under_the_pass_mark_is_written_under_it(left_n, written):
    result = run(abductors(left_n, 100.0), body_mass_kg=70.0)
    flag = next(f for f in result.flags if f.id == "strength.asymmetry")
    assert f"reached {written} of the other side. The 90% pass mark" in flag.explanation
    finding = next(f for f in result.findings if f.kind.value == "hip strength asymmetry")
    assert f"were {written} as strong as the other side, under 90%" in finding.description


@pytest.mark.parametrize("left_n", [90.0, 90.04])
def test_an_lsi_at_or_just_over_the_pass_mark_raises_no_flag(left_n):
    result = run(abductors(left_n, 100.0), body_mass_kg=70.0)
    assert not [f for f in result.flags if f.id == "strength.asymmetry"]


def test_the_lsi_text_follows_a_changed_pass_mark(monkeypatch):
    monkeypatch.setattr(dynamometry, "LSI_PASS_PCT", 85.0)
    assert dynamometry.lsi_text(84.7) == "84.7"  # under 85%: not "85"
    assert dynamometry.lsi_text(89.6) == "90"  # clear of 85%: whole percent again
    result = run(abductors(84.7, 100.0), body_mass_kg=70.0)
    (flag,) = [f for f in result.flags if f.id == "strength.asymmetry"]
    assert "reached 84.7% of the other side. The 85% pass mark" in flag.explanation


# --- Ramskov's band, written at its three decimals -------------------------------------------------------


def test_abductor_torque_under_the_expected_band_is_written_under_its_edge():
    # A 30-year-old woman: 1.600 - 0.005 x 30 = 1.450 N·m/kg, band 1.096-1.804.
    # 109.58 N x 0.50 m / 50 kg = 1.0958 N·m/kg: under 1.096, though in hundredths it would read "1.10".
    result = run(abductors(109.58, 150.0, lever_cm=50.0), body_mass_kg=50.0, age_years=30)
    flag = next(f for f in result.flags if f.id == "strength.abductors-below-expected")
    assert "produced 1.0958 N·m/kg, under the 1.096-1.804 N·m/kg expected" in flag.explanation
    assert result.measures["dynamometry.hip-abductors.left"].text == "1.0958"
    assert result.measures["dynamometry.hip-abductors.left"].reference == "1.096-1.804 N·m/kg expected"
    # On the edge (109.6 N -> 1.096) the runner is within the band: no flag, and the value reads as the edge.
    at_edge = run(abductors(109.6, 150.0, lever_cm=50.0), body_mass_kg=50.0, age_years=30)
    assert not [f for f in at_edge.flags if f.id == "strength.abductors-below-expected"]
    assert at_edge.measures["dynamometry.hip-abductors.left"].text == "1.096"
    # Clear of both edges: hundredths as usual.
    inside = run(abductors(145.0, 150.0, lever_cm=50.0), body_mass_kg=50.0, age_years=30)
    assert inside.measures["dynamometry.hip-abductors.left"].text == "1.45"


# --- Y-balance: composite under 94% in women, forward reach differing by more than 4 cm (Plisky 2006) -------


def test_a_composite_just_under_94_percent_is_written_under_it():
    # (70 + 105 + 106.91) / (3 x 100) x 100 = 281.91 / 300 x 100 = 93.97%: "94.0%" would contradict the flag.
    result = run(reaches("left", 100, 70, 105, 106.91) | reaches("right", 100, 70, 110, 110))
    (flag,) = [f for f in result.flags if f.id == "y-balance.low-composite"]
    assert "is 93.97% of limb length, below 94%" in flag.explanation
    assert result.measures["y-balance.left.composite"].text == "93.97"
    assert result.measures["y-balance.right.composite"].text == "96.7"  # 290 / 300: clear of 94


@pytest.mark.parametrize(("posterolateral", "flagged"), [(107.0, False), (107.09, False), (106.99, True)])
def test_a_composite_at_or_just_over_94_percent_raises_no_flag(posterolateral, flagged):
    # 70 + 105 + 107 = 282 -> exactly 94.0%; 282.09 -> 94.03%; 281.99 -> 93.997%.
    result = run(reaches("left", 100, 70, 105, posterolateral) | reaches("right", 100, 70, 110, 110))
    assert any(f.id == "y-balance.low-composite" for f in result.flags) is flagged
    text = result.measures["y-balance.left.composite"].text
    assert {107.0: "94.0", 107.09: "94.03", 106.99: "93.997"}[posterolateral] == text


def test_a_forward_reach_difference_just_over_4_cm_is_written_over_it():
    # 70.0 - 65.96 = 4.04 cm: more than 4 cm, so not "4.0 cm".
    result = run(reaches("left", 90, 65.96, 95, 93) | reaches("right", 90, 70, 95, 93))
    (flag,) = [f for f in result.flags if f.id == "y-balance.anterior-asymmetry"]
    assert "differs by 4.04 cm between legs (shorter on the left), more than 4 cm" in flag.explanation
    finding = next(f for f in result.findings if f.kind.value == "reach asymmetry")
    assert "was 4.04 cm shorter than on the other (more than 4 cm)" in finding.description
    # Exactly 4 cm: no flag.
    exact = run(reaches("left", 90, 66.0, 95, 93) | reaches("right", 90, 70, 95, 93))
    assert not [f for f in exact.flags if f.id == "y-balance.anterior-asymmetry"]


# --- the other tests' values against their cut-offs ------------------------------------------------------


def test_range_values_are_written_clear_of_their_cut_offs():
    thomas = run(
        {
            "thomas.left.hip-angle": 0.3,  # above the horizontal: not "0"
            "thomas.left.knee-flexion": 66.6,  # under 67 degrees of bend: not "67"
            "thomas.right.hip-angle": -5.0,
            "thomas.right.knee-flexion": 80.0,
        }
    )
    measures = thomas.measures
    assert measures["thomas.left.hip-angle"].text == "0.3"
    assert measures["thomas.left.knee-flexion"].text == "66.6"
    assert measures["thomas.right.knee-flexion"].text == "80.0"
    hamstrings = run({"active-knee-extension.left": 23.44, "active-knee-extension.right": 20.0})
    assert hamstrings.measures["active-knee-extension.left"].text == "23.44"  # short above 23.4 (women)
    ankle = run({"knee-to-wall.left": 8.96, "knee-to-wall.right": 9.0})
    assert ankle.measures["knee-to-wall.left"].text == "8.96"  # under 9 cm: not "9.0"
    assert ankle.measures["knee-to-wall.right"].text == "9.0"


def test_a_change_is_written_against_the_size_a_real_change_needs():
    # PSFS: a real change is 2 points or more; 4.0 -> 5.96 is 1.96, no real change, so not "+2.0".
    before = run({"psfs.1": 4.0}, psfs_activities={1: "running downhill"})
    after = run({"psfs.1": 5.96}, psfs_activities={1: "running downhill"})
    (change,) = compare_results(before, after)
    assert change.comparison is not None and change.comparison.change.value == "no real change"
    assert change.difference_text == "+1.96"
    assert TestId.PSFS in after.tests
