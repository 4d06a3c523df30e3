"""A clinician's changes reach every text and gate the runner reads (BRIEF §10): the pain scale and the
pain-stop rule with the runner's stricter numbers, a ladder gate that a left-out or swapped exercise does not
hold, and the ladder as the runner now does it."""

from __future__ import annotations

from datetime import date

import pytest

from hipcoach.content import default_library
from hipcoach.domain import pain_stop, phases
from hipcoach.domain import rules as R
from hipcoach.domain.overrides import Limits, rules_limits
from hipcoach.domain.phases import Phase, PhaseProgress
from hipcoach.domain.program import initial_states, ladder

STRICT = Limits(pain_safe_max=2, pain_acceptable_max=4)


def test_the_runners_pain_texts_are_the_rules_own_without_a_clinicians_numbers():
    assert pain_stop.scale_hint() == pain_stop.scale_hint(rules_limits()) == R.pain_scale_hint()
    statement = R.build_rules()[pain_stop.RULE_ID].statement
    assert pain_stop.rule_statement() == pain_stop.rule_statement(rules_limits()) == statement


def test_stricter_maxima_change_the_numbers_and_nothing_else():
    hint = pain_stop.scale_hint(STRICT)
    assert hint == "0-2 is fine, 3-4 is acceptable, above 4 is too much: ease off next time."
    statement = pain_stop.rule_statement(STRICT)
    assert statement.startswith("Pain above 4/10 during an exercise")
    default = R.build_rules()[pain_stop.RULE_ID].statement
    assert statement.replace("4/10", "?") == default.replace(f"{R.PAIN_ACCEPTABLE_MAX}/10", "?")


@pytest.mark.parametrize(("safe", "acceptable"), [(1, 6), (4, 4)])
def test_the_rule_statement_and_the_runners_text_cannot_drift(monkeypatch, safe, acceptable):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", safe)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", acceptable)
    assert pain_stop.rule_statement() == R.build_rules()[pain_stop.RULE_ID].statement
    assert f"above {acceptable}/10" in pain_stop.rule_statement()
    assert pain_stop.scale_hint() == R.pain_scale_hint()
    assert pain_stop.scale_hint().startswith(f"0-{safe} is fine")


def strength(levels: dict[str, int], **changes) -> PhaseProgress:
    return PhaseProgress(
        Phase.STRENGTH,
        date(2026, 11, 2),
        date(2026, 12, 2),
        strength_levels={exercise_id: (level, 5) for exercise_id, level in levels.items()},
        **changes,
    )


def test_a_left_out_exercise_does_not_hold_the_gate_to_phase_3_and_the_gate_says_so():
    levels = {"glute-bridge": 3, "runners-lunge": 1}
    assert not phases.gate(strength(levels)).is_open

    gate = phases.gate(strength(levels, left_out=frozenset({"runners-lunge"})))

    assert gate.is_open and gate.unmet == ()
    assert "runners-lunge: left out by your clinician, so it does not hold this step" in gate.met


def test_a_swapped_out_exercise_does_not_hold_the_gate_either():
    gate = phases.gate(strength({"glute-bridge": 3, "runners-lunge": 1}, swapped={"runners-lunge": "Lunge"}))

    assert gate.is_open
    assert "runners-lunge: swapped by your clinician for Lunge, so it does not hold this step" in gate.met


def test_with_every_exercise_set_aside_the_gate_stays_closed_for_the_clinician_to_decide():
    gate = phases.gate(strength({"runners-lunge": 1}, left_out=frozenset({"runners-lunge"})))

    assert not gate.is_open
    assert any("your clinician decides when to move on" in line for line in gate.unmet)


def test_the_ladder_shows_a_left_out_exercise_and_the_one_in_a_swapped_ones_place():
    library = default_library()
    states = initial_states(library)
    bridge, lunge = (exercise.id for exercise in library.strength_exercises()[:2])
    other = next(e for e in library.exercises.values() if e.id not in states)

    rows = {row.exercise_id: row for row in ladder(states, library, frozenset({bridge}), {lunge: other.id})}

    assert list(rows) == list(states)
    assert rows[bridge].left_out and rows[bridge].change == "Left out by your clinician"
    assert rows[lunge].instead_id == other.id and not rows[lunge].left_out
    assert rows[lunge].change == f"Your clinician put {other.name} in its place"
    untouched = [row for key, row in rows.items() if key not in (bridge, lunge)]
    assert untouched and all(row.change is None for row in untouched)


def test_an_exclusion_wins_over_a_swap_and_a_swap_to_an_unknown_exercise_is_not_followed():
    library = default_library()
    states = initial_states(library)
    first = next(iter(states))

    both = ladder(states, library, frozenset({first}), {first: "lunge"})[0]
    unknown = ladder(states, library, frozenset(), {first: "no-such-exercise"})[0]

    assert both.left_out and both.instead_id is None
    assert unknown.change is None
