"""What needs a clinician's attention (BRIEF §10): worked examples, urgency order, texts from constants.

Today is Wednesday 25 November 2026 in the runner's zone.
"""

from datetime import date, timedelta

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.attention import (
    AttentionItem,
    AttentionKind,
    HoldFact,
    RunnerFacts,
    SpikeFact,
    adherence_window,
    attention,
    by_urgency,
    low_adherence,
)
from hipcoach.domain.pain_trend import MorningPain

TODAY = date(2026, 11, 25)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def facts(**given: object) -> RunnerFacts:
    # A runner with a program since a month, who checked in today and did what was planned.
    base: dict[str, object] = {
        "today": TODAY,
        "program_started_on": days_ago(30),
        "last_checkin": TODAY,
        "sessions_done": 8,
        "sessions_planned": 8,
    }
    return RunnerFacts(**(base | given))  # type: ignore[arg-type]


def kinds(found: RunnerFacts) -> list[AttentionKind]:
    return [item.kind for item in attention(found)]


def test_a_runner_doing_well_needs_nothing():
    assert attention(facts()) == ()


def test_a_hold_by_a_red_flag_names_the_sign_and_the_day():
    hold = HoldFact(since=days_ago(2), red_flags=("Does pain wake you at night?",), paused=False)
    (item,) = attention(facts(hold=hold))
    assert item.code == "hold"
    assert item.label == "On hold"
    assert item.text == (
        "On hold since 2026-11-23 after a warning sign, waiting for a clearance. "
        "Reported: Does pain wake you at night?"
    )
    assert item.rule_id == "caseload.hold"


def test_a_pause_from_the_pain_rules_is_a_hold_too():
    (item,) = attention(facts(hold=HoldFact(since=days_ago(1), red_flags=(), paused=True)))
    assert item.text == "On hold since 2026-11-24 after a pause from the pain rules, waiting for a clearance."


def test_morning_pain_one_point_up_on_the_week_before_needs_attention():
    before = [MorningPain(days_ago(d), 1) for d in (13, 11, 9)]
    last = [MorningPain(days_ago(d), 2) for d in (5, 3, 0)]
    (item,) = attention(facts(morning_pains=before + last))
    assert item.kind is AttentionKind.PAIN_RISING
    assert item.text == (
        "Mean morning pain rose from 1.0 to 2.0/10 over the 7 days to 2026-11-25, against the 7 days before."
    )


def test_a_rise_under_one_point_or_too_few_check_ins_is_not_flagged():
    before = [MorningPain(days_ago(d), 2) for d in (13, 11, 9)]
    under = [MorningPain(days_ago(d), p) for d, p in ((5, 2), (3, 3), (0, 3))]  # mean 2.67: +0.67
    assert attention(facts(morning_pains=before + under)) == ()
    two_only = [MorningPain(days_ago(d), 6) for d in (3, 0)]
    assert attention(facts(morning_pains=before + two_only)) == ()


def test_step_backs_are_counted_with_the_last_day():
    (item,) = attention(facts(regressions=[days_ago(9), days_ago(2)]))
    assert item.text == "Stepped back two times in the last 14 days, last on 2026-11-23."
    (once,) = attention(facts(regressions=[days_ago(4)]))
    assert once.text.startswith("Stepped back once")


def test_a_spike_names_the_run_and_the_longest_before_it():
    spike = SpikeFact(on=days_ago(1), distance_km=15.0, previous_longest_km=10.0, increase_pct=50.0)
    (item,) = attention(facts(spike=spike))
    assert item.text == (
        "A 15.0 km run on 2026-11-24 was +50% against the longest of the 30 days before it (10.0 km)."
    )
    assert item.rule_id == "caseload.spike"


def test_three_days_without_a_check_in_is_missed_two_are_not():
    assert attention(facts(last_checkin=days_ago(2))) == ()
    (item,) = attention(facts(last_checkin=days_ago(3)))
    assert item.text == "No check-in for 3 days: the last was on 2026-11-22."


def test_no_check_in_since_the_program_started_counts_from_its_start():
    (item,) = attention(facts(last_checkin=None, program_started_on=days_ago(4)))
    assert item.text == "No check-in since the program started on 2026-11-21, 4 days ago."


def test_without_a_program_no_check_in_or_session_is_expected():
    assert attention(facts(program_started_on=None, last_checkin=None, sessions_planned=0)) == ()


def test_the_missed_check_in_days_follow_the_constant(monkeypatch):
    monkeypatch.setattr(R, "CASELOAD_MISSED_CHECKIN_DAYS", 5)
    assert attention(facts(last_checkin=days_ago(4))) == ()
    assert kinds(facts(last_checkin=days_ago(5))) == [AttentionKind.MISSED_CHECKINS]


def test_under_half_of_the_planned_sessions_is_low_adherence():
    (item,) = attention(facts(sessions_done=3, sessions_planned=8))
    assert item.text == "3 of 8 planned sessions done in the 14 days before today, under 50%."
    assert attention(facts(sessions_done=4, sessions_planned=8)) == ()  # exactly half is not under
    assert not low_adherence(0, 0)


def test_the_adherence_threshold_and_days_follow_the_constants(monkeypatch):
    monkeypatch.setattr(R, "CASELOAD_LOW_ADHERENCE_FRACTION", 0.75)
    monkeypatch.setattr(R, "CASELOAD_ADHERENCE_DAYS", 7)
    (item,) = attention(facts(sessions_done=5, sessions_planned=8))
    assert item.text == "5 of 8 planned sessions done in the 7 days before today, under 75%."


def test_a_runner_on_hold_is_not_also_low_in_adherence():
    hold = HoldFact(since=days_ago(10), red_flags=(), paused=True)
    assert kinds(facts(hold=hold, sessions_done=0, sessions_planned=8)) == [AttentionKind.HOLD]


def test_items_come_most_urgent_first():
    found = facts(
        hold=HoldFact(since=days_ago(5), red_flags=(), paused=True),
        morning_pains=[
            MorningPain(days_ago(d), p) for d, p in ((13, 1), (11, 1), (9, 1), (5, 3), (3, 3), (0, 3))
        ],
        regressions=[days_ago(6)],
        spike=SpikeFact(days_ago(2), 12.0, 10.0, 20.0),
        last_checkin=days_ago(4),
    )
    assert kinds(found) == [
        AttentionKind.HOLD,
        AttentionKind.PAIN_RISING,
        AttentionKind.REGRESSION,
        AttentionKind.SPIKE,
        AttentionKind.MISSED_CHECKINS,
    ]


def test_the_caseload_sorts_by_most_urgent_then_how_many_then_name():
    def item(kind: AttentionKind) -> AttentionItem:
        return AttentionItem(kind, "")

    rows = [
        ("Zoe", [item(AttentionKind.LOW_ADHERENCE)]),
        ("ana", []),
        ("Bea", [item(AttentionKind.SPIKE)]),
        ("Cal", [item(AttentionKind.SPIKE), item(AttentionKind.LOW_ADHERENCE)]),
        ("Dan", [item(AttentionKind.HOLD)]),
        ("Abe", [item(AttentionKind.SPIKE)]),
        ("Al", []),
    ]
    ordered = by_urgency(rows, lambda r: r[1], lambda r: r[0])
    assert [name for name, _ in ordered] == ["Dan", "Cal", "Abe", "Bea", "Zoe", "Al", "ana"]


def test_adherence_counts_the_days_before_today_from_the_programs_start():
    assert adherence_window(TODAY, days_ago(30)) == (days_ago(14), days_ago(1))
    assert adherence_window(TODAY, days_ago(3)) == (days_ago(3), days_ago(1))
    assert adherence_window(TODAY, TODAY) is None
    assert adherence_window(TODAY, None) is None


@pytest.mark.parametrize("kind", list(AttentionKind))
def test_every_kind_has_a_rule_citing_the_design_and_a_label(kind):
    rule = R.RULES[kind.rule_id]
    assert "hipcoach-design" in rule.evidence
    assert kind.label


def test_the_pain_and_spike_rules_cite_what_their_underlying_rules_cite():
    assert set(R.RULES["progression.week-rise-hold"].evidence) <= set(
        R.RULES["caseload.pain-rising"].evidence
    )
    assert set(R.RULES["progression.regress"].evidence) <= set(R.RULES["caseload.regressions"].evidence)
    assert set(R.RULES["load.spike-bands"].evidence) <= set(R.RULES["caseload.spike"].evidence)


def test_the_rule_statements_follow_the_constants(monkeypatch):
    monkeypatch.setattr(R, "CASELOAD_MISSED_CHECKIN_DAYS", 4)
    monkeypatch.setattr(R, "CASELOAD_LOW_ADHERENCE_FRACTION", 0.6)
    rules = R.build_rules()
    assert "for 4 days or more" in rules["caseload.missed-checkins"].statement
    assert "Fewer than 60%" in rules["caseload.low-adherence"].statement


def test_spikes_judged_from_a_moment_are_the_tail_of_all_spikes():
    from datetime import UTC, datetime

    from hipcoach.domain.load import Run, spikes

    runs = [
        Run(datetime(2026, 10, 1, 7, tzinfo=UTC) + timedelta(days=3 * n), 1000.0 * (5 + n % 4), 1800.0)
        for n in range(20)
    ]
    cut = datetime(2026, 11, 1, tzinfo=UTC)
    assert spikes(runs, judged_from=cut) == [s for s in spikes(runs) if s.run.started_at >= cut]
