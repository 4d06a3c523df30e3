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
    with pytest.raises(InvalidInput, match="a distance of -3 km is not a run.s"):
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


# --- batches (issue 7) --------------------------------------------------------------------------------------


def days(n: int, first: int = 0) -> list[FileOutcome]:
    return [outcome(f"day{d}.fit", run(START + timedelta(days=d))) for d in range(first, first + n)]


def test_files_are_stored_in_batches_and_progress_still_comes_file_by_file(app, monkeypatch):
    runner = screened_runner(app)
    sizes: list[int] = []
    store = activities._store_batch

    def spy(app_, profile_id, batch):
        sizes.append(len(batch))
        return store(app_, profile_id, batch)

    monkeypatch.setattr(activities, "_store_batch", spy)
    seen = []
    report = activities.import_outcomes(
        app, runner, days(5), files_total=5, progress=seen.append, batch_files=2
    )
    assert sizes == [2, 2, 1]
    assert report.runs_added == 5 and count(app, m.Activity) == 5 and count(app, m.ImportedFile) == 5
    assert [(p.files_done, p.runs_added, p.current) for p in seen] == [
        (n, n, f"day{n - 1}.fit") for n in range(1, 6)
    ]


def test_a_batch_closes_after_batch_seconds_however_few_files_it_holds(app, monkeypatch):
    runner = screened_runner(app)
    sizes: list[int] = []
    store = activities._store_batch
    monkeypatch.setattr(activities, "_store_batch", lambda *a: sizes.append(len(a[2])) or store(*a))
    activities.import_outcomes(app, runner, days(3), files_total=3, batch_seconds=0)
    assert sizes == [1, 1, 1]


def test_duplicates_are_found_within_a_batch_across_batches_and_within_a_file(app):
    runner = screened_runner(app)
    later = START + timedelta(days=3)
    files = [
        outcome("watch/a.fit", run()),
        outcome("strava/a.gpx", run(START + timedelta(seconds=45), 10.1, fmt="gpx")),  # same batch
        outcome("watch/b.fit", run(later), run(later + timedelta(seconds=10), 10.0)),  # twice in one file
        outcome("strava/b.gpx", run(later - timedelta(seconds=59), 9.9, fmt="gpx")),  # the next batch
        outcome("copy/a.fit", run(), digest="hash-watch/a.fit"),  # the same file again
        outcome("strava/c.gpx", run(START + timedelta(seconds=61), fmt="gpx")),  # 61 s: another run
        outcome("strava/d.gpx", run(later + timedelta(seconds=20), 10.3, fmt="gpx")),  # 3% longer
    ]
    report = activities.import_outcomes(app, runner, files, files_total=7, batch_files=3)
    assert (report.runs_added, report.duplicates) == (4, 3)
    assert report.already_imported == ["copy/a.fit"]
    assert count(app, m.Activity) == 4 and count(app, m.ImportedFile) == 6
    # the same outcome, file by file, gives the same result
    again = screened_runner(app, "Ben")
    one_by_one = activities.import_outcomes(app, again, files, files_total=7, batch_files=1)
    assert (one_by_one.runs_added, one_by_one.duplicates, one_by_one.already_imported) == (
        4,
        3,
        ["copy/a.fit"],
    )


def test_a_run_without_a_distance_repeats_any_run_starting_within_60_s(app):
    runner = screened_runner(app)
    bare = ActivityRecord("run", START + timedelta(seconds=30), 3600.0, None, None, "Run", "tcx")
    files = [outcome("a.fit", run()), outcome("b.tcx", bare)]
    report = activities.import_outcomes(app, runner, files, files_total=2)
    assert (report.runs_added, report.duplicates) == (1, 1)


def test_ctrl_c_while_a_batch_is_written_loses_that_batch_only_and_a_rerun_adds_the_rest(app, monkeypatch):
    runner = screened_runner(app)
    files = days(7)
    values = activities._row_values
    calls = {"n": 0}

    def interrupt_in_the_second_batch(*args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return values(*args)

    monkeypatch.setattr(activities, "_row_values", interrupt_in_the_second_batch)
    seen = []
    first = activities.import_outcomes(app, runner, files, files_total=7, progress=seen.append, batch_files=3)
    assert first.interrupted
    assert (first.runs_added, first.files_done, len(seen)) == (3, 3, 3)
    assert count(app, m.Activity) == 3 and count(app, m.ImportedFile) == 3  # the second batch rolled back
    monkeypatch.setattr(activities, "_row_values", values)
    again = activities.import_outcomes(app, runner, files, files_total=7, batch_files=3)
    assert not again.interrupted
    assert again.runs_added == 4 and again.already_imported == [f"day{d}.fit" for d in range(3)]
    assert count(app, m.Activity) == 7 and again.duplicates == 0


def test_ctrl_c_while_reading_stores_the_files_already_read_of_the_open_batch(app):
    runner = screened_runner(app)

    def interrupted():
        yield from days(4)
        raise KeyboardInterrupt

    first = activities.import_outcomes(app, runner, interrupted(), files_total=6, batch_files=3)
    assert first.interrupted and first.runs_added == 4 and first.files_done == 4
    again = activities.import_outcomes(app, runner, days(6), files_total=6, batch_files=3)
    assert again.runs_added == 2 and count(app, m.Activity) == 6


def test_a_progress_callback_that_stops_the_import_stops_after_a_stored_batch(app):
    runner = screened_runner(app)

    class Stop(Exception):
        pass

    def stop_at_two(p: activities.Progress) -> None:
        if p.files_done == 2:
            raise Stop

    with pytest.raises(Stop):
        activities.import_outcomes(app, runner, days(5), files_total=5, progress=stop_at_two, batch_files=3)
    assert count(app, m.Activity) == 3  # the batch was stored before its progress was reported


def test_import_paths_with_worker_processes_stores_what_one_process_stores(app, tmp_path):
    from tests.unit.importers.fit_writer import activity_fit

    for n in range(20):
        data = activity_fit(START + timedelta(days=n), seconds=600, distance_m=2000.0, record_every_s=30)
        (tmp_path / f"{n:02d}.fit").write_bytes(data)
    (tmp_path / "broken.fit").write_bytes(b"not a fit file at all")
    one = screened_runner(app, "Ana")
    two = screened_runner(app, "Ben")
    serial = activities.import_paths(app, one, [tmp_path], workers=1)
    parallel = activities.import_paths(app, two, [tmp_path], workers=2)
    assert (serial.runs_added, serial.errors) == (parallel.runs_added, parallel.errors)
    assert serial.runs_added == 20 and len(serial.errors) == 1
    assert [(r.started_at, r.distance_m) for r in activities.list_runs(app, one)] == [
        (r.started_at, r.distance_m) for r in activities.list_runs(app, two)
    ]


def test_files_read_before_the_source_fails_are_stored_before_the_error_goes_up(app):
    runner = screened_runner(app)

    def failing():
        yield from days(2)
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        activities.import_outcomes(app, runner, failing(), files_total=5)
    assert count(app, m.Activity) == 2
