"""The statements of the pain rules (BRIEF §5) are written from their constants: change one, the text
follows."""

from hipcoach.domain import rules as R


def statements() -> dict[str, str]:
    return {rule_id: rule.statement for rule_id, rule in R.build_rules().items()}


def test_the_pain_rules_state_their_thresholds():
    said = statements()
    assert said["progression.next-morning"] == (
        "A check-in counts as the morning after a session only on a later day and at least 6 hours after the "
        "session ended (a session saved without a time counts from the end of its day). Until then, give the "
        "pain about an hour after the session instead. A check-in more than 2 days after a session speaks "
        "for none."
    )
    assert said["progression.week-rise-hold"] == (
        "When your mean morning pain over the last 7 days is one point or more above the 7 days before (at "
        "least 3 check-ins in each), every exercise stays where it is."
    )
    assert said["progression.week-rise-regress"].startswith(
        "When your mean morning pain over the last 7 days is two points or more above"
    )
    assert said["progression.morning-ceiling"].startswith("Morning pain of 6/10 or more at any check-in")
    assert said["progression.phase-baseline"].startswith(
        "Morning pain two points or more above where this phase started, at three check-ins in a row"
    )
    assert "the pain you gave before its first session" in said["progression.phase-baseline"]
    assert said["progression.pause"].startswith("Two step-backs among your last four sessions")
    assert "or pain of 4-5/10 about an hour after the session" in said["progression.hold"]
    assert "or pain still above 5/10 about an hour after the session" in said["progression.regress"]
    assert "never read as 0" in said["progression.not-enough-information"]
    assert "never for the pain and tightness condition" in said["phase.mobility-to-strength"]


def test_the_pain_rules_follow_changed_constants(monkeypatch):
    for name, value in {
        "NEXT_MORNING_MIN_HOURS": 8,
        "CHECKIN_WINDOW_DAYS": 1,
        "PAIN_TREND_DAYS": 10,
        "PAIN_TREND_MIN_CHECKINS": 4,
        "PAIN_TREND_RISE_HOLD": 2,
        "PAIN_TREND_RISE_REGRESS": 3,
        "MORNING_PAIN_CEILING": 7,
        "PHASE_BASELINE_RISE": 3,
        "PHASE_BASELINE_CHECKINS_IN_A_ROW": 4,
        "REGRESSIONS_WINDOW": 5,
        "PAIN_SAFE_MAX": 2,
        "PAIN_ACCEPTABLE_MAX": 6,
    }.items():
        monkeypatch.setattr(R, name, value)
    said = statements()
    assert "at least 8 hours after the session ended" in said["progression.next-morning"]
    assert "more than 1 day after a session speaks for none" in said["progression.next-morning"]
    assert said["progression.week-rise-hold"] == (
        "When your mean morning pain over the last 10 days is two points or more above the 10 days before "
        "(at least 4 check-ins in each), every exercise stays where it is."
    )
    assert "is three points or more above" in said["progression.week-rise-regress"]
    assert said["progression.morning-ceiling"].startswith("Morning pain of 7/10 or more")
    assert said["progression.phase-baseline"].startswith(
        "Morning pain three points or more above where this phase started, at four check-ins in a row"
    )
    assert said["progression.pause"].startswith("Two step-backs among your last five sessions")
    assert "or pain of 3-6/10 about an hour after the session" in said["progression.hold"]
    assert "or pain still above 6/10 about an hour after the session" in said["progression.regress"]


def test_the_hour_after_hint_is_written_from_the_pain_thresholds(monkeypatch):
    assert R.pain_after_hint() == (
        "By then pain should have settled: 0-3 has, 4-5 keeps you at this level, above 5 means a step back "
        "at the morning check-in."
    )
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    assert R.pain_after_hint().startswith("By then pain should have settled: 0-2 has, 3-6 keeps you")
    assert "above 6 means a step back" in R.pain_after_hint()
