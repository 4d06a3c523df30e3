"""Screening against the packaged questions: each red flag of BRIEF §2.2 lands at its urgency."""

import pytest

from hipcoach.content import default_library
from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.screening import ScreeningAnswers, screen

LIBRARY = default_library()

# Which flag sits at which level is checked against the brief in test_content_library.py; here, that
# screening turns each level into the right outcome.
URGENT = [f.id for f in LIBRARY.red_flags.values() if f.level is RedFlagLevel.URGENT]
REFER = [f.id for f in LIBRARY.red_flags.values() if f.level is RedFlagLevel.REFER]


def run(signs=(), flags=()):
    return screen(ScreeningAnswers(frozenset(signs), frozenset(flags)), LIBRARY.signs, LIBRARY.red_flags)


@pytest.mark.parametrize("flag", URGENT)
def test_each_urgent_flag_means_care_today_and_no_program(flag):
    result = run(flags={flag})
    assert result.level is RedFlagLevel.URGENT and not result.program_allowed


@pytest.mark.parametrize("flag", REFER)
def test_each_refer_flag_means_a_clinician_first_and_no_program(flag):
    result = run(signs={"tight-hip-flexors"}, flags={flag})
    assert result.level is RedFlagLevel.REFER and not result.program_allowed


def test_sharp_low_back_pain_refers_out_with_the_source_programs_rule():
    result = run(signs={"dull-low-back-ache"}, flags={"sharp-pain"})
    assert result.level is RedFlagLevel.REFER
    assert "source-program" in result.evidence


def test_over_fifty_with_new_back_pain_alone_is_a_note_and_the_program_may_start():
    result = run(signs={"dull-low-back-ache"}, flags={"over-50-new-back-pain"})
    assert result.level is RedFlagLevel.NOTE and result.program_allowed


def test_all_six_signs_make_the_strongest_case():
    result = run(signs=set(LIBRARY.signs))
    assert len(result.signs) == 6 and "strong case" in result.explanation[1]
    assert result.adds_foot_block
