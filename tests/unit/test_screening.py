"""Screening worked examples (BRIEF §2.2) on hand-built content: every question answered, levels, how they
combine, the flags the age raises (boundaries 17/18 and 50/51) and what the check-in asks."""

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.screening import (
    AgeUnknown,
    ScreeningAnswers,
    Unanswered,
    UnknownAnswer,
    asked_at_checkin,
    asked_at_screening,
    outcome,
    red_flag_level,
    screen,
    why_raised,
)
from tests.unit.factories import library

LIB = library()


def answers(signs=(), flags=(), age=34):
    """Yes to the signs and flags named, no to every other question the screening asks."""
    sign_answers = {sign_id: sign_id in signs for sign_id in LIB.signs}
    asked = asked_at_screening(LIB.red_flags, set(signs))
    return ScreeningAnswers(
        sign_answers, {f.id: f.id in flags for f in asked} | dict.fromkeys(flags, True), age
    )


def run(signs=(), flags=(), age=34):
    return screen(answers(signs, flags, age), LIB.signs, LIB.red_flags)


# --- levels and how they combine -------------------------------------------------------------------------


def test_sharp_low_back_pain_refers_out_and_allows_no_program():
    result = run(signs={"dull-low-back-ache"}, flags={"sharp-pain"})
    assert result.level is RedFlagLevel.REFER
    assert not result.program_allowed
    assert "clinician" in result.explanation[0]
    assert "source-program" in result.evidence
    assert {"screening.red-flags-combine", "screening.refer"} <= set(result.rules)


def test_saddle_numbness_is_urgent_even_with_signs_that_fit():
    result = run(signs={"tight-hip-flexors", "knee-pain"}, flags={"saddle-numbness", "sharp-pain"})
    assert result.level is RedFlagLevel.URGENT
    assert not result.program_allowed
    assert "today" in result.explanation[0]


def test_groin_pain_on_hopping_is_bone_stress_stop_running_today_and_no_program():
    result = run(signs={"tight-hip-flexors"}, flags={"femoral-neck"})
    assert result.level is RedFlagLevel.BONE_STRESS
    assert not result.program_allowed
    assert "Stop running today" in result.explanation[0] and "few days" in result.explanation[0]
    assert "screening.bone-stress" in result.rules and "robertson-wood2017" in result.evidence


def test_bone_stress_outranks_a_referral_and_an_urgent_flag_outranks_bone_stress():
    assert run(flags={"femoral-neck", "sharp-pain"}).level is RedFlagLevel.BONE_STRESS
    assert run(flags={"femoral-neck", "saddle-numbness"}).level is RedFlagLevel.URGENT
    ranks = [RedFlagLevel.NOTE, RedFlagLevel.REFER, RedFlagLevel.BONE_STRESS, RedFlagLevel.URGENT]
    assert [level.rank for level in ranks] == sorted(level.rank for level in ranks)


def test_missed_periods_refer_for_bone_health():
    result = run(flags={"missed-periods"})
    assert result.level is RedFlagLevel.REFER and not result.program_allowed
    assert "screening.bone-health" in result.rules and "mountjoy2023" in result.evidence


def test_a_single_weak_flag_is_noted_and_the_program_may_start():
    result = run(signs={"tight-hip-flexors"}, flags={"another-weak-flag"})
    assert result.level is RedFlagLevel.NOTE
    assert result.program_allowed
    assert "downie2013" in result.evidence


def test_two_weak_flags_together_refer_one_from_the_age_and_one_answered():
    result = run(signs={"dull-low-back-ache"}, flags={"another-weak-flag"}, age=51)
    assert [f.id for f in result.red_flags] == ["another-weak-flag", "over-50-new-back-pain"]
    assert result.level is RedFlagLevel.REFER and not result.program_allowed
    assert "together" in result.explanation[0]


def test_the_number_of_weak_flags_that_refer_is_read_from_the_rules(monkeypatch):
    monkeypatch.setattr(R, "NOTE_FLAGS_THAT_REFER", 3)
    assert run(signs={"dull-low-back-ache"}, flags={"another-weak-flag"}, age=51).level is RedFlagLevel.NOTE


def test_no_flags_means_level_none():
    assert red_flag_level([]) is RedFlagLevel.NONE
    result = run(signs={"knee-pain"})
    assert result.level is RedFlagLevel.NONE
    assert result.explanation[0] == "None of the warning signs apply to you."


def test_signs_matched_are_listed_in_library_order_and_counted_in_the_explanation():
    result = run(signs={"knee-pain", "tight-hip-flexors", "dull-low-back-ache"})
    assert [s.id for s in result.signs] == ["tight-hip-flexors", "dull-low-back-ache", "knee-pain"]
    assert result.explanation[1].startswith("3 of the signs fit")
    assert "strong case" in result.explanation[1]


def test_no_sign_says_the_hips_may_not_be_the_cause():
    assert "may not be" in run().explanation[1]


def test_foot_pain_adds_the_foot_block():
    assert run(signs={"foot-pain"}).adds_foot_block
    assert not run(signs={"knee-pain"}).adds_foot_block


# --- every question answered ---------------------------------------------------------------------------


def test_an_unanswered_sign_or_flag_is_refused_by_id_signs_first():
    given = answers(signs={"knee-pain"})
    signs = {k: v for k, v in given.signs.items() if k != "dull-low-back-ache"}
    flags = {k: v for k, v in given.red_flags.items() if k not in ("sharp-pain", "cancer-history")}
    with pytest.raises(Unanswered) as refused:
        screen(ScreeningAnswers(signs, flags, 34), LIB.signs, LIB.red_flags)
    assert refused.value.ids == ("dull-low-back-ache", "sharp-pain", "cancer-history")


def test_a_no_is_an_answer_and_nothing_unanswered_is_read_as_no():
    with pytest.raises(Unanswered):
        screen(ScreeningAnswers({}, {}, 34), LIB.signs, LIB.red_flags)
    assert run().level is RedFlagLevel.NONE  # every question answered no


def test_the_foot_bone_question_needs_an_answer_only_after_yes_to_foot_pain():
    assert "foot-bone" not in {f.id for f in asked_at_screening(LIB.red_flags, {"knee-pain"})}
    assert "foot-bone" in {f.id for f in asked_at_screening(LIB.red_flags, {"foot-pain"})}
    with_foot = answers(signs={"foot-pain"})
    without_answer = {k: v for k, v in with_foot.red_flags.items() if k != "foot-bone"}
    with pytest.raises(Unanswered) as refused:
        screen(ScreeningAnswers(with_foot.signs, without_answer, 34), LIB.signs, LIB.red_flags)
    assert refused.value.ids == ("foot-bone",)
    assert run(signs={"foot-pain"}, flags={"foot-bone"}).level is RedFlagLevel.BONE_STRESS


def test_a_flag_worked_out_from_the_age_cannot_be_answered():
    given = answers()
    with pytest.raises(UnknownAnswer, match="young-runner-pain"):
        screen(
            ScreeningAnswers(given.signs, {**given.red_flags, "young-runner-pain": False}, 34),
            LIB.signs,
            LIB.red_flags,
        )


def test_an_unknown_answer_id_is_refused_by_name():
    given = answers()
    with pytest.raises(UnknownAnswer, match="no-such-sign"):
        screen(
            ScreeningAnswers({**given.signs, "no-such-sign": True}, given.red_flags, 34),
            LIB.signs,
            LIB.red_flags,
        )


def test_without_an_age_the_screening_is_refused():
    with pytest.raises(AgeUnknown, match="age"):
        run(age=None)


# --- the age rules: under 18 with hip, groin, thigh or knee pain; over 50 with back pain ----------------


@pytest.mark.parametrize(
    ("age", "signs", "level"),
    [
        (15, {"knee-pain"}, RedFlagLevel.REFER),
        (17, {"knee-pain"}, RedFlagLevel.REFER),
        (17, {"tight-hip-flexors"}, RedFlagLevel.REFER),  # the front of the hip: the groin
        (18, {"knee-pain"}, RedFlagLevel.NONE),
        (19, {"knee-pain"}, RedFlagLevel.NONE),
        (17, {"foot-pain"}, RedFlagLevel.NONE),  # foot: not a region of the rule
        (17, {"dull-low-back-ache"}, RedFlagLevel.NONE),
        (17, set(), RedFlagLevel.NONE),
    ],
)
def test_young_runners_with_hip_groin_thigh_or_knee_pain_are_referred(age, signs, level):
    result = run(signs=signs, age=age)
    assert result.level is level
    assert ("young-runner-pain" in {f.id for f in result.red_flags}) is (level is RedFlagLevel.REFER)
    if level is RedFlagLevel.REFER:
        assert not result.program_allowed and "screening.young-runner" in result.rules


@pytest.mark.parametrize(
    ("age", "signs", "level"),
    [
        (50, {"dull-low-back-ache"}, RedFlagLevel.NONE),
        (51, {"dull-low-back-ache"}, RedFlagLevel.NOTE),
        (55, {"dull-low-back-ache", "knee-pain"}, RedFlagLevel.NOTE),
        (55, {"knee-pain"}, RedFlagLevel.NONE),
    ],
)
def test_over_fifty_with_back_pain_is_a_note_worked_out_not_answered(age, signs, level):
    result = run(signs=signs, age=age)
    assert result.level is level
    assert result.program_allowed
    if level is RedFlagLevel.NOTE:
        assert result.explanation[0] != "None of the warning signs apply to you."
        assert "screening.older-runner-back" in result.rules and "downie2013" in result.evidence


def test_the_age_flags_say_why_from_the_constants(monkeypatch):
    young, older = LIB.red_flags["young-runner-pain"], LIB.red_flags["over-50-new-back-pain"]
    assert why_raised(young) == "You are under 18 and have pain around the hip, groin, thigh or knee."
    assert why_raised(older) == "You are over 50 and have low back pain."
    assert why_raised(LIB.red_flags["sharp-pain"]) == "Sharp pain?"
    monkeypatch.setattr(R, "YOUNG_RUNNER_AGE_UNDER", 16)
    monkeypatch.setattr(R, "OLDER_RUNNER_AGE_OVER", 60)
    assert why_raised(young).startswith("You are under 16 ")
    assert why_raised(older).startswith("You are over 60 ")


def test_the_age_limits_applied_are_the_constants(monkeypatch):
    monkeypatch.setattr(R, "YOUNG_RUNNER_AGE_UNDER", 16)
    assert run(signs={"knee-pain"}, age=16).level is RedFlagLevel.NONE
    assert run(signs={"knee-pain"}, age=15).level is RedFlagLevel.REFER
    monkeypatch.setattr(R, "OLDER_RUNNER_AGE_OVER", 60)
    assert run(signs={"dull-low-back-ache"}, age=60).level is RedFlagLevel.NONE


def test_a_stored_screening_reads_back_from_its_ids_whatever_the_age_now():
    stored = outcome({"knee-pain"}, {"young-runner-pain"}, LIB.signs, LIB.red_flags)
    assert stored.level is RedFlagLevel.REFER and not stored.program_allowed
    assert outcome({"knee-pain"}, set(), LIB.signs, LIB.red_flags).level is RedFlagLevel.NONE


# --- what a check-in asks -----------------------------------------------------------------------------


def test_a_check_in_asks_only_what_can_be_new_never_the_history_nor_the_age():
    asked = [f.id for f in asked_at_checkin(LIB.red_flags, set())]
    assert asked == ["saddle-numbness", "femoral-neck", "sharp-pain"]
    assert [f.id for f in asked_at_checkin(LIB.red_flags, {"foot-pain"})] == [
        "saddle-numbness",
        "femoral-neck",
        "foot-bone",
        "sharp-pain",
    ]
