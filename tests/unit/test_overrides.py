"""The thresholds a clinician may set for one runner (BRIEF §10): defaults are the rules' constants, safety
thresholds only ever stricter, and the runner's limits reach the decisions."""

from __future__ import annotations

from datetime import date

import pytest

from hipcoach.content import default_library
from hipcoach.domain import overrides
from hipcoach.domain import rules as R
from hipcoach.domain.overrides import THRESHOLDS, InvalidThreshold, Limits, check_value, tag_of
from hipcoach.domain.pain_stop import Verdict, verdict
from hipcoach.domain.pain_trend import MorningPain, morning_trend
from hipcoach.domain.progression import ExerciseState, Outcome, SessionEffort, decide

TAGS = {evidence.id: evidence.tag.value for evidence in default_library().evidence.values()}
LUNGE = ExerciseState("runners-lunge", ladder_level=2, rounds=2, top_level=5)


def test_every_threshold_defaults_to_its_rules_constant_and_the_limits_read_the_same():
    defaults = Limits()
    for spec in THRESHOLDS:
        assert spec.default == getattr(R, spec.constant) == getattr(defaults, spec.field)
        assert spec.rule_id in R.RULES and spec.low <= spec.default <= spec.high
    assert {spec.field for spec in THRESHOLDS} == set(Limits.__dataclass_fields__)


def test_a_changed_constant_moves_the_default(monkeypatch):
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 4)
    assert overrides.threshold("pain-acceptable-max").default == 4
    assert overrides.rules_limits().pain_acceptable_max == 4


def test_the_tag_is_the_strongest_of_the_rules_evidence():
    tags = {spec.id: tag_of(spec, TAGS) for spec in THRESHOLDS}
    assert tags["pain-acceptable-max"] == "V"  # silbernagel2007
    assert tags["morning-pain-ceiling"] == "S"  # pain-monitoring-thresholds
    assert tags["green-sessions-to-progress"] == "D"  # hipcoach-design only


def test_a_safety_threshold_may_be_made_stricter_never_looser():
    spec = overrides.threshold("pain-acceptable-max")
    assert check_value(spec, 3, TAGS) == 3
    assert check_value(spec, 5, TAGS) == 5
    with pytest.raises(InvalidThreshold, match=r"safety threshold \[V\] backed by silbernagel2007"):
        check_value(spec, 6, TAGS)
    rpe = overrides.threshold("green-rpe-max")
    with pytest.raises(InvalidThreshold, match="only be made stricter"):
        check_value(rpe, 8, TAGS)


def test_a_design_rule_may_go_either_way_within_its_bounds():
    spec = overrides.threshold("green-sessions-to-progress")
    assert check_value(spec, 1, TAGS) == 1 and check_value(spec, 4, TAGS) == 4
    with pytest.raises(InvalidThreshold, match="between 1 and 6"):
        check_value(spec, 0, TAGS)


def test_an_unknown_threshold_names_those_that_exist():
    with pytest.raises(InvalidThreshold, match="pain-acceptable-max"):
        overrides.threshold("pain-max")


def test_safe_cannot_be_above_acceptable():
    with pytest.raises(InvalidThreshold, match="cannot be above"):
        overrides.check_limits(overrides.effective({"pain-acceptable-max": 2}))


def test_the_runners_limits_reach_the_decision_the_pain_stop_and_the_morning_ceiling():
    limits = overrides.effective({"pain-safe-max": 2, "pain-acceptable-max": 3, "morning-pain-ceiling": 4})
    effort = SessionEffort(full_dose=True, pain_during=4, rpe=6, baseline_pain=1, pain_next_morning=1)
    assert decide(LUNGE, effort, None).outcome is Outcome.HOLD
    stricter = decide(LUNGE, effort, None, limits=limits)
    assert stricter.outcome is Outcome.REGRESS and "above 3/10" in stricter.reason
    assert verdict(4, sharp=False) is Verdict.ACCEPTABLE
    assert verdict(4, sharp=False, limits=limits) is Verdict.TOO_MUCH
    today = MorningPain(date(2026, 12, 2), 4)
    assert morning_trend(today, [], today.on, 1) is None
    paused = morning_trend(today, [], today.on, 1, limits=limits)
    assert paused is not None and paused.outcome is Outcome.PAUSE and "ceiling of 4/10" in paused.why


def test_changed_lists_only_what_differs():
    assert overrides.changed(overrides.effective({"green-rpe-max": 6})) == {"green-rpe-max": 6}
