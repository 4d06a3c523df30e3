"""Pause and clearance (BRIEF §2.2), worked by hand: what puts a runner on hold, and only a clearance recorded
after it lifts it; a cleared history flag is not raised again unless the answer changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.clearance import (
    HISTORY_RULE,
    HOLD_RULE,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    ClearanceRecord,
    FlagReport,
    InvalidClearance,
    PainPause,
    Where,
    check_clearance,
    standing,
)
from hipcoach.domain.content import FlagAsked, RedFlag, RedFlagLevel


def flag(flag_id: str, level: RedFlagLevel, asked: FlagAsked = FlagAsked.SCREENING) -> RedFlag:
    return RedFlag(
        id=flag_id,
        level=level,
        question=f"{flag_id}?",
        advice=f"advice for {flag_id}",
        evidence=("hipcoach-design",),
        rule="screening.refer",
        asked=asked,
    )


SHARP = flag("sharp-pain", RedFlagLevel.REFER)
URGENT = flag("saddle-numbness", RedFlagLevel.URGENT)
NOTE_A = flag("weak-a", RedFlagLevel.NOTE)
NOTE_B = flag("weak-b", RedFlagLevel.NOTE)
CANCER = flag("cancer-history", RedFlagLevel.REFER, FlagAsked.HISTORY)
YOUNG = flag("young-runner-pain", RedFlagLevel.REFER, FlagAsked.FROM_PROFILE)

T0 = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


def screening(hours: int, *flags: RedFlag, level: RedFlagLevel | None = None) -> FlagReport:
    strongest = max((f.level for f in flags), key=lambda lv: lv.rank, default=RedFlagLevel.NONE)
    return FlagReport(at(hours), Where.SCREENING, flags, level or strongest)


def checkin(hours: int, *flags: RedFlag) -> FlagReport:
    strongest = max((f.level for f in flags), key=lambda lv: lv.rank, default=RedFlagLevel.NONE)
    return FlagReport(at(hours), Where.CHECKIN, flags, strongest)


def cleared(hours: int, *flags: RedFlag) -> ClearanceRecord:
    return ClearanceRecord(at(hours), frozenset(f.id for f in flags))


# --- what holds ------------------------------------------------------------------------------------------


def test_nothing_recorded_holds_nothing():
    assert standing([], []) is None


def test_a_screening_without_red_flags_holds_nothing():
    assert standing([screening(0)], []) is None


def test_a_referring_flag_at_screening_holds_from_that_screening():
    hold = standing([screening(0, SHARP)], [])
    assert hold is not None
    assert hold.since == at(0)
    assert hold.flags == (SHARP,)
    assert hold.level is RedFlagLevel.REFER
    assert hold.pauses == ()
    assert hold.advice[0] == "advice for sharp-pain"
    assert hold.rule_id == HOLD_RULE
    assert hold.what_lifts == R.RULES[HOLD_RULE].statement
    assert "hipcoach-design" in hold.evidence


def test_an_urgent_flag_at_a_check_in_holds():
    hold = standing([checkin(5, URGENT)], [])
    assert hold is not None and hold.level is RedFlagLevel.URGENT and hold.since == at(5)


@pytest.mark.parametrize(
    ("flags", "level", "held"),
    [
        ((NOTE_A,), RedFlagLevel.NOTE, False),  # one weak flag is noted, no stop
        ((NOTE_A, NOTE_B), RedFlagLevel.REFER, True),  # two together refer (the level the screening gave)
        ((SHARP,), RedFlagLevel.REFER, True),
        ((URGENT,), RedFlagLevel.URGENT, True),
    ],
)
def test_a_flag_holds_from_the_referral_level_up(flags, level, held):
    assert (standing([screening(0, *flags, level=level)], []) is not None) is held


def test_retaking_the_screening_without_the_flag_does_not_lift_the_hold():
    hold = standing([screening(0, SHARP), screening(1), screening(2)], [])
    assert hold is not None
    assert hold.since == at(0)
    assert hold.flags == (SHARP,)


def test_a_pause_from_the_pain_rules_holds_with_its_reason():
    hold = standing([PainPause(at(3), "Two step-backs among the last four sessions.")], [])
    assert hold is not None
    assert hold.level is RedFlagLevel.NONE
    assert hold.flags == ()
    assert not hold.by_red_flag
    assert hold.advice[0] == "Two step-backs among the last four sessions."


def test_flags_and_pauses_together_are_listed_most_serious_first():
    hold = standing([screening(0, SHARP), checkin(4, URGENT), PainPause(at(5), "paused")], [])
    assert hold is not None
    assert hold.flags == (URGENT, SHARP)
    assert hold.level is RedFlagLevel.URGENT
    assert [p.reason for p in hold.pauses] == ["paused"]
    assert hold.since == at(0)


# --- what lifts a hold -----------------------------------------------------------------------------------


def test_a_clearance_recorded_after_the_flag_lifts_it():
    assert standing([screening(0, SHARP), screening(1)], [cleared(2, SHARP)]) is None


def test_a_clearance_recorded_at_the_same_instant_lifts_it():
    assert standing([screening(0, SHARP)], [cleared(0, SHARP)]) is None


def test_a_clearance_recorded_before_the_flag_does_not_lift_it():
    hold = standing([screening(1, SHARP)], [cleared(0)])
    assert hold is not None and hold.since == at(1)


def test_a_flag_after_a_clearance_holds_again_from_the_new_flag():
    hold = standing([screening(0, SHARP), checkin(5, SHARP)], [cleared(2, SHARP)])
    assert hold is not None
    assert hold.since == at(5)


def test_a_clearance_lifts_a_pain_pause():
    assert standing([PainPause(at(3), "paused")], [cleared(4)]) is None


# --- history flags ---------------------------------------------------------------------------------------


def test_a_cleared_history_flag_answered_yes_again_does_not_hold():
    events = [screening(0, CANCER), screening(10, CANCER)]
    assert standing(events, [cleared(5, CANCER)]) is None


def test_a_cleared_history_flag_answered_no_then_yes_holds_again():
    events = [screening(0, CANCER), screening(10), screening(20, CANCER)]
    hold = standing(events, [cleared(5, CANCER)])
    assert hold is not None
    assert hold.since == at(20)
    assert hold.flags == (CANCER,)


def test_a_cleared_age_flag_worked_out_again_does_not_hold():
    # A 15-year-old with knee pain, cleared: the same answers at the next screening do not hold again.
    events = [screening(0, YOUNG), screening(10, YOUNG)]
    assert standing(events, [cleared(5, YOUNG)]) is None


def test_a_cleared_age_flag_that_went_away_and_came_back_holds_again():
    # The knee pain settled (the flag was not raised), then came back: a new pain, looked at again.
    events = [screening(0, YOUNG), screening(10), screening(20, YOUNG)]
    hold = standing(events, [cleared(5, YOUNG)])
    assert hold is not None and hold.flags == (YOUNG,)


def test_a_no_before_the_clearance_is_not_a_changed_answer():
    # The clinician cleared the flag knowing of it; a "no" the runner gave before that changes nothing.
    events = [screening(0, CANCER), screening(2), screening(10, CANCER)]
    assert standing(events, [cleared(5, CANCER)]) is None


def test_a_history_flag_never_cleared_holds_at_every_screening():
    events = [screening(0, CANCER), screening(10, CANCER)]
    hold = standing(events, [cleared(5)])  # the clearance lifted something else
    assert hold is not None and hold.since == at(10)


def test_a_cleared_current_symptom_answered_yes_again_holds_again():
    hold = standing([screening(0, SHARP), screening(10, SHARP)], [cleared(5, SHARP)])
    assert hold is not None and hold.since == at(10)


def test_only_the_new_flag_holds_when_a_cleared_history_flag_comes_with_it():
    events = [screening(0, CANCER), screening(10, CANCER, SHARP)]
    hold = standing(events, [cleared(5, CANCER)])
    assert hold is not None
    assert hold.flags == (SHARP,)
    assert "hipcoach-design" in hold.evidence and R.RULES[HISTORY_RULE].evidence[0] in hold.evidence


def test_without_the_cleared_history_flag_the_rest_is_weighed_again():
    # Cancer history (refer) and one weak flag: the screening said refer. Once cancer history is cleared,
    # the weak flag alone is only a note, and notes do not hold.
    events = [screening(0, CANCER), screening(10, CANCER, NOTE_A, level=RedFlagLevel.REFER)]
    assert standing(events, [cleared(5, CANCER)]) is None


# --- the program's own pause -----------------------------------------------------------------------------


def test_a_paused_program_holds_when_nothing_else_explains_it():
    hold = standing([], [], program_pause=PainPause(at(3), "Paused for a reason kept only on the program."))
    assert hold is not None
    assert hold.since == at(3)
    assert hold.advice[0] == "Paused for a reason kept only on the program."


def test_the_programs_pause_adds_nothing_when_a_flag_explains_the_hold():
    hold = standing([screening(0, SHARP)], [], program_pause=PainPause(at(0), "A red flag came up"))
    assert hold is not None and hold.pauses == ()


def test_a_program_pause_before_the_last_clearance_is_lifted():
    assert standing([], [cleared(5)], program_pause=PainPause(at(3), "paused")) is None


# --- what a clearance must say ---------------------------------------------------------------------------

HOLD_DAY = date(2026, 11, 2)
TODAY = date(2026, 11, 9)


def test_a_clearance_is_trimmed():
    assert check_clearance("  Dr Lee ", " physiotherapist ", " fine to go on ", TODAY, HOLD_DAY, TODAY) == (
        "Dr Lee",
        "physiotherapist",
        "fine to go on",
    )


def test_a_clearance_without_name_and_profession_names_both():
    with pytest.raises(InvalidClearance) as error:
        check_clearance(" ", "", "", TODAY, HOLD_DAY, TODAY)
    assert "name of who cleared you is missing" in str(error.value)
    assert "profession is missing" in str(error.value)


@pytest.mark.parametrize(
    ("cleared_on", "refused"),
    [
        (HOLD_DAY - timedelta(days=1), "before the hold began on 2026-11-02"),
        (HOLD_DAY, None),  # the day the hold began: the clinician saw them that day
        (TODAY, None),
        (TODAY + timedelta(days=1), "is in the future"),
    ],
)
def test_the_clearance_date_lies_between_the_hold_and_today(cleared_on, refused):
    if refused is None:
        check_clearance("Dr Lee", "doctor", "", cleared_on, HOLD_DAY, TODAY)
    else:
        with pytest.raises(InvalidClearance, match=refused):
            check_clearance("Dr Lee", "doctor", "", cleared_on, HOLD_DAY, TODAY)


def test_overlong_texts_are_refused_by_name():
    check_clearance("x" * MAX_NAME_LENGTH, "doctor", "n" * MAX_NOTE_LENGTH, TODAY, HOLD_DAY, TODAY)
    with pytest.raises(InvalidClearance, match=f"name is longer than {MAX_NAME_LENGTH}"):
        check_clearance("x" * (MAX_NAME_LENGTH + 1), "doctor", "", TODAY, HOLD_DAY, TODAY)
    with pytest.raises(InvalidClearance, match=f"note is longer than {MAX_NOTE_LENGTH}"):
        check_clearance("Dr Lee", "doctor", "n" * (MAX_NOTE_LENGTH + 1), TODAY, HOLD_DAY, TODAY)


def test_the_length_limits_in_the_messages_are_the_constants(monkeypatch):
    from hipcoach.domain import clearance

    monkeypatch.setattr(clearance, "MAX_NAME_LENGTH", 5)
    with pytest.raises(InvalidClearance, match="name is longer than 5 characters"):
        check_clearance("Dr Kim Lee", "doctor", "", TODAY, HOLD_DAY, TODAY)
