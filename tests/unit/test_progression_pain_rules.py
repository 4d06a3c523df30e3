"""BRIEF §5, the rules added for a slow rise in pain: pain an hour after, missing values, step-backs among the
last four decisions, and what the morning pains across days (pain_trend) do to one session's decision.

Worked examples by hand from the brief; each threshold just below, at and just above."""

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.progression import (
    GREEN_ONCE,
    NOT_ENOUGH_INFORMATION,
    ExerciseState,
    MorningTrend,
    Outcome,
    PreviousDecision,
    SessionEffort,
    decide,
    decide_session,
    decide_without_session,
    hour_after_meaning,
    regressions_among_last,
)

LUNGE = ExerciseState("lunge", ladder_level=3, rounds=2, top_level=5)
GREEN = PreviousDecision(Outcome.HOLD, GREEN_ONCE)
HOLD = PreviousDecision(Outcome.HOLD, "progression.hold")
REGRESS = PreviousDecision(Outcome.REGRESS, "progression.regress")
PAUSE = PreviousDecision(Outcome.PAUSE, "progression.pause")


def effort(pain=2, rpe=6, full=True, baseline=1, morning=1, after=None):
    return SessionEffort(
        full_dose=full,
        pain_during=pain,
        rpe=rpe,
        baseline_pain=baseline,
        pain_next_morning=morning,
        pain_after=after,
    )


# --- pain about an hour after: >5 like pain during >5 (step back), 4-5 like acceptable pain (hold) ----------


@pytest.mark.parametrize(
    ("after", "outcome", "rule_id"),
    [
        (None, Outcome.HOLD, GREEN_ONCE),  # not given: the session is judged without it
        (0, Outcome.HOLD, GREEN_ONCE),
        (3, Outcome.HOLD, GREEN_ONCE),  # settled: still a good session
        (4, Outcome.HOLD, "progression.hold"),  # just above "settled"
        (5, Outcome.HOLD, "progression.hold"),  # at the top of "acceptable"
        (6, Outcome.REGRESS, "progression.regress"),  # just above: a step back
        (10, Outcome.REGRESS, "progression.regress"),
    ],
)
def test_pain_an_hour_after_counts_like_pain_during(after, outcome, rule_id):
    decision = decide(LUNGE, effort(after=after), previous=None)
    assert (decision.outcome, decision.rule_id) == (outcome, rule_id)


def test_pain_six_an_hour_after_steps_back_one_level_and_says_why():
    decision = decide(LUNGE, effort(after=6), previous=None)
    assert decision.after.ladder_level == 2
    assert decision.reason == "Step back: pain an hour after the session was 6/10, above 5/10."


def test_pain_four_an_hour_after_holds_and_says_it_had_not_settled():
    decision = decide(LUNGE, effort(after=4), previous=GREEN)  # would have been the second good session
    assert decision.outcome is Outcome.HOLD and decision.after == LUNGE
    assert (
        decision.reason
        == "Stay here: pain an hour after the session was 4/10: acceptable, but it had not settled."
    )


def test_an_hour_after_above_five_with_a_step_back_before_pauses():
    assert decide(LUNGE, effort(after=6), previous=[REGRESS]).outcome is Outcome.PAUSE


def test_several_reasons_to_step_back_are_all_given():
    decision = decide(LUNGE, effort(pain=7, after=6, baseline=1, morning=3), previous=None)
    assert decision.reason == (
        "Step back: pain during exercise was 7/10, above 5/10 and pain an hour after the session was 6/10, "
        "above 5/10 and the next morning was 2 points above your pre-session pain."
    )


def test_the_hour_after_thresholds_follow_the_pain_constants(monkeypatch):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    assert decide(LUNGE, effort(pain=1, after=3), previous=None).rule_id == "progression.hold"
    assert decide(LUNGE, effort(pain=1, after=6), previous=None).rule_id == "progression.hold"
    stepped = decide(LUNGE, effort(pain=1, after=7), previous=None)
    assert stepped.outcome is Outcome.REGRESS and "7/10, above 6/10" in stepped.reason


@pytest.mark.parametrize(
    ("after", "meaning"),
    [
        (3, "3/10 or less an hour after: the pain has settled."),
        (4, "4-5/10 an hour after is acceptable but not settled: the morning check-in will not step up."),
        (5, "4-5/10 an hour after is acceptable but not settled: the morning check-in will not step up."),
        (6, "Above 5/10 an hour after means the session was too much: the morning check-in will step back."),
    ],
)
def test_what_an_hour_after_value_will_mean_is_said_from_the_thresholds(after, meaning):
    assert hour_after_meaning(after) == meaning


def test_the_hour_after_meaning_follows_the_constants(monkeypatch):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    assert hour_after_meaning(3).startswith("3-6/10 an hour after is acceptable")
    assert hour_after_meaning(7).startswith("Above 6/10 an hour after")


# --- missing values: never read as 0; no decision to move on ----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"pain": None}, "the pain during the session was"),
        ({"morning": None}, "the morning pain was"),
        ({"baseline": None}, "the pain before the session was"),
        (
            {"pain": None, "baseline": None},
            "the pain during the session and the pain before the session were",
        ),
    ],
)
def test_a_missing_value_gives_not_enough_information_and_changes_nothing(changes, missing):
    decision = decide(LUNGE, effort(**changes), previous=GREEN)  # a second good session would move up
    assert decision.outcome is Outcome.HOLD and decision.rule_id == NOT_ENOUGH_INFORMATION
    assert decision.after == LUNGE and not decision.changed
    assert (
        decision.reason == f"Not enough information to move on: {missing} not recorded, so nothing changes."
    )
    assert decision.evidence == ("hipcoach-design",)


def test_missing_pain_during_is_not_read_as_a_painless_session():
    # Read as 0 it would be the second good session in a row: a step up.
    assert decide(LUNGE, effort(pain=None), previous=GREEN).outcome is not Outcome.PROGRESS
    assert decide_session(effort(pain=None), previous=GREEN).rule_id == NOT_ENOUGH_INFORMATION


def test_a_missing_baseline_is_not_read_as_zero_pain_before():
    # Read as 0, a morning of 2 would be "clearly worse" (a step back); unknown, it says nothing either way.
    decision = decide(LUNGE, effort(baseline=None, morning=2), previous=None)
    assert decision.rule_id == NOT_ENOUGH_INFORMATION


def test_a_value_that_is_there_and_calls_for_a_step_back_still_counts():
    decision = decide(LUNGE, effort(pain=None, after=6), previous=None)
    assert decision.outcome is Outcome.REGRESS and "6/10" in decision.reason
    decision = decide(LUNGE, effort(pain=7, morning=None), previous=None)
    assert decision.outcome is Outcome.REGRESS


def test_a_missing_value_gives_way_to_a_red_flag():
    assert decide(LUNGE, effort(pain=None), previous=None, red_flag=True).outcome is Outcome.PAUSE


# --- step-backs: two among the last four decisions pause, not only two in a row -----------------------------


@pytest.mark.parametrize(
    ("earlier", "outcome"),
    [
        ([], Outcome.REGRESS),
        ([REGRESS], Outcome.PAUSE),  # back to back
        ([HOLD, REGRESS], Outcome.PAUSE),  # one between
        ([HOLD, GREEN, REGRESS], Outcome.PAUSE),  # the fourth decision back (this one is the first)
        ([HOLD, GREEN, HOLD, REGRESS], Outcome.REGRESS),  # the fifth: outside the window
        ([HOLD, PAUSE, REGRESS], Outcome.REGRESS),  # a pause in between: the count starts afresh
    ],
)
def test_two_step_backs_among_the_last_four_decisions_pause(earlier, outcome):
    assert decide(LUNGE, effort(pain=6), previous=earlier).outcome is outcome


def test_pain_alternating_six_and_four_pauses_at_the_second_six():
    # Issue 13: 6/4/6/4 used to step down to level 1 without ever pausing.
    first = decide(LUNGE, effort(pain=6), previous=None)
    second = decide(first.after, effort(pain=4), previous=[first_of(first)])
    assert (first.outcome, second.outcome) == (Outcome.REGRESS, Outcome.HOLD)
    third = decide(second.after, effort(pain=6), previous=[first_of(second), first_of(first)])
    assert third.outcome is Outcome.PAUSE and third.after == second.after
    assert third.reason.startswith("This is the second step back in your last four sessions.")


def first_of(decision):
    return PreviousDecision(decision.outcome, decision.rule_id)


def test_the_window_follows_its_constant(monkeypatch):
    monkeypatch.setattr(R, "REGRESSIONS_WINDOW", 3)
    assert decide(LUNGE, effort(pain=6), previous=[HOLD, GREEN, REGRESS]).outcome is Outcome.REGRESS
    assert decide(LUNGE, effort(pain=6), previous=[HOLD, REGRESS]).outcome is Outcome.PAUSE
    assert "step back in your last three sessions" in decide(LUNGE, effort(pain=6), previous=[REGRESS]).reason


def test_step_backs_are_counted_in_the_window_and_up_to_a_pause():
    assert regressions_among_last([REGRESS, HOLD, REGRESS, REGRESS]) == 2  # only three earlier fit
    assert regressions_among_last([HOLD, PAUSE, REGRESS]) == 0
    assert regressions_among_last(None) == 0 and regressions_among_last(REGRESS) == 1


# --- the morning pains across days (pain_trend) in one session's decision ---------------------------------

WEEK_HOLD = MorningTrend(Outcome.HOLD, "progression.week-rise-hold", "your mean morning pain rose")
WEEK_REGRESS = MorningTrend(Outcome.REGRESS, "progression.week-rise-regress", "your mean morning pain rose")
CEILING = MorningTrend(Outcome.PAUSE, "progression.morning-ceiling", "your morning pain is 6/10")


def test_a_week_on_week_rise_holds_a_session_that_would_have_moved_up():
    decision = decide(LUNGE, effort(), previous=GREEN, trend=WEEK_HOLD)
    assert decision.outcome is Outcome.HOLD and decision.rule_id == "progression.week-rise-hold"
    assert decision.reason == "Stay here: your mean morning pain rose." and decision.after == LUNGE


def test_a_meaningful_week_on_week_rise_steps_back_a_good_session():
    decision = decide(LUNGE, effort(), previous=GREEN, trend=WEEK_REGRESS)
    assert decision.outcome is Outcome.REGRESS and decision.rule_id == "progression.week-rise-regress"
    assert decision.after.ladder_level == 2


def test_a_week_on_week_step_back_counts_toward_the_pause():
    assert decide(LUNGE, effort(), previous=[HOLD, REGRESS], trend=WEEK_REGRESS).outcome is Outcome.PAUSE


def test_a_session_step_back_and_a_week_on_week_one_step_back_once_with_both_reasons():
    decision = decide(LUNGE, effort(pain=6), previous=None, trend=WEEK_REGRESS)
    assert decision.after.ladder_level == 2 and decision.rule_id == "progression.regress"
    assert decision.reason.endswith("above 5/10 and your mean morning pain rose.")


def test_the_morning_ceiling_pauses_whatever_the_session():
    decision = decide(LUNGE, effort(), previous=GREEN, trend=CEILING)
    assert decision.outcome is Outcome.PAUSE and decision.rule_id == "progression.morning-ceiling"
    assert decision.after == LUNGE and "see a clinician" in decision.reason
    assert decide_session(effort(pain=None), previous=None, trend=CEILING).outcome is Outcome.PAUSE


def test_a_rise_that_only_holds_gives_way_to_a_step_back_and_to_missing_values():
    assert decide(LUNGE, effort(pain=6), previous=None, trend=WEEK_HOLD).outcome is Outcome.REGRESS
    assert decide(LUNGE, effort(pain=None), previous=None, trend=WEEK_HOLD).rule_id == NOT_ENOUGH_INFORMATION


def test_a_check_in_without_a_session_acts_only_on_a_pause():
    assert decide_without_session(None) is None
    assert decide_without_session(WEEK_HOLD) is None and decide_without_session(WEEK_REGRESS) is None
    decision = decide_without_session(CEILING)
    assert decision is not None and decision.outcome is Outcome.PAUSE
    assert decision.rule_id == "progression.morning-ceiling" and decision.before.exercise_id is None
    assert decision.reason == (
        "The program is paused: your morning pain is 6/10. Please see a clinician and show them what "
        "happened before you carry on."
    )
