"""The running pages: upload -> background job -> status page, add a run, the load page, the training week."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from hipcoach.services import activities
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.job_queue import JobRunner
from hipcoach.storage import models as m
from tests.integration.helpers import checkin_flags
from tests.integration.test_service_import_jobs import gpx_run, zip_of
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import checkin_form_flags, runner

MONDAY = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)  # four weeks before the test clock's Monday


@pytest.fixture(autouse=True)
def inline_jobs(web_app):
    """Imports run at once, in the request, so a test reads the finished job on the next page."""
    web_app.state.job_runner = JobRunner(inline=True)


def upload(client, files):
    return client.post(
        "/running/import", data={"csrf_token": csrf(client)}, files=[("files", f) for f in files]
    )


def runs_in_db(hipcoach) -> int:
    with hipcoach.reading() as db:
        return int(db.scalar(select(func.count()).select_from(m.Activity)) or 0)


def test_an_uploaded_zip_becomes_a_job_whose_page_shows_the_counts_and_the_bad_file(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    archive = zip_of(
        {
            "a.gpx": gpx_run(MONDAY),
            "b.gpx": gpx_run(MONDAY + timedelta(days=2), 8),
            "broken.gpx": "<gpx><trk>no end",
        }
    )
    response = upload(client, [("export.zip", archive, "application/zip")])
    assert response.status_code == 303
    status_url = response.headers["location"]
    assert status_url.startswith("/running/import/")
    page = client.get(status_url)
    text = page_text(page)
    assert page.status_code == 200
    assert "Status: done" in text and "2 runs added" in text
    assert "Files read 3 of 3" in text and "Runs added 2" in text
    assert text.count("Files read") == 1  # the progress bar has a label of its own (issue 18)
    assert "export.zip!broken.gpx" in text
    assert "<progress" in page.text and "job_status.js" not in page.text  # finished: no more polling
    assert runs_in_db(hipcoach) == 2
    assert client.get("/running/import").status_code == 200
    assert "export.zip" in page_text(client.get("/running/import"))


def test_a_job_still_running_polls_its_status(signed_in, web_app):
    client = runner(signed_in, "ana@example.com")
    queued = JobRunner(inline=True)
    queued.submit = lambda job_id: None  # type: ignore[method-assign]  # leave it queued
    web_app.state.job_runner = queued
    response = upload(client, [("a.gpx", gpx_run(MONDAY).encode(), "application/gpx+xml")])
    page = client.get(response.headers["location"])
    assert "Status: queued" in page_text(page)
    assert "/static/job_status.js" in page.text and 'http-equiv="refresh"' in page.text


def test_a_file_that_is_not_an_activity_is_refused_on_the_form(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    response = upload(client, [("holiday.jpg", b"\xff\xd8\xff", "image/jpeg")])
    assert response.status_code == 400
    assert "holiday.jpg" in page_text(response)
    with hipcoach.reading() as db:
        assert db.scalar(select(func.count()).select_from(m.ImportJob)) == 0


def test_a_run_added_by_hand_is_saved_and_a_negative_one_is_not(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    good = {"on": "2026-11-01", "at": "08:15", "km": "10,5", "minutes": "58", "name": "Sunday long run"}
    response = post_form(client, "/running/runs", good)
    assert response.status_code == 303 and response.headers["location"] == "/running?added=true"
    assert runs_in_db(hipcoach) == 1
    page = page_text(client.get("/running?added=true"))
    assert "The run was added." in page and "Sunday long run" in page and "10.5 km" in page

    bad = {"on": "2026-10-30", "at": "07:00", "km": "-3", "minutes": "20", "name": "backwards"}
    refused = post_form(client, "/running/runs", bad)
    assert refused.status_code == 400
    text = page_text(refused)
    assert "The run was not saved" in text and "Distance" in text
    assert 'value="-3"' in refused.text and 'value="backwards"' in refused.text
    assert runs_in_db(hipcoach) == 1


def test_a_run_in_the_future_is_refused_with_the_reason(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    future = {"on": "2026-12-01", "at": "07:00", "km": "5", "minutes": "30"}
    refused = post_form(client, "/running/runs", future)
    assert refused.status_code == 400 and "in the future" in page_text(refused)
    assert runs_in_db(hipcoach) == 0


def test_the_load_page_starts_empty_and_points_to_upload_and_add(signed_in):
    client = runner(signed_in, "ana@example.com")
    text = page_text(client.get("/running"))
    assert "No runs yet" in text
    page = client.get("/running").text
    assert 'href="/running/import"' in page and 'href="#add-run"' in page


def test_the_load_page_shows_bars_a_marked_spike_and_the_ratio_with_its_caveat(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    profile_id = hipcoach_profile(hipcoach)
    for week in range(4):
        for day in (0, 2, 5):
            activities.add_run(hipcoach, profile_id, MONDAY + timedelta(weeks=week - 3, days=day), 6.0, 36)
    activities.add_run(hipcoach, profile_id, MONDAY + timedelta(weeks=3, days=6), 14.0, 85)  # > 2x longest
    page = client.get("/running")
    assert page.status_code == 200
    assert page.text.count('class="bar-week"') + page.text.count('class="bar-spike"') == 12
    assert page.text.count('class="bar-spike"') == 1 and 'class="spike-marker"' in page.text
    assert 'aria-labelledby="weekly-distance-title weekly-distance-desc"' in page.text
    assert 'class="acwr-line"' in page.text
    text = page_text(page)
    assert "Spike runs" in text and "14.0 km" in text and "More than twice as long" in text
    assert "context only, never as an injury forecast" in text
    assert 'id="acwr-caveat"' in page.text


def hipcoach_profile(hipcoach) -> int:
    with hipcoach.reading() as db:
        return int(db.scalar(select(m.Profile.id)) or 0)


def test_the_week_form_saves_and_the_placement_and_calendar_follow(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/running/week")
    assert page.status_code == 200 and "No training week yet" in page_text(page)
    assert client.get("/running/week.ics").status_code == 400  # nothing to place yet

    week = {f"day-{d}": "rest" for d in range(7)} | {"day-1": "hard", "day-3": "easy", "day-6": "long"}
    saved = post_form(client, "/running/week", week | {"timezone": "Europe/Berlin"})
    assert saved.status_code == 303 and saved.headers["location"] == "/running/week?saved=true"
    page = client.get("/running/week?saved=true")
    text = page_text(page)
    assert "Your week was saved" in text and "Where your sessions go" in text
    # Phase 1 is mobility only: four sessions, on the rest and easy days first.
    assert "Monday Mobility" in text and "Tuesday Mobility" not in text
    assert '<option value="hard" selected>' in page.text and re.search(
        r'<input[^>]*name="timezone"[^>]*value="Europe/Berlin"', page.text
    )

    download = client.get("/running/week.ics")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/calendar")
    assert download.headers["content-disposition"].startswith("attachment")
    calendar = icalendar.Calendar.from_ical(download.content)
    events = list(calendar.walk("VEVENT"))
    assert events and all(e.get("DTSTART") for e in events)


def test_two_long_runs_are_refused_and_nothing_saved(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    week = {f"day-{d}": "rest" for d in range(7)} | {"day-5": "long", "day-6": "long"}
    refused = post_form(client, "/running/week", week | {"timezone": "Europe/Berlin"})
    assert refused.status_code == 400 and "one long run" in page_text(refused)
    assert '<option value="long" selected>' in refused.text
    with hipcoach.reading() as db:
        profile = db.scalar(select(m.Profile))
        assert profile is not None and profile.training_week is None and profile.timezone != "Europe/Berlin"


def test_pain_up_after_a_spike_shows_the_hold_steady_advice_on_the_program_and_the_check_in(
    signed_in, hipcoach
):
    client = runner(signed_in, "ana@example.com")
    with hipcoach.reading() as db:
        profile_id = db.scalars(select(m.Profile.id)).one()
    today = hipcoach.now()
    # a 10 km long run each week for five weeks (the records cover the 30 days before the spike), then
    # 16 km yesterday (+60%)
    for weeks_ago in (5, 4, 3, 2, 1):
        activities.add_run(hipcoach, profile_id, today - timedelta(weeks=weeks_ago, days=1), 10.0, 60)
    check_in(
        hipcoach,
        profile_id,
        CheckinInput(hipcoach.local("UTC").today - timedelta(days=2), 1, 2, checkin_flags()),
    )
    activities.add_run(hipcoach, profile_id, today - timedelta(days=1), 16.0, 100)
    form = {"pain": "3", "tightness": "2", "pain_after": ""} | checkin_form_flags()
    response = post_form(client, "/checkin", form)
    result = client.get(response.headers["location"]) if response.status_code == 303 else response
    headline = "Hold your longest run and weekly distance where they are"
    assert headline in page_text(result)
    assert headline in page_text(client.get("/program"))


def test_a_short_history_says_not_enough_history_instead_of_a_spike_or_a_ratio(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    profile_id = hipcoach_profile(hipcoach)
    # The records begin on Monday 19 October; Friday 30 October's 14 km is +180% "against" 11 days of runs.
    for day, km in ((0, 5.0), (2, 5.0), (7, 5.0), (11, 14.0)):
        activities.add_run(hipcoach, profile_id, MONDAY + timedelta(weeks=2, days=day), km, km * 6)
    page = client.get("/running")
    assert page.status_code == 200
    text = page_text(page)
    assert 'class="bar-spike"' not in page.text and "No spike runs in these weeks" in text
    assert "Runs that start less than 30 days after your first recorded run (19 October 2026)" in text
    assert "not judged for spikes (not enough history)" in text
    assert "shown from 15 November 2026 on (not enough history before)" in text
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">[^<]*</th>.*?</tr>", page.text, re.S)
    assert any("not enough history" in row for row in rows)  # a week's change and a day's ratio


def _spike_history(hipcoach, profile_id: int) -> int:
    """Four weeks of 6 km runs, then a 60 km run typed in for a 6.0: the spike the typo makes. Its id."""
    for week in range(4):
        for day in (0, 2, 5):
            activities.add_run(hipcoach, profile_id, MONDAY + timedelta(weeks=week - 3, days=day), 6.0, 36)
    return activities.add_run(hipcoach, profile_id, MONDAY + timedelta(weeks=3, days=6), 60.0, 360).id


def test_a_run_typed_in_wrong_is_corrected_and_its_spike_goes(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    typo = _spike_history(hipcoach, hipcoach_profile(hipcoach))
    before = client.get("/running")
    assert "Spike runs" in page_text(before) and "60.0 km" in page_text(before)
    assert f'href="/running/runs/{typo}"' in before.text

    form = client.get(f"/running/runs/{typo}")
    assert form.status_code == 200
    assert 'value="60.00"' in form.text and 'value="360"' in form.text and 'value="06:30"' in form.text

    fixed = post_form(
        client,
        f"/running/runs/{typo}",
        {"on": "2026-11-01", "at": "06:30", "km": "6", "minutes": "36", "name": "Easy Sunday"},
    )
    assert fixed.status_code == 303 and fixed.headers["location"] == "/running?changed=corrected"
    page = page_text(client.get(fixed.headers["location"]))
    assert "The run was corrected." in page and "Easy Sunday" in page
    assert "60.0 km" not in page and "No spike runs in these weeks." in page
    assert runs_in_db(hipcoach) == 13


def test_a_correction_with_two_mistakes_names_both_and_changes_nothing(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    profile = hipcoach_profile(hipcoach)
    run = activities.add_run(hipcoach, profile, MONDAY, 8.0, 48, "Tempo")
    refused = post_form(
        client, f"/running/runs/{run.id}", {"on": "2026-13-01", "at": "07:00", "km": "-2", "minutes": "40"}
    )
    assert refused.status_code == 400
    text = page_text(refused)
    assert "The run was not changed." in text and "is not a date" in text and "Distance" in text
    assert 'value="-2"' in refused.text
    assert activities.get_run(hipcoach, profile, run.id) == run


def test_a_run_is_deleted_after_the_question_and_another_runners_run_cannot_be(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    run = activities.add_run(hipcoach, hipcoach_profile(hipcoach), MONDAY, 8.0, 48, "Not mine")
    question = client.get(f"/running/runs/{run.id}/delete")
    assert question.status_code == 200 and "Delete the run of 5 October 2026, 06:30?" in page_text(question)

    other = runner(signed_in, "bo@example.com")
    assert other.get(f"/running/runs/{run.id}").status_code == 404
    assert post_form(other, f"/running/runs/{run.id}/delete", {}).status_code == 404
    assert runs_in_db(hipcoach) == 1

    deleted = post_form(client, f"/running/runs/{run.id}/delete", {})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/running?changed=deleted"
    assert "The run was deleted." in page_text(client.get(deleted.headers["location"]))
    assert runs_in_db(hipcoach) == 0


def test_a_runner_in_miles_corrects_a_run_in_miles_and_it_is_stored_in_km(signed_in, hipcoach):
    from hipcoach.domain.units import DistanceUnit
    from hipcoach.services import distance_units

    client = runner(signed_in, "ana@example.com")
    profile = hipcoach_profile(hipcoach)
    distance_units.set_unit(hipcoach, profile, DistanceUnit.MI)
    run = activities.add_run(hipcoach, profile, MONDAY, 8.04672, 48)  # 5 miles
    form = client.get(f"/running/runs/{run.id}")
    assert 'value="5.00"' in form.text and "(miles)" in page_text(form)
    fixed = post_form(
        client, f"/running/runs/{run.id}", {"on": "2026-10-05", "at": "06:30", "km": "6", "minutes": "48"}
    )
    assert fixed.status_code == 303
    assert activities.get_run(hipcoach, profile, run.id).distance_m == pytest.approx(6 * 1609.344)
