"""The session player follows the latest assessment: the plan says what changed and why, and the extra
round on the weaker side is saved with the session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hipcoach.domain.assessment import Sex
from hipcoach.services import assessments, programs
from hipcoach.services.assessments import AssessmentRecord
from hipcoach.storage import models as m
from tests.web.test_player_api import DRAFT, FINISH, full_state, give_program, send


def weaker_left_abductors(app, profile_id: int, on: date) -> None:
    # left 200 N x 0.40 m / 60 kg = 1.33 N·m/kg, right 240 x 0.40 / 60 = 1.60: LSI 83% -> left is weaker
    readings = {}
    for side, force in (("left", 200.0), ("right", 240.0)):
        readings[f"dynamometry.hip-abductors.{side}.force"] = force
        readings[f"dynamometry.hip-abductors.{side}.lever-arm"] = 40.0
    record = AssessmentRecord(on, readings, sex=Sex.FEMALE, age=34, body_mass_kg=60.0)
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
