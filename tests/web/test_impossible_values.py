"""Impossible values are refused at the API and on the forms, each named, and nothing is written: a run no
one can run (400 km in a thousandth of a minute), a distance of nothing (5e-324 km), a date before 2000, and a
date sent as a number (0 was stored as 1970-01-01). Worked at each edge: just below, at, just above.

The test clock stands at Monday 2026-11-02 07:00 UTC.
"""

from __future__ import annotations

import html

import pytest

from tests.integration.helpers import checkin_flags
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import runner

RUN = {"started_at": "2026-10-25T07:00:00+00:00", "distance_km": 10, "duration_min": 50}
RUN_FORM = {"on": "2026-10-25", "at": "07:00", "km": "10", "minutes": "50", "name": ""}


def send_run(client, **changes):
    return client.post("/api/runs", json=RUN | changes, headers={"X-CSRF-Token": csrf(client)})


def runs(client) -> list:
    return client.get("/api/runs").json()


def refusal(response) -> list[tuple[tuple, str]]:
    return [(tuple(problem["loc"]), problem["msg"]) for problem in response.json()["detail"]]


@pytest.fixture
def client(signed_in):
    return runner(signed_in, "ana@example.com")


# --- runs through the API --------------------------------------------------------------------------------


def test_400_km_in_a_thousandth_of_a_minute_is_refused(client):
    response = send_run(client, distance_km=400, duration_min=0.001)
    assert response.status_code == 422
    [(where, message)] = refusal(response)
    assert where == ("body",)
    assert "400 km in 0.001 min is a pace of 0:00 per km, faster than 1:30 per km" in message
    assert runs(client) == []


@pytest.mark.parametrize(
    ("minutes", "status"),
    [(14.99, 422), (15, 201), (15.01, 201)],  # 10 km: 89.94 s, 90 s and 90.06 s per km
)
def test_the_fastest_pace_is_taken_and_anything_quicker_is_not(client, minutes, status):
    assert send_run(client, duration_min=minutes).status_code == status


@pytest.mark.parametrize(
    ("km", "minutes", "status"), [(5e-324, 1, 422), (0.0999, 1, 422), (0.1, 1, 201), (400.01, 6000, 422)]
)
def test_a_distance_of_nothing_or_beyond_400_km_is_refused(client, km, minutes, status):
    response = send_run(client, distance_km=km, duration_min=minutes)
    assert response.status_code == status, response.text
    if status == 422:
        assert [where for where, _ in refusal(response)] == [("body", "distance_km")]


@pytest.mark.parametrize(
    ("start", "status"),
    [
        ("1900-01-01T07:00:00+00:00", 422),
        ("1999-12-31T23:30:00+00:00", 422),
        ("2000-01-01T00:00:00+00:00", 201),
        ("2000-01-01T00:00:00+01:00", 201),  # the first of January where it was run
    ],
)
def test_a_run_dated_before_2000_is_refused(client, start, status):
    response = send_run(client, started_at=start)
    assert response.status_code == status, response.text
    if status == 422:
        [(where, message)] = refusal(response)
        assert where == ("body", "started_at")
        assert f"the date {start[:10]} is before 2000-01-01, the earliest day hipcoach accepts" in message


@pytest.mark.parametrize("start", [0, 1_761_375_600, 1_761_375_600.5, True])
def test_a_start_sent_as_a_number_is_refused(client, start):
    response = send_run(client, started_at=start)
    assert response.status_code == 422
    [(where, message)] = refusal(response)
    assert where == ("body", "started_at") and "never as a number" in message
    assert runs(client) == []


# --- runs through the form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"km": "400", "minutes": "0.001"}, "400 km in 0.001 min is a pace of 0:00 per km"),
        ({"km": "5e-324"}, "Distance: a distance of 5e-324 km is not a run's: hipcoach takes 0.1 to 400 km."),
        ({"km": "0,05"}, "Distance: a distance of 0.05 km is not a run's"),
        ({"minutes": "20000"}, "Duration: a duration of 20000 min is not a run's"),
        (
            {"on": "1900-01-01"},
            "Date: the date 1900-01-01 is before 2000-01-01, the earliest day hipcoach accepts.",
        ),
    ],
)
def test_the_run_form_names_an_impossible_value_and_saves_nothing(client, changes, shown):
    response = post_form(client, "/running/runs", RUN_FORM | changes)
    assert response.status_code == 400
    assert shown in html.unescape(page_text(response))
    assert runs(client) == []


def test_the_run_form_takes_a_run_at_the_edges(client):
    at_the_edges = RUN_FORM | {"on": "2000-01-01", "km": "10", "minutes": "15"}  # 90 s per km
    assert post_form(client, "/running/runs", at_the_edges).status_code == 303
    assert len(runs(client)) == 1


# --- dates of check-ins and clearances -------------------------------------------------------------------


def checkin(client, **changes):
    body = {"pain": 1, "tightness": 2, "red_flags": checkin_flags()} | changes
    return client.post("/api/checkins", json=body, headers={"X-CSRF-Token": csrf(client)})


@pytest.mark.parametrize("day", [0, 20261101, 1.5, False])
def test_a_check_in_dated_by_a_number_is_refused_not_stored_as_1970(client, day):
    response = checkin(client, checked_on=day)
    assert response.status_code == 422
    [(where, message)] = refusal(response)
    assert where == ("body", "checked_on") and "YYYY-MM-DD" in message
    assert client.get("/api/progress").json()["rows"] == []


def test_a_check_in_dated_before_2000_is_refused(client):
    response = checkin(client, checked_on="1999-12-31")
    assert response.status_code == 422
    assert refusal(response) == [
        (
            ("body", "checked_on"),
            "Value error, the date 1999-12-31 is before 2000-01-01, the earliest day hipcoach accepts",
        )
    ]
    assert checkin(client, checked_on="2026-11-02").status_code == 201


def test_a_clearance_dated_by_a_number_is_refused(client):
    body = {"cleared_by": "Dr Lee", "profession": "physiotherapist", "cleared_on": 0}
    response = client.post("/api/clearances", json=body, headers={"X-CSRF-Token": csrf(client)})
    assert response.status_code == 422
    assert [where for where, _ in refusal(response)] == [("body", "cleared_on")]


def test_the_api_description_says_dates_are_text_and_states_the_run_bounds(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    run = schemas["RunCreate"]["properties"]
    assert run["distance_km"]["minimum"] == 0.1 and run["distance_km"]["maximum"] == 400
    assert run["started_at"]["format"] == "date-time"
    checked_on = schemas["CheckinCreate"]["properties"]["checked_on"]["anyOf"][0]
    assert checked_on == {"type": "string", "format": "date"}


def test_the_page_text_is_what_a_runner_reads(client):
    # The refusal on the form is a sentence, not a Python repr.
    response = post_form(client, "/running/runs", RUN_FORM | {"km": "abc"})
    assert "Distance: “abc” is not a number of kilometres." in page_text(response)


# --- ids in a body: past any row is refused, as an id in a URL is -----------------------------------------


@pytest.mark.parametrize("session_id", [2**31, 2**63, 0, -1])
def test_a_session_id_that_no_row_can_have_is_refused_in_the_api_and_the_form(client, session_id):
    # Found by schemathesis: PostgreSQL's integer ids end at 2**31 - 1, and a larger one was a server error.
    answer = client.post(
        "/api/checkins/pain-after",
        json={"pain_after": 3, "session_id": session_id},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert answer.status_code == 422
    assert [where for where, _ in refusal(answer)] == [("body", "session_id")]
    page = post_form(client, "/checkin/pain-after", {"pain_after": "3", "session_id": str(session_id)})
    assert page.status_code in (400, 404, 422)
