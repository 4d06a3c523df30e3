import pytest

from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.screening import ScreeningAnswers, UnknownAnswer, red_flag_level, screen
from tests.unit.factories import library

LIB = library()


def answers(signs=(), flags=()):
    return ScreeningAnswers(frozenset(signs), frozenset(flags))


def run(signs=(), flags=()):
    return screen(answers(signs, flags), LIB.signs, LIB.red_flags)


def test_sharp_low_back_pain_refers_out_and_allows_no_program():
    result = run(signs={"dull-low-back-ache"}, flags={"sharp-pain"})
    assert result.level is RedFlagLevel.REFER
    assert not result.program_allowed
    assert "clinician" in result.explanation[0]
    assert "source-program" in result.evidence


def test_saddle_numbness_is_urgent_even_with_signs_that_fit():
    result = run(signs={"tight-hip-flexors", "knee-pain"}, flags={"saddle-numbness", "sharp-pain"})
    assert result.level is RedFlagLevel.URGENT
    assert not result.program_allowed
    assert "today" in result.explanation[0]


def test_a_single_weak_flag_is_noted_and_the_program_may_start():
    result = run(signs={"tight-hip-flexors"}, flags={"over-50-new-back-pain"})
    assert result.level is RedFlagLevel.NOTE
    assert result.program_allowed
    assert "downie2013" in result.evidence


def test_two_weak_flags_together_refer():
    assert run(flags={"over-50-new-back-pain", "another-weak-flag"}).level is RedFlagLevel.REFER


def test_no_flags_means_level_none():
    assert red_flag_level([]) is RedFlagLevel.NONE
    assert run(signs={"knee-pain"}).level is RedFlagLevel.NONE


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


def test_an_unknown_answer_id_is_refused_by_name():
    with pytest.raises(UnknownAnswer, match="no-such-sign"):
        run(signs={"no-such-sign"})
