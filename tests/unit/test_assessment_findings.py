from hipcoach.domain.assessment.balance import LegReaches, y_balance
from hipcoach.domain.assessment.battery import collect_findings
from hipcoach.domain.assessment.common import Sex, Side
from hipcoach.domain.assessment.findings import Emphasis, FindingKind, program_emphasis
from hipcoach.domain.assessment.ranges import active_knee_extension, knee_to_wall, thomas_test
from hipcoach.domain.assessment.strength import DynamometerReading, MuscleGroup, measure_strength


def leg(anterior):
    return LegReaches(90.0, (anterior,) * 3, (95.0,) * 3, (93.0,) * 3)


def emphases(adaptations):
    return [(a.emphasis, a.side) for a in adaptations]


def test_short_hip_flexors_ask_for_more_extension_range_mobility():
    adaptations = program_emphasis(collect_findings(thomas=thomas_test(5, 80, -5, 80)))
    assert emphases(adaptations) == [(Emphasis.EXTENSION_RANGE_MOBILITY, None)]
    assert adaptations[0].because == "because the Thomas test showed tight hip flexors on the left side"
    assert "thomas-test" in adaptations[0].evidence and "hipcoach-design" in adaptations[0].evidence


def test_hip_abductor_asymmetry_gives_an_extra_round_on_the_weaker_side_and_bridge_step_up_emphasis():
    # left 200 x 0.40 / 64 = 1.25, right 240 x 0.40 / 64 = 1.50 N·m/kg; LSI 83% < 90%
    result = measure_strength(
        MuscleGroup.HIP_ABDUCTORS, DynamometerReading(200, 40), DynamometerReading(240, 40), 64
    )
    found = collect_findings(strength=[result])
    assert [f.kind for f in found] == [FindingKind.HIP_STRENGTH_ASYMMETRY]
    adaptations = program_emphasis(found)
    assert emphases(adaptations) == [
        (Emphasis.EXTRA_ROUND_WEAKER_SIDE, Side.LEFT),
        (Emphasis.BRIDGE_AND_STEP_UP, None),
    ]
    assert adaptations[0].because.startswith("because your left hip abductors were 83% as strong")
    assert "gokeler2017" in adaptations[0].evidence


def test_abductors_below_the_ramskov_band_on_one_side_are_a_weakness_finding():
    # 30-year-old man: band 1.311-2.019; left 200 x 0.40 / 64 = 1.25 below, right 220 x 0.40 / 64 = 1.375
    # within; LSI 1.25 / 1.375 x 100 = 90.9% passes
    result = measure_strength(
        MuscleGroup.HIP_ABDUCTORS, DynamometerReading(200, 40), DynamometerReading(220, 40), 64, 30, Sex.MALE
    )
    found = collect_findings(strength=[result])
    assert [(f.kind, f.side) for f in found] == [(FindingKind.HIP_ABDUCTOR_WEAKNESS, Side.LEFT)]
    assert "ramskov2014" in program_emphasis(found)[0].evidence


def test_weakness_on_both_sides_gets_bridge_emphasis_but_no_one_sided_extra_round():
    result = measure_strength(
        MuscleGroup.HIP_ABDUCTORS, DynamometerReading(200, 40), DynamometerReading(200, 40), 64, 30, Sex.MALE
    )
    assert emphases(program_emphasis(collect_findings(strength=[result]))) == [
        (Emphasis.BRIDGE_AND_STEP_UP, None)
    ]


def test_quadriceps_asymmetry_does_not_change_the_hip_program():
    result = measure_strength(
        MuscleGroup.QUADRICEPS, DynamometerReading(200, 40), DynamometerReading(300, 40), 64
    )
    assert collect_findings(strength=[result]) == ()


def test_short_knee_to_wall_asks_for_soleus_mobility_and_short_hamstrings_for_hamstring_mobility():
    found = collect_findings(ankle=knee_to_wall(10, 7), hamstrings=active_knee_extension(40, 40, Sex.MALE))
    assert emphases(program_emphasis(found)) == [
        (Emphasis.HAMSTRING_MOBILITY, None),
        (Emphasis.SOLEUS_MOBILITY, None),
    ]
    because = [a.because for a in program_emphasis(found)]
    assert because[1] == "because your knee-to-wall distance was short on the right side"
    assert "on both sides" in because[0]


def test_large_reach_asymmetry_asks_for_single_leg_balance_work():
    # anterior 65 vs 70 cm = 5 cm > 4
    adaptations = program_emphasis(collect_findings(y_balance=y_balance(leg(65), leg(70), Sex.MALE)))
    assert emphases(adaptations) == [(Emphasis.SINGLE_LEG_BALANCE, None)]
    assert "left leg was 5.0 cm shorter" in adaptations[0].because
    assert "plisky2006" in adaptations[0].evidence


def test_no_findings_leave_the_program_as_it_is():
    found = collect_findings(
        y_balance=y_balance(leg(66), leg(70), Sex.MALE),
        thomas=thomas_test(-5, 80, -5, 80),
        hamstrings=active_knee_extension(20, 20, Sex.MALE),
        ankle=knee_to_wall(10, 10),
    )
    assert found == () and program_emphasis(found) == ()
