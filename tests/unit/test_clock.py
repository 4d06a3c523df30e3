"""The one clock: the runner's today, week and wall clock at one instant, and no other reader of the time."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from hipcoach import clock
from hipcoach.clock import LocalTime, UnknownZone, machine_zone_name, zone, zone_names
from hipcoach.domain.load import week_start

SRC = Path(clock.__file__).parent


def test_an_evening_in_los_angeles_is_still_that_day_when_utc_is_on_the_next():
    # 3 November 03:00 UTC is Monday 2 November, 19:00 in Los Angeles (UTC-8 after 1 November 2026).
    local = LocalTime.of(datetime(2026, 11, 3, 3, 0, tzinfo=UTC), "America/Los_Angeles")
    assert local.today == date(2026, 11, 2)
    assert (local.now.hour, local.now.minute) == (19, 0)
    assert week_start(local.today) == date(2026, 11, 2)  # that Monday itself
    assert local.date_of(datetime(2026, 11, 3, 15, 0, tzinfo=UTC)) == date(2026, 11, 3)  # 07:00 next day


def test_auckland_and_honolulu_have_different_days_at_one_instant():
    instant = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    assert LocalTime.of(instant, "Pacific/Auckland").today == date(2026, 11, 3)  # UTC+13: 01:00
    assert LocalTime.of(instant, "Pacific/Honolulu").today == date(2026, 11, 2)  # UTC-10: 02:00


def test_the_week_of_a_sunday_evening_starts_on_the_monday_before():
    local = LocalTime.of(datetime(2026, 11, 9, 3, 0, tzinfo=UTC), "America/Los_Angeles")  # Sun 19:00
    assert local.today == date(2026, 11, 8) and week_start(local.today) == date(2026, 11, 2)


def test_the_spring_daylight_saving_change_moves_the_wall_clock_not_the_day():
    # EU summer time began at 01:00 UTC on 28 March 2027: 01:30 UTC is 03:30 in Berlin.
    local = LocalTime.of(datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "Europe/Berlin")
    assert local.today == date(2027, 3, 28) and (local.now.hour, local.now.minute) == (3, 30)
    assert local.describe() == "Europe/Berlin, now 03:30"


def test_a_runner_without_a_zone_lives_in_the_machines(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    machine_zone_name.cache_clear()
    assert LocalTime.of(datetime(2026, 11, 2, 20, 0, tzinfo=UTC), None).today == date(2026, 11, 3)
    monkeypatch.setenv("TZ", "Not/AZone")
    machine_zone_name.cache_clear()
    assert machine_zone_name() != "Not/AZone"


def test_a_naive_instant_or_an_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        LocalTime.of(datetime(2026, 11, 2, 12, 0), "UTC")  # noqa: DTZ001 (the point of the test)
    for name in ("Mars/Olympus", "", "Berlin", "../../etc/passwd", "Europe/" + "x" * 100):
        with pytest.raises(UnknownZone, match="unknown time zone"):
            zone(name)


def test_the_zone_list_holds_regions_and_utc_without_legacy_aliases():
    names = zone_names()
    assert "Europe/Berlin" in names and "America/Los_Angeles" in names and "UTC" in names
    assert "EST5EDT" not in names and list(names) == sorted(names)
    assert all(len(name) <= clock.MAX_ZONE_NAME_LENGTH for name in names)


# Ways of reading the real time that bypass the one clock: the call, or the bare attribute in a default.
# (Turning a given timestamp into a datetime is not reading the clock; ruff's DTZ rules keep those aware.)
FORBIDDEN_CALLS = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
}


def _reads_of_the_real_time(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in FORBIDDEN_CALLS:
                found.append(f"{name}:{node.lineno}: {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "astimezone"
            and not node.args
            and not node.keywords
        ):
            found.append(f"{name}:{node.lineno}: .astimezone() in the machine's zone")
    return found


def test_only_the_clock_module_reads_the_real_time():
    found = [
        line
        for path in sorted(SRC.rglob("*.py"))
        if path != Path(clock.__file__)
        for line in _reads_of_the_real_time(path.read_text(), str(path.relative_to(SRC)))
    ]
    assert found == []


def test_the_guard_finds_what_it_looks_for():
    sample = (
        "from datetime import date, datetime\nt = date.today()\nu = datetime.now(UTC)\nv = w.astimezone()\n"
    )
    assert sorted(_reads_of_the_real_time(sample, "sample.py")) == [
        "sample.py:2: date.today",
        "sample.py:3: datetime.now",
        "sample.py:4: .astimezone() in the machine's zone",
    ]
