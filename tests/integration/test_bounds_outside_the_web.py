"""The domain's bounds on runs, dates and text hold at the doors outside the web: the CLI, its answers file,
and the files imported.

An imported activity that no one can have run (before 2000, or quicker than 90 s per km) is left out with its
reason named; the files around it are stored. The test clock stands at Monday 2026-11-02 07:00 UTC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from hipcoach.importers.records import ActivityRecord
from hipcoach.services import activities
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m
from tests.integration.helpers import count, screened_runner
from tests.integration.test_service_activities import START, outcome, run


@pytest.fixture
def cli(cli):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    return cli


def test_the_cli_refuses_a_run_before_2000_or_quicker_than_anyone_can_run(cli):
    old = cli("runs", "add", "1999-12-31 07:00", "10", "50")
    assert old.exit_code == 1
    assert "the start 1999-12-31 is before 2000-01-01, the earliest day hipcoach accepts" in old.output
    quick = cli("runs", "add", "2026-10-25 07:00", "400", "0.001")
    assert quick.exit_code == 1 and "a pace of 0:00 per km" in quick.output
    tiny = cli("runs", "add", "2026-10-25 07:00", "5e-324", "30")
    assert tiny.exit_code == 1 and "a distance of 5e-324 km is not a run's" in " ".join(tiny.output.split())
    assert cli("runs", "add", "2000-01-01 07:00", "10", "15").exit_code == 0  # at the edges: 90 s per km
    assert "1 shown" in cli("runs", "list").output


def test_the_cli_refuses_a_check_in_dated_before_2000(cli):
    result = cli("checkin", "--date", "1999-12-31", "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert result.exit_code != 0
    assert "check-in date 1999-12-31 is before 2000-01-01" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        (
            {"tester": "Dr\x00Lee"},
            "tester: the text contains a NUL character (\\0), which hipcoach cannot store",
        ),
        ({"notes": "left\x00hip"}, "notes: the text contains a NUL character"),
        ({"on": "1999-12-31"}, "the date 1999-12-31 is before 2000-01-01, the earliest day hipcoach accepts"),
        ({"on": 0}, "a date is written as text, YYYY-MM-DD"),
    ],
)
def test_an_assessment_answers_file_with_a_nul_or_an_impossible_date_is_refused(
    cli, tmp_path, changes, named
):
    # PostgreSQL failed on the NUL with a traceback, after the battery was scored; SQLite stored it.
    answers = {"on": "2026-11-01", "readings": {"knee-to-wall.left": 9.5, "knee-to-wall.right": 10.0}}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers | changes))
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # told, not a traceback
    assert named in " ".join(result.output.split())
    assert "No assessments yet" in cli("assessments").output


def test_the_service_refuses_the_impossible_whatever_the_door(app, clock):
    runner = screened_runner(app)
    when = clock.current - timedelta(days=1)
    for start, km, minutes, message in (
        (datetime(1900, 1, 1, 7, tzinfo=UTC), 10, 50, "the start 1900-01-01 is before 2000-01-01"),
        (when, 400, 0.001, "400 km in 0.001 min is a pace of 0:00 per km"),
        (when, 5e-324, 30, "a distance of 5e-324 km"),
        (when, 10, 14.99, "a pace of 1:29.9 per km"),
    ):
        with pytest.raises(InvalidInput, match=message):
            activities.add_run(app, runner, start, km, minutes)
    assert activities.run_count(app, runner) == 0


def test_an_impossible_activity_in_a_file_is_named_and_the_other_files_are_stored(app):
    runner = screened_runner(app)
    unset_clock = datetime(1989, 12, 31, tzinfo=UTC)  # a FIT timestamp of 0
    files = [
        outcome("ok.fit", run()),
        outcome("clock.fit", run(unset_clock)),
        outcome(
            "car.gpx", ActivityRecord("run", START + timedelta(days=1), 600.0, None, 10_000.0, "x", "gpx")
        ),
        outcome(
            "edge.gpx", ActivityRecord("run", START + timedelta(days=2), 900.0, None, 10_000.0, "y", "gpx")
        ),
        outcome(
            "ride.fit", ActivityRecord("cycling", START + timedelta(days=3), 600, None, 8000.0, "z", "fit")
        ),
    ]
    report = activities.import_outcomes(app, runner, files, files_total=len(files))
    assert report.errors == [
        ("clock.fit", "the start 1989-12-31 is before 2000-01-01, the earliest day hipcoach accepts"),
        (
            "car.gpx",
            "10 km in 10 min is a pace of 1:00 per km, faster than 1:30 per km, quicker than anyone has run "
            "even 100 m; check the distance and the time",
        ),
    ]
    assert report.runs_added == 2  # ok.fit, and edge.gpx at exactly 90 s per km
    # A ride at 48 km/h is not judged as a run: it is left out for not being running, not as impossible.
    assert report.skipped == [("ride.fit: z", "cycling is not running")]
    assert count(app, m.Activity) == 2
