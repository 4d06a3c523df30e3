"""The assessment API: record a battery, read it back, compare, list, delete; problems; the protocols."""

from __future__ import annotations

from hipcoach.domain.assessment.battery import TestId
from tests.integration.assessment_data import reaches
from tests.web.conftest import csrf
from tests.web.pages import runner


def body(readings: dict, on: str = "2026-11-02", **changes) -> dict:
    return {
        "on": on,
        "tester": "",
        "sex": "female",
        "age": 34,
        "body_mass_kg": 60,
        "scoring": "mean-of-3",
        "readings": readings,
        "psfs_activities": {"1": "running hills"} if "psfs.1" in readings else {},
    } | changes


def post(client, json):
    return client.post("/api/assessments", json=json, headers={"X-CSRF-Token": csrf(client)})


BALANCE = reaches("left", 90, 65, 95, 93) | reaches("right", 90, 70, 95, 93)


def test_a_battery_is_saved_scored_listed_compared_and_deleted(signed_in, clock):
    client = runner(signed_in, "ana@example.com")
    created = post(client, body(BALANCE | {"psfs.1": 3}))
    assert created.status_code == 201, created.text
    first = created.json()
    assert first["tests"] == ["y-balance", "psfs"] and first["scoring"] == "mean-of-3"
    assert first["psfs_activities"] == {"1": "running hills"}
    flags = {flag["id"]: flag for flag in first["flags"]}
    assert "basketball" in flags["y-balance.anterior-asymmetry"]["explanation"]
    assert flags["y-balance.anterior-asymmetry"]["side"] == "left"
    assert flags["y-balance.anterior-asymmetry"]["evidence"][0]["id"] == "plisky2006"
    measures = {m["key"]: m for m in first["measures"]}
    assert round(measures["y-balance.left.composite"]["value"], 1) == 93.7
    assert measures["y-balance.left.composite"]["real_change"] is None
    assert measures["y-balance.left.anterior"]["real_change"]["derived"] is True
    assert any(a["emphasis"] == "single-leg balance emphasis" for a in first["adaptations"])
    assert first["changes"] == [] and first["previous_id"] is None

    clock.advance(days=28)
    later = reaches("left", 90, 70, 95, 93) | reaches("right", 90, 70, 95, 93) | {"psfs.1": 7}
    second = post(client, body(later, on="2026-11-30")).json()
    changes = {c["key"]: c for c in second["changes"]}
    assert changes["y-balance.left.anterior"]["verdict"] == "no real change"
    assert changes["y-balance.left.anterior"]["difference"] == 5
    assert changes["psfs"]["verdict"] == "improved"
    assert changes["y-balance.left.composite"]["verdict"] is None
    assert second["previous_id"] == first["id"]

    listed = client.get("/api/assessments").json()
    assert [item["id"] for item in listed] == [second["id"], first["id"]]
    assert listed[0]["flag_count"] == 0 and listed[1]["flag_count"] == 2
    fetched = client.get(f"/api/assessments/{first['id']}")
    assert fetched.status_code == 200 and fetched.json()["readings"]["y-balance.left.anterior.1"] == 65

    gone = client.delete(f"/api/assessments/{first['id']}", headers={"X-CSRF-Token": csrf(client)})
    assert gone.status_code == 204
    assert client.get(f"/api/assessments/{first['id']}").status_code == 404
    assert client.get(f"/api/assessments/{second['id']}").json()["previous_id"] is None


def test_a_bad_battery_is_answered_with_every_problem_and_nothing_saved(signed_in):
    client = runner(signed_in, "ana@example.com")
    bad = BALANCE | {"y-balance.left.limb-length": 140, "knee-to-wall.left": 9, "not-a-test.left": 1}
    refused = post(client, body(bad))
    assert refused.status_code == 422
    problems = refused.json()["problems"]
    assert {"test": "y-balance", "message": "left leg limb length: 140 cm is outside 50-130 cm"} in problems
    assert any(p["test"] is None and "not-a-test.left" in p["message"] for p in problems)
    assert any(p["test"] == "knee-to-wall" and "right" in p["message"] for p in problems)
    assert client.get("/api/assessments").json() == []
    future = post(client, body({"knee-to-wall.left": 9, "knee-to-wall.right": 9}, on="2027-01-01"))
    assert future.status_code == 422 and "in the future" in future.json()["detail"]
    shaped = post(client, body({"knee-to-wall.left": "far"}))
    assert shaped.status_code == 422 and shaped.json()["detail"][0]["loc"][-1] == "knee-to-wall.left"
    assert client.get("/api/assessments").json() == []


def test_anonymous_gets_401_and_the_protocols_are_public(anonymous):
    assert anonymous.get("/api/assessments").status_code == 401
    assert anonymous.get("/api/assessments/1").status_code == 401
    refused = anonymous.post(
        "/api/assessments", json=body(BALANCE), headers={"X-CSRF-Token": csrf(anonymous)}
    )
    assert refused.status_code == 401
    protocols = anonymous.get("/api/assessment-protocols")
    assert protocols.status_code == 200
    by_id = {p["id"]: p for p in protocols.json()}
    assert set(by_id) == {test.value for test in TestId} and len(by_id) == 8
    assert by_id["y-balance"]["who"] == "runner" and by_id["dynamometry"]["who"] == "clinician"
    keys = [f["key"] for f in by_id["y-balance"]["fields"]]
    assert "y-balance.left.anterior.2" in keys and "y-balance.right.limb-length" in keys


def test_another_runners_assessment_is_not_found(signed_in):
    ana = runner(signed_in, "ana@example.com")
    bob = runner(signed_in, "bob@example.com")
    mine = post(ana, body({"knee-to-wall.left": 9, "knee-to-wall.right": 10})).json()["id"]
    assert bob.get(f"/api/assessments/{mine}").status_code == 404
    assert bob.delete(f"/api/assessments/{mine}", headers={"X-CSRF-Token": csrf(bob)}).status_code == 404
    assert ana.get(f"/api/assessments/{mine}").status_code == 200
