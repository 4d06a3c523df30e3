"""Screening against the packaged questions: each red flag of BRIEF §2.2 lands at its urgency, history flags
are asked once, the check-in asks only what can be new, and the age flags are worked out, not asked."""

import pytest

from hipcoach.content import default_library, load_library
from hipcoach.domain import rules as R
from hipcoach.domain.content import FlagAsked, RedFlagLevel
from hipcoach.domain.screening import (
    ScreeningAnswers,
    Unanswered,
    asked_at_checkin,
    asked_at_screening,
    screen,
)

LIBRARY = default_library()
FLAGS = LIBRARY.red_flags

# Which flag sits at which level is checked against the brief in test_content_library.py; here, that
# screening turns each level into the right outcome.
ASKED = [f for f in FLAGS.values() if not f.from_profile]
BY_LEVEL = {level: [f.id for f in ASKED if f.level is level] for level in RedFlagLevel}


def answers(signs=(), flags=(), age=34):
    """Yes to the signs and flags named, no to every other question the screening asks."""
    sign_answers = {sign_id: sign_id in signs for sign_id in LIBRARY.signs}
    asked = asked_at_screening(FLAGS, set(signs))
    return ScreeningAnswers(
        sign_answers, {f.id: f.id in flags for f in asked} | dict.fromkeys(flags, True), age
    )


def run(signs=(), flags=(), age=34):
    return screen(answers(signs, flags, age), LIBRARY.signs, FLAGS)


@pytest.mark.parametrize("flag", BY_LEVEL[RedFlagLevel.URGENT])
def test_each_urgent_flag_means_care_today_and_no_program(flag):
    result = run(flags={flag})
    assert result.level is RedFlagLevel.URGENT and not result.program_allowed


@pytest.mark.parametrize("flag", BY_LEVEL[RedFlagLevel.BONE_STRESS])
def test_each_bone_stress_flag_means_stop_running_today_and_no_program(flag):
    result = run(signs={"foot-pain"}, flags={flag})
    assert result.level is RedFlagLevel.BONE_STRESS and not result.program_allowed
    assert "Stop running today" in result.explanation[0]
    assert all("Stop running today" in f.advice and "imaging" in f.advice for f in result.red_flags)


@pytest.mark.parametrize("flag", BY_LEVEL[RedFlagLevel.REFER])
def test_each_refer_flag_means_a_clinician_first_and_no_program(flag):
    result = run(signs={"tight-hip-flexors"}, flags={flag})
    assert result.level is RedFlagLevel.REFER and not result.program_allowed


def test_sharp_low_back_pain_refers_out_with_the_source_programs_rule():
    result = run(signs={"dull-low-back-ache"}, flags={"sharp-pain"})
    assert result.level is RedFlagLevel.REFER
    assert "source-program" in result.evidence


def test_a_55_year_old_with_a_dull_low_back_ache_hears_a_note_not_all_clear():
    result = run(signs={"dull-low-back-ache"}, age=55)
    assert result.level is RedFlagLevel.NOTE and result.program_allowed
    assert [f.id for f in result.red_flags] == ["over-50-new-back-pain"]
    assert "None of the warning signs" not in " ".join(result.explanation)


@pytest.mark.parametrize("age", [14, 15, 17])
def test_a_teenager_with_knee_pain_is_referred_and_gets_no_program(age):
    result = run(signs={"knee-pain"}, age=age)
    assert result.level is RedFlagLevel.REFER and not result.program_allowed
    assert [f.id for f in result.red_flags] == ["young-runner-pain"]


def test_an_18_year_old_with_knee_pain_may_start():
    assert run(signs={"knee-pain"}, age=18).program_allowed


def test_foot_pain_brings_the_foot_bone_question_which_must_then_be_answered():
    given = answers(signs={"foot-pain"})
    assert "foot-bone-stress" in given.red_flags
    unanswered = {k: v for k, v in given.red_flags.items() if k != "foot-bone-stress"}
    with pytest.raises(Unanswered) as refused:
        screen(ScreeningAnswers(given.signs, unanswered, 34), LIBRARY.signs, FLAGS)
    assert refused.value.ids == ("foot-bone-stress",)
    assert "foot-bone-stress" not in answers(signs={"knee-pain"}).red_flags


def test_the_history_flags_are_cancer_steroids_and_an_earlier_stress_fracture():
    history = {f.id for f in FLAGS.values() if f.history}
    assert history == {"cancer-history", "long-term-steroids", "earlier-stress-fracture"}


def test_the_check_in_asks_no_history_flag_and_words_each_question_since_the_last_one():
    for signs in (set(), {"foot-pain"}):
        asked = asked_at_checkin(FLAGS, signs)
        assert asked and not any(f.history or f.from_profile for f in asked)
        assert all(f.checkin_question.startswith("Since your last check-in") for f in asked)
    assert "foot-bone-stress" in {f.id for f in asked_at_checkin(FLAGS, {"foot-pain"})}
    assert "foot-bone-stress" not in {f.id for f in asked_at_checkin(FLAGS, set())}


def test_the_bone_health_flags_cite_the_reds_consensus():
    bone_health = {f.id for f in FLAGS.values() if f.rule == "screening.bone-health"}
    assert bone_health == {"missed-periods", "earlier-stress-fracture", "under-eating"}
    assert all(
        FLAGS[f].evidence == ("mountjoy2023",) and FLAGS[f].level is RedFlagLevel.REFER for f in bone_health
    )


def test_the_age_flags_are_never_asked():
    from_profile = {f.id for f in FLAGS.values() if f.asked is FlagAsked.FROM_PROFILE}
    assert from_profile == {"young-runner-pain", "over-50-new-back-pain"}
    assert not any("50" in f.question for f in asked_at_screening(FLAGS, set(LIBRARY.signs)))


def test_the_missed_periods_question_states_the_threshold_from_the_rules(monkeypatch):
    assert "three months or more" in FLAGS["missed-periods"].question
    monkeypatch.setattr(R, "MISSED_PERIODS_MONTHS", 4)
    assert "four months or more" in load_library().red_flags["missed-periods"].question


def test_all_six_signs_make_the_strongest_case():
    result = run(signs=set(LIBRARY.signs))
    assert len(result.signs) == 6 and "strong case" in result.explanation[1]
    assert result.adds_foot_block
