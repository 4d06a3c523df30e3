from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.load import Run
from hipcoach.domain.week import (
    DayKind,
    TrainingWeek,
    infer_week,
    place_sessions,
    strength_candidates,
)

BERLIN = ZoneInfo("Europe/Berlin")
E, H, L, REST = DayKind.EASY, DayKind.HARD, DayKind.LONG, DayKind.REST

# A common week: easy Mon/Wed/Fri, hard Tue/Thu, long Sun, rest Sat.
TYPICAL = TrainingWeek({0: E, 1: H, 2: E, 3: H, 4: E, 6: L})


def run_on(day: date, km: float, sec_per_km: float, hour: int = 7) -> Run:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN).astimezone(UTC)
    return Run(start, km * 1000, km * sec_per_km)


# --- infer_week ------------------------------------------------------------------------------------------

# 8 full weeks from Mon 2 March 2026 (crossing the spring DST change); "today" is Wed 29 April 2026.
FIRST_MONDAY = date(2026, 3, 2)
TODAY = date(2026, 4, 29)


def history(weeks: int = 8) -> list[Run]:
    runs = []
    for n in range(8 - weeks, 8):
        monday = FIRST_MONDAY + timedelta(weeks=n)
        runs += [
            run_on(monday, 8, 330),  # Mon easy, 5:30/km
            run_on(monday + timedelta(days=1), 10, 270),  # Tue intervals, 4:30/km
            run_on(monday + timedelta(days=2), 8, 330),  # Wed easy
            run_on(monday + timedelta(days=3), 8, 280),  # Thu tempo, 4:40/km
            run_on(monday + timedelta(days=6), 20, 340, hour=9),  # Sun long, 5:40/km
        ]
        if n % 2 == 0:  # Fri in 4 of 8 weeks: exactly half -> a running day
            runs.append(run_on(monday + timedelta(days=4), 6, 330))
        if n in (1, 4, 7):  # Sat in 3 of 8 weeks: under half -> rest
            runs.append(run_on(monday + timedelta(days=5), 5, 330))
    return runs


def test_infer_week_finds_long_hard_easy_and_rest_days_from_8_weeks():
    # Runner's median pace over all runs: each week has paces 330 x 2-4, 270, 280, 340, so the median is
    # 330 s/km. Hard needs <= 330 x 0.95 = 313.5 s/km: Tue (270) and Thu (280). Sunday's median 20 km is
    # the longest. Friday ran in 4 of 8 active weeks (>= half of 8 = 4); Saturday in 3 (< 4).
    week = infer_week(history(), BERLIN, TODAY)
    assert week is not None
    assert {d: week.kind(d) for d in range(7)} == {0: E, 1: H, 2: E, 3: H, 4: E, 5: REST, 6: L}


def test_infer_week_ignores_the_current_week_and_runs_older_than_8_weeks():
    extra = [
        run_on(date(2026, 4, 28), 30, 300),  # Tuesday of the current week: ignored
        run_on(date(2026, 2, 28), 30, 300),  # a Saturday 9 weeks back: ignored
    ]
    week = infer_week(history() + extra, BERLIN, TODAY)
    assert week is not None and week.kind(1) is H and week.kind(5) is REST


def test_infer_week_needs_three_weeks_of_runs():
    assert infer_week(history(weeks=2), BERLIN, TODAY) is None
    three = infer_week(history(weeks=3), BERLIN, TODAY)
    # Only the last 3 weeks (n = 5, 6, 7): a running day needs ceil(3 / 2) = 2 of them. Friday ran in n = 6
    # only (1 of 3) and Saturday in n = 7 only (1 of 3), so both are rest days now.
    assert three is not None
    assert three.weekdays(L) == (6,) and three.weekdays(H) == (1, 3) and three.kind(4) is REST


def test_a_week_entry_outside_monday_to_sunday_is_refused():
    with pytest.raises(ValueError, match="weekdays"):
        TrainingWeek({7: E})


# --- place_sessions --------------------------------------------------------------------------------------


def assert_rules_hold(week: TrainingWeek, days: tuple[int, ...]) -> None:
    for d in days:
        assert week.kind(d) is not L, "not on the long-run day"
        assert week.kind(d + 1) not in (L, H), "never the day before the long run or a hard day"
    if len(days) > 1:
        gaps = [(b - a) % 7 for a, b in zip(days, days[1:] + days[:1], strict=True)]
        assert min(gaps) >= 2, "at least 48 h apart, Sunday round to Monday included"


WEEKS = [
    TYPICAL,
    TrainingWeek({}),  # no running at all
    TrainingWeek({0: E, 1: E, 2: H, 3: E, 4: E, 5: L, 6: REST}),
    TrainingWeek({1: H, 3: E, 5: H, 6: L}),
    TrainingWeek(dict.fromkeys(range(7), E) | {2: H, 5: L}),
    TrainingWeek({0: L, 2: H, 3: H, 4: H}),
]


@pytest.mark.parametrize("week", WEEKS)
@pytest.mark.parametrize("asked", [1, 2, 3])
def test_strength_is_never_the_day_before_long_or_hard_and_always_48_h_apart(week, asked):
    placement = place_sessions(week, asked)
    assert_rules_hold(week, placement.strength_weekdays)
    assert len(placement.strength_weekdays) <= asked
    assert len(placement.mobility_weekdays) >= 3
    assert set(placement.strength_weekdays) <= set(placement.mobility_weekdays)  # warm-up every time
    for session in placement.sessions:
        assert session.why and session.timing and session.evidence


def test_typical_week_puts_strength_after_the_hard_runs():
    # Candidates: Tue (hard, Wed easy next), Thu (hard, Fri easy next), Fri (easy, Sat rest next).
    # Mon, Wed (before hard), Sat (before long), Sun (long) are out. Tue + Thu are 48 h apart and both hard.
    placement = place_sessions(TYPICAL, 2)
    assert strength_candidates(TYPICAL) == (1, 3, 4)
    assert placement.strength_weekdays == (1, 3)
    assert placement.notes == ()
    tuesday = next(s for s in placement.sessions if s.kind == "strength" and s.weekday == 1)
    assert "3-6 h" in tuesday.timing
    assert any("hard day" in line for line in tuesday.why)
    assert set(tuesday.evidence) == {"petre2021", "doma2014", "strength-running-practice"}
    # Mobility: the two warm-ups plus one more, as far as possible from Tue and Thu -> Saturday (rest).
    assert placement.mobility_weekdays == (1, 3, 5)
    warm_up = next(s for s in placement.sessions if s.kind == "mobility" and s.weekday == 1)
    assert "warm-up" in warm_up.timing


def test_typical_week_fits_only_two_strength_days_and_says_so():
    placement = place_sessions(TYPICAL, 3)
    assert placement.strength_weekdays == (1, 3)
    (note,) = placement.notes
    assert "Only 2 strength days fit" in note and "long run" in note and "you asked for 3" in note


def test_when_only_one_day_fits_the_note_says_so():
    # Long run Monday; hard Wed, Thu, Fri. Out: Sun (before long), Mon (long), Tue/Wed/Thu (before hard).
    # Left: Fri (hard, Sat rest next) and Sat (rest, Sun rest next): one day apart -> one session.
    week = TrainingWeek({0: L, 2: H, 3: H, 4: H})
    placement = place_sessions(week, 2)
    assert placement.strength_weekdays == (4,)  # the hard day is preferred over the rest day
    assert placement.notes == (
        "Only 1 strength day fits this week (at least 48 h apart, not on or the day before your long run, "
        "not the day before a hard day); you asked for 2.",
    )


def test_when_no_day_fits_the_note_says_so():
    placement = place_sessions(TrainingWeek(dict.fromkeys(range(7), H)), 2)
    assert placement.strength_weekdays == ()
    assert "No strength day fits" in placement.notes[0]
    assert len(placement.mobility_weekdays) == 3


def test_a_week_without_running_matches_the_programs_spread():
    # Every day is a candidate; the widest smallest gap, then the earliest days: Mon/Thu and Mon/Wed/Fri.
    assert place_sessions(TrainingWeek({}), 2).strength_weekdays == (0, 3)
    assert place_sessions(TrainingWeek({}), 3).strength_weekdays == (0, 2, 4)


def test_more_than_three_strength_sessions_do_not_fit_48_h_apart():
    placement = place_sessions(TrainingWeek({}), 4)
    assert len(placement.strength_weekdays) == 3
    assert "at most 3 fit" in placement.notes[0]


def test_mobility_count_follows_the_request_and_is_spread():
    placement = place_sessions(TYPICAL, 0, mobility_per_week=4)
    # No strength, so each pick is the day furthest from the days so far, then rest > easy > long > hard:
    # 1st: all equally far -> Sat (rest). 2nd: Tue and Wed are both 3 days from Sat -> Wed (easy beats hard).
    # 3rd: Mon is 2 days from Wed and from Sat, every other day 1 -> Mon. 4th: Tue, Thu, Fri, Sun are all
    # 1 day away -> Fri (easy).
    assert placement.mobility_weekdays == (0, 2, 4, 5)
    assert placement.strength_weekdays == ()
    assert place_sessions(TYPICAL, 0, mobility_per_week=9).notes


def test_placement_is_deterministic():
    assert place_sessions(TYPICAL, 3) == place_sessions(TYPICAL, 3)


def test_week_rules_are_registered():
    for rule_id in ("week.strength-placement", "week.mobility-placement", "week.infer"):
        assert rule_id in R.RULES
