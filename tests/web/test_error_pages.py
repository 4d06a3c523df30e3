"""An error page shows the navigation of whoever is signed in (issue 18): a signed-in runner who follows a
dead link is not offered "Sign in"; a visitor is."""

from __future__ import annotations

from tests.web.conftest import page_text
from tests.web.pages import runner


def test_a_signed_in_runner_on_a_missing_page_keeps_their_navigation(signed_in):
    client = runner(signed_in, "ana@example.com")
    for path in ("/no-such-page", "/sessions/987654", "/exercises/no-such-exercise"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert 'href="/login"' not in page.text and 'href="/account"' in page.text, path


def test_a_visitor_on_a_missing_page_is_offered_sign_in(anonymous):
    page = anonymous.get("/no-such-page")
    assert page.status_code == 404 and "There is no such page." in page_text(page)
    assert 'href="/login"' in page.text and 'href="/account"' not in page.text


def test_a_message_that_already_ends_a_sentence_gets_no_second_full_stop():
    from hipcoach.services.errors import InvalidInput
    from hipcoach.web.pages.common import sentence

    paused = InvalidInput("the program is paused: see a clinician before going on.")
    assert sentence(paused) == "The program is paused: see a clinician before going on."
    assert sentence(InvalidInput("time zone Mars/Olympus is unknown")) == "Time zone Mars/Olympus is unknown."
    assert sentence(InvalidInput("is that right?")) == "Is that right?"
