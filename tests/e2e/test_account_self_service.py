"""A runner looks after their own account in the browser: a forgotten password, their data downloaded and
imported into a new account, and the account deleted."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from hipcoach.services import accounts
from hipcoach.services.transfer import export_profile
from tests.e2e.conftest import PASSWORD, LiveServer, sign_in

pytestmark = pytest.mark.browser


def test_forgotten_password_pages(new_page: Callable[[], Page], check_page):
    page = new_page()
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/password/forgot")
    # The test server sends no mail: the page says whom to ask instead of offering a form that cannot work.
    expect(page.get_by_text("not set up on this server")).to_be_visible()
    check_page(page, "forgot-without-mail")
    page.goto("/password/reset?token=1.2.made-up")
    expect(page.get_by_role("alert")).to_contain_text("cannot be used")
    check_page(page, "reset-link-refused")


def test_download_delete_and_import_into_a_new_account(
    new_page: Callable[[], Page], live_server: LiveServer, check_page, tmp_path
):
    ana = new_page()
    live_server.runner_with_program("ana.moves@example.com")
    sign_in(ana, "ana.moves@example.com")
    ana.goto("/account")
    check_page(ana, "account-with-data")
    with ana.expect_download() as download:
        ana.get_by_role("link", name="Download my data").click()
    file = tmp_path / "hipcoach-export.json"
    download.value.save_as(file)
    assert json.loads(file.read_text(encoding="utf-8"))["format"] == "hipcoach-export"

    ana.goto("/account")
    ana.get_by_label("Your password, to confirm").fill("not my password")
    ana.get_by_role("button", name="Delete my account and all my data").click()
    expect(ana.get_by_role("alert")).to_contain_text("nothing was deleted")
    check_page(ana, "delete-refused")
    ana.get_by_label("Your password, to confirm").fill(PASSWORD)
    ana.get_by_role("button", name="Delete my account and all my data").click()
    ana.wait_for_url("**/goodbye")
    check_page(ana, "goodbye")
    assert accounts.authenticate(live_server.hipcoach, "ana.moves@example.com", PASSWORD) is None

    accounts.sign_up(live_server.hipcoach, "ana.new@example.com", PASSWORD)
    sign_in(ana, "ana.new@example.com")
    ana.goto("/account")
    check_page(ana, "account-without-data")
    ana.get_by_label("Export file").set_input_files(str(file))
    ana.get_by_role("button", name="Import my data").click()
    ana.wait_for_url("**/account?imported=true")
    expect(ana.get_by_text("Your data is imported")).to_be_visible()
    moved = accounts.authenticate(live_server.hipcoach, "ana.new@example.com", PASSWORD)
    assert moved is not None and moved.profile_id is not None
    assert len(export_profile(live_server.hipcoach, moved.profile_id)["screenings"]) == 1
