"""An upload of 2,000 unreadable files (issue 14, item 4): each status poll stays small and says how many."""

from __future__ import annotations

import stat

import pytest
from fastapi.testclient import TestClient

from hipcoach.services import import_jobs
from hipcoach.services.job_queue import JobRunner
from tests.integration.test_import_job_limits import bad_archive
from tests.web.conftest import csrf, page_text
from tests.web.pages import runner


@pytest.fixture(autouse=True)
def inline_jobs(web_app):
    web_app.state.job_runner = JobRunner(inline=True)


def test_the_status_of_a_bad_archive_counts_every_file_and_lists_the_first(signed_in):
    client = runner(signed_in, "ana@example.com")
    upload = client.post(
        "/api/imports",
        headers={"X-CSRF-Token": csrf(client)},
        files=[("files", ("export.zip", bad_archive(2000, rides=2), "application/zip"))],
    )
    assert upload.status_code == 202, upload.text
    poll = client.get(upload.json()["status_url"])
    kept = import_jobs.MAX_PROBLEMS_KEPT
    assert len(poll.content) < 40_000  # the whole list was ~300 KB here, and 11 MB for 100,000 entries
    status = poll.json()
    assert (status["errors_total"], status["skipped_total"]) == (2000, 2)
    assert [p["kind"] for p in status["problems"]] == ["error"] * kept + ["skipped"] * 2

    page = page_text(client.get(status["page_url"]))
    assert "Files that could not be read (2,000) The rest of the upload was imported" in page
    assert f"The first {kept} are listed." in page
    assert "Activities left out (2)" in page and "The first 2 are listed" not in page


def test_the_app_sweeps_its_upload_folder_as_it_starts(web_app):
    """A kill -9 in the middle of an upload left its partial file; the next start removes it."""
    uploads = web_app.state.settings.uploads_folder()
    uploads.mkdir(parents=True)
    left = uploads / "0123456789abcdef.zip.partial"
    left.write_bytes(b"PK" * 1000)
    with TestClient(web_app):
        assert not left.exists()
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700
