"""The numbers behind the progress charts, as plain values: the web layer only draws them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hipcoach.clock import LocalTime
from hipcoach.domain.content import Library
from hipcoach.domain.phases import Phase
from hipcoach.domain.progression import ExerciseState
from hipcoach.services.history import HistoryRow
from hipcoach.services.programs import PhaseStep

WEEKS_SHOWN = 12  # sessions per week: a quarter fits a phone's width with readable bars


@dataclass(frozen=True)
class Point:
    on: date
    value: int


@dataclass(frozen=True)
class Series:
    key: str  # stable, for styling: "before", "during", "morning", "tightness"
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class LineChart:
    series: tuple[Series, ...]
    first: date
    last: date

    def summary(self) -> str:
        """The chart in words for a screen reader: each series' first and latest reading."""
        parts = []
        for s in self.series:
            if not s.points:
                parts.append(f"{s.label}: not recorded yet.")
            elif len(s.points) == 1:
                parts.append(f"{s.label}: {s.points[0].value} on {_day(s.points[0].on)}.")
            else:
                first, last = s.points[0], s.points[-1]
                parts.append(
                    f"{s.label}: {len(s.points)} readings, from {first.value} on {_day(first.on)} "
                    f"to {last.value} on {_day(last.on)}."
                )
        return " ".join(parts)


def _day(on: date) -> str:
    return f"{on.day} {on:%b}"


_SYMPTOM_SERIES = (
    ("before", "Pain before the session", "baseline_pain"),
    ("during", "Pain during the session", "pain_during"),
    ("morning", "Pain the next morning", "morning_pain"),
    ("tightness", "Tightness", "tightness"),
)


def symptom_chart(rows: Sequence[HistoryRow]) -> LineChart | None:
    """Pain before, during and the next morning, and tightness, each on the day of its session or check-in."""
    if not rows:
        return None
    series = []
    for key, label, attribute in _SYMPTOM_SERIES:
        points = []
        for row in rows:
            value = getattr(row, attribute)
            if value is not None:
                points.append(Point(row.on, value))
        series.append(Series(key, label, tuple(points)))
    if not any(s.points for s in series):
        return None
    return LineChart(tuple(series), rows[0].on, rows[-1].on)


@dataclass(frozen=True)
class WeekCount:
    week_start: date  # a Monday
    sessions: int


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def sessions_per_week(
    session_dates: Sequence[date], today: date, weeks: int = WEEKS_SHOWN
) -> tuple[WeekCount, ...]:
    """Sessions in each of the last ``weeks`` weeks (Monday to Sunday) up to this one, empty weeks included;
    never earlier than the week of the first session."""
    if not session_dates:
        return ()
    this_week = monday_of(today)
    start = max(monday_of(min(session_dates)), this_week - timedelta(weeks=weeks - 1))
    counts: dict[date, int] = {}
    for day in session_dates:
        counts[monday_of(day)] = counts.get(monday_of(day), 0) + 1
    result = []
    week = start
    while week <= this_week:
        result.append(WeekCount(week, counts.get(week, 0)))
        week += timedelta(weeks=1)
    return tuple(result)


@dataclass(frozen=True)
class PhaseSpan:
    phase: Phase
    start: date
    end: date  # the day the next phase began, or today for the current one
    current: bool
    reason: str


def phase_spans(steps: Sequence[PhaseStep], local: LocalTime) -> tuple[PhaseSpan, ...]:
    """The phases as consecutive spans of the runner's days, oldest first; the last one runs to today."""
    spans = []
    for index, step in enumerate(steps):
        start = local.date_of(step.changed_at)
        is_last = index == len(steps) - 1
        end = local.today if is_last else local.date_of(steps[index + 1].changed_at)
        spans.append(PhaseSpan(Phase(step.to_phase), start, max(start, end), is_last, step.reason))
    return tuple(spans)


@dataclass(frozen=True)
class LevelBar:
    exercise_id: str
    name: str
    level: int
    top_level: int
    level_name: str
    rounds: int


def ladder_levels(states: Mapping[str, ExerciseState], library: Library) -> tuple[LevelBar, ...]:
    """Where each strength exercise stands on its ladder, in circuit order."""
    bars = []
    for exercise in library.strength_exercises():
        state = states.get(exercise.id)
        if state is None:
            continue
        rung = exercise.level(state.ladder_level)
        bars.append(
            LevelBar(
                exercise.id,
                exercise.name,
                state.ladder_level,
                exercise.top_level,
                rung.name if rung is not None else "",
                state.rounds,
            )
        )
    return tuple(bars)
