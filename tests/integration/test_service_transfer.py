"""Export and import: lossless round trip, and a bad file is refused with nothing written."""

import json
from datetime import timedelta

import pytest

from hipcoach.domain.content import Block
from hipcoach.domain.week import DayKind
from hipcoach.services import activities, assessments, load, programs, runner_time
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.services.profiles import resolve_profile
from hipcoach.services.transfer import export_profile, import_profile
from tests.integration.assessment_data import battery, reaches
from tests.integration.helpers import do_session, morning, row_counts, screened_runner


def history_runner(app, clock):
    runner = screened_runner(app, signs=frozenset({"foot-pain", "knee-pain"}))
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="assessed")
    for pain in (1, 2, 6):
        do_session(app, runner, Block.STRENGTH, pain=pain)
        clock.advance(days=1)
        morning(app, runner, pain=1)
        clock.advance(days=1)
    morning(app, runner, pain=2, tightness=3)  # a check-in without a session
    readings = reaches("left", 90, 65, 95, 93) | reaches("right", 90, 70, 95, 93) | {"psfs.1": 4.0}
    assessments.record_assessment(
        app,
        runner,
        battery(app.local("UTC").today, readings, tester="Sam Ortiz, PT", psfs_activities={1: "hills"}),
    )
    activities.add_run(app, runner, app.now() - timedelta(days=1), 12.5, 70, "Long and easy")
    runner_time.set_timezone(app, runner, "Europe/Berlin")
    load.set_week(app, runner, {1: DayKind.HARD, 6: DayKind.LONG})
    return runner


def without_name(export):
    return {**export, "profile": {**export["profile"], "name": None}}


def test_an_export_imports_losslessly_under_a_new_name(app, clock):
    runner = history_runner(app, clock)
    original = export_profile(app, runner)
    text = json.dumps(original)
    copy = import_profile(app, text.encode(), rename="Ana again")
    again = export_profile(app, copy.id)
    assert without_name(again) == without_name(original)
    assert again["profile"]["name"] == "Ana again"
    assert len(original["sessions"]) == 3 and len(original["decisions"]) >= 3
    assert programs.overview(app, copy.id).states == programs.overview(app, runner).states
    copied = assessments.latest(app, copy.id)
    assert copied.record.psfs_activities == {1: "hills"} and copied.tester == "Sam Ortiz, PT"
    assert copied.result.flags == assessments.latest(app, runner).result.flags
    assert [r.name for r in activities.list_runs(app, copy.id)] == ["Long and easy"]
    assert load.week_view(app, copy.id).week == load.week_view(app, runner).week


def test_importing_over_an_existing_name_is_refused(app, clock):
    runner = history_runner(app, clock)
    raw = json.dumps(export_profile(app, runner)).encode()
    before = row_counts(app)
    with pytest.raises(Conflict, match="--as NAME"):
        import_profile(app, raw)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: b"{not json", "not valid JSON"),
        (lambda d: json.dumps({"type": "FeatureCollection"}).encode(), "not a hipcoach export"),
        (lambda d: json.dumps({**d, "version": 99}).encode(), "version 99"),
        (
            lambda d: json.dumps(_set(d, ["sessions", 0, "pain_during"], 11)).encode(),
            r"sessions\.0\.pain_during",
        ),
        (lambda d: json.dumps(_set(d, ["sessions", 1, "program_ref"], 9)).encode(), "unknown program 9"),
        (
            lambda d: json.dumps(
                _set(d, ["sessions", 0, "exercises", 0, "exercise_id"], "moonwalk")
            ).encode(),
            "moonwalk",
        ),
        (
            lambda d: json.dumps(_set(d, ["assessments", 0, "readings", 0, "value"], 400)).encode(),
            r"assessment 1 .* limb length: 400 cm is outside 50-130 cm",
        ),
        (
            lambda d: json.dumps(
                _set(d, ["assessments", 0, "readings", 0, "key"], "y-balance.left.nose")
            ).encode(),
            "not a reading hipcoach knows",
        ),
        (lambda d: json.dumps({**d, "timezone": "Mars/Olympus"}).encode(), "unknown time zone"),
        (lambda d: json.dumps(_set(d, ["runs", 0, "distance_m"], -5)).encode(), r"runs\.0\.distance_m"),
    ],
)
def test_a_corrupt_or_foreign_file_is_refused_and_nothing_is_written(app, clock, mangle, message):
    runner = history_runner(app, clock)
    data = export_profile(app, runner)
    data["profile"]["name"] = "Imported"
    before = row_counts(app)
    with pytest.raises(InvalidInput, match=message):
        import_profile(app, mangle(data))
    assert row_counts(app) == before
    with pytest.raises(Exception, match="no profile named"):
        resolve_profile(app, "Imported")


def _set(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_the_check_in_that_opened_a_phase_survives_the_round_trip(app, clock):
    from hipcoach.services.history import checkin_result

    runner = screened_runner(app)
    for number in range(6):
        do_session(app, runner, Block.MOBILITY)
        clock.advance(days=1)
        report = morning(app, runner, tightness=2 if number == 5 else 5)  # the last check-in opens phase 2
        clock.advance(days=2)
    assert report.phase_change is not None
    opened_by = checkin_result(app, runner, report.checkin_id).phase_change
    assert opened_by is not None and opened_by.to_phase == 2
    data = export_profile(app, runner)
    assert data["programs"][0]["phase_changes"][-1]["checkin_ref"] == len(data["checkins"])
    copy = import_profile(app, json.dumps(data).encode(), rename="Ana again")
    assert without_name(export_profile(app, copy.id)) == without_name(data)
