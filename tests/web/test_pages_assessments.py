"""The assessment pages: choose the tests, record the battery, read the results, reassess, delete."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from hipcoach.storage import models as m
from hipcoach.web.assessment_charts import LEG_STYLE
from tests.web.conftest import page_text, post_form
from tests.web.pages import runner

TODAY = "2026-11-02"


def y_balance(side: str, limb: float, anterior: float, posteromedial: float, posterolateral: float) -> dict:
    data = {f"y-balance.{side}.limb-length": str(limb)}
    for direction, value in (
        ("anterior", anterior),
        ("posteromedial", posteromedial),
        ("posterolateral", posterolateral),
    ):
        for trial in (1, 2, 3):
            data[f"y-balance.{side}.{direction}.{trial}"] = str(value)
    return data


def battery(tests, readings, on=TODAY, **context) -> dict:
    data = {"tests": list(tests), "on": on, "tester": "", "sex": "female", "age": "34"}
    data |= {"body_mass_kg": "61.5", "scoring": "mean-of-3", "notes": ""}
    return data | context | readings


def record(client, tests, readings, **context):
    return post_form(client, "/assessments", battery(tests, readings, **context))


def assessments_in_db(hipcoach) -> int:
    with hipcoach.reading() as db:
        return int(db.scalar(select(func.count()).select_from(m.Assessment)) or 0)


BALANCE = y_balance("left", 90, 65, 95, 93) | y_balance("right", 90, 70, 95, 93)
ANKLE = {"knee-to-wall.left": "10", "knee-to-wall.right": "10,5"}


def test_the_list_starts_empty_and_explains_what_the_tests_are_for(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/assessments")
    text = page_text(page)
    assert page.status_code == 200
    assert "No assessments yet" in text and "shapes your program" in text
    assert 'href="/assessments/new"' in page.text and "New assessment" in text
    assert '<a href="/assessments">Assessments</a>' in page.text  # in the main navigation


def test_choosing_tests_prechecks_the_runner_ones_and_prefills_the_profile(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/assessments/new")
    assert page.status_code == 200
    assert re.search(r'id="test-y-balance"[^>]*value="y-balance"\s+checked', page.text)
    assert re.search(r'id="test-knee-to-wall"[^>]*value="knee-to-wall"\s+checked', page.text)
    assert not re.search(r'id="test-dynamometry"[^>]*checked', page.text)
    assert 'value="61.5"' in page.text and 'value="34"' in page.text
    assert f'value="{TODAY}"' in page.text
    text = page_text(page)
    assert "Y-balance reach test" in text and "Equipment: tape measure" in text and "clinician" in text


def test_the_battery_form_has_one_section_per_test_with_its_protocol_and_labelled_inputs(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/assessments/new", params={"tests": ["y-balance", "knee-to-wall", "psfs"]})
    assert page.status_code == 200
    html = page.text
    assert html.count('class="battery-step"') == 4  # about + three tests
    assert 'id="step-y-balance"' in html and 'id="step-knee-to-wall"' in html and 'id="step-psfs"' in html
    assert 'id="step-dynamometry"' not in html
    assert 'name="y-balance.left.anterior.2"' in html and 'inputmode="decimal"' in html
    assert (
        '<label class="visually-hidden" for="f-y-balance-left-anterior-2">'
        "Left leg anterior reach, trial 2 (cm)" in html
    )
    assert 'value="88"' in html  # limb length from the profile
    assert "How to do it" in page_text(page) and "Record 3 reaches per direction" in html
    assert '<script src="/static/assessment.js" defer></script>' in html


def test_choosing_no_test_is_told(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/assessments/new", params={"tests": ["juggling"]})
    assert page.status_code == 400 and "Choose at least one test." in page_text(page)


def test_a_battery_is_scored_with_its_flags_charts_and_sources(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    response = record(client, ["y-balance", "knee-to-wall"], BALANCE | ANKLE)
    assert response.status_code == 303, page_text(response)
    location = response.headers["location"]
    assert re.fullmatch(r"/assessments/\d+", location)
    page = client.get(location)
    text = page_text(page)
    assert page.status_code == 200
    assert "Y-balance composite: left 93.7%, right 95.6% of limb length" in text
    assert "Anterior asymmetry (left)" in text
    assert "differs by 5.0 cm between legs" in text and "basketball players" in text
    assert "screening flag" in text and "Sources" in text
    assert "Low composite (left)" in text and "below 94%" in text  # 93.7% in a woman
    assert "What this changes in your program" in text
    assert "Single-leg balance emphasis: because your forward reach" in text
    assert "Left knee-to-wall 10.0 cm" in text and "10.5 cm" in text
    svgs = re.findall(
        r'<svg class="chart[^"]*"[^>]*role="img"[^>]*>\s*<title id="chart-star-title">', page.text
    )
    assert svgs, "the Y-balance star is an accessible image"
    star = page.text.split('id="chart-star-title"')[1].split("</svg>")[0]
    assert star.count('<circle class="ring"') >= 3 and star.count("<polygon") >= 3  # the reference, both legs
    assert 'class="outline outline-left"' in star and 'class="outline outline-right"' in star
    assert all(f'stroke-dasharray="{LEG_STYLE[key][1]}"' in star for key in ("right", "reference"))
    assert "Reference means for women (dotted)" in text
    listing = page_text(client.get("/assessments"))
    assert "Assessment of 2 November 2026" in listing and "y balance, knee to wall · 2 flags" in listing


def test_hip_range_and_strength_show_as_bars_against_the_band(signed_in):
    client = runner(signed_in, "ana@example.com")
    hips = {}
    for side in ("left", "right"):
        for direction, value in (
            ("flexion", 115),
            ("extension", 12),
            ("abduction", 40),
            ("adduction", 25),
            ("external-rotation", 50),
            ("internal-rotation", 35),
        ):
            hips[f"hip-range.{side}.{direction}"] = str(value)
    strength = {
        "dynamometry.hip-abductors.left.force": "200",
        "dynamometry.hip-abductors.left.lever-arm": "45",
        "dynamometry.hip-abductors.right.force": "150",
        "dynamometry.hip-abductors.right.lever-arm": "45",
    }
    response = record(client, ["hip-range", "dynamometry"], hips | strength)
    assert response.status_code == 303, page_text(response)
    page = client.get(response.headers["location"])
    for chart in ("chart-hips", "chart-strength"):
        svg = page.text.split(f'id="{chart}-title"')[1].split("</svg>")[0]
        assert 'class="band"' in svg and 'class="bar-left"' in svg and 'class="bar-right"' in svg
    text = page_text(page)
    assert "Hip range, left and right" in text and "limb symmetry 75.0%" in text


def test_an_impossible_value_is_refused_naming_the_field_and_keeping_every_value(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    bad = BALANCE | {"y-balance.left.limb-length": "140"} | ANKLE
    response = record(client, ["y-balance", "knee-to-wall"], bad)
    assert response.status_code == 400
    text = page_text(response)
    assert "Nothing was saved yet" in text and "left leg limb length: 140 cm is outside 50-130 cm" in text
    assert 'id="step-y-balance"' in response.text
    assert re.search(r'<section class="battery-step" id="step-y-balance"[^>]*data-problem', response.text)
    assert re.search(r'name="y-balance.left.limb-length" value="140"', response.text)
    assert re.search(r'name="knee-to-wall.right" value="10,5"', response.text)
    assert re.search(r'name="y-balance.right.posterolateral.3" value="93"', response.text)
    assert assessments_in_db(hipcoach) == 0


def test_a_reach_beyond_twice_the_limb_and_a_word_are_problems_not_errors(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    reach = BALANCE | {"y-balance.right.posteromedial.1": "185"}
    response = record(client, ["y-balance"], reach)
    assert response.status_code == 400
    assert "right leg posteromedial reach: 185 cm is outside 0-200% of the 90 cm limb length" in page_text(
        response
    )
    word = record(client, ["y-balance", "knee-to-wall"], BALANCE | ANKLE | {"knee-to-wall.left": "ten"})
    assert word.status_code == 400
    assert "left knee-to-wall distance: “ten” is not a number in cm" in page_text(word)
    assert re.search(r'id="step-knee-to-wall"[^>]*data-problem', word.text)
    assert assessments_in_db(hipcoach) == 0


def test_a_reassessment_tells_real_changes_from_measurement_error(signed_in, clock):
    client = runner(signed_in, "ana@example.com")
    psfs = {"psfs-activity.1": "running hills", "psfs.1": "3", "psfs-activity.2": "sitting", "psfs.2": "5"}
    first = record(client, ["y-balance", "psfs"], BALANCE | psfs)
    assert first.status_code == 303, page_text(first)
    clock.advance(days=28)
    later = y_balance("left", 90, 70, 95, 93) | y_balance("right", 90, 70, 95, 93)
    better = {"psfs-activity.1": "running hills", "psfs.1": "7", "psfs-activity.2": "sitting", "psfs.2": "9"}
    second = record(client, ["y-balance", "psfs"], later | better, on="2026-11-30")
    assert second.status_code == 303, page_text(second)
    page = client.get(second.headers["location"])
    text = page_text(page)
    assert "Since 2 November 2026" in text
    assert re.search(
        r"Left anterior reach 65\.0 70\.0 \+5\.0 cm no real change Real change: more than 9\.7 cm \(derived",
        text,
    )
    assert re.search(r"PSFS score 4\.0 8\.0 \+4\.0 points improved", text)
    assert re.search(
        r"Left composite reach 93\.7 95\.6 \+1\.9 % of limb length no error figure — not judged", text
    )
    assert "Over time" in text and "(derived)" in text
    assert 'id="chart-history-0-title"' in page.text
    history = page.text.split('id="chart-history-0-title"')[1].split("</svg>")[0]
    assert 'class="band"' in history and "polyline" in history


def test_delete_asks_first_then_removes_it(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    location = record(client, ["knee-to-wall"], ANKLE).headers["location"]
    confirm = client.get(f"{location}/delete")
    assert confirm.status_code == 200 and "Yes, delete it" in page_text(confirm)
    done = post_form(client, f"{location}/delete")
    assert done.status_code == 303 and done.headers["location"] == "/assessments?deleted=1"
    assert assessments_in_db(hipcoach) == 0
    assert client.get(location).status_code == 404


def test_numbers_on_the_results_page_never_round_onto_their_threshold(signed_in):
    client = runner(signed_in, "ana@example.com")
    # Abductors 179.92 N against 200 N on the same lever: LSI 89.96%, under 90%; "90.0%" would contradict it.
    strength = {
        "dynamometry.hip-abductors.left.force": "179.92",
        "dynamometry.hip-abductors.left.lever-arm": "45",
        "dynamometry.hip-abductors.right.force": "200",
        "dynamometry.hip-abductors.right.lever-arm": "45",
    }
    # Left leg (70 + 105 + 106.91) / 300 = 93.97% of limb length, under 94%; "94.0%" would contradict it.
    reaches = y_balance("left", 100, 70, 105, 106.91) | y_balance("right", 100, 70, 110, 110)
    response = record(client, ["y-balance", "dynamometry"], reaches | strength)
    assert response.status_code == 303, page_text(response)
    text = page_text(client.get(response.headers["location"]))
    assert "Y-balance composite: left 93.97%, right 96.7% of limb length" in text
    assert "is 93.97% of limb length, below 94%" in text
    assert "limb symmetry 89.96%, weaker on the left (below 90%)" in text
    assert "reached 89.96% of the other side" in text
    assert "90.0%" not in text and "94.0%" not in text
