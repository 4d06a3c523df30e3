""" "This hurts" in the player, through its API: a stop for pain is saved as the exercise's pain during, short
of the full dose, with what the runner chose, and the next morning steps back; the rule is applied again on
the server, and a report that cannot be is refused by name with nothing written. SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update

from hipcoach.services import programs
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.screening import checkin_questions
from hipcoach.storage import models as m
from tests.integration.helpers import row_counts
from tests.web.test_player_api import DRAFT, FINISH, full_state, give_program, send

LUNGE = "runners-lunge"
CARS_NOTE = (
    "Hip CARs (controlled articular rotations): stopped for pain of 7/10 (above 5/10); left it for today."
)


def hurt(pain: int = 7, sharp: bool = False, choice: str | None = "stopped", **where: Any) -> dict[str, Any]:
    """A "this hurts" report as the player keeps it in the draft."""
    return {"round": 1, "side": "left", "pain": pain, "sharp": sharp, "level": None, "choice": choice} | where


def finish_with(client, state: dict[str, Any]):
    assert send(client, "PUT", DRAFT, state).status_code == 200
    return send(client, "POST", FINISH)


def saved_session(hipcoach) -> m.TrainingSession:
    with hipcoach.reading() as db:
        session = db.scalars(select(m.TrainingSession)).one()
        session.exercises  # noqa: B018 - loaded before the reading ends
        return session


def exercise_row(session: m.TrainingSession, exercise_id: str) -> m.SessionExercise:
    return next(e for e in session.exercises if e.exercise_id == exercise_id)


def next_morning(hipcoach, clock, profile_id: int) -> list[m.Decision]:
    """The morning after, no worse than before the session, no warning sign: what it decides."""
    clock.advance(days=1)
    flags = {flag.id: False for flag in checkin_questions(hipcoach, profile_id)}
    report = check_in(hipcoach, profile_id, CheckinInput(clock.today(), pain=1, tightness=2, red_flags=flags))
    with hipcoach.reading() as db:
        return list(db.scalars(select(m.Decision).where(m.Decision.checkin_id == report.checkin_id)))


@pytest.fixture
def runner(signed_in, hipcoach):
    def make(email: str = "ana@example.com"):
        client = signed_in(email)
        return client, give_program(hipcoach, email)

    return make


@pytest.fixture
def strength_runner(runner, hipcoach):
    """Phase 2, with the runner's lunge at level 2 of its ladder (so a stop can offer level 1)."""
    client, profile_id = runner()
    programs.override_phase(hipcoach, profile_id, 2, by="Sam Ortiz, PT", reason="full range")
    with hipcoach.transaction() as db:
        program_id = db.scalar(select(m.Program.id).where(m.Program.profile_id == profile_id))
        db.execute(
            update(m.ExerciseState)
            .where(m.ExerciseState.program_id == program_id, m.ExerciseState.exercise_id == LUNGE)
            .values(ladder_level=2)
        )
    return client, profile_id


def test_a_stop_at_7_is_the_exercises_pain_during_short_of_full_dose_and_the_next_morning_steps_back(
    runner, hipcoach, clock
):
    client, profile_id = runner()
    plan = client.get("/api/session/plan").json()
    state = full_state(plan, pain_during=2)  # the end question answered lower than the pain reported
    cars = state["exercises"][0]
    cars["sets"] = cars["sets"][:1]
    cars["hurts"] = [hurt(pain=7, choice="stopped")]
    response = finish_with(client, state)
    assert response.status_code == 201, response.text
    full_dose = response.json()["full_dose"]
    assert full_dose.pop("hip-cars") is False and all(full_dose.values())

    session = saved_session(hipcoach)
    assert (exercise_row(session, "hip-cars").pain_during, exercise_row(session, "hip-cars").full_dose) == (
        7,
        False,
    )
    assert session.pain_during == 7  # the worst of the session is never below a pain reported in it
    assert session.notes == CARS_NOTE
    done = client.get(response.json()["next"])
    assert f"What hurt:</strong> {CARS_NOTE}" in done.text.replace("&#39;", "'")

    decisions = next_morning(hipcoach, clock, profile_id)
    assert [(d.outcome, d.rule_id) for d in decisions] == [("regress", "progression.regress")]
    assert "7/10" in decisions[0].reason


@pytest.mark.parametrize(
    ("pain", "sharp", "stops"),
    [(5, False, False), (6, False, True), (0, True, True)],
)
def test_the_server_applies_the_rule_again_at_and_around_the_threshold(runner, hipcoach, pain, sharp, stops):
    """5/10 goes on (the full dose stays); 6/10, or sharp pain at any score, stops it, even when the runner
    closed the player before choosing (it counts as left for today)."""
    client, _ = runner()
    plan = client.get("/api/session/plan").json()
    state = full_state(plan)
    state["exercises"][0]["hurts"] = [hurt(pain=pain, sharp=sharp, choice=None)]
    response = finish_with(client, state)
    assert response.status_code == 201, response.text
    assert response.json()["full_dose"]["hip-cars"] is not stops
    session = saved_session(hipcoach)
    assert exercise_row(session, "hip-cars").pain_during == pain
    assert session.pain_during == max(3, pain)
    assert ("left it for today" in session.notes) is stops


def test_the_easier_level_is_offered_saved_and_resumed_and_the_lunge_steps_back_next_morning(
    strength_runner, hipcoach, clock
):
    client, profile_id = strength_runner
    plan = client.get("/api/session/plan", params={"kind": "strength"}).json()
    lunge_item = next(item for item in plan["items"] if item["exercise_id"] == LUNGE)
    assert lunge_item["level"] == 2
    assert [(lower["level"], lower["level_name"]) for lower in lunge_item["easier_levels"]] == [
        (1, "Split-squat hold with two-arm press")
    ]
    halo = next(item for item in plan["items"] if item["exercise_id"] == "half-kneeling-halo")
    assert halo["level"] == 1 and halo["easier_levels"] == []  # at the bottom of its ladder

    state = full_state(plan)  # every set done, the later ones at level 1
    position = [item["exercise_id"] for item in plan["items"]].index(LUNGE)
    lunge = state["exercises"][position]
    lunge["ladder_level"] = 1
    lunge["hurts"] = [hurt(pain=7, level=2, choice="easier", side="right")]
    assert send(client, "PUT", DRAFT, state).status_code == 200
    resumed = client.get(DRAFT).json()
    assert resumed["state"]["exercises"][position]["hurts"] == lunge["hurts"]
    resumed_lunge = resumed["plan"]["items"][position]
    assert (resumed_lunge["level"], resumed_lunge["easier_levels"]) == (1, [])

    response = send(client, "POST", FINISH)
    assert response.status_code == 201, response.text
    session = saved_session(hipcoach)
    row = exercise_row(session, LUNGE)
    assert (row.ladder_level, row.pain_during, row.full_dose) == (1, 7, False)
    assert (
        session.notes
        == "Runner's lunge with overhead press: stopped for pain of 7/10 (above 5/10); went on at level 1."
    )

    decisions = {d.exercise_id: d for d in next_morning(hipcoach, clock, profile_id)}
    assert (decisions[LUNGE].outcome, decisions[LUNGE].from_level, decisions[LUNGE].to_level) == (
        "regress",
        2,
        1,
    )


def test_a_report_that_cannot_be_is_refused_by_name_and_nothing_is_written(strength_runner, hipcoach):
    client, _ = strength_runner
    plan = client.get("/api/session/plan", params={"kind": "strength"}).json()
    halo = [item["exercise_id"] for item in plan["items"]].index("half-kneeling-halo")
    before = row_counts(hipcoach)
    refusals = {
        "Hip CARs (controlled articular rotations): pain of 5/10 that is not sharp does not stop": (
            0,
            hurt(pain=5, choice="smaller-range"),
        ),
        "Half-kneeling halo has no level easier than 1": (halo, hurt(level=1, choice="easier")),
        "Hip CARs (controlled articular rotations): pain reported during must be between 0 and 10, got 11": (
            0,
            hurt(pain=11),
        ),
        "Hip CARs (controlled articular rotations): side must be one of left, right, got 'middle'": (
            0,
            hurt(side="middle"),
        ),
    }
    for message, (position, report) in refusals.items():
        state = full_state(plan)
        state["exercises"][position]["hurts"] = [report]
        response = finish_with(client, state)
        assert response.status_code == 400, response.text
        assert response.json()["detail"].startswith(message)
        assert client.get(DRAFT).json()["state"]["exercises"][position]["hurts"] == [
            report
        ]  # kept to correct
    assert row_counts(hipcoach) == before

    state = full_state(plan)
    state["exercises"][0]["hurts"] = [hurt(choice="later")]
    response = send(client, "PUT", DRAFT, state)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:5] == ["body", "exercises", 0, "hurts", 0]
