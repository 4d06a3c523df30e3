"""An upload through the web app, run by the queue its database calls for (issue 20): the app process's own
thread on SQLite, procrastinate with the app process's own worker on PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from hipcoach.services.job_queue import JobRunner, ProcrastinateQueue
from tests.integration.test_service_import_jobs import gpx_run, zip_of
from tests.video_mannequin import SQUAT_FRAMES, figure_clip
from tests.web.conftest import csrf
from tests.web.pages import runner

FIRST = datetime(2026, 9, 7, 6, 30, tzinfo=UTC)
JOB_TIMEOUT_S = 60


def test_an_upload_is_imported_by_the_queue_of_its_database_and_polled_to_the_end(web_app, signed_in):
    web_app.state.job_runner = None  # chosen on start, as a served app does
    client = runner(signed_in, "queued@example.com")
    dialect = web_app.state.hipcoach.engine.dialect.name
    expected = ProcrastinateQueue if dialect == "postgresql" else JobRunner
    assert isinstance(web_app.state.job_runner, expected)

    archive = zip_of({f"runs/{i}.gpx": gpx_run(FIRST + timedelta(days=2 * i), 6) for i in range(4)})
    response = client.post(
        "/api/imports",
        files={"files": ("week.zip", archive, "application/zip")},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 202, response.text
    status_url = response.headers["Location"]
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while (job := client.get(status_url).json())["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, f"the import did not finish: {job}"
        time.sleep(0.05)
    assert (job["status"], job["runs_added"]) == ("done", 4), job
    assert len(client.get("/api/runs").json()) == 4


def test_a_video_is_analysed_by_the_queue_of_its_database_and_polled_to_the_end(web_app, signed_in, tmp_path):
    web_app.state.job_runner = None  # chosen on start, as a served app does
    clip = figure_clip(tmp_path / "lunge.mp4").read_bytes()
    client = runner(signed_in, "filmed@example.com")
    response = client.post(
        "/api/videos",
        data={"test": "lunge", "side": "right", "view": "side"},
        files={"video": ("lunge.mp4", clip, "video/mp4")},
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 202, response.text
    status_url = response.headers["Location"]
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while not (analysis := client.get(status_url).json())["finished"]:
        assert time.monotonic() < deadline, f"the analysis did not finish: {analysis}"
        time.sleep(0.05)
    assert analysis["status"] == "done" and analysis["frames_done"] == SQUAT_FRAMES, analysis
    assert analysis["result"]["moment"]["name"] == "lunge bottom"
