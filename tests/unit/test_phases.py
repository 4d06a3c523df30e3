from datetime import date, timedelta

import pytest

from hipcoach.domain.phases import (
    InvalidOverride,
    Phase,
    PhaseProgress,
    SymptomReading,
    advance,
    gate,
    override,
)

START = date(2026, 11, 2)


def mobility_progress(sessions=6, days=14, symptoms=((4, 4), (3, 2)), norms=None):
    readings = tuple(SymptomReading(START + timedelta(days=i), p, t) for i, (p, t) in enumerate(symptoms))
    return PhaseProgress(
        phase=Phase.MOBILITY,
        phase_started_on=START,
        today=START + timedelta(days=days),
        mobility_session_dates=tuple(START + timedelta(days=2 * i) for i in range(sessions)),
        symptoms=readings,
        ranges_within_norms=norms,
    )


def test_six_sessions_over_fourteen_days_with_settled_symptoms_opens_phase_two():
    g = gate(mobility_progress())
    assert g.is_open and g.next_phase is Phase.STRENGTH
    change = advance(g)
    assert change is not None and change.to_phase is Phase.STRENGTH
    assert "6 of 6 mobility sessions" in change.reason


def test_five_sessions_keep_phase_one_and_say_what_is_missing():
    g = gate(mobility_progress(sessions=5))
    assert not g.is_open
    assert g.unmet == ("5 of 6 mobility sessions logged",)
    assert advance(g) is None


def test_thirteen_days_is_not_enough():
    assert "13 of 14 days in this phase" in gate(mobility_progress(days=13)).unmet


def test_high_but_clearly_falling_symptoms_open_the_gate():
    # pain 7 -> 5 is 2 points (Farrar: meaningful); tightness 6 -> 4 likewise
    assert gate(mobility_progress(symptoms=((7, 6), (5, 4)))).is_open


def test_high_and_flat_symptoms_keep_the_gate_closed():
    g = gate(mobility_progress(symptoms=((5, 5), (5, 4))))
    assert not g.is_open
    assert any("latest pain 5/10" in u for u in g.unmet)


def test_without_a_check_in_the_gate_stays_closed():
    assert "no morning check-in" in gate(mobility_progress(symptoms=())).unmet[0]


def test_assessed_ranges_within_norms_stand_in_for_the_session_and_day_counts():
    g = gate(mobility_progress(sessions=0, days=0, symptoms=((4, 4), (3, 3)), norms=True))
    assert g.is_open
    assert g.met[0].startswith("your assessed hip ranges are within the reference norms")
    assert not any("mobility sessions" in line or "days in this phase" in line for line in (*g.met, *g.unmet))


def test_assessed_ranges_within_norms_never_replace_the_pain_condition():
    without_check_in = gate(mobility_progress(sessions=0, days=0, symptoms=(), norms=True))
    assert not without_check_in.is_open
    assert without_check_in.unmet == ("no morning check-in yet to show how pain and tightness are doing",)
    # Pain 5 -> 4 (1 point, 20%: not a meaningful fall) and above 3/10: still closed.
    high_pain = gate(mobility_progress(sessions=0, days=0, symptoms=((5, 2), (4, 2)), norms=True))
    assert not high_pain.is_open
    assert high_pain.unmet == (
        "latest pain 4/10 and tightness 2/10 (need each at 3/10 or below, or clearly falling)",
    )


@pytest.mark.parametrize(("pain", "opens"), [(2, True), (3, True), (4, False)])
def test_with_ranges_within_norms_the_pain_limit_still_decides_at_its_boundary(pain, opens):
    g = gate(mobility_progress(sessions=0, days=0, symptoms=((pain, 2),), norms=True))
    assert g.is_open is opens


def test_ranges_outside_norms_leave_the_counts_in_place():
    g = gate(mobility_progress(sessions=5, norms=False))
    assert not g.is_open and g.unmet == ("5 of 6 mobility sessions logged",)


def strength_progress(phase, levels):
    return PhaseProgress(phase=phase, phase_started_on=START, today=START, strength_levels=levels)


def test_every_strength_exercise_at_level_three_opens_phase_three():
    assert gate(
        strength_progress(Phase.STRENGTH, {"halo": (3, 4), "lunge": (3, 5), "step-up": (4, 5)})
    ).is_open
    g = gate(strength_progress(Phase.STRENGTH, {"halo": (3, 4), "lunge": (2, 5), "step-up": (4, 5)}))
    assert not g.is_open and g.unmet == ("lunge: level 2 of 3 needed",)


def test_every_strength_exercise_at_the_top_opens_maintenance():
    assert (
        gate(strength_progress(Phase.ELONGATED, {"halo": (4, 4), "lunge": (5, 5)})).next_phase
        is Phase.MAINTENANCE
    )
    assert not gate(strength_progress(Phase.ELONGATED, {"halo": (4, 4), "lunge": (4, 5)})).is_open


def test_maintenance_is_the_last_phase():
    g = gate(strength_progress(Phase.MAINTENANCE, {}))
    assert g.next_phase is None and not g.is_open


def test_a_clinician_override_records_who_and_why():
    change = override(Phase.MOBILITY, 2, by="Dr. Lee, PT", reason="full range on assessment")
    assert change.to_phase is Phase.STRENGTH
    assert change.overridden_by == "Dr. Lee, PT"
    assert change.override_reason == "full range on assessment"


@pytest.mark.parametrize(
    ("to_phase", "by", "reason", "message"),
    [(2, "", "x", "who"), (2, "PT", " ", "why"), (5, "PT", "x", "no phase 5"), (1, "PT", "x", "already")],
)
def test_an_override_without_name_reason_or_a_real_phase_is_refused(to_phase, by, reason, message):
    with pytest.raises(InvalidOverride, match=message):
        override(Phase.MOBILITY, to_phase, by=by, reason=reason)
