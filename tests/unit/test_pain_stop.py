"""Pain in the middle of an exercise (BRIEF §5 "In the session"): worked examples at, just below and just
above the threshold, sharp pain at any score, the easier level offered, texts that follow the constants."""

from __future__ import annotations

import pytest

from hipcoach.content import default_library
from hipcoach.domain import pain_stop
from hipcoach.domain import rules as R
from hipcoach.domain.pain_stop import Choice, Verdict


@pytest.mark.parametrize(
    ("pain", "sharp", "expected"),
    [
        (0, False, Verdict.FINE),
        (3, False, Verdict.FINE),  # PAIN_SAFE_MAX: safe
        (4, False, Verdict.ACCEPTABLE),
        (5, False, Verdict.ACCEPTABLE),  # PAIN_ACCEPTABLE_MAX: still goes on
        (6, False, Verdict.TOO_MUCH),  # just above: stops
        (10, False, Verdict.TOO_MUCH),
        (0, True, Verdict.SHARP),  # sharp, shooting, burning or stinging stops at any score
        (5, True, Verdict.SHARP),
    ],
)
def test_which_pain_stops_the_exercise(pain, sharp, expected):
    check = pain_stop.check(pain, sharp)
    assert check.verdict is expected
    assert check.stops is (expected in (Verdict.TOO_MUCH, Verdict.SHARP))
    assert check.rule_id == "session.pain-stop"
    assert check.evidence == R.RULES["session.pain-stop"].evidence


def test_what_the_runner_is_told():
    assert pain_stop.check(2, False).message == "Noted: 2/10. Pain up to 3/10 is fine: carry on."
    assert pain_stop.check(5, False).message == (
        "Noted: 5/10. Pain of 4-5/10 is acceptable: carry on, and say so again if it goes above 5/10 or "
        "turns sharp, shooting, burning or stinging."
    )
    assert pain_stop.check(6, False).message == "6/10: Pain above 5/10 is too much: this exercise stops here."
    assert pain_stop.check(1, True).message == (
        "Pain that is sharp, shooting, burning or stinging stops this exercise here, whatever its score."
    )
    assert pain_stop.kinds_question() == "Is the pain sharp, shooting, burning or stinging?"


def test_a_changed_threshold_moves_the_stop_and_its_words(monkeypatch):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 4)
    monkeypatch.setattr(R, "PAIN_STOP_KINDS", ("sharp", "electric"))
    assert pain_stop.check(5, False).stops
    assert pain_stop.check(4, False).message.startswith("Noted: 4/10. Pain of 3-4/10 is acceptable")
    assert pain_stop.check(5, False).message == "5/10: Pain above 4/10 is too much: this exercise stops here."
    assert pain_stop.kinds_question() == "Is the pain sharp or electric?"
    assert pain_stop.stop_note("Bird dog", 5, False, Choice.STOPPED) == (
        "Bird dog: stopped for pain of 5/10 (above 4/10); left it for today."
    )
    assert R.build_rules()["session.pain-stop"].statement.startswith(
        "Pain above 4/10 during an exercise, or pain that is sharp or electric, stops that exercise"
    )


def test_the_easier_level_is_the_one_just_below_where_there_is_one():
    library = default_library()
    lunge = library.exercises["runners-lunge"]
    below_two = pain_stop.easier_level(lunge, 2)
    assert below_two is not None and (below_two.level, below_two.name) == (
        1,
        "Split-squat hold with two-arm press",
    )
    assert pain_stop.easier_level(lunge, 1) is None  # the bottom of the ladder
    assert pain_stop.easier_level(library.exercises["hip-cars"], None) is None  # no ladder


def test_the_note_kept_with_the_session_says_what_stopped_it_and_what_was_done():
    assert pain_stop.stop_note("Runner's lunge", 7, False, Choice.EASIER, 1) == (
        "Runner's lunge: stopped for pain of 7/10 (above 5/10); went on at level 1."
    )
    assert pain_stop.stop_note("Hip CARs", 2, True, Choice.SMALLER_RANGE) == (
        "Hip CARs: stopped for sharp, shooting, burning or stinging pain (2/10); "
        "went on with a smaller range."
    )
    assert [choice.value for choice in Choice] == list(pain_stop.choice_texts())
