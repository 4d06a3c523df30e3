"""BRIEF §5 week to week, the absolute ceiling and the rise above the phase's start: worked examples by hand.

The check-in judged is on Monday 16 November 2026: its last week is 10-16 November, the week before 3-9
November (each needs at least three check-ins)."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.pain_trend import (
    CEILING,
    PHASE_BASELINE,
    WEEK_RISE_HOLD,
    WEEK_RISE_REGRESS,
    MorningPain,
    above_phase_baseline,
    morning_trend,
    week_on_week,
)
from hipcoach.domain.progression import Outcome

TODAY = date(2026, 11, 16)
# A phase that starts today has no run of three check-ins yet: only the weeks matter unless a test says so.
PHASE_START = TODAY


def on(day: int, pain: int) -> MorningPain:
    return MorningPain(date(2026, 11, day), pain)


def weeks(before: list[int], last: list[int]) -> tuple[MorningPain, list[MorningPain]]:
    """Check-ins on 3, 5, 7, ... November for the week before and 10, 12, 14, ... then 16 for the last week;
    the last of ``last`` is today's."""
    earlier = [on(3 + 2 * i, pain) for i, pain in enumerate(before)]
    earlier += [on(10 + 2 * i, pain) for i, pain in enumerate(last[:-1])]
    return MorningPain(TODAY, last[-1]), earlier


def trend(today, earlier, baseline=None, phase_start=PHASE_START):
    return morning_trend(today, earlier, phase_start, baseline)


# --- week to week ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "last", "expected"),
    [
        ([2, 2, 2], [2, 3, 3], None),  # 8/3 - 2 = 0.67: below one point
        ([2, 2, 2], [3, 3, 3], (Outcome.HOLD, WEEK_RISE_HOLD)),  # 3 - 2 = 1: at the hold threshold
        ([2, 2, 2], [4, 4, 3], (Outcome.HOLD, WEEK_RISE_HOLD)),  # 11/3 - 2 = 1.67
        ([2, 2, 2], [4, 4, 4], (Outcome.REGRESS, WEEK_RISE_REGRESS)),  # 4 - 2 = 2: at the step-back threshold
        ([2, 2, 2], [5, 4, 4], (Outcome.REGRESS, WEEK_RISE_REGRESS)),  # 13/3 - 2 = 2.33
        ([4, 4, 4], [2, 2, 2], None),  # falling pain
    ],
)
def test_the_mean_of_the_last_week_against_the_week_before(before, last, expected):
    today, earlier = weeks(before, last)
    found = trend(today, earlier)
    assert ((found.outcome, found.rule_id) if found is not None else None) == expected


def test_the_reason_gives_the_rise_cut_to_tenths_and_both_means():
    today, earlier = weeks([2, 2, 2], [4, 4, 3])
    found = trend(today, earlier)
    assert found is not None
    # 3.667 - 2 = 1.667 is shown as 1.6 (cut, never rounded up toward the next threshold).
    assert found.why == (
        "your mean morning pain rose by 1.6 points, from 2.0 to 3.7/10, over the last 7 days against the "
        "7 before"
    )


def test_a_rise_just_under_two_points_never_reads_as_two():
    # before 1, 1, 2 (4/3); last 3, 3, 4, 3 (13/4): a rise of 23/12 = 1.917 holds and reads "1.9".
    today = MorningPain(TODAY, 3)
    earlier = [on(3, 1), on(4, 1), on(5, 2), on(10, 3), on(12, 3), on(14, 4)]
    found = trend(today, earlier)
    assert found is not None and found.outcome is Outcome.HOLD and "rose by 1.9 points" in found.why


def test_each_week_needs_three_check_ins():
    today, earlier = weeks([2, 2], [5, 5, 5])  # two in the week before
    assert trend(today, earlier) is None
    today, earlier = weeks([2, 2, 2], [5, 5])  # two in the last week, today included
    assert week_on_week(today, earlier) is None


def test_the_weeks_are_seven_days_each_counted_back_from_today():
    # 9 Nov is the last day of the week before, 10 Nov the first of the last week; 2 Nov falls outside.
    today = MorningPain(TODAY, 3)
    earlier = [on(2, 9), on(5, 2), on(7, 2), on(9, 2), on(10, 3), on(13, 3)]
    assert week_on_week(today, earlier).before == 2 and week_on_week(today, earlier).last == 3
    moved = [on(2, 9), on(5, 2), on(7, 2), on(10, 2), on(11, 3), on(13, 3)]
    assert week_on_week(today, moved) is None  # only two left in the week before


def test_the_means_are_exact():
    today, earlier = weeks([1, 2, 2], [3, 3, 4])
    assert week_on_week(today, earlier).before == Fraction(5, 3)
    assert week_on_week(today, earlier).rise == Fraction(5, 3)


def test_the_week_rules_follow_their_constants(monkeypatch):
    today, earlier = weeks([2, 2, 2], [3, 3, 3])  # a rise of exactly one point
    monkeypatch.setattr(R, "PAIN_TREND_RISE_HOLD", 2)
    monkeypatch.setattr(R, "PAIN_TREND_RISE_REGRESS", 3)
    assert trend(today, earlier) is None
    monkeypatch.setattr(R, "PAIN_TREND_RISE_HOLD", 1)
    monkeypatch.setattr(R, "PAIN_TREND_RISE_REGRESS", 1)
    assert trend(today, earlier).outcome is Outcome.REGRESS
    monkeypatch.setattr(R, "PAIN_TREND_MIN_CHECKINS", 4)
    assert trend(today, earlier) is None
    monkeypatch.setattr(R, "PAIN_TREND_MIN_CHECKINS", 3)
    monkeypatch.setattr(R, "PAIN_TREND_DAYS", 5)  # last week 12-16 Nov: 12, 14, 16 Nov; before 7-11: two
    assert trend(today, earlier) is None


# --- the absolute ceiling -------------------------------------------------------------------------------


@pytest.mark.parametrize(("pain", "pauses"), [(5, False), (6, True), (7, True)])
def test_morning_pain_at_or_above_six_pauses_on_any_check_in(pain, pauses):
    found = trend(MorningPain(TODAY, pain), [])  # no history at all
    assert (found is not None and found.outcome is Outcome.PAUSE and found.rule_id == CEILING) is pauses


def test_the_ceiling_reason_states_the_value_and_the_ceiling(monkeypatch):
    assert trend(MorningPain(TODAY, 6), []).why == (
        "your morning pain is 6/10, at or above the ceiling of 6/10"
    )
    monkeypatch.setattr(R, "MORNING_PAIN_CEILING", 8)
    assert trend(MorningPain(TODAY, 7), []) is None
    assert "the ceiling of 8/10" in trend(MorningPain(TODAY, 8), []).why


# --- two points above where the phase started, three check-ins in a row ---------------------------------

START = date(2026, 11, 9)


def in_phase(*pains: int) -> list[MorningPain]:
    return [MorningPain(START + timedelta(days=i), p) for i, p in enumerate(pains)]


@pytest.mark.parametrize(
    ("earlier", "today", "pauses"),
    [
        ((3, 3), 3, True),  # baseline 1: 3, 3, 3 are each two above
        ((2, 3), 3, False),  # 2 is one above: the run is broken
        ((3, 3), 2, False),  # today only one above
        ((3,), 3, False),  # two check-ins in the phase so far
        ((5, 1, 3, 4), 3, True),  # the last three count, whatever came before
    ],
)
def test_three_check_ins_in_a_row_two_points_above_the_start_pause(earlier, today, pauses):
    today_pain = MorningPain(START + timedelta(days=len(earlier)), today)
    found = trend(today_pain, in_phase(*earlier), baseline=1, phase_start=START)
    assert (found is not None and found.rule_id == PHASE_BASELINE) is pauses


def test_the_phase_baseline_reason_lists_the_pains_and_the_start():
    found = trend(MorningPain(START + timedelta(days=2), 4), in_phase(3, 3), baseline=1, phase_start=START)
    assert found.outcome is Outcome.PAUSE
    assert found.why == (
        "your morning pain was 3, 3 and 4/10 at your last three check-ins, each two points or more above "
        "the 1/10 this phase started at"
    )


def test_check_ins_before_the_phase_began_are_not_in_the_run():
    earlier = [MorningPain(START - timedelta(days=1), 5), *in_phase(4)]
    assert above_phase_baseline(MorningPain(START + timedelta(days=1), 4), earlier, START, 1) is None


def test_without_a_pre_session_baseline_the_first_check_in_of_the_phase_is_the_start():
    today = MorningPain(START + timedelta(days=3), 3)
    assert above_phase_baseline(today, in_phase(1, 3, 3), START, None) == (1, (3, 3, 3))
    assert above_phase_baseline(today, in_phase(2, 3, 3), START, None) is None


def test_the_phase_rule_follows_its_constants(monkeypatch):
    today = MorningPain(START + timedelta(days=2), 3)
    monkeypatch.setattr(R, "PHASE_BASELINE_RISE", 3)
    assert above_phase_baseline(today, in_phase(3, 3), START, 1) is None
    monkeypatch.setattr(R, "PHASE_BASELINE_RISE", 2)
    monkeypatch.setattr(R, "PHASE_BASELINE_CHECKINS_IN_A_ROW", 4)
    assert above_phase_baseline(today, in_phase(3, 3), START, 1) is None
    assert above_phase_baseline(MorningPain(START + timedelta(days=3), 3), in_phase(3, 3, 3), START, 1)


def test_the_ceiling_comes_first_then_the_phase_then_the_weeks():
    today, earlier = weeks([1, 1, 1], [3, 3, 6])
    assert trend(today, earlier, baseline=1, phase_start=date(2026, 11, 10)).rule_id == CEILING
    today, earlier = weeks([1, 1, 1], [3, 3, 3])
    assert trend(today, earlier, baseline=1, phase_start=date(2026, 11, 10)).rule_id == PHASE_BASELINE
    assert trend(today, earlier, baseline=2, phase_start=date(2026, 11, 10)).rule_id == WEEK_RISE_REGRESS
