"""An assessment's findings change the session, and every changed exercise says why."""

from hipcoach.content import default_library
from hipcoach.domain.assessment.common import Side
from hipcoach.domain.assessment.findings import Adaptation, Emphasis
from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import (
    EMPHASIS_ADDED,
    EMPHASIS_EXTRA_ROUND,
    ProgramSettings,
    adapt_session,
    session_plan,
    weekly_plan,
)
from hipcoach.domain.rules import RULES

LIBRARY = default_library()


def plan(kind, phase=Phase.STRENGTH, **settings):
    return session_plan(phase, kind, LIBRARY, {}, ProgramSettings(**settings))


def because(text, emphasis, side=None):
    return Adaptation(emphasis, side, f"because {text}", ("hipcoach-design",))


def item(session, exercise_id):
    return next(i for i in session.items if i.exercise.id == exercise_id)


def test_every_exercise_an_emphasis_names_is_in_the_library():
    named = {e for ids in EMPHASIS_EXTRA_ROUND.values() for e in ids}
    named |= {e for pairs in EMPHASIS_ADDED.values() for e, _ in pairs}
    assert named <= LIBRARY.exercises.keys()


def test_short_hip_flexors_add_a_round_of_the_hip_flexor_mobilisation_with_the_reason():
    base = plan(Block.MOBILITY, phase=Phase.MOBILITY)
    reason = because(
        "the Thomas test showed tight hip flexors on the left side", Emphasis.EXTENSION_RANGE_MOBILITY
    )
    adapted = adapt_session(base, [reason], LIBRARY)
    before = item(base, "half-kneeling-hip-flexor-mobilisation")
    after = item(adapted, "half-kneeling-hip-flexor-mobilisation")
    assert after.rounds == before.rounds + 1 == 3
    assert after.because == (reason.because,)
    assert adapted.adaptations == (reason,)
    unchanged = [i for i in adapted.items if i.exercise.id != "half-kneeling-hip-flexor-mobilisation"]
    assert all(not i.because for i in unchanged)


def test_two_findings_with_one_emphasis_add_one_round_and_give_both_reasons():
    thomas = because(
        "the Thomas test showed tight hip flexors on both sides", Emphasis.EXTENSION_RANGE_MOBILITY
    )
    extension = because(
        "your hip extension was under 10 degrees on both sides", Emphasis.EXTENSION_RANGE_MOBILITY
    )
    adapted = adapt_session(plan(Block.MOBILITY, phase=Phase.MOBILITY), [thomas, extension], LIBRARY)
    changed = item(adapted, "half-kneeling-hip-flexor-mobilisation")
    assert changed.rounds == 3 and changed.because == (thomas.because, extension.because)


def test_a_weaker_side_gets_one_more_round_of_each_strength_exercise_on_strength_days_only():
    weak = because("your left hip abductors were 83% as strong", Emphasis.EXTRA_ROUND_WEAKER_SIDE, Side.LEFT)
    strength = adapt_session(plan(Block.STRENGTH), [weak], LIBRARY)
    for exercise in LIBRARY.strength_exercises():
        changed = item(strength, exercise.id)
        assert changed.extra_side == "left"
        assert changed.sides_in_round(changed.rounds + 1) == ("left",)
        assert changed.set_count == changed.rounds * 2 + 1
    mobility = adapt_session(plan(Block.MOBILITY), [weak], LIBRARY)
    assert mobility.adaptations == () and mobility.not_today == (weak,)
    assert all(i.extra_side is None for i in mobility.items)


def test_bridge_emphasis_adds_the_single_leg_bridge_when_the_core_circuit_is_off():
    emphasis = because("your right hip extensors were 80% as strong", Emphasis.BRIDGE_AND_STEP_UP)
    without_core = adapt_session(plan(Block.STRENGTH, include_core=False), [emphasis], LIBRARY)
    bridge = item(without_core, "single-leg-glute-bridge")
    assert bridge.because == (emphasis.because,)
    step_up = item(without_core, "step-up-knee-drive")
    assert step_up.rounds == item(plan(Block.STRENGTH, include_core=False), "step-up-knee-drive").rounds + 1
    with_core = adapt_session(plan(Block.STRENGTH), [emphasis], LIBRARY)
    assert item(with_core, "single-leg-glute-bridge").rounds == LIBRARY.circuit_for(Block.CORE).rounds + 1


def test_reach_asymmetry_adds_single_leg_balance_work_after_the_strength_circuit():
    balance = because("your forward reach on the left leg was 5.0 cm shorter", Emphasis.SINGLE_LEG_BALANCE)
    adapted = adapt_session(plan(Block.STRENGTH), [balance], LIBRARY)
    ids = [i.exercise.id for i in adapted.items]
    added = ids.index("single-leg-romanian-deadlift")
    assert ids[added - 1] == LIBRARY.strength_exercises()[-1].id
    assert item(adapted, "single-leg-romanian-deadlift").block is Block.ACCESSORY


def test_no_findings_leave_the_plan_as_it_was():
    base = plan(Block.STRENGTH)
    assert adapt_session(base, [], LIBRARY) == base


# --- knee pain as a sign (BRIEF §5 [D]) ----------------------------------------------------------------

KNEELING = {
    "half-kneeling-hip-flexor-mobilisation",
    "adductor-rock-back",
    "half-kneeling-halo",
    "bird-dog",
    "half-kneeling-pallof-press",
}


def test_every_exercise_done_on_the_knees_carries_knee_care():
    assert {e.id for e in LIBRARY.exercises.values() if e.kneeling is not None} == KNEELING
    for exercise_id in KNEELING:
        care = LIBRARY.exercises[exercise_id].kneeling
        assert "mat" in care.padding or "cushion" in care.padding
        assert care.standing.startswith("stand")


def test_with_the_knee_pain_sign_kneeling_exercises_are_padded_and_offer_a_standing_version():
    session = plan(Block.STRENGTH, knee_pain=True)
    for planned in session.items:
        care = LIBRARY.exercises[planned.exercise.id].kneeling
        if care is None:
            assert planned.exercise == LIBRARY.exercises[planned.exercise.id] and not planned.because
            continue
        assert planned.exercise.cues[0] == care.padding
        assert planned.exercise.cues[1:] == LIBRARY.exercises[planned.exercise.id].cues
        (reason,) = planned.because
        assert reason.startswith("because you have knee pain: pad the knee")
        assert reason.endswith(care.standing)
    halo = item(session, "half-kneeling-halo")
    assert "stand in a short split stance" in halo.because[0]
    in_session = {i.exercise.id for i in session.items}
    assert {i.exercise.id for i in session.items if i.because} == KNEELING & in_session


def test_without_the_sign_kneeling_exercises_are_as_written():
    session = plan(Block.STRENGTH)
    assert all(i.exercise == LIBRARY.exercises[i.exercise.id] and not i.because for i in session.items)


def test_knee_care_keeps_an_assessment_s_reason_and_adds_its_own():
    weak = because("your left hip abductors were 83% as strong", Emphasis.EXTRA_ROUND_WEAKER_SIDE, Side.LEFT)
    adapted = adapt_session(plan(Block.STRENGTH, knee_pain=True), [weak], LIBRARY)
    halo = item(adapted, "half-kneeling-halo")
    assert halo.extra_side == "left"
    assert halo.because[0].startswith("because you have knee pain") and halo.because[1] == weak.because


def test_the_week_says_why_kneeling_exercises_are_padded_only_for_a_runner_with_knee_pain():
    knee_care = RULES["plan.knee-care"]
    with_pain = weekly_plan(Phase.STRENGTH, ProgramSettings(knee_pain=True))
    assert knee_care.statement in with_pain.rationale
    assert set(knee_care.evidence) <= set(with_pain.evidence)
    assert knee_care.statement not in weekly_plan(Phase.STRENGTH, ProgramSettings()).rationale
