"""Export and import: lossless round trip, and a bad file is refused with nothing written."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.domain.week import DayKind
from hipcoach.services import activities, assessments, load, programs, records, runner_time
from hipcoach.services import transfer_schema as s
from hipcoach.services.clearances import ClearanceInput, record_clearance
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.services.profiles import resolve_profile
from hipcoach.services.transfer import export_profile, import_profile
from hipcoach.storage import models as m
from hipcoach.storage.models import Base
from tests.integration.assessment_data import battery, reaches
from tests.integration.helpers import do_session, morning, row_counts, screened_runner
from tests.video_rows import stored_analysis


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
    with app.transaction() as db:  # a pause, and the clearance that lifted it
        programs.pause(records.require_program(db, runner), "Paused to test the export.", app.now())
    cleared = ClearanceInput("Dr Kim Lee", "physiotherapist", app.local("UTC").today, "Fine to go on.")
    record_clearance(app, runner, cleared)
    runner_time.set_timezone(app, runner, "Europe/Berlin")
    load.set_week(app, runner, {1: DayKind.HARD, 6: DayKind.LONG})
    with app.reading() as db:
        assessment_id = db.scalar(select(m.Assessment.id).where(m.Assessment.profile_id == runner))
    stored_analysis(app, runner, "my lunge.mp4", assessment_id=assessment_id)
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
        (
            lambda d: json.dumps(_set(d, ["sessions", 0, "notes"], "ok\x00")).encode(),
            "notes holds a NUL character",
        ),
        (
            lambda d: json.dumps(_set(d, ["videos", 0, "result", "side"], "middle")).encode(),
            r"video analysis 1 \(my lunge.mp4\): result.side",
        ),
        (
            lambda d: json.dumps(_set(d, ["videos", 0, "result"], None)).encode(),
            "video analysis 1 .* is done but has no result",
        ),
        (
            lambda d: json.dumps(_set(d, ["videos", 0, "result", "test"], "step-up")).encode(),
            "result is of another test, leg or view",
        ),
        (lambda d: json.dumps(_set(d, ["videos", 0, "assessment_ref"], 7)).encode(), "unknown assessment 7"),
        (
            lambda d: json.dumps(_set(d, ["videos", 0, "key_frame"], "not base64!")).encode(),
            r"videos\.0\.key_frame.*not base64",
        ),
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


# The export schema of each table the export carries (the profile's zone and week sit at the file's top).
EXPORTED_AS = {
    "profiles": (s.ProfileOut, s.Export),
    "screenings": (s.ScreeningOut,),
    "programs": (s.ProgramOut,),
    "exercise_states": (s.ExerciseStateOut,),
    "phase_changes": (s.PhaseChangeOut,),
    "training_sessions": (s.SessionOut,),
    "session_exercises": (s.SessionExerciseOut,),
    "session_sets": (s.SetOut,),
    "checkins": (s.CheckinOut,),
    "decisions": (s.DecisionOut,),
    "clearances": (s.ClearanceOut,),
    "assessments": (s.AssessmentOut,),
    "assessment_readings": (s.ReadingOut,),
    "activities": (s.RunOut,),
    "video_analyses": (s.VideoAnalysisOut,),
}


def _is_exported(table: str, column: str) -> bool:
    fields = {name for schema in EXPORTED_AS[table] for name in schema.model_fields}
    reference = column.removesuffix("_id") + "_ref"
    return column in fields or (column.endswith("_id") and reference in fields)


def test_every_stored_column_is_exported_or_named_with_the_reason_it_is_not():
    lost = []
    for table in Base.metadata.sorted_tables:
        if table.name in s.NOT_EXPORTED:
            assert table.name not in EXPORTED_AS, f"{table.name} is both exported and not"
            continue
        assert table.name in EXPORTED_AS, f"table {table.name}: export it or say why not in NOT_EXPORTED"
        for column in table.columns:
            key = f"{table.name}.{column.name}"
            if column.name == "id" or key in s.NOT_EXPORTED or key in s.NESTED_PARENTS:
                continue
            if not _is_exported(table.name, column.name):
                lost.append(key)
    assert lost == [], "columns an export would lose"
    named = {key.split(".")[0] for key in [*s.NOT_EXPORTED, *s.NESTED_PARENTS]} - {"*"}
    assert named <= {t.name for t in Base.metadata.sorted_tables}, "NOT_EXPORTED names a table that is gone"


# How each table's rows belong to a profile: directly, or through their parent's row.
OWNER = {
    "exercise_states": ("programs", "program_id"),
    "phase_changes": ("programs", "program_id"),
    "decisions": ("programs", "program_id"),
    "session_exercises": ("training_sessions", "session_id"),
    "session_sets": ("session_exercises", "session_exercise_id"),
    "assessment_readings": ("assessments", "assessment_id"),
}


def stored_content(app, profile_id: int) -> dict[str, list[tuple]]:
    """Every exported table's rows of one profile, with ids, links and the profile's name left out, sorted."""
    ids: dict[str, list[int]] = {"profiles": [profile_id]}
    content = {}
    with app.reading() as db:
        for table in Base.metadata.sorted_tables:
            if table.name not in EXPORTED_AS:
                continue
            if table.name == "profiles":
                where = table.c.id == profile_id
            elif table.name in OWNER:
                parent, column = OWNER[table.name]
                where = table.c[column].in_(ids[parent])
            else:
                where = table.c.profile_id == profile_id
            rows = db.execute(select(table).where(where)).mappings().all()
            ids[table.name] = [row["id"] for row in rows]
            kept = [c.name for c in table.columns if c.name not in ("id", "name", "user_id")]
            kept = [c for c in kept if not c.endswith("_id") or c == "exercise_id"]
            content[table.name] = sorted(tuple(repr(row[c]) for c in kept) for row in rows)
    return content


def test_a_profile_with_every_field_set_comes_back_the_same_in_the_file_and_in_the_database(app, clock):
    runner = history_runner(app, clock)
    with app.transaction() as db:
        profile = db.get(m.Profile, runner)
        profile.height_cm, profile.weight_kg, profile.limb_length_cm = 168.5, 61.25, 88.0
        profile.weekly_distance_km, profile.equipment = 42.5, ["dumbbells", "step"]
    original = export_profile(app, runner)
    assert original["profile"]["equipment"] == ["dumbbells", "step"]
    copy = import_profile(app, json.dumps(original).encode(), rename="Ana again")
    again = export_profile(app, copy.id)
    assert {**without_name(again), "exported_at": None} == {**without_name(original), "exported_at": None}
    assert stored_content(app, copy.id) == stored_content(app, runner)
    assert all(stored_content(app, runner)[table] for table in EXPORTED_AS), "every table has a row"


def test_a_file_from_before_the_onboarding_details_still_imports(app, clock):
    runner = history_runner(app, clock)
    older = export_profile(app, runner)
    for field in ("height_cm", "weight_kg", "limb_length_cm", "weekly_distance_km", "equipment"):
        del older["profile"][field]
    copy = import_profile(app, json.dumps(older).encode(), rename="Ana of old")
    assert export_profile(app, copy.id)["profile"]["height_cm"] is None


def test_an_impossible_profile_detail_in_a_file_is_refused_by_name(app, clock):
    runner = history_runner(app, clock)
    data = export_profile(app, runner)
    before = row_counts(app)
    for field, value, message in (
        ("height_cm", 400, "profile.height_cm"),
        ("equipment", ["jetpack"], "unknown equipment jetpack"),
    ):
        bad = {**data, "profile": {**data["profile"], field: value}}
        with pytest.raises(InvalidInput, match=message):
            import_profile(app, json.dumps(bad).encode(), rename="Ana bad")
    assert row_counts(app) == before
