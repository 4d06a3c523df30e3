"""The training week: which weekdays are rest, easy, hard and long, and where strength and mobility fit.

``infer_week`` reads a runner's usual week from recent runs; ``place_sessions`` puts strength and mobility
sessions into a week by the practice rules of BRIEF §8 [S], each placement with its reasons. The weekdays of
the result (``WeekPlacement.strength_weekdays`` and ``mobility_weekdays``, Monday = 0) are what a weekly plan
needs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from enum import Enum
from itertools import combinations
from statistics import median
from typing import Literal

from hipcoach.domain import rules as R
from hipcoach.domain.load import Run, week_start

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayKind(Enum):
    REST = "rest"
    EASY = "easy"
    HARD = "hard"  # intervals, tempo, a race or another key workout
    LONG = "long"


@dataclass(frozen=True)
class TrainingWeek:
    """Weekday (0 = Monday .. 6 = Sunday) -> kind of day; a weekday left out is a rest day."""

    days: Mapping[int, DayKind] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = [d for d in self.days if d not in range(7)]
        if bad:
            raise ValueError(f"weekdays run from 0 (Monday) to 6 (Sunday), not {bad}")

    def kind(self, weekday: int) -> DayKind:
        return self.days.get(weekday % 7, DayKind.REST)

    def weekdays(self, kind: DayKind) -> tuple[int, ...]:
        return tuple(d for d in range(7) if self.kind(d) is kind)


# --- reading the week from runs [D] --------------------------------------------------------------------


def infer_week(runs: Iterable[Run], tz: tzinfo, today: date) -> TrainingWeek | None:
    """The runner's usual week from the 8 full Monday-to-Sunday weeks before the week holding ``today``.

    Rule [D] (``week.infer``), all days in the runner's time zone:
    - only weeks with at least one run count ("active weeks"); fewer than 3 active weeks -> None;
    - a weekday with a run in at least half of the active weeks is a running day;
    - LONG: the running day whose median daily distance (over the weeks it was run) is largest; on a tie the
      later weekday;
    - HARD: another running day whose median pace (time per km) is at least 5% faster than the runner's
      median pace over all runs of the window;
    - EASY: the other running days; REST: the rest.
    """
    window_end = week_start(today)  # exclusive: this week is still in progress
    window_start = window_end - timedelta(weeks=R.WEEK_INFER_WEEKS)
    daily_km: dict[date, float] = defaultdict(float)
    paces_by_weekday: dict[int, list[float]] = defaultdict(list)
    all_paces: list[float] = []
    for run in runs:
        day = run.local_date(tz)
        if not window_start <= day < window_end:
            continue
        daily_km[day] += run.distance_km
        if run.distance_m > 0 and run.duration_s > 0:
            pace = run.duration_s / run.distance_km  # seconds per km
            paces_by_weekday[day.weekday()].append(pace)
            all_paces.append(pace)

    active_weeks = {week_start(day) for day, km in daily_km.items() if km > 0}
    if len(active_weeks) < R.WEEK_INFER_MIN_WEEKS:
        return None
    needed = math.ceil(len(active_weeks) * R.WEEK_RUNNING_DAY_SHARE)
    km_by_weekday: dict[int, list[float]] = defaultdict(list)
    for day, km in daily_km.items():
        if km > 0:
            km_by_weekday[day.weekday()].append(km)
    running_days = sorted(d for d, kms in km_by_weekday.items() if len(kms) >= needed)
    if not running_days:
        return TrainingWeek({})

    long_day = max(running_days, key=lambda d: (median(km_by_weekday[d]), d))
    runner_pace = median(all_paces) if all_paces else None
    days: dict[int, DayKind] = {}
    for d in running_days:
        if d == long_day:
            days[d] = DayKind.LONG
        elif (
            runner_pace is not None
            and paces_by_weekday[d]
            and median(paces_by_weekday[d]) <= runner_pace * (1 - R.WEEK_HARD_PACE_FASTER_FRACTION)
        ):
            days[d] = DayKind.HARD
        else:
            days[d] = DayKind.EASY
    return TrainingWeek(days)


# --- placing strength and mobility [S] -----------------------------------------------------------------

SessionKind = Literal["strength", "mobility"]


@dataclass(frozen=True)
class PlacedSession:
    weekday: int  # 0 = Monday
    kind: SessionKind
    timing: str
    why: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def day_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]


@dataclass(frozen=True)
class WeekPlacement:
    week: TrainingWeek
    sessions: tuple[PlacedSession, ...]  # by weekday; on a strength day the mobility warm-up comes first
    notes: tuple[str, ...]  # e.g. fewer strength days fit than were asked for
    rule_ids: tuple[str, ...] = ("week.strength-placement", "week.mobility-placement")

    @property
    def strength_weekdays(self) -> tuple[int, ...]:
        return tuple(s.weekday for s in self.sessions if s.kind == "strength")

    @property
    def mobility_weekdays(self) -> tuple[int, ...]:
        return tuple(s.weekday for s in self.sessions if s.kind == "mobility")

    @property
    def evidence(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e for s in self.sessions for e in s.evidence))


# Strength prefers hard days (after the run keeps the hard day hard and the easy days easy), then easy days,
# then rest days; never the long-run day (the biggest run of the week stays a running day) [D on BRIEF §8 S].
_STRENGTH_PREFERENCE = {DayKind.HARD: 0, DayKind.EASY: 1, DayKind.REST: 2}
# Extra mobility days prefer rest days, then easy, long and hard days [D].
_MOBILITY_PREFERENCE = {DayKind.REST: 0, DayKind.EASY: 1, DayKind.LONG: 2, DayKind.HARD: 3}
_MIN_DAYS_BETWEEN_STRENGTH = R.MIN_HOURS_BETWEEN_STRENGTH // 24
_MAX_STRENGTH_IN_A_WEEK = 7 // _MIN_DAYS_BETWEEN_STRENGTH  # 3 when sessions are 2 days apart


def strength_candidates(week: TrainingWeek) -> tuple[int, ...]:
    """Weekdays that may hold strength: not the long-run day, nor the day before a long run or hard day."""
    return tuple(
        d
        for d in range(7)
        if week.kind(d) in _STRENGTH_PREFERENCE and week.kind(d + 1) not in (DayKind.LONG, DayKind.HARD)
    )


def _circular_gaps(days: tuple[int, ...]) -> list[int]:
    return [(b - a) % 7 or 7 for a, b in zip(days, days[1:] + days[:1], strict=True)]


def place_sessions(week: TrainingWeek, strength_per_week: int, mobility_per_week: int = 3) -> WeekPlacement:
    """Place strength and mobility sessions in a training week; every placement says why.

    Strength (BRIEF §8 [S]): only on candidate days (see ``strength_candidates``) and at least 48 h apart
    through the week, including from Sunday round to Monday. Among the sets of days with the most sessions
    (up to ``strength_per_week``), the choice is deterministic: the best total day preference (hard, then
    easy, then rest days), then the widest smallest gap, then the earliest weekdays.
    Mobility [D]: the warm-up of every strength session counts as a mobility session; more days are added
    until there are ``mobility_per_week``, each time the day furthest from the mobility days so far, then by
    preference (rest, easy, long, hard), then the earliest weekday.
    """
    notes: list[str] = []
    wanted = max(0, strength_per_week)
    candidates = strength_candidates(week)
    chosen: tuple[int, ...] = ()
    for size in range(min(wanted, _MAX_STRENGTH_IN_A_WEEK, len(candidates)), 0, -1):
        fitting = [
            combo
            for combo in combinations(candidates, size)
            if size == 1 or min(_circular_gaps(combo)) >= _MIN_DAYS_BETWEEN_STRENGTH
        ]
        if fitting:
            chosen = min(
                fitting,
                key=lambda c: (
                    sum(_STRENGTH_PREFERENCE[week.kind(d)] for d in c),
                    -min(_circular_gaps(c)),
                    c,
                ),
            )
            break
    if len(chosen) < wanted:
        notes.append(_short_strength_note(week, wanted, len(chosen)))

    mobility_days = list(chosen)
    wanted_mobility = max(0, mobility_per_week)
    if wanted_mobility > 7:
        notes.append(f"{wanted_mobility} mobility sessions were asked for; one a day gives 7.")
    while len(mobility_days) < min(wanted_mobility, 7):
        free = [d for d in range(7) if d not in mobility_days]
        mobility_days.append(
            min(
                free,
                key=lambda d: (
                    -_distance_to(d, mobility_days),
                    _MOBILITY_PREFERENCE[week.kind(d)],
                    d,
                ),
            )
        )

    sessions: list[PlacedSession] = []
    for d in range(7):
        if d in mobility_days:
            sessions.append(_mobility_session(week, d, warm_up=d in chosen))
        if d in chosen:
            sessions.append(_strength_session(week, d, chosen))
    return WeekPlacement(week, tuple(sessions), tuple(notes))


def _distance_to(day: int, others: list[int]) -> int:
    if not others:
        return 7
    return min(min((day - o) % 7, (o - day) % 7) for o in others)


def _short_strength_note(week: TrainingWeek, wanted: int, got: int) -> str:
    blockers = []
    if week.weekdays(DayKind.LONG):
        blockers.append("not on or the day before your long run")
    if week.weekdays(DayKind.HARD):
        blockers.append("not the day before a hard day")
    limits = ", ".join(["at least 48 h apart", *blockers])
    days = "day fits" if got == 1 else "days fit"
    if wanted > _MAX_STRENGTH_IN_A_WEEK and got == _MAX_STRENGTH_IN_A_WEEK:
        return f"You asked for {wanted} strength sessions; at most {got} fit in a week 48 h apart."
    if got == 0:
        return f"No strength day fits this week ({limits}). Consider moving a run, or talk to your coach."
    return f"Only {got} strength {days} this week ({limits}); you asked for {wanted}."


def _strength_session(week: TrainingWeek, d: int, chosen: tuple[int, ...]) -> PlacedSession:
    rule = R.RULES["week.strength-placement"]
    kind = week.kind(d)
    low, high = R.STRENGTH_AFTER_RUN_HOURS
    why: list[str] = []
    if kind is DayKind.HARD:
        timing = f"after your run, ideally {low}-{high} h later (run in the morning, strength in the evening)"
        why.append(
            f"{WEEKDAY_NAMES[d]} is already a hard day: putting strength on it keeps the hard days hard and "
            "leaves the easy days easy."
        )
    elif kind is DayKind.EASY:
        timing = f"after your easy run, ideally {low}-{high} h later; keep the run itself easy"
        why.append(f"{WEEKDAY_NAMES[d]} is an easy running day, so strength does not cost a key workout.")
    else:
        timing = "any time of day"
        why.append(f"{WEEKDAY_NAMES[d]} has no run, so strength gets its own session without any running.")
    if kind is not DayKind.REST:
        why.append(
            "Strength and running in separate sessions: doing both in one session held back strength gains "
            "in trained people, and heavy strength work blunted hard running a few hours later."
        )
    nxt = week.kind(d + 1)
    why.append(
        f"The next day ({WEEKDAY_NAMES[(d + 1) % 7]}) is {_kind_words(nxt)}, not a long run or hard workout, "
        "so tired legs do not cost you a key run."
    )
    if len(chosen) > 1:
        gap = min(min((d - o) % 7, (o - d) % 7) for o in chosen if o != d)
        why.append(f"At least {gap * 24} h from your other strength sessions (48 h is the minimum).")
    return PlacedSession(d, "strength", timing, tuple(why), rule.evidence)


def _mobility_session(week: TrainingWeek, d: int, *, warm_up: bool) -> PlacedSession:
    rule = R.RULES["week.mobility-placement"]
    kind = week.kind(d)
    if warm_up:
        timing = "right before the strength session, as its warm-up"
        why = ("The mobility circuit is the warm-up for every strength session: range first, then strength.",)
    else:
        timing = {
            DayKind.REST: "any time of day",
            DayKind.EASY: "before or after your easy run",
            DayKind.LONG: "after your long run, gently",
            DayKind.HARD: "as part of the warm-up before your hard run, or later in the day",
        }[kind]
        why = (
            f"Mobility at least {R.MOBILITY_SESSIONS_MIN} times a week keeps the range you are winning back; "
            f"{WEEKDAY_NAMES[d]} spreads the sessions through the week.",
        )
    return PlacedSession(d, "mobility", timing, why, rule.evidence)


def _kind_words(kind: DayKind) -> str:
    return {
        DayKind.REST: "a rest day",
        DayKind.EASY: "an easy day",
        DayKind.HARD: "a hard day",
        DayKind.LONG: "your long run",
    }[kind]
