"""`hipcoach import`, `load`, `week` and `runs` as a runner uses them: a Strava export and a watch folder in,
each run once, bad files named, the load shown and the calendar written."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from tests.unit.importers.fit_writer import activity_fit


@pytest.fixture
def cli(cli):
    """The shared command runner, with a profile made first."""
    invoke = cli
    assert invoke("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    return invoke


def runs_history(weeks: int = 6) -> list[tuple[datetime, float, int]]:
    """(start, km, seconds): Tuesday 10 km, Sunday long 15 km, for the weeks before 2026-11-23."""
    monday = datetime(2026, 11, 23, 6, 0, tzinfo=UTC) - timedelta(weeks=weeks)
    found = []
    for week in range(weeks):
        found.append((monday + timedelta(weeks=week, days=1), 10.0, 2700))
        found.append((monday + timedelta(weeks=week, days=6), 15.0, 5400))
    return found


def watch_folder(tmp_path, history):
    folder = tmp_path / "watch"
    folder.mkdir()
    for start, km, seconds in history:
        data = activity_fit(start, seconds=seconds, distance_m=km * 1000, record_every_s=60)
        (folder / f"{start:%Y%m%d}.fit").write_bytes(data)
    (folder / "truncated.fit").write_bytes(activity_fit(history[0][0])[:60])
    return folder


def strava_zip(tmp_path, history):
    """The same runs as the watch folder, 20 s later and 1% longer (the same runs), plus one ride."""
    rows = [
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Elapsed Time,Distance"
    ]
    for number, (start, km, seconds) in enumerate(history, 1):
        when = (start + timedelta(seconds=20)).strftime("%b %d, %Y, %I:%M:%S\u202f%p").replace(" 0", " ")
        rows.append(f'{number},"{when}",Run {number},Run,{seconds},{km * 1.01:.2f},{seconds},{km * 1010:.1f}')
    rows.append('999,"Nov 1, 2026, 9:00:00 AM",Commute,Ride,1800,12.00,1800,12000.0')
    path = tmp_path / "export_123.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("activities.csv", "\n".join(rows) + "\n")
    return path


def test_a_strava_export_and_a_watch_folder_give_each_run_once(cli, tmp_path):
    history = runs_history()
    result = cli("import", str(watch_folder(tmp_path, history)), str(strava_zip(tmp_path, history)))
    assert result.exit_code == 0, result.output
    assert f"{len(history)} runs added" in result.output
    assert f"{len(history)} runs were already stored" in result.output
    assert "Commute: cycling is not running" in result.output
    assert "truncated.fit" in result.output  # named, with its reason
    listed = cli("runs", "list", "--last", "100")
    assert listed.output.count("watch/") + listed.output.count("watch\\") == len(history)

    again = cli("import", str(tmp_path / "watch"))
    assert "0 runs added" in again.output and "imported before" in again.output


def test_load_shows_weeks_and_a_spike_and_week_writes_a_calendar(cli, tmp_path):
    history = runs_history(weeks=8)  # records from 29 September: the ratio has its 28 days by 2 November
    start, _, _ = history[-1]
    history[-1] = (start, 21.0, 7500)  # 15 -> 21 km: +40%, the >30-100% band
    cli("import", str(watch_folder(tmp_path, history)))
    shown = cli("load", "--weeks", "4")
    assert shown.exit_code == 0, shown.output
    assert "Running load" in shown.output and "+40%" in shown.output
    assert "more than 30% and up to 100% longer" in shown.output
    assert "never as an injury forecast" in shown.output

    week = cli("week", "--timezone", "Europe/Berlin", "--ical", str(tmp_path / "week.ics"), "--weeks", "2")
    assert week.exit_code == 0, week.output
    assert "read from your last 8 weeks of runs" in week.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "week.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) >= 2 * 3  # at least three mobility sessions a week


def test_week_set_by_hand_and_bad_input(cli, tmp_path):
    result = cli("week", "--set", "tue=hard,thu=easy,sun=long")
    assert result.exit_code == 0, result.output
    assert "as you set it" in result.output
    bad = cli("week", "--set", "tuesday=sprint")
    assert bad.exit_code == 1 and "is not DAY=KIND" in bad.output
    zone = cli("week", "--timezone", "Mars/Olympus")
    assert zone.exit_code == 1 and "unknown time zone" in zone.output


def test_a_run_typed_in_counts_and_a_repeat_is_refused(cli):
    last_friday = f"{cli.clock.today() - timedelta(days=3)} 07:30"  # the clock stands on a Monday
    assert cli("runs", "add", last_friday, "12.5", "70").exit_code == 0
    repeat = cli("runs", "add", last_friday, "12.5", "70")
    assert repeat.exit_code == 1 and "already stored" in repeat.output
    assert "12.5" in cli("load", "--weeks", "2").output


def test_a_run_after_now_is_refused(cli):
    tomorrow = f"{cli.clock.today() + timedelta(days=1)} 07:30"
    result = cli("runs", "add", tomorrow, "12.5", "70")
    assert result.exit_code == 1 and "is in the future" in result.output


def test_a_hipcoach_export_file_still_imports_as_a_profile(cli, tmp_path):
    exported = cli("export")
    path = tmp_path / "ana.json"
    path.write_text(exported.output)
    result = cli("import", str(path), "--as", "Ana again")
    assert result.exit_code == 0, result.output
    assert "Imported profile Ana again" in result.output
    assert json.loads(path.read_text())["format"] == "hipcoach-export"


def test_a_missing_path_is_named(cli, tmp_path):
    result = cli("import", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "no such file or folder" in result.output


def test_without_runs_load_says_how_to_get_them(cli):
    assert "No runs yet" in cli("load").output


def test_load_on_a_short_history_says_not_enough_history_instead_of_a_spike(cli):
    # Typed in from Monday 19 October: 5 km twice, then 14 km: +180% "against" 11 days of records.
    for when, km in (("2026-10-19", "5"), ("2026-10-21", "5"), ("2026-10-30", "14")):
        assert cli("runs", "add", f"{when} 07:00", km, "40").exit_code == 0
    shown = cli("load", "--weeks", "3")
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    assert "No spikes: no run was more than 10% longer than your longest of the 30 days before." in out
    assert "are not judged for spikes (not enough history)" in out
    assert "Acute:chronic ratio: not enough history yet." in out
    weeks = {line.split("│")[1].strip(): line for line in shown.output.splitlines() if " Oct 2026" in line}
    assert "not enough history" in weeks["19 Oct 2026"] and "+40%" in weeks["26 Oct 2026"]  # 14 vs 10 km
