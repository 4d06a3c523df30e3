"""The home screen: a signed-in runner's to-do for today in their zone, each item ticked once it is done."""

from __future__ import annotations

import re

from hipcoach.domain.content import Block
from hipcoach.domain.program import session_minutes
from hipcoach.services import drafts, programs
from tests.integration.helpers import do_session, morning
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, profile_id, runner
from tests.web.test_access import draft_state

EMAIL = "ana@example.com"


def item(page, name: str) -> str:
    """One to-do row's visible text; "Done:" or "To do:" first, as a screen reader says it."""
    found = re.search(rf'<li id="todo-{name}">(.*?)</li>', page.text, flags=re.S)
    assert found is not None, f"no {name} item on the page"
    heard = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', " ", found.group(1), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", heard).split())


def test_nothing_done_yet_shows_todays_session_with_its_length_and_a_start_button(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)  # phase 1 on the test clock's Monday: a mobility day
    page = client.get("/")
    assert page.status_code == 200
    minutes = session_minutes(programs.plan_session(hipcoach, profile_id(hipcoach, EMAIL), Block.MOBILITY))
    assert item(page, "session") == f"To do: Mobility session About {minutes} minutes. Start your session"
    assert 'href="/session"' in page.text
    assert "Monday 2 November" in page_text(page)
    assert 'id="todo-checkin"' not in page.text and 'id="todo-pain-after"' not in page.text


def test_a_session_under_way_is_resumed_from_the_home_screen(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    drafts.save_draft(
        hipcoach, profile_id(hipcoach, EMAIL), drafts.DraftState.model_validate(draft_state(hipcoach))
    )
    assert "Resume your session" in item(client.get("/"), "session")


def test_a_session_done_is_ticked_and_asks_for_the_pain_an_hour_after_then_ticks_it(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    saved = do_session(hipcoach, profile_id(hipcoach, EMAIL), Block.MOBILITY)
    page = client.get("/")
    assert item(page, "session") == "Done: Mobility session Done today. Well done."
    assert item(page, "pain-after").startswith("To do: Pain about an hour after")
    given = post_form(client, "/checkin/pain-after", {"pain_after": "2", "session_id": str(saved.session_id)})
    assert given.status_code == 303
    text = item(client.get("/"), "pain-after")
    assert text.startswith("Done: Pain about an hour after Given: 2/10.")
    assert "opens at 06:00 on Tuesday 3 November" in text


def test_the_morning_after_the_check_in_is_due_on_a_rest_day_then_ticked(signed_in, hipcoach, clock):
    client = runner(signed_in, EMAIL)
    pid = profile_id(hipcoach, EMAIL)
    do_session(hipcoach, pid, Block.MOBILITY)
    clock.advance(days=1)  # Tuesday: a rest day in phase 1, and Monday's session waits for its check-in
    page = client.get("/")
    assert item(page, "checkin").startswith("To do: Morning check-in")
    assert 'href="/checkin"' in page.text
    assert item(page, "session").startswith("Done: Rest day No hipcoach session is planned today")
    morning(hipcoach, pid)
    page = client.get("/")
    assert item(page, "checkin") == "Done: Morning check-in Given this morning. Thank you."
    assert 'id="todo-pain-after"' not in page.text


def test_today_is_the_runners_day_in_their_zone(signed_in, hipcoach, clock):
    client = runner(signed_in, EMAIL)
    clock.advance(hours=16)  # 23:00 UTC on Monday is already Tuesday in Tokyo: a rest day there
    assert item(client.get("/"), "session").startswith("To do: Mobility session")
    post_form(client, "/running/week", {f"day-{d}": "rest" for d in range(7)} | {"timezone": "Asia/Tokyo"})
    page = client.get("/")
    assert "Tuesday 3 November" in page_text(page) and item(page, "session").startswith("Done: Rest day")


def test_a_runner_not_screened_yet_is_sent_to_the_program_page_which_says_what_comes_first(signed_in):
    client = signed_in(EMAIL)
    assert client.get("/").headers["location"] == "/onboarding"
    assert onboard(client).status_code == 303
    assert client.get("/").headers["location"] == "/program"


def test_a_paused_program_says_so_and_offers_no_session(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    morning(hipcoach, profile_id(hipcoach, EMAIL), flags={"bladder-bowel-change"})
    page = client.get("/")
    assert "Your program is paused" in page_text(page) and 'href="/program"' in page.text
    assert 'id="todo-session"' not in page.text and "Start your session" not in page.text
    assert item(page, "checkin").startswith("Done: Morning check-in")


def test_a_program_that_starts_on_a_rest_day_offers_the_first_session_not_a_rest(signed_in, hipcoach, clock):
    clock.advance(days=1)  # signed up on Tuesday, a rest day of phase 1's week
    client = runner(signed_in, EMAIL)
    page = client.get("/")
    minutes = session_minutes(programs.plan_session(hipcoach, profile_id(hipcoach, EMAIL), Block.MOBILITY))
    assert item(page, "session") == (
        "To do: Your first session Your program starts today. No hipcoach work is planned today in your "
        f"week, but a first mobility session is a good way to begin: about {minutes} minutes. "
        "Start your first session"
    )
    assert 'href="/session?kind=mobility"' in page.text
    clock.advance(days=7)  # the next Tuesday is a rest day like any other
    assert item(client.get("/"), "session").startswith("Done: Rest day")
