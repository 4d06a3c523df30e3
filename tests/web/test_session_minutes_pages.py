"""How long a session takes (issue 18): the program page and the player's start screen say "about N minutes",
the same number as the home page's to-do, from ``domain.program.session_minutes`` of the same plan."""

from __future__ import annotations

import json
import re

from hipcoach.domain.content import Block
from hipcoach.domain.program import session_minutes
from hipcoach.services import programs
from tests.web.conftest import page_text
from tests.web.pages import profile_id, runner

EMAIL = "ana@example.com"


def session_length(html: str) -> str:
    """The text of the page's session length line, as a reader sees it."""
    found = re.search(r'id="session-length">(.*?)</', html, flags=re.S)
    assert found is not None, "no session length on the page"
    return " ".join(found.group(1).split())


def embedded_plan(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="session-plan">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_program_page_tells_how_long_todays_session_takes_as_the_home_page_does(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)  # phase 1 on the test clock's Monday: a mobility day
    minutes = session_minutes(programs.plan_session(hipcoach, profile_id(hipcoach, EMAIL), Block.MOBILITY))
    program = client.get("/program")
    assert program.status_code == 200
    assert session_length(program.text) == f"About {minutes} minutes, set-up and rests included."
    assert f"About {minutes} minutes." in page_text(client.get("/"))


def test_on_a_rest_day_the_program_page_gives_the_mobility_sessions_length(signed_in, hipcoach, clock):
    client = runner(signed_in, EMAIL)
    clock.advance(days=1)  # Tuesday: a rest day from hipcoach work in phase 1
    minutes = session_minutes(programs.plan_session(hipcoach, profile_id(hipcoach, EMAIL), Block.MOBILITY))
    text = page_text(client.get("/program"))
    assert "Today is a rest day from hipcoach work" in text
    assert f"About {minutes} minutes, set-up and rests included." in text


def test_the_player_says_how_long_the_session_takes_before_the_first_exercise(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    pid = profile_id(hipcoach, EMAIL)
    minutes = session_minutes(programs.plan_session(hipcoach, pid, Block.MOBILITY))
    page = client.get("/session")
    assert page.status_code == 200
    assert session_length(page.text) == f"about {minutes} minutes"
    # Above the player and the plain list: read before the first exercise.
    assert page.text.index('id="session-length"') < page.text.index('id="player"')
    # The script's plan and the plan API carry the same number.
    assert embedded_plan(page.text)["minutes"] == minutes
    assert client.get("/api/session/plan").json()["minutes"] == minutes


def test_a_strength_session_is_longer_and_each_page_gives_its_own_length(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    pid = profile_id(hipcoach, EMAIL)
    programs.override_phase(hipcoach, pid, 2, by="Sam Ortiz, PT", reason="full range on assessment")
    mobility = session_minutes(programs.plan_session(hipcoach, pid, Block.MOBILITY))
    strength = session_minutes(programs.plan_session(hipcoach, pid, Block.STRENGTH))
    assert strength > mobility
    for kind, minutes in (("strength", strength), ("mobility", mobility)):
        page = client.get("/session", params={"kind": kind})
        assert session_length(page.text) == f"about {minutes} minutes"
    assert programs.overview(hipcoach, pid).todays_kind is Block.STRENGTH  # Monday in phase 2
    assert session_length(client.get("/program").text).startswith(f"About {strength} minutes")
    assert f"About {strength} minutes." in page_text(client.get("/"))
