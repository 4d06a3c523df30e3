"""A runner who reads miles (issue 18): chosen on the account page or at onboarding, then every page, the
calendar and the printed report speak miles, and nothing says km; what is typed in miles is stored in km."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from hipcoach.services import activities
from tests.pdf_reading import pdf_text
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, profile_id, profile_of, runner
from tests.web.test_api import PROFILE as API_PROFILE
from tests.web.test_api import send

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
KM_WORD = re.compile(r"\bkm\b|kilomet", re.I)


def no_km(text: str) -> bool:
    return KM_WORD.search(text) is None


@SQLITE
def test_a_runner_in_miles_sees_miles_everywhere_and_never_km(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    assert profile_of(hipcoach, "ana@example.com").distance_unit == "km"
    saved = post_form(client, "/account/units", {"distance_unit": "mi"})
    assert saved.status_code == 303 and saved.headers["location"] == "/account?units_saved=true"
    account = page_text(client.get("/account?units_saved=true"))
    assert "Saved: distances are now in miles." in account
    assert profile_of(hipcoach, "ana@example.com").distance_unit == "mi"

    runner_id = profile_id(hipcoach, "ana@example.com")
    now = hipcoach.now()
    for weeks_ago in (6, 5, 4, 3, 2, 1):
        activities.add_run(hipcoach, runner_id, now - timedelta(weeks=weeks_ago, days=1), 8.04672, 45)  # 5 mi
    activities.add_run(hipcoach, runner_id, now - timedelta(days=1), 16.09344, 95)  # 10 mi: a spike

    running = client.get("/running")
    text = page_text(running)
    assert "10.0 mi" in text and "(5.0 mi)" in text and "This 10.0 mi run was 100% longer" in text
    assert "Longest mi" in text and "Distance (miles)" in text
    assert ">mi</text>" in running.text  # the chart's axis
    assert no_km(text), KM_WORD.findall(text)

    added = post_form(
        client, "/running/runs", {"on": "2026-10-31", "at": "08:00", "km": "3,1", "minutes": "30"}
    )
    assert added.status_code == 303
    assert any(abs(run.distance_m - 4988.97) < 0.1 for run in activities.recent_runs(hipcoach, runner_id, 10))
    refused = post_form(
        client, "/running/runs", {"on": "2026-10-31", "at": "09:00", "km": "300", "minutes": "3000"}
    )
    refusal = page_text(refused)
    assert "Distance: a distance of 300 mi is not a run" in refusal and "takes 0.07 to 248.5 mi." in refusal

    week = {f"day-{d}": "rest" for d in range(7)} | {"day-1": "hard", "day-3": "easy", "day-6": "long"}
    assert post_form(client, "/running/week", week | {"timezone": "UTC"}).status_code == 303
    assert no_km(page_text(client.get("/running/week")))
    calendar = client.get("/running/week.ics")
    assert calendar.status_code == 200 and no_km(calendar.text)
    assert no_km(page_text(client.get("/progress")))

    span = {"from": (now - timedelta(weeks=7)).date().isoformat(), "to": now.date().isoformat()}
    report = page_text(client.get("/progress/report", params=span))
    assert "10 mi" in report and no_km(report), re.findall(r".{80}\bmi\b.{40}", report)
    pdf = client.get("/progress/report.pdf", params=span)
    assert pdf.status_code == 200
    printed = " ".join(pdf_text(pdf.content).split())
    assert "10 mi" in printed and no_km(printed), KM_WORD.findall(printed)


def test_the_weekly_distance_typed_in_miles_at_onboarding_is_stored_in_km_and_shown_back_in_miles(
    signed_in, hipcoach
):
    client = signed_in("bo@example.com")
    assert onboard(client, weekly_distance_km="20", distance_unit="mi").status_code == 303
    profile = profile_of(hipcoach, "bo@example.com")
    assert profile.distance_unit == "mi" and profile.weekly_distance_km == pytest.approx(32.18688)
    form = client.get("/onboarding").text
    assert re.search(r'id="weekly_distance_km"[^>]*value="20"', form)
    assert re.search(r'id="distance_unit-mi"[^>]*checked', form)


def test_a_weekly_distance_above_the_range_is_told_in_miles(signed_in, hipcoach):
    client = signed_in("cy@example.com")
    refused = onboard(client, weekly_distance_km="300", distance_unit="mi")
    assert refused.status_code == 400
    assert "between 0 and 248.5 mi, got 300 mi" in page_text(refused)
    assert profile_of(hipcoach, "cy@example.com") is None


def test_an_unknown_unit_is_refused_by_name_on_the_account_page(signed_in, hipcoach):
    client = runner(signed_in, "di@example.com")
    refused = post_form(client, "/account/units", {"distance_unit": "furlongs"})
    assert refused.status_code == 400
    assert "“furlongs” is not a distance unit hipcoach knows" in page_text(refused)
    assert profile_of(hipcoach, "di@example.com").distance_unit == "km"


def test_the_json_api_keeps_km_and_leaves_the_unit_chosen_on_the_page(signed_in, hipcoach):
    client = signed_in("ed@example.com")
    assert onboard(client, weekly_distance_km="20", distance_unit="mi").status_code == 303
    body = API_PROFILE | {"weekly_distance_km": 40}
    changed = send(client, "PUT", "/api/me/profile", body)
    assert changed.status_code == 200 and changed.json()["weekly_distance_km"] == 40
    profile = profile_of(hipcoach, "ed@example.com")
    assert profile.distance_unit == "mi" and profile.weekly_distance_km == 40
