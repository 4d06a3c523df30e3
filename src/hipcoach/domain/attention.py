"""What needs a clinician's attention in a caseload (BRIEF §10), from plain facts about each runner.

The order of urgency is the brief's: a hold (a red flag or a pause), morning pain rising week to week,
step-backs, a running spike, missed check-ins, low adherence. Each rule is read from where it already lives:
the week-on-week pain rise is ``pain_trend.week_on_week`` with the pain rules' numbers, the spike is
``load``'s bands; the caseload's own numbers are in ``rules`` (``CASELOAD_*``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from hipcoach.domain import rules as R
from hipcoach.domain.load import increase_text
from hipcoach.domain.pain_trend import MorningPain, week_on_week
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit


class AttentionKind(StrEnum):
    """What needs attention; the order here is the order of urgency, most urgent first."""

    HOLD = "hold"
    PAIN_RISING = "pain-rising"
    REGRESSION = "regression"
    SPIKE = "spike"
    MISSED_CHECKINS = "missed-checkins"
    LOW_ADHERENCE = "low-adherence"

    @property
    def urgency(self) -> int:
        """0 for the most urgent."""
        return list(AttentionKind).index(self)

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rule_id(self) -> str:
        return f"caseload.{'regressions' if self is AttentionKind.REGRESSION else self.value}"


_LABELS = {
    AttentionKind.HOLD: "On hold",
    AttentionKind.PAIN_RISING: "Pain rising",
    AttentionKind.REGRESSION: "Stepped back",
    AttentionKind.SPIKE: "Running spike",
    AttentionKind.MISSED_CHECKINS: "Missed check-ins",
    AttentionKind.LOW_ADHERENCE: "Low adherence",
}


@dataclass(frozen=True)
class HoldFact:
    """What holds the runner: since their day ``since``, by red flags (named) and pauses."""

    since: date
    red_flags: tuple[str, ...]  # what raised each flag, in words
    paused: bool


@dataclass(frozen=True)
class SpikeFact:
    """The latest spike run: its day (runner's zone), its distance, the longest before it, the increase."""

    on: date
    distance_km: float
    previous_longest_km: float
    increase_pct: float
    unit: DistanceUnit = DEFAULT_UNIT  # the runner's, so their clinician reads what the runner reads


@dataclass(frozen=True)
class RunnerFacts:
    """Everything the attention rules read about one runner, as of ``today`` in their zone."""

    today: date
    hold: HoldFact | None = None
    morning_pains: Sequence[MorningPain] = ()  # morning check-ins, oldest first (two trend weeks at least)
    regressions: Sequence[date] = ()  # the days of the step-backs of the last CASELOAD_REGRESSION_DAYS
    spike: SpikeFact | None = None
    last_checkin: date | None = None
    program_started_on: date | None = None  # None: no program, so no check-in or session is expected
    sessions_done: int = 0
    sessions_planned: int = 0


@dataclass(frozen=True)
class AttentionItem:
    kind: AttentionKind
    text: str  # a sentence with the numbers

    @property
    def code(self) -> str:
        return self.kind.value

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def rule_id(self) -> str:
        return self.kind.rule_id


def adherence_window(today: date, program_started_on: date | None) -> tuple[date, date] | None:
    """The days adherence is counted over, first and last: the CASELOAD_ADHERENCE_DAYS before today, from the
    program's start; None when the program started today or there is none."""
    if program_started_on is None:
        return None
    first = max(today - timedelta(days=R.CASELOAD_ADHERENCE_DAYS), program_started_on)
    last = today - timedelta(days=1)
    return (first, last) if first <= last else None


def low_adherence(done: int, planned: int) -> bool:
    return planned > 0 and done < planned * R.CASELOAD_LOW_ADHERENCE_FRACTION


def attention(facts: RunnerFacts) -> tuple[AttentionItem, ...]:
    """The items that need attention for one runner, most urgent first."""
    items = [
        _hold(facts),
        _pain_rising(facts),
        _regressions(facts),
        _spike(facts),
        _missed_checkins(facts),
        _low_adherence(facts),
    ]
    return tuple(item for item in items if item is not None)


def _hold(facts: RunnerFacts) -> AttentionItem | None:
    hold = facts.hold
    if hold is None:
        return None
    causes = []
    if hold.red_flags:
        causes.append("a warning sign" if len(hold.red_flags) == 1 else "warning signs")
    if hold.paused:
        causes.append("a pause from the pain rules")
    after = " and ".join(causes) or "a pause"
    text = f"On hold since {hold.since.isoformat()} after {after}, waiting for a clearance."
    if hold.red_flags:
        text += f" Reported: {' '.join(hold.red_flags)}"
    return AttentionItem(AttentionKind.HOLD, text)


def _pain_rising(facts: RunnerFacts) -> AttentionItem | None:
    if not facts.morning_pains:
        return None
    *earlier, latest = facts.morning_pains
    weeks = week_on_week(latest, earlier)
    if weeks is None or weeks.rise < R.PAIN_TREND_RISE_HOLD:
        return None
    return AttentionItem(
        AttentionKind.PAIN_RISING,
        f"Mean morning pain rose from {float(weeks.before):.1f} to {float(weeks.last):.1f}/10 over the "
        f"{R.PAIN_TREND_DAYS} days to {latest.on.isoformat()}, against the {R.PAIN_TREND_DAYS} days before.",
    )


def _regressions(facts: RunnerFacts) -> AttentionItem | None:
    if not facts.regressions:
        return None
    count = len(facts.regressions)
    times = "once" if count == 1 else f"{R.count_word(count)} times"
    return AttentionItem(
        AttentionKind.REGRESSION,
        f"Stepped back {times} in the last {R.CASELOAD_REGRESSION_DAYS} days, last on "
        f"{max(facts.regressions).isoformat()}.",
    )


def _spike(facts: RunnerFacts) -> AttentionItem | None:
    spike = facts.spike
    if spike is None:
        return None
    return AttentionItem(
        AttentionKind.SPIKE,
        f"A {spike.unit.text(spike.distance_km)} run on {spike.on.isoformat()} was "
        f"{increase_text(spike.increase_pct)} against the longest of the {R.SPIKE_WINDOW_DAYS} days before "
        f"it ({spike.unit.text(spike.previous_longest_km)}).",
    )


def _missed_checkins(facts: RunnerFacts) -> AttentionItem | None:
    if facts.program_started_on is None:
        return None
    since = facts.last_checkin or facts.program_started_on
    days = (facts.today - since).days
    if days < R.CASELOAD_MISSED_CHECKIN_DAYS:
        return None
    if facts.last_checkin is None:
        text = f"No check-in since the program started on {since.isoformat()}, {days} days ago."
    else:
        text = f"No check-in for {days} days: the last was on {since.isoformat()}."
    return AttentionItem(AttentionKind.MISSED_CHECKINS, text)


def _low_adherence(facts: RunnerFacts) -> AttentionItem | None:
    if facts.hold is not None or not low_adherence(facts.sessions_done, facts.sessions_planned):
        return None
    return AttentionItem(
        AttentionKind.LOW_ADHERENCE,
        f"{facts.sessions_done} of {facts.sessions_planned} planned sessions done in the "
        f"{R.CASELOAD_ADHERENCE_DAYS} days before today, under {R.CASELOAD_LOW_ADHERENCE_FRACTION:.0%}.",
    )


T = TypeVar("T")


def urgency_key(items: Sequence[AttentionItem], name: str) -> tuple[int, int, str, str]:
    """Most urgent item first, then more items, then the name; runners with nothing to see come last."""
    most = min((item.kind.urgency for item in items), default=len(AttentionKind))
    return (most, -len(items), name.casefold(), name)


def by_urgency(
    rows: Iterable[T], items: Callable[[T], Sequence[AttentionItem]], name: Callable[[T], str]
) -> list[T]:
    """``rows`` sorted by ``urgency_key``."""
    return sorted(rows, key=lambda row: urgency_key(items(row), name(row)))
