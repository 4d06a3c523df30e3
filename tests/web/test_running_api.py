"""The running API: runs, load, background imports (202 then poll), the training week and its calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from hipcoach.services.job_queue import JobRunner
from tests.integration.test_service_import_jobs import gpx_run, zip_of
from tests.web.conftest import csrf
from tests.web.pages import runner

MONDAY = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def inline_jobs(web_app):
    web_app.state.job_runner = JobRunner(inline=True)


def change(client, method: str, url: str, **kwargs):
    return client.request(method, url, headers={"X-CSRF-Token": csrf(client)}, **kwargs)


def test_runs_are_added_listed_counted_in_the_load_and_deleted(signed_in):
    client = runner(signed_in, "ana@example.com")
    created = []
    for week in range(-1, 4):
        run = {
            "started_at": (MONDAY + timedelta(weeks=week)).isoformat(),
            "distance_km": 6,
            "duration_min": 36,
        }
        response = change(client, "POST", "/api/runs", json=run)
        assert response.status_code == 201, response.text
        created.append(response.json())
    spike = {  # 33 days after the first run: the records cover the 30 days before it
        "started_at": (MONDAY + timedelta(weeks=3, days=5)).isoformat(),
        "distance_km": 13,
        "duration_min": 80,
    }
    assert change(client, "POST", "/api/runs", json=spike | {"name": "Big one"}).status_code == 201
    runs = client.get("/api/runs").json()
    assert [r["distance_km"] for r in runs] == [6, 6, 6, 6, 6, 13] and runs[-1]["name"] == "Big one"
    assert runs[0]["source"] == "typed in"

    load = client.get("/api/load", params={"weeks": 6}).json()
    assert len(load["weeks"]) == 6 and load["run_count"] == 6
    assert [s["distance_km"] for s in load["spikes"]] == [13]
    assert load["spikes"][0]["hazard_ratio"][0] == pytest.approx(2.28)
    assert load["spikes"][0]["band"] == "spike-third-band"
    assert load["spikes"][0]["band_label"] == "more than twice as long"
    assert load["history"]["first_run_at"].startswith("2026-09-28T06:30")
    assert "never as an injury forecast" in load["acwr_caveat"]
    assert load["weeks"][0]["evidence"]

    assert change(client, "DELETE", f"/api/runs/{created[0]['id']}").status_code == 204
    assert len(client.get("/api/runs").json()) == 5
    assert change(client, "DELETE", f"/api/runs/{created[0]['id']}").status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"distance_km": -1},
        {"duration_min": 0},
        {"started_at": "2026-10-05T06:30:00"},  # no time zone
    ],
)
def test_a_bad_run_is_refused_with_422_and_nothing_saved(signed_in, bad):
    client = runner(signed_in, "ana@example.com")
    run = {"started_at": MONDAY.isoformat(), "distance_km": 6, "duration_min": 36} | bad
    assert change(client, "POST", "/api/runs", json=run).status_code == 422
    assert client.get("/api/runs").json() == []


def test_a_run_in_the_future_or_a_repeat_is_refused_with_400(signed_in):
    client = runner(signed_in, "ana@example.com")
    future = {"started_at": "2027-01-01T07:00:00+00:00", "distance_km": 6, "duration_min": 36}
    assert change(client, "POST", "/api/runs", json=future).status_code == 400
    run = {"started_at": MONDAY.isoformat(), "distance_km": 6, "duration_min": 36}
    assert change(client, "POST", "/api/runs", json=run).status_code == 201
    again = change(client, "POST", "/api/runs", json=run)
    assert again.status_code == 400 and "already stored" in again.json()["detail"]


def test_an_upload_is_accepted_as_a_job_and_its_status_read(signed_in):
    client = runner(signed_in, "ana@example.com")
    archive = zip_of({"a.gpx": gpx_run(MONDAY), "b.tcx": "<nope/>"})
    response = change(
        client, "POST", "/api/imports", files=[("files", ("runs.zip", archive, "application/zip"))]
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert response.headers["location"] == job["status_url"] == f"/api/imports/{job['id']}"
    status = client.get(job["status_url"]).json()
    assert status["status"] == "done" and status["runs_added"] == 1 and status["files_total"] == 2
    assert [p["source"] for p in status["problems"]] == ["runs.zip!b.tcx"]
    assert len(client.get("/api/runs").json()) == 1

    refused = change(client, "POST", "/api/imports", files=[("files", ("notes.txt", b"hello", "text/plain"))])
    assert refused.status_code == 400 and "notes.txt" in refused.json()["detail"]


def test_the_week_is_set_read_and_downloaded_as_a_calendar(signed_in):
    client = runner(signed_in, "ana@example.com")
    empty = client.get("/api/week").json()
    assert empty["days"] is None and empty["sessions"] == []
    assert client.get("/api/week.ics").status_code == 400

    body = {"days": {"1": "hard", "3": "easy", "6": "long"}, "timezone": "Europe/Berlin"}
    week = change(client, "PUT", "/api/week", json=body)
    assert week.status_code == 200, week.text
    read = client.get("/api/week").json()
    assert read["zone"] == "Europe/Berlin" and read["inferred"] is False
    assert read["days"]["1"] == "hard" and read["days"]["0"] == "rest"
    assert read["sessions"] and all(s["timing"] and s["why"] for s in read["sessions"])

    ics = client.get("/api/week.ics", params={"weeks": 2, "at": "07:30"})
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert events and all(e.decoded("DTSTART").strftime("%H:%M") == "07:30" for e in events)

    two_long = change(
        client, "PUT", "/api/week", json={"days": {"5": "long", "6": "long"}, "timezone": "UTC"}
    )
    assert two_long.status_code == 400
    assert client.get("/api/week").json()["zone"] == "Europe/Berlin"
    assert change(client, "PUT", "/api/week", json={"days": {"7": "easy"}}).status_code == 400


def test_an_imported_first_week_is_not_judged_and_the_load_says_not_enough_history(signed_in):
    client = runner(signed_in, "ana@example.com")
    # Records that begin on Monday 26 October: 5 km, 5 km and then 12 km on Friday (+140% "against" 5 days).
    for day, km in ((0, 5), (2, 5), (4, 12)):
        run = {"started_at": (MONDAY + timedelta(weeks=3, days=day)).isoformat(), "distance_km": km}
        assert change(client, "POST", "/api/runs", json=run | {"duration_min": km * 6}).status_code == 201
    load = client.get("/api/load", params={"weeks": 4}).json()
    assert load["spikes"] == []
    history = load["history"]
    assert history["spikes_judged_from"] == "2026-11-25" and history["trends_from"] == "2026-11-22"
    assert any("not judged for spikes (not enough history)" in note for note in history["notes"])
    assert any("acute:chronic ratio are shown from 22 November 2026" in note for note in history["notes"])
    week = next(w for w in load["weeks"] if w["week_start"] == "2026-10-26")
    assert week["two_week_change_pct"] is None and week["enough_history_for_two_weeks"] is False
    assert week["change_pct"] is None and week["enough_history_for_change"] is False
    assert all(p["ratio"] is None and p["enough_history"] is False for p in load["acwr"])
