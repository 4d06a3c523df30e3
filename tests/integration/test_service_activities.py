"""Storing imported runs: each run once, a bad file named, an interrupted import resumed without loss."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hipcoach.importers.records import ActivityRecord, FileOutcome, SkippedActivity
from hipcoach.services import activities
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m
from tests.integration.helpers import count, screened_runner

START = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)


def run(
    start: datetime = START, km: float = 10.0, name: str = "Morning run", fmt: str = "fit"
) -> ActivityRecord:
    return ActivityRecord("run", start, 3600.0, 3500.0, km * 1000, name, fmt)


def outcome(source: str, *records: ActivityRecord, digest: str | None = None, **extra) -> FileOutcome:
    return FileOutcome(source, digest or f"hash-{source}", tuple(records), **extra)


def test_the_same_run_from_a_watch_file_and_the_strava_export_is_stored_once(app):
    runner = screened_runner(app)
    # 30 s later and 1.5% longer: within 60 s and 2% -> the same run
    files = [
        outcome("watch/2026-10-05.fit", run()),
        outcome("export.zip!activities/1.gpx.gz", run(START + timedelta(seconds=30), 10.15, fmt="gpx")),
        outcome("export.zip!activities/2.gpx.gz", run(START + timedelta(days=1), 8.0, fmt="gpx")),
    ]
    report = activities.import_outcomes(app, runner, files, files_total=3)
    assert (report.runs_added, report.duplicates) == (2, 1)
    assert count(app, m.Activity) == 2


def test_a_run_2_5_percent_longer_at_the_same_time_is_a_different_run(app):
    runner = screened_runner(app)
    files = [outcome("a.fit", run()), outcome("b.fit", run(km=10.25))]
    assert activities.import_outcomes(app, runner, files, files_total=2).runs_added == 2


def test_reading_the_same_file_again_adds_nothing(app):
    runner = screened_runner(app)
    first = activities.import_outcomes(app, runner, [outcome("a.fit", run())], files_total=1)
    again = activities.import_outcomes(app, runner, [outcome("a.fit", run())], files_total=1)
    assert first.runs_added == 1 and again.runs_added == 0
    assert again.already_imported == ["a.fit"]


def test_bad_files_and_other_sports_are_named_and_the_rest_is_imported(app):
    runner = screened_runner(app)
    ride = SkippedActivity("Commute", "cycling", "cycling is not running")
    files = [
        outcome("broken.fit", error="the file is truncated"),
        outcome("ride.fit", skipped=(ride,)),
        outcome("ok.fit", run()),
        outcome(
            "weird.fit", ActivityRecord("run", START + timedelta(days=2), -5.0, None, 1000.0, "x", "fit")
        ),
    ]
    report = activities.import_outcomes(app, runner, files, files_total=4)
    assert report.runs_added == 1
    assert report.errors == [
        ("broken.fit", "the file is truncated"),
        ("weird.fit", "a duration of -5 s is impossible"),
    ]
    assert report.skipped == [("ride.fit: Commute", "cycling is not running")]
    assert count(app, m.Activity) == 1


def test_an_interrupted_import_keeps_what_was_read_and_resumes_without_duplicates(app):
    runner = screened_runner(app)
    files = [outcome(f"day{n}.fit", run(START + timedelta(days=n))) for n in range(5)]

    def interrupted():
        yield from files[:3]
        raise KeyboardInterrupt

    first = activities.import_outcomes(app, runner, interrupted(), files_total=5)
    assert first.interrupted and first.runs_added == 3
    again = activities.import_outcomes(app, runner, files, files_total=5)
    assert again.runs_added == 2 and len(again.already_imported) == 3
    assert count(app, m.Activity) == 5


def test_progress_is_reported_after_every_file(app):
    runner = screened_runner(app)
    seen = []
    files = [outcome(f"day{n}.fit", run(START + timedelta(days=n))) for n in range(3)]
    activities.import_outcomes(app, runner, files, files_total=3, progress=seen.append)
    assert [(p.files_done, p.files_total, p.runs_added) for p in seen] == [(1, 3, 1), (2, 3, 2), (3, 3, 3)]


def test_a_typed_in_run_is_refused_when_impossible_or_already_stored(app, clock):
    runner = screened_runner(app)
    when = clock.current - timedelta(days=1)
    added = activities.add_run(app, runner, when, 8.0, 45.0, "Easy loop")
    assert added.distance_m == 8000 and added.duration_s == 2700
    with pytest.raises(InvalidInput, match="already stored"):
        activities.add_run(app, runner, when + timedelta(seconds=20), 8.0, 45.0)
    with pytest.raises(InvalidInput, match="distance: -3 km"):
        activities.add_run(app, runner, when - timedelta(days=1), -3.0, 45.0)
    with pytest.raises(InvalidInput, match="in the future"):
        activities.add_run(app, runner, clock.current + timedelta(days=1), 5.0, 30.0)
    assert activities.run_count(app, runner) == 1


def test_another_profile_cannot_delete_a_run(app, clock):
    owner = screened_runner(app, "Ana")
    other = screened_runner(app, "Ben")
    added = activities.add_run(app, owner, clock.current - timedelta(days=1), 8.0, 45.0)
    with pytest.raises(activities.NotFound):
        activities.delete_run(app, other, added.id)
    assert activities.run_count(app, owner) == 1
