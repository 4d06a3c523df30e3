"""The session player follows the latest assessment: the plan says what changed and why, and the extra
round on the weaker side is saved with the session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from typer.testing import CliRunner

from hipcoach.cli import app, timers
from hipcoach.cli.common import COMMAND_CLOCK
from hipcoach.domain.assessment.common import Sex
from hipcoach.services import assessments, programs
from hipcoach.services.assessment_input import AssessmentRecord
from hipcoach.storage import models as m
from tests.web.conftest import post_form
from tests.web.test_player_api import DRAFT, FINISH, full_state, give_program, send


def weaker_left_abductors(app, profile_id: int, on: date) -> None:
    # left 200 N x 0.40 m / 60 kg = 1.33 N·m/kg, right 240 x 0.40 / 60 = 1.60: LSI 83% -> left is weaker
    readings = {}
    for side, force in (("left", 200.0), ("right", 240.0)):
        readings[f"dynamometry.hip-abductors.{side}.force"] = force
        readings[f"dynamometry.hip-abductors.{side}.lever-arm"] = 40.0
    record = AssessmentRecord(assessed_on=on, readings=readings, sex=Sex.FEMALE, age=34, body_mass_kg=60.0)
    assessments.record_assessment(app, profile_id, record)


def test_the_plan_carries_the_extra_round_and_its_reason_and_finishing_saves_it(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    profile_id = give_program(hipcoach, "ana@example.com")
    programs.override_phase(hipcoach, profile_id, 2, by="Sam Ortiz, PT", reason="cleared")
    weaker_left_abductors(hipcoach, profile_id, hipcoach.local("UTC").today)

    plan = client.get("/api/session/plan", params={"kind": "strength"}).json()
    lunge = next(i for i in plan["items"] if i["exercise_id"] == "runners-lunge")
    assert lunge["extra_side"] == "left"
    assert lunge["because"][0].startswith("because your left hip abductors were 83% as strong")

    state = full_state(plan)
    for item, exercise in zip(plan["items"], state["exercises"], strict=True):
        if item["extra_side"]:
            done = dict(exercise["sets"][-1], round=item["rounds"] + 1, side=item["extra_side"])
            exercise["sets"].append(done)
    assert send(client, "PUT", DRAFT, state).status_code == 200
    response = send(client, "POST", FINISH)
    assert response.status_code == 201, response.text
    with hipcoach.reading() as db:
        extra = db.scalars(
            select(m.SessionSet.side)
            .join(m.SessionExercise)
            .where(
                m.SessionExercise.exercise_id == "runners-lunge", m.SessionSet.round == lunge["rounds"] + 1
            )
        ).all()
    assert extra == ["left"]


def sets_of(app, session_id: int) -> list[tuple[str, int, str]]:
    with app.reading() as db:
        rows = db.execute(
            select(m.SessionExercise.exercise_id, m.SessionSet.round, m.SessionSet.side)
            .join(m.SessionSet)
            .where(m.SessionExercise.session_id == session_id)
            .order_by(m.SessionExercise.position, m.SessionSet.round, m.SessionSet.side)
        ).all()
    return [tuple(row) for row in rows]


def test_the_command_line_the_player_and_logging_as_prescribed_do_the_same_sets(
    signed_in, hipcoach, database_url, monkeypatch, clock
):
    client = signed_in("ana@example.com")
    profile_id = give_program(hipcoach, "ana@example.com")
    programs.override_phase(hipcoach, profile_id, 2, by="Sam Ortiz, PT", reason="cleared")
    weaker_left_abductors(hipcoach, profile_id, clock.today())

    # The player's sets: what it builds from the plan the server sends.
    plan = client.get("/api/session/plan", params={"kind": "strength"}).json()
    player = sorted(
        (item["exercise_id"], planned["round"], side)
        for item in plan["items"]
        for planned in item["rounds_to_do"]
        for side in planned["sides"]
    )
    assert ("runners-lunge", 3, "left") in player and ("runners-lunge", 3, "right") not in player

    # The command line's guided session, every answer its default.
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", database_url)
    monkeypatch.setattr(timers, "sleep", lambda seconds: None)
    token = COMMAND_CLOCK.set(clock)
    try:
        result = CliRunner().invoke(
            app, ["session", "--profile", "ana@example.com", "--kind", "strength"], input="\n" * 400
        )
    finally:
        COMMAND_CLOCK.reset(token)
    assert result.exit_code == 0, result.output
    assert "Extra round - left side" in result.output
    with hipcoach.reading() as db:
        cli_session = db.scalar(select(func.max(m.TrainingSession.id)))

    # The web form that logs today's session as prescribed.
    logged = post_form(
        client, "/session", {"kind": "strength", "baseline_pain": "1", "pain_during": "2", "rpe": "5"}
    )
    assert logged.status_code == 303, logged.text
    web_session = int(logged.headers["location"].rsplit("/", 1)[1])

    assert sorted(sets_of(hipcoach, cli_session)) == player
    assert sorted(sets_of(hipcoach, web_session)) == player
