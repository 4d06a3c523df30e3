from hipcoach.domain.progression import (
    GREEN_ONCE,
    ExerciseState,
    Outcome,
    PreviousDecision,
    SessionEffort,
    combined,
    decide,
    decide_session,
    meaningful_change,
    step_down,
    step_up,
)

LUNGE = ExerciseState("lunge", ladder_level=2, rounds=2, top_level=5)


def effort(pain=2, rpe=6, full=True, baseline=1, morning=1):
    return SessionEffort(
        full_dose=full, pain_during=pain, rpe=rpe, baseline_pain=baseline, pain_next_morning=morning
    )


def test_first_green_session_holds_and_counts_toward_progress():
    decision = decide(LUNGE, effort(), previous=None)
    assert decision.outcome is Outcome.HOLD
    assert decision.rule_id == GREEN_ONCE
    assert decision.after == LUNGE


def test_two_green_sessions_in_a_row_progress_one_ladder_step():
    first = decide(LUNGE, effort(), previous=None)
    second = decide(LUNGE, effort(pain=3, rpe=7), previous=PreviousDecision(first.outcome, first.rule_id))
    assert second.outcome is Outcome.PROGRESS
    assert second.after.ladder_level == 3
    assert "level 3" in second.reason
    assert "silbernagel2007" in second.evidence


def test_a_green_session_after_a_hold_for_pain_starts_the_count_again():
    decision = decide(LUNGE, effort(), previous=PreviousDecision(Outcome.HOLD, "progression.hold"))
    assert decision.outcome is Outcome.HOLD and decision.rule_id == GREEN_ONCE


def test_pain_six_regresses_one_level():
    decision = decide(LUNGE, effort(pain=6), previous=None)
    assert decision.outcome is Outcome.REGRESS
    assert decision.after.ladder_level == 1
    assert "6/10" in decision.reason


def test_pain_five_is_acceptable_and_holds():
    decision = decide(LUNGE, effort(pain=5), previous=PreviousDecision(Outcome.HOLD, GREEN_ONCE))
    assert decision.outcome is Outcome.HOLD
    assert decision.rule_id == "progression.hold"


def test_pain_four_holds_and_pain_three_does_not():
    assert decide(LUNGE, effort(pain=4), previous=None).rule_id == "progression.hold"
    assert decide(LUNGE, effort(pain=3), previous=None).rule_id == GREEN_ONCE


def test_next_morning_one_point_above_baseline_holds():
    decision = decide(
        LUNGE, effort(baseline=2, morning=3), previous=PreviousDecision(Outcome.HOLD, GREEN_ONCE)
    )
    assert decision.outcome is Outcome.HOLD
    assert "1 point" in decision.reason


def test_next_morning_two_points_above_baseline_regresses():
    decision = decide(LUNGE, effort(baseline=2, morning=4), previous=None)
    assert decision.outcome is Outcome.REGRESS
    assert "2 points" in decision.reason


def test_two_regressions_in_a_row_pause():
    first = decide(LUNGE, effort(pain=7), previous=None)
    second = decide(first.after, effort(pain=6), previous=PreviousDecision(first.outcome, first.rule_id))
    assert second.outcome is Outcome.PAUSE
    assert "clinician" in second.reason
    assert second.after == first.after  # a pause changes no dose


def test_any_red_flag_pauses_even_a_green_session():
    decision = decide(LUNGE, effort(), previous=PreviousDecision(Outcome.HOLD, GREEN_ONCE), red_flag=True)
    assert decision.outcome is Outcome.PAUSE


def test_a_short_session_or_hard_effort_does_not_count_toward_progress():
    assert decide(LUNGE, effort(full=False), previous=None).rule_id == "progression.incomplete"
    assert decide(LUNGE, effort(rpe=8), previous=None).rule_id == "progression.incomplete"


def test_at_the_top_level_progress_adds_a_round_then_load():
    top = ExerciseState("halo", ladder_level=4, rounds=2, top_level=4)
    assert step_up(top).rounds == 3
    full = ExerciseState("halo", ladder_level=4, rounds=3, top_level=4)
    assert step_up(full) == full
    decision = decide(full, effort(), previous=PreviousDecision(Outcome.HOLD, GREEN_ONCE))
    assert decision.outcome is Outcome.PROGRESS and "load" in decision.reason


def test_at_the_bottom_level_regress_drops_a_round_but_never_below_one():
    bottom = ExerciseState("halo", ladder_level=1, rounds=2, top_level=4)
    assert step_down(bottom).rounds == 1
    assert step_down(step_down(bottom)).rounds == 1


def test_the_session_outcome_is_the_most_cautious_of_its_exercises():
    hold = decide(LUNGE, effort(pain=4), previous=None)
    regress = decide(LUNGE, effort(pain=6), previous=None)
    assert combined([hold, regress]) is Outcome.REGRESS
    assert combined([]) is None


def test_meaningful_pain_change_follows_farrar():
    assert meaningful_change(5, 3)  # 2 points
    assert meaningful_change(3, 2)  # 1 point of 3 = 33%
    assert not meaningful_change(5, 4)  # 1 point, 20%
    assert not meaningful_change(0, 1)  # 1 point from zero: no percentage to speak of


def test_a_mobility_session_decision_changes_no_ladder_and_says_how_to_go_on():
    first = decide_session(effort(), previous=None)
    second = decide_session(effort(), previous=PreviousDecision(first.outcome, first.rule_id))
    assert second.outcome is Outcome.PROGRESS
    assert "keep going" in second.reason and not second.changed
    regress = decide_session(effort(pain=7), previous=None)
    assert regress.outcome is Outcome.REGRESS and "easier version" in regress.reason
