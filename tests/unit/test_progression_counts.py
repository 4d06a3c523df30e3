"""The counts and thresholds of the pain-guided progression come from domain/rules.py: change one, and the
decision and its explanation follow (worked examples with the constant changed)."""

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.progression import (
    GREEN_ONCE,
    ExerciseState,
    Outcome,
    PreviousDecision,
    SessionEffort,
    decide,
    decide_session,
    decisions_to_look_back,
    green_sessions_in_a_row,
    regressions_in_a_row,
    step_down,
)

LUNGE = ExerciseState("lunge", ladder_level=2, rounds=2, top_level=5)


def effort(pain=2, rpe=6, full=True, baseline=1, morning=1):
    return SessionEffort(
        full_dose=full, pain_during=pain, rpe=rpe, baseline_pain=baseline, pain_next_morning=morning
    )


def earlier(*decisions):
    """The decisions before the next one, latest first, as the services read them back."""
    return [PreviousDecision(d.outcome, d.rule_id) for d in reversed(decisions)]


def test_with_three_good_sessions_needed_the_second_still_holds_and_the_third_moves_up(monkeypatch):
    monkeypatch.setattr(R, "GREEN_SESSIONS_TO_PROGRESS", 3)
    first = decide(LUNGE, effort(), previous=None)
    assert first.rule_id == GREEN_ONCE and "Two more like it and you move up" in first.reason
    second = decide(LUNGE, effort(), previous=earlier(first))
    assert second.outcome is Outcome.HOLD and second.rule_id == GREEN_ONCE
    assert "One more like it and you move up" in second.reason
    third = decide(LUNGE, effort(), previous=earlier(first, second))
    assert third.outcome is Outcome.PROGRESS and third.after.ladder_level == 3
    assert third.reason == "Three good sessions in a row: move up to level 3."


def test_with_the_constant_at_two_the_same_history_moves_up_at_the_second_session():
    assert R.GREEN_SESSIONS_TO_PROGRESS == 2
    first = decide(LUNGE, effort(), previous=None)
    second = decide(LUNGE, effort(), previous=earlier(first))
    assert second.outcome is Outcome.PROGRESS
    assert second.reason == "Two good sessions in a row: move up to level 3."


def test_with_one_good_session_needed_every_good_session_moves_up(monkeypatch):
    monkeypatch.setattr(R, "GREEN_SESSIONS_TO_PROGRESS", 1)
    decision = decide(LUNGE, effort(), previous=None)
    assert decision.outcome is Outcome.PROGRESS
    assert decision.reason == "A good session: move up to level 3."


def test_a_mobility_session_says_how_many_good_sessions_it_took(monkeypatch):
    monkeypatch.setattr(R, "GREEN_SESSIONS_TO_PROGRESS", 3)
    first = decide_session(effort(), previous=None)
    second = decide_session(effort(), previous=earlier(first))
    third = decide_session(effort(), previous=earlier(first, second))
    assert second.outcome is Outcome.HOLD and third.outcome is Outcome.PROGRESS
    assert third.reason.startswith("Three good sessions in a row: keep going")


def test_with_three_step_backs_to_pause_the_second_only_steps_back(monkeypatch):
    monkeypatch.setattr(R, "REGRESSIONS_TO_PAUSE", 3)
    first = decide(LUNGE, effort(pain=7), previous=None)
    second = decide(first.after, effort(pain=7), previous=earlier(first))
    assert second.outcome is Outcome.REGRESS and second.after == step_down(first.after)
    third = decide(second.after, effort(pain=7), previous=earlier(first, second))
    assert third.outcome is Outcome.PAUSE and third.after == second.after
    assert third.reason.startswith("This is the third step back in your last four sessions.")


def test_with_the_constant_at_two_the_second_step_back_pauses_with_the_same_words():
    assert R.REGRESSIONS_TO_PAUSE == 2
    first = decide(LUNGE, effort(pain=7), previous=None)
    second = decide(first.after, effort(pain=7), previous=earlier(first))
    assert second.outcome is Outcome.PAUSE
    assert second.reason.startswith("This is the second step back in your last four sessions.")


def test_with_one_step_back_to_pause_any_step_back_pauses(monkeypatch):
    monkeypatch.setattr(R, "REGRESSIONS_TO_PAUSE", 1)
    decision = decide(LUNGE, effort(pain=7), previous=None)
    assert decision.outcome is Outcome.PAUSE and decision.after == LUNGE
    assert decision.reason.startswith("This is a step back.")


def test_a_count_stops_at_the_first_decision_that_breaks_the_run():
    green = PreviousDecision(Outcome.HOLD, GREEN_ONCE)
    regress = PreviousDecision(Outcome.REGRESS, "progression.regress")
    hold = PreviousDecision(Outcome.HOLD, "progression.hold")
    assert green_sessions_in_a_row([green, green, hold, green]) == 2
    assert green_sessions_in_a_row(green) == 1 and green_sessions_in_a_row(None) == 0
    assert regressions_in_a_row([regress, hold, regress]) == 1
    assert regressions_in_a_row([hold, regress]) == 0


def test_a_count_reaches_back_only_as_far_as_the_decisions_given(monkeypatch):
    monkeypatch.setattr(R, "GREEN_SESSIONS_TO_PROGRESS", 3)
    only_the_last = PreviousDecision(Outcome.HOLD, GREEN_ONCE)
    assert decide(LUNGE, effort(), previous=only_the_last).outcome is Outcome.HOLD
    assert decide(LUNGE, effort(), previous=[only_the_last] * 2).outcome is Outcome.PROGRESS


def test_the_look_back_covers_the_longest_count(monkeypatch):
    # The services pass decisions_to_look_back() earlier decisions: a test in
    # tests/integration/test_service_pain_rules.py moves up at the third good session when three are needed.
    assert decisions_to_look_back() == R.REGRESSIONS_WINDOW - 1 == 3
    monkeypatch.setattr(R, "GREEN_SESSIONS_TO_PROGRESS", 6)
    assert decisions_to_look_back() == 5
    monkeypatch.setattr(R, "REGRESSIONS_WINDOW", 8)
    assert decisions_to_look_back() == 7


@pytest.mark.parametrize(("safe", "acceptable"), [(3, 5), (2, 6)])
def test_the_pain_thresholds_decide_and_the_explanations_quote_them(monkeypatch, safe, acceptable):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", safe)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", acceptable)
    assert decide(LUNGE, effort(pain=safe), previous=None).rule_id == GREEN_ONCE
    hold = decide(LUNGE, effort(pain=safe + 1), previous=None)
    assert hold.rule_id == "progression.hold" and f"{safe + 1}/10: acceptable" in hold.reason
    assert decide(LUNGE, effort(pain=acceptable), previous=None).outcome is Outcome.HOLD
    regress = decide(LUNGE, effort(pain=acceptable + 1), previous=None)
    assert regress.outcome is Outcome.REGRESS
    assert f"{acceptable + 1}/10, above {acceptable}/10" in regress.reason


def test_the_effort_threshold_decides_and_the_explanation_quotes_it(monkeypatch):
    monkeypatch.setattr(R, "GREEN_RPE_MAX", 8)
    assert decide(LUNGE, effort(rpe=8), previous=None).rule_id == GREEN_ONCE
    harder = decide(LUNGE, effort(rpe=9), previous=None)
    assert harder.rule_id == "progression.incomplete" and "RPE 9, above 8" in harder.reason


def test_the_morning_thresholds_decide_and_the_explanation_gives_the_points(monkeypatch):
    monkeypatch.setattr(R, "MORNING_CLEARLY_WORSE", 3)
    two_worse = decide(LUNGE, effort(baseline=1, morning=3), previous=None)
    assert two_worse.rule_id == "progression.hold" and "2 points above" in two_worse.reason
    assert decide(LUNGE, effort(baseline=1, morning=4), previous=None).outcome is Outcome.REGRESS
