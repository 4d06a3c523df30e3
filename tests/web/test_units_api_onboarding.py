"""The runner's distance unit in the JSON API's profile, and the onboarding form's weekly distance bounds in
the runner's unit (issue 18): the browser's max is the server's own bound converted, never the km number."""

from __future__ import annotations

import re

import pytest

from hipcoach.domain.measures import MAX_RUN_DISTANCE_KM
from hipcoach.domain.units import DistanceUnit
from hipcoach.services.profiles import WEEKLY_DISTANCE_RANGE_KM
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, profile_of, runner
from tests.web.test_api import PROFILE as API_PROFILE
from tests.web.test_api import send

HIGHEST_KM = WEEKLY_DISTANCE_RANGE_KM[1]


def distance_input(html: str) -> dict[str, str]:
    """The weekly distance input's attributes, by name."""
    found = re.search(r'<input type="number"[^>]*id="weekly_distance_km"[^>]*>', html, flags=re.S)
    assert found is not None, "no weekly distance input on the page"
    return dict(re.findall(r'([\w-]+)="([^"]*)"', found.group(0)))


# --- the API's profile -------------------------------------------------------------------------------


def test_the_api_profile_gives_the_unit_chosen_at_onboarding(signed_in):
    client = signed_in("ana@example.com")
    assert onboard(client, weekly_distance_km="20", distance_unit="mi").status_code == 303
    profile = client.get("/api/me").json()["profile"]
    assert profile["distance_unit"] == "mi"
    assert profile["weekly_distance_km"] == pytest.approx(DistanceUnit.MI.to_km(20))  # still km in the API


def test_a_profile_made_through_the_api_reads_km_until_the_runner_picks_miles(signed_in, hipcoach):
    client = signed_in("bo@example.com")
    made = send(client, "PUT", "/api/me/profile", API_PROFILE)
    assert made.status_code == 201 and made.json()["distance_unit"] == "km"
    changed = send(client, "PUT", "/api/me/profile", API_PROFILE | {"distance_unit": "mi"})
    assert changed.status_code == 200 and changed.json()["distance_unit"] == "mi"
    assert profile_of(hipcoach, "bo@example.com").distance_unit == "mi"
    # The pages follow: the onboarding form now asks for miles.
    assert re.search(r'id="distance_unit-mi"[^>]*checked', client.get("/onboarding").text)
    # Left out, or null, the runner's choice stays.
    kept = send(client, "PUT", "/api/me/profile", API_PROFILE | {"weight_kg": 60})
    assert kept.json()["distance_unit"] == "mi"
    kept = send(client, "PUT", "/api/me/profile", API_PROFILE | {"distance_unit": None})
    assert kept.json()["distance_unit"] == "mi"


@pytest.mark.parametrize("unit", ["furlongs", "MI", "", 1])
def test_an_unknown_unit_is_refused_by_name_and_nothing_changes(signed_in, hipcoach, unit):
    client = signed_in("cy@example.com")
    assert send(client, "PUT", "/api/me/profile", API_PROFILE).status_code == 201
    refused = send(client, "PUT", "/api/me/profile", API_PROFILE | {"distance_unit": unit, "age": 50})
    assert refused.status_code == 422
    problems = refused.json()["detail"]
    assert [problem["loc"][-1] for problem in problems] == ["distance_unit"]
    assert "'km' or 'mi'" in problems[0]["msg"]
    profile = profile_of(hipcoach, "cy@example.com")
    assert profile.distance_unit == "km" and profile.age == API_PROFILE["age"]


def test_the_api_documents_the_unit_and_its_two_values(anonymous):
    spec = anonymous.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    shown = schemas["ProfilePublic"]["properties"]["distance_unit"]
    assert "distance_unit" in schemas["ProfilePublic"]["required"]
    assert "miles" in shown["description"] and "km" in shown["description"]
    assert schemas[shown["$ref"].rsplit("/", 1)[1]]["enum"] == ["km", "mi"]
    taken = schemas["ProfileUpdate"]["properties"]["distance_unit"]
    assert "distance_unit" not in schemas["ProfileUpdate"].get("required", [])
    assert "keeps the runner's choice" in taken["description"]


# --- the onboarding form in miles ----------------------------------------------------------------------


def test_in_miles_the_weekly_distance_input_stops_at_the_servers_bound_converted(signed_in):
    client = signed_in("di@example.com")
    assert onboard(client, weekly_distance_km="20", distance_unit="mi").status_code == 303
    shown = distance_input(client.get("/onboarding").text)
    highest_mi = DistanceUnit.MI.from_km(HIGHEST_KM)
    # The bound written to one decimal, inside the range: every number the browser allows is taken.
    assert float(shown["max"]) == pytest.approx(highest_mi, abs=0.1) and float(shown["max"]) <= highest_mi
    assert shown["max"] != f"{HIGHEST_KM:g}" and shown["min"] == "0" and shown["step"] == "any"

    # The most the browser allows is saved; a tenth of a mile more is refused, the bound told in miles.
    assert onboard(client, weekly_distance_km=shown["max"], distance_unit="mi").status_code == 303
    above = f"{float(shown['max']) + 0.1:.1f}"
    refused = onboard(client, weekly_distance_km=above, distance_unit="mi")
    assert refused.status_code == 400
    assert f"between 0 and {shown['max']} mi, got {above} mi" in page_text(refused)
    # The page that refuses it keeps the miles bound on the input.
    assert distance_input(refused.text)["max"] == shown["max"]


def test_in_km_the_input_keeps_the_km_bound_and_carries_the_miles_one_for_a_change_of_unit(signed_in):
    client = signed_in("ed@example.com")
    shown = distance_input(client.get("/onboarding").text)  # first visit: kilometres until miles are picked
    assert shown["max"] == f"{HIGHEST_KM:g}" and shown["data-max-km"] == shown["max"]
    miles = distance_input(client.get("/onboarding").text)["data-max-mi"]
    assert float(miles) == pytest.approx(DistanceUnit.MI.from_km(HIGHEST_KM), abs=0.1)
    assert float(miles) <= DistanceUnit.MI.from_km(HIGHEST_KM)
    assert '<script src="/static/onboarding.js" defer></script>' in client.get("/onboarding").text
    assert client.get("/static/onboarding.js").status_code == 200


def test_the_run_form_in_miles_has_no_km_bound_and_refuses_a_run_just_over_the_limit_in_miles(
    signed_in, hipcoach
):
    client = runner(signed_in, "fi@example.com")
    assert post_form(client, "/account/units", {"distance_unit": "mi"}).status_code == 303
    form = re.search(r'<input[^>]*id="run-distance"[^>]*>', client.get("/running").text)
    assert form is not None and "max=" not in form.group(0)  # a text input: the server alone checks it
    highest_mi = DistanceUnit.MI.from_km(MAX_RUN_DISTANCE_KM)
    above = f"{highest_mi + 0.1:.1f}"
    refused = post_form(
        client, "/running/runs", {"on": "2026-11-01", "at": "08:00", "km": above, "minutes": "3000"}
    )
    assert refused.status_code == 400
    refusal = r"Distance: a distance of [\d.]+ mi is not a run.{1,8}hipcoach takes [\d.]+ to ([\d.]+) mi\."
    told = re.search(refusal, page_text(refused))
    assert told is not None, page_text(refused)
    assert float(told.group(1)) == pytest.approx(highest_mi, abs=0.1) and float(told.group(1)) <= highest_mi
