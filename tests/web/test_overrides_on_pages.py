"""The runner's pages and API show what their clinician changed (BRIEF §10): the program page's ladder and
/api/program with a left-out exercise marked and a swapped one with the exercise in its place, and the session
page's pain scale and pain-stop rule with the runner's stricter numbers. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import json
import re

import pytest

from hipcoach.domain import pain_stop, rules
from hipcoach.services import programs
from hipcoach.services.clinical_actions import ExcludeAction, SwapAction, ThresholdAction, act
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.web.conftest import page_text
from tests.web.pages import profile_id, runner


@pytest.fixture
def ana(hipcoach, signed_in):
    client = runner(signed_in, "ana@example.com")
    ana_id = profile_id(hipcoach, "ana@example.com")
    sam = make_clinician(hipcoach)
    give_access(hipcoach, ana_id, sam)
    programs.override_phase(hipcoach, ana_id, 2, by="Sam Ortiz, PT", reason="assessed")
    return client, ana_id, sam


def ladder_section(response) -> str:
    text = html.unescape(page_text(response))
    return text[text.index("Your strength ladder") : text.index("Your settings")]


def test_the_program_page_and_api_show_the_ladder_as_the_runner_does_it(hipcoach, ana):
    client, ana_id, sam = ana
    before = ladder_section(client.get("/program"))
    assert "Half-kneeling halo level 1 of 4" in " ".join(before.split())

    act(hipcoach, sam, ana_id, ExcludeAction(exercise="half-kneeling-halo", reason="shoulder pain"), "web")
    act(
        hipcoach,
        sam,
        ana_id,
        SwapAction(exercise="runners-lunge", instead="lunge", reason="no weights"),
        "web",
    )

    page = client.get("/program")
    ladder = " ".join(ladder_section(page).split())
    assert "Half-kneeling halo Left out by your clinician: it is not in your sessions." in ladder
    assert "Your clinician put Lunge (static or reverse) in its place." in ladder
    assert "level 1 of 4" not in ladder and "Step-up with knee drive level 1 of 5" in ladder
    assert 'href="/exercises/lunge"' in page.text

    rows = {row["exercise_id"]: row for row in client.get("/api/program").json()["ladder"]}
    assert rows["half-kneeling-halo"]["left_out"] is True
    assert rows["half-kneeling-halo"]["change"] == "Left out by your clinician"
    assert (rows["runners-lunge"]["instead_id"], rows["runners-lunge"]["left_out"]) == ("lunge", False)
    assert rows["step-up-knee-drive"]["change"] is None and rows["step-up-knee-drive"]["level"] == 1


def test_the_gate_on_the_program_page_says_a_left_out_exercise_does_not_hold_it(hipcoach, ana):
    client, ana_id, sam = ana
    act(hipcoach, sam, ana_id, ExcludeAction(exercise="runners-lunge", reason="knee pain"), "web")

    text = " ".join(html.unescape(page_text(client.get("/program"))).split())

    assert (
        "Runner's lunge with overhead press: left out by your clinician, so it does not hold this step"
        in text
    )
    assert "Runner's lunge with overhead press: level 1 of 3 needed" not in text


def player_limits(response) -> dict:
    found = re.search(
        r'<script type="application/json" id="player-limits">(.*?)</script>', response.text, re.S
    )
    assert found is not None
    return json.loads(found.group(1))


def test_the_session_page_gives_the_runners_stricter_pain_numbers(hipcoach, ana):
    client, ana_id, sam = ana
    default = client.get("/session")
    assert rules.pain_scale_hint() in html.unescape(default.text)
    assert player_limits(default)["pain_stop"]["rule"] == rules.build_rules()[pain_stop.RULE_ID].statement

    for threshold, value in (("pain-safe-max", 2), ("pain-acceptable-max", 4)):
        act(
            hipcoach,
            sam,
            ana_id,
            ThresholdAction(threshold=threshold, value=value, reason="flare-prone"),
            "web",
        )
    page = client.get("/session")

    text = html.unescape(page.text)
    assert "0-2 is fine, 3-4 is acceptable, above 4 is too much: ease off next time." in text
    assert rules.pain_scale_hint() not in text
    limits = player_limits(page)
    assert (limits["pain_safe_max"], limits["pain_acceptable_max"]) == (2, 4)
    assert limits["pain_stop"]["rule"].startswith("Pain above 4/10 during an exercise")
