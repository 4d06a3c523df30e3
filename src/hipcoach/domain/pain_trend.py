"""Morning pain across days (BRIEF §5): the absolute ceiling, a rise above the phase's start, week to week.

One session's check-in compares the morning with that session's pre-session pain; that misses pain that
creeps up a little every session. These rules look at the morning pains themselves, whatever the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from hipcoach.domain import rules as R
from hipcoach.domain.overrides import Limits, given
from hipcoach.domain.progression import MorningTrend, Outcome

CEILING = "progression.morning-ceiling"
PHASE_BASELINE = "progression.phase-baseline"
WEEK_RISE_HOLD = "progression.week-rise-hold"
WEEK_RISE_REGRESS = "progression.week-rise-regress"


@dataclass(frozen=True)
class MorningPain:
    on: date
    pain: int


@dataclass(frozen=True)
class WeekOnWeek:
    """Mean morning pain of the last ``PAIN_TREND_DAYS`` days and of the days before, as exact fractions."""

    last: Fraction
    before: Fraction

    @property
    def rise(self) -> Fraction:
        return self.last - self.before


def morning_trend(
    today: MorningPain,
    earlier: Sequence[MorningPain],
    phase_started_on: date,
    phase_baseline: int | None,
    streak_from: date | None = None,
    limits: Limits | None = None,
) -> MorningTrend | None:
    """What ``today``'s morning pain and the check-ins before it say: pause, step back, hold, or nothing.

    ``earlier`` holds the runner's other morning check-ins up to ``today``, oldest first: those of the two
    weeks compared and those of the current phase. ``phase_baseline`` is the pain before the phase's first
    session; None when it was not given, and then the phase's first morning check-in stands in.
    ``streak_from`` is the first day whose check-ins count toward the check-ins in a row above the phase's
    start: the day after a clearance, so that the mornings a clinician has already looked at do not pause
    the program again at once. ``limits`` carry the runner's ceiling (a clinician may set it lower).
    """
    limits = given(limits)
    ceiling = limits.morning_pain_ceiling
    if today.pain >= ceiling:
        why = f"your morning pain is {today.pain}/10, at or above the ceiling of {ceiling}/10"
        return MorningTrend(Outcome.PAUSE, CEILING, why)

    streak = above_phase_baseline(today, earlier, phase_started_on, phase_baseline, streak_from)
    if streak is not None:
        baseline, pains = streak
        why = (
            f"your morning pain was {_listed(pains)}/10 at your last "
            f"{R.count_word(len(pains))} check-ins, each {_points(R.PHASE_BASELINE_RISE)} or more above "
            f"the {baseline}/10 this phase started at"
        )
        return MorningTrend(Outcome.PAUSE, PHASE_BASELINE, why)

    weeks = week_on_week(today, earlier)
    if weeks is None or weeks.rise < R.PAIN_TREND_RISE_HOLD:
        return None
    why = (
        f"your mean morning pain rose by {_tenths_down(weeks.rise)} points, from {_tenths(weeks.before)} "
        f"to {_tenths(weeks.last)}/10, over the last {R.PAIN_TREND_DAYS} days against the "
        f"{R.PAIN_TREND_DAYS} before"
    )
    if weeks.rise >= R.PAIN_TREND_RISE_REGRESS:
        return MorningTrend(Outcome.REGRESS, WEEK_RISE_REGRESS, why)
    return MorningTrend(Outcome.HOLD, WEEK_RISE_HOLD, why)


def week_on_week(today: MorningPain, earlier: Sequence[MorningPain]) -> WeekOnWeek | None:
    """The two weeks' means, when each week has at least ``PAIN_TREND_MIN_CHECKINS`` check-ins.

    The last week is ``today`` and the ``PAIN_TREND_DAYS - 1`` days before it; the week before is the
    ``PAIN_TREND_DAYS`` days before that.
    """
    days = R.PAIN_TREND_DAYS
    last_from = today.on - timedelta(days=days - 1)
    before_from = last_from - timedelta(days=days)
    readings = [*earlier, today]
    last = [r.pain for r in readings if last_from <= r.on <= today.on]
    before = [r.pain for r in readings if before_from <= r.on < last_from]
    if min(len(last), len(before)) < R.PAIN_TREND_MIN_CHECKINS:
        return None
    return WeekOnWeek(Fraction(sum(last), len(last)), Fraction(sum(before), len(before)))


def above_phase_baseline(
    today: MorningPain,
    earlier: Sequence[MorningPain],
    phase_started_on: date,
    phase_baseline: int | None,
    streak_from: date | None = None,
) -> tuple[int, tuple[int, ...]] | None:
    """The phase's starting pain and the last check-ins of the phase, when each of the last
    ``PHASE_BASELINE_CHECKINS_IN_A_ROW`` (from ``streak_from`` on) is ``PHASE_BASELINE_RISE`` points or more
    above it; else None."""
    in_phase = [r for r in earlier if phase_started_on <= r.on <= today.on] + [today]
    baseline = phase_baseline if phase_baseline is not None else in_phase[0].pain
    counted = [r.pain for r in in_phase if streak_from is None or r.on >= streak_from]
    run = tuple(counted[-R.PHASE_BASELINE_CHECKINS_IN_A_ROW :])
    if len(run) < R.PHASE_BASELINE_CHECKINS_IN_A_ROW:
        return None
    if all(pain - baseline >= R.PHASE_BASELINE_RISE for pain in run):
        return baseline, run
    return None


def _tenths(value: Fraction) -> str:
    return f"{float(value):.1f}"


def _tenths_down(value: Fraction) -> str:
    """A positive rise cut (not rounded) to tenths, so a rise just under a threshold never reads as at it."""
    tenths = value.numerator * 10 // value.denominator
    return f"{tenths // 10}.{tenths % 10}"


def _points(points: int) -> str:
    return f"{R.count_word(points)} point" if points == 1 else f"{R.count_word(points)} points"


def _listed(pains: Sequence[int]) -> str:
    return ", ".join(str(p) for p in pains[:-1]) + f" and {pains[-1]}" if len(pains) > 1 else str(pains[0])
