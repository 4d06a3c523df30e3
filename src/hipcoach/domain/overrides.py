"""The thresholds a clinician may set for one runner, and the runner's effective limits (BRIEF §10).

Every [D] rule may be overridden either way; a [V] or [S] safety threshold only ever made stricter. A
threshold's tag is not written here: it is the strongest tag among the evidence of the rule it belongs to,
read from the library's evidence at each check, so a rule that gains a verified source becomes a safety
threshold without an edit here. Its default is the ``rules`` constant it names; ``Limits`` reads the same
constants, and a test proves the two cannot drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from hipcoach.domain import rules as R


@dataclass(frozen=True)
class Limits:
    """The numbers the pain rules decide with, for one runner: the rules' own unless a clinician set one.

    The defaults are the constants as imported; ``rules_limits()`` reads them at each call instead.
    """

    pain_safe_max: int = R.PAIN_SAFE_MAX
    pain_acceptable_max: int = R.PAIN_ACCEPTABLE_MAX
    morning_pain_ceiling: int = R.MORNING_PAIN_CEILING
    regressions_to_pause: int = R.REGRESSIONS_TO_PAUSE
    green_sessions_to_progress: int = R.GREEN_SESSIONS_TO_PROGRESS
    green_rpe_max: int = R.GREEN_RPE_MAX


class Stricter(StrEnum):
    """Which way a threshold moves to be more cautious."""

    LOWER = "lower"
    HIGHER = "higher"


# The strongest first: a rule with any verified or secondary source is a safety threshold.
_TAG_STRENGTH = {"V": 3, "S": 2, "D": 1}
SAFETY_TAGS = ("V", "S")


@dataclass(frozen=True)
class Threshold:
    """One number a clinician may set for a runner."""

    id: str  # its wire code: forms, the API, the CLI's --threshold ID=VALUE, the stored override's key
    field: str  # the Limits field it sets
    constant: str  # the rules constant it defaults to
    rule_id: str  # the rule it belongs to; its evidence gives the tag
    label: str
    unit: str
    stricter: Stricter
    low: int
    high: int

    @property
    def default(self) -> int:
        value: int = getattr(R, self.constant)
        return value

    def evidence(self) -> tuple[str, ...]:
        return R.RULES[self.rule_id].evidence


THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(
        "pain-acceptable-max",
        "pain_acceptable_max",
        "PAIN_ACCEPTABLE_MAX",
        "progression.regress",
        "Pain during exercise: acceptable maximum (above it, step back)",
        "/10",
        Stricter.LOWER,
        1,
        10,
    ),
    Threshold(
        "pain-safe-max",
        "pain_safe_max",
        "PAIN_SAFE_MAX",
        "progression.hold",
        "Pain during exercise: safe maximum (above it, no step up)",
        "/10",
        Stricter.LOWER,
        0,
        10,
    ),
    Threshold(
        "morning-pain-ceiling",
        "morning_pain_ceiling",
        "MORNING_PAIN_CEILING",
        "progression.morning-ceiling",
        "Morning pain that pauses the program",
        "/10",
        Stricter.LOWER,
        1,
        10,
    ),
    Threshold(
        "step-backs-to-pause",
        "regressions_to_pause",
        "REGRESSIONS_TO_PAUSE",
        "progression.pause",
        f"Step-backs among the last {R.count_word(R.REGRESSIONS_WINDOW)} sessions that pause the program",
        "",
        Stricter.LOWER,
        1,
        R.REGRESSIONS_WINDOW,
    ),
    Threshold(
        "green-sessions-to-progress",
        "green_sessions_to_progress",
        "GREEN_SESSIONS_TO_PROGRESS",
        "progression.green-once",
        "Good sessions in a row before a step up",
        "",
        Stricter.HIGHER,
        1,
        6,
    ),
    Threshold(
        "green-rpe-max",
        "green_rpe_max",
        "GREEN_RPE_MAX",
        "progression.incomplete",
        "Highest effort (RPE) that counts toward a step up",
        "",
        Stricter.LOWER,
        1,
        10,
    ),
)
BY_ID: Mapping[str, Threshold] = {threshold.id: threshold for threshold in THRESHOLDS}


def rules_limits() -> Limits:
    """The rules' own numbers as they are now (read at each call, so a changed constant is followed)."""
    return Limits(**{spec.field: spec.default for spec in THRESHOLDS})


def given(limits: Limits | None) -> Limits:
    """The runner's limits where a caller has them, else the rules' own."""
    return limits if limits is not None else rules_limits()


class InvalidThreshold(ValueError):
    """A threshold id or value a clinician may not set; the message says why."""


def threshold(threshold_id: str) -> Threshold:
    found = BY_ID.get(threshold_id.strip().lower())
    if found is None:
        raise InvalidThreshold(
            f"no threshold {threshold_id!r}: the thresholds that may be set are {', '.join(BY_ID)}"
        )
    return found


def tag_of(spec: Threshold, evidence_tags: Mapping[str, str]) -> str:
    """The strongest tag ("V", "S" or "D") among the evidence of the threshold's rule."""
    tags = [evidence_tags.get(evidence_id, "D") for evidence_id in spec.evidence()]
    return max(tags, key=lambda tag: _TAG_STRENGTH.get(tag, 0), default="D")


def is_looser(spec: Threshold, value: int) -> bool:
    """Whether ``value`` is less cautious than the rule's own number."""
    return value > spec.default if spec.stricter is Stricter.LOWER else value < spec.default


def check_value(spec: Threshold, value: int, evidence_tags: Mapping[str, str]) -> int:
    """The value, when a clinician may set it for this runner; InvalidThreshold naming the problem if not."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidThreshold(f"{spec.id} must be a whole number, got {value!r}")
    if not spec.low <= value <= spec.high:
        raise InvalidThreshold(f"{spec.id} must be between {spec.low} and {spec.high}, got {value}")
    tag = tag_of(spec, evidence_tags)
    if tag in SAFETY_TAGS and is_looser(spec, value):
        way = "lower" if spec.stricter is Stricter.LOWER else "higher"
        raise InvalidThreshold(
            f"{spec.id} is a safety threshold [{tag}] backed by {', '.join(spec.evidence())}: for one runner "
            f"it may only be made stricter ({spec.default} or {way}), so {value} is refused"
        )
    return value


def effective(values: Mapping[str, int]) -> Limits:
    """The runner's limits: the rules' numbers with the set thresholds (by id) in their place.

    Ids this version does not know are left out, so an old stored override cannot break a decision.
    """
    changes = {BY_ID[key].field: value for key, value in values.items() if key in BY_ID}
    return replace(rules_limits(), **changes)


def check_limits(limits: Limits) -> None:
    """The limits together: pain that is safe cannot be above pain that is acceptable."""
    if limits.pain_safe_max > limits.pain_acceptable_max:
        raise InvalidThreshold(
            f"the safe maximum ({limits.pain_safe_max}/10) cannot be above the acceptable maximum "
            f"({limits.pain_acceptable_max}/10): lower the safe maximum first"
        )


def changed(limits: Limits) -> dict[str, int]:
    """The thresholds that differ from the rules' numbers, by id."""
    return {
        spec.id: getattr(limits, spec.field)
        for spec in THRESHOLDS
        if getattr(limits, spec.field) != spec.default
    }
