"""Pain reported in the middle of an exercise: whether it stops the exercise, and what the runner may do then.

BRIEF §5 "In the session" [S/D]: pain above ``PAIN_ACCEPTABLE_MAX``, or sharp, shooting, burning or stinging
pain, stops the exercise. The runner goes on at the easier ladder level or with a smaller range, or leaves
the exercise for today; the pain counts as the exercise's pain during and the exercise is short of the full
dose. Pain within the threshold is noted and the exercise goes on.

The texts are written from the constants in ``rules`` at each call, so a changed threshold changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from hipcoach.domain import rules as R
from hipcoach.domain.overrides import Limits, given

if TYPE_CHECKING:  # the content types load the figure code, which `hipcoach --help` must not pay for
    from hipcoach.domain.content import Exercise, LadderLevel

RULE_ID = "session.pain-stop"


class Verdict(StrEnum):
    """What a pain report means for the exercise under way."""

    FINE = "fine"
    ACCEPTABLE = "acceptable"
    TOO_MUCH = "too-much"
    SHARP = "sharp"

    @property
    def stops(self) -> bool:
        return self in (Verdict.TOO_MUCH, Verdict.SHARP)


class Choice(StrEnum):
    """What the runner does after pain stopped an exercise; the value is its wire code (draft, notes)."""

    EASIER = "easier"
    SMALLER_RANGE = "smaller-range"
    STOPPED = "stopped"


@dataclass(frozen=True)
class PainCheck:
    verdict: Verdict
    message: str
    rule_id: str
    evidence: tuple[str, ...]

    @property
    def stops(self) -> bool:
        return self.verdict.stops


def verdict(pain: int, sharp: bool, limits: Limits | None = None) -> Verdict:
    """Sharp pain stops whatever its score; otherwise the score against the pain-monitoring thresholds
    (the runner's, where a clinician made them stricter)."""
    limits = given(limits)
    if sharp:
        return Verdict.SHARP
    if pain > limits.pain_acceptable_max:
        return Verdict.TOO_MUCH
    if pain > limits.pain_safe_max:
        return Verdict.ACCEPTABLE
    return Verdict.FINE


def check(pain: int, sharp: bool, limits: Limits | None = None) -> PainCheck:
    """The verdict on one report, with what to tell the runner and the rule behind it."""
    limits = given(limits)
    found = verdict(pain, sharp, limits)
    text = texts(limits)[found.value]
    if found is Verdict.TOO_MUCH:
        message = f"{pain}/10: {text}"
    elif found is Verdict.SHARP:
        message = text
    else:
        message = f"Noted: {pain}/10. {text}"
    return PainCheck(found, message, RULE_ID, R.RULES[RULE_ID].evidence)


def kinds_question() -> str:
    return f"Is the pain {R.or_words(R.PAIN_STOP_KINDS)}?"


def rule_statement(limits: Limits | None = None) -> str:
    """The pain-stop rule as it holds for this runner: the rule's own words with the runner's acceptable
    maximum (the rules' when none is given, so it is the statement in ``rules``)."""
    return R.pain_stop_statement(given(limits).pain_acceptable_max)


def stop_line(limits: Limits | None = None) -> str:
    """The pain-stop rule in one line for this runner, as printed under each exercise of the home program."""
    return (
        f"Stop this exercise if the pain goes above {given(limits).pain_acceptable_max}/10 or is "
        f"{R.or_words(R.PAIN_STOP_KINDS)}."
    )


def scale_hint(limits: Limits | None = None) -> str:
    """The pain-during-exercise scale for this runner: ``rules.pain_scale_hint`` with the runner's maxima."""
    limits = given(limits)
    return R.pain_scale_hint(limits.pain_safe_max, limits.pain_acceptable_max)


def texts(limits: Limits | None = None) -> dict[str, str]:
    """What the runner is told for each verdict, keyed by the verdict's value; the player gets the same."""
    limits = given(limits)
    safe, top = limits.pain_safe_max, limits.pain_acceptable_max
    acceptable = R.span(safe + 1, top)
    return {
        Verdict.FINE.value: f"Pain up to {safe}/10 is fine: carry on.",
        Verdict.ACCEPTABLE.value: (
            f"Pain of {acceptable}/10 is acceptable: carry on, and say so again if it goes above "
            f"{top}/10 or turns {R.or_words(R.PAIN_STOP_KINDS)}."
        ),
        Verdict.TOO_MUCH.value: (f"Pain above {top}/10 is too much: this exercise stops here."),
        Verdict.SHARP.value: (
            f"Pain that is {R.or_words(R.PAIN_STOP_KINDS)} stops this exercise here, whatever its score."
        ),
    }


def choice_texts() -> dict[str, str]:
    """The offer after a stop, keyed by the choice's value (the easier level's name is added where shown)."""
    return {
        Choice.EASIER.value: "Go on at the easier level",
        Choice.SMALLER_RANGE.value: "Go on with a smaller range, only as far as it does not hurt",
        Choice.STOPPED.value: "Leave this exercise for today",
    }


def easier_level(exercise: Exercise, level: int | None) -> LadderLevel | None:
    """The ladder level just below ``level``; None without a ladder or at its bottom."""
    if level is None:
        return None
    return exercise.level(level - 1)


def stop_note(
    name: str,
    pain: int,
    sharp: bool,
    choice: Choice,
    to_level: int | None = None,
    limits: Limits | None = None,
) -> str:
    """One sentence for the session's notes: the pain that stopped an exercise and what the runner did."""
    limits = given(limits)
    why = (
        f"{R.or_words(R.PAIN_STOP_KINDS)} pain ({pain}/10)"
        if sharp
        else f"pain of {pain}/10 (above {limits.pain_acceptable_max}/10)"
    )
    done = {
        Choice.EASIER: f"went on at level {to_level}",
        Choice.SMALLER_RANGE: "went on with a smaller range",
        Choice.STOPPED: "left it for today",
    }[choice]
    return f"{name}: stopped for {why}; {done}."
