"""Password reset by email, through a real SMTP server on this machine (aiosmtpd): the mail, its link, and
every way a link must stop working."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from pydantic import ValidationError

from hipcoach.services import mail, password_reset
from hipcoach.settings import Settings
from hipcoach.web import create_app
from hipcoach.web import rate_limits as limits
from tests.web.conftest import PASSWORD, page_text, post_form, sign_up

NEW = "a brand new passphrase"
SENT = "If an account uses that address, we have sent it a link"


class Inbox:
    """What the local mail server received."""

    def __init__(self) -> None:
        self.mails: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802 (aiosmtpd's hook)
        self.mails.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


@pytest.fixture
def web_app(hipcoach, tmp_path, inbox):
    """The app with mail: overrides conftest's, so every browser of these tests talks to it."""
    settings = Settings(
        data_dir=tmp_path / "data",
        secret_key="test-secret-key-not-for-production",
        smtp_url=f"smtp://127.0.0.1:{inbox[1]}",
        mail_from="hipcoach <no-reply@hipcoach.test>",
    )
    return create_app(settings, hipcoach)


def ask_for_link(client, email: str):
    response = post_form(client, "/password/forgot", {"email": email})
    assert response.status_code == 200, response.text
    assert SENT in page_text(response)
    return response


def link_in(mail: Message) -> str:
    body = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    found = re.search(r"https?://\S+/password/reset\?token=\S+", body)
    assert found, body
    parts = urlsplit(found.group(0))
    return f"{parts.path}?{parts.query}"


def choose(client, link: str, password: str = NEW, again: str | None = None):
    token = re.search(r'name="token" value="([^"]+)"', client.get(link).text)
    assert token, "the link's page has no form"
    data = {"token": token.group(1), "new_password": password, "new_password_again": again or password}
    return post_form(client, "/password/reset", data)


def signs_in(new_client, email: str, password: str) -> bool:
    response = post_form(new_client(), "/login", {"email": email, "password": password})
    return response.status_code == 303


def test_the_link_in_the_mail_sets_a_new_password_once(signed_in, new_client, inbox):
    box, _ = inbox
    elsewhere = signed_in("ana@example.com")
    assert new_client().get("/login").text.count('href="/password/forgot"') == 1

    browser = new_client()
    ask_for_link(browser, "  Ana@Example.com ")
    assert len(box.mails) == 1
    mail = box.mails[0]
    assert mail["To"] == "ana@example.com" and "no-reply@hipcoach.test" in mail["From"]
    link = link_in(mail)

    done = choose(browser, link)
    assert done.status_code == 303
    assert browser.get("/account").status_code == 200, "the browser that reset is signed in"
    assert elsewhere.get("/account").status_code == 303, "every other browser is signed out"
    assert signs_in(new_client, "ana@example.com", NEW)
    assert not signs_in(new_client, "ana@example.com", PASSWORD)

    again = new_client().get(link)
    assert again.status_code == 400 and "cannot be used" in page_text(again)
    assert 'name="token"' not in again.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(anonymous, signed_in, inbox):
    box, _ = inbox
    signed_in("ana@example.com")
    unknown = ask_for_link(anonymous, "nobody@example.com")
    known = ask_for_link(anonymous, "ana@example.com")
    assert page_text(unknown) == page_text(known)
    assert [mail["To"] for mail in box.mails] == ["ana@example.com"]


def test_a_link_older_than_an_hour_is_refused(anonymous, signed_in, new_client, inbox, clock):
    signed_in("ana@example.com")
    ask_for_link(anonymous, "ana@example.com")
    link = link_in(inbox[0].mails[0])
    clock.advance(hours=int(password_reset.RESET_LIFETIME.total_seconds() // 3600))
    expired = anonymous.get(link)
    assert expired.status_code == 400 and "expired" in page_text(expired)
    assert signs_in(new_client, "ana@example.com", PASSWORD)


def test_a_tampered_link_is_refused_and_changes_nothing(anonymous, signed_in, new_client, inbox):
    signed_in("ana@example.com")
    signed_in("bob@example.com")
    ask_for_link(anonymous, "ana@example.com")
    link = link_in(inbox[0].mails[0])
    token = link.split("token=", 1)[1]
    user_id, expires, signature = token.split(".")
    bob_id = str(int(user_id) + 1)
    for tampered in (
        f"{bob_id}.{expires}.{signature}",  # the same signature on another account
        f"{user_id}.{int(expires) + 86400}.{signature}",  # a later expiry
        f"{user_id}.{expires}.{signature[:-2]}AA",
        "not-a-token",
        "",
    ):
        data = {"token": tampered, "new_password": NEW, "new_password_again": NEW}
        refused = post_form(anonymous, "/password/reset", data)
        assert refused.status_code == 400, tampered
        assert "cannot be used" in page_text(refused)
    assert signs_in(new_client, "ana@example.com", PASSWORD)
    assert signs_in(new_client, "bob@example.com", PASSWORD)


def test_the_new_password_follows_the_password_rules(anonymous, signed_in, new_client, inbox):
    signed_in("ana@example.com")
    ask_for_link(anonymous, "ana@example.com")
    link = link_in(inbox[0].mails[0])
    short = choose(anonymous, link, "short")
    assert short.status_code == 400 and "at least 10 characters" in page_text(short)
    different = choose(anonymous, link, NEW, "another passphrase")
    assert different.status_code == 400 and "not the same" in page_text(different)
    assert choose(anonymous, link).status_code == 303, "a refused password leaves the link usable"


def test_asking_too_often_from_one_address_is_refused_with_a_wait(anonymous, inbox):
    for _ in range(limits.RESET_REQUESTS_PER_ADDRESS):
        ask_for_link(anonymous, "someone@example.com")
    refused = post_form(anonymous, "/password/forgot", {"email": "someone@example.com"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Please try again in" in page_text(refused)


def test_without_a_mail_server_the_form_says_to_ask_whoever_runs_it(hipcoach, tmp_path):
    from fastapi.testclient import TestClient

    settings = Settings(data_dir=tmp_path / "plain", secret_key="test-secret-key-not-for-production")
    with TestClient(create_app(settings, hipcoach), follow_redirects=False) as client:
        page = client.get("/password/forgot")
        assert "not set up on this server" in page_text(page)
        assert 'action="/password/forgot"' not in page.text
        sign_up(client, "ana@example.com")
        refused = post_form(client, "/password/forgot", {"email": "ana@example.com"})
        assert refused.status_code == 200 and "ask whoever runs" in page_text(refused)


def test_the_readme_states_these_limits_as_the_code_sets_them():
    from pathlib import Path

    from hipcoach.services.transfer import MAX_IMPORT_BYTES

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    hours = password_reset.RESET_LIFETIME.total_seconds() / 3600
    for stated in (
        f"One address can ask for {limits.RESET_REQUESTS_PER_ADDRESS} password-reset emails an hour",
        f"A reset link works for {hours:g} hour",
        f"imports such a file of at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB",
    ):
        assert stated in readme


def test_a_login_is_never_sent_to_a_server_without_starttls(inbox):
    box, port = inbox  # the local server offers no STARTTLS
    sent = mail.message("hipcoach <a@b.test>", "ana@example.com", "Hello", "Hi")
    with pytest.raises(mail.MailError, match="does not offer STARTTLS"):
        mail.send(f"smtp://user:secret@127.0.0.1:{port}", sent)
    assert box.mails == []


def test_an_address_that_is_no_mail_server_is_refused_at_start():
    with pytest.raises(ValidationError, match="HIPCOACH_SMTP_URL must look like"):
        Settings(smtp_url="https://mail.example.org")


def test_a_mail_server_that_is_down_changes_nothing_the_visitor_sees(hipcoach, tmp_path, signed_in, caplog):
    from fastapi.testclient import TestClient

    signed_in("ana@example.com")
    settings = Settings(
        data_dir=tmp_path / "down",
        secret_key="test-secret-key-not-for-production",
        smtp_url=f"smtp://127.0.0.1:{free_port()}",
    )
    with TestClient(create_app(settings, hipcoach), follow_redirects=False) as client:
        answer = ask_for_link(client, "ana@example.com")
    assert answer.status_code == 200
    assert "the password-reset email could not be sent" in caplog.text
