"""Background imports: an uploaded zip imported end to end, resumed after a restart, refused when huge."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipcoach.importers import parse_bytes
from hipcoach.services import activities, import_jobs
from hipcoach.services.errors import NotFound
from hipcoach.services.import_jobs import Upload, UploadRefused
from hipcoach.services.job_queue import JobRunner
from hipcoach.storage import models as m
from tests.integration.helpers import count, screened_runner
from tests.unit.importers.test_gpx_tcx import gpx


def gpx_run(start: datetime, km: float = 5.0, minutes: int = 30) -> str:
    """A straight run north: ``km`` kilometres (0.009 degrees of latitude ~ 1 km) in ``minutes``."""
    steps = 10
    points = [
        (46.0 + 0.009 * km * i / steps, 14.0, (start + timedelta(minutes=minutes * i / steps)).isoformat())
        for i in range(steps + 1)
    ]
    return gpx([[(lat, lon, when.replace("+00:00", "Z")) for lat, lon, when in points]])


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


FIRST = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)


def runs_zip(n: int = 3, broken: bool = True) -> bytes:
    files: dict[str, str | bytes] = {
        f"runs/{i + 1:02d}.gpx": gpx_run(FIRST + timedelta(days=2 * i), 5 + i) for i in range(n)
    }
    if broken:
        files["runs/broken.gpx"] = "<gpx><trk>no end"
    return zip_of(files)


def test_a_zip_is_imported_end_to_end_and_the_upload_removed(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    job = import_jobs.create_job(app, runner, [Upload("my runs.zip", io.BytesIO(runs_zip()))], uploads)
    assert job.status == "queued" and job.upload_name == "my runs.zip"
    stored = list(uploads.iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".zip"

    seen: list[tuple[str, int]] = []
    original = import_jobs._update

    def spy(app_, job_id, **values):
        original(app_, job_id, **values)
        seen.append((str(values.get("status", "")), int(str(values.get("files_done", -1)))))

    import_jobs._update = spy  # type: ignore[assignment]
    try:
        done = import_jobs.run_job(app, job.id)
    finally:
        import_jobs._update = original  # type: ignore[assignment]
    assert done.status == "done"
    assert (done.files_total, done.files_done, done.runs_added) == (4, 4, 3)
    assert any(files_done > 0 and status == "" for status, files_done in seen), "no progress written"
    assert [p["source"] for p in done.problems] == ["my runs.zip!runs/broken.gpx"]
    assert done.problems[0]["kind"] == "error" and done.problems[0]["reason"]
    assert "3 runs added" in done.message
    assert count(app, m.Activity) == 3
    assert not any(uploads.iterdir()), "the upload was left on disk"
    assert import_jobs.get_job(app, runner, job.id) == done
    assert [j.id for j in import_jobs.list_jobs(app, runner)] == [job.id]


def test_several_files_form_one_job_named_by_their_own_names(app, tmp_path):
    runner = screened_runner(app)
    files = [
        Upload("a.gpx", gpx_run(FIRST).encode()),
        Upload("b.gpx", gpx_run(FIRST + timedelta(days=1), 8).encode()),
        Upload("c.gpx", b"not xml at all"),
    ]
    job = import_jobs.create_job(app, runner, files, tmp_path / "uploads")
    done = import_jobs.run_job(app, job.id)
    assert done.runs_added == 2 and [p["source"] for p in done.problems] == ["c.gpx"]
    assert done.upload_name == "3 files: a.gpx, b.gpx, c.gpx"


def test_another_profiles_job_is_not_found(app, tmp_path):
    ana, bob = screened_runner(app, "Ana"), screened_runner(app, "Bob")
    job = import_jobs.create_job(app, ana, [Upload("a.gpx", gpx_run(FIRST).encode())], tmp_path)
    with pytest.raises(NotFound):
        import_jobs.get_job(app, bob, job.id)
    assert import_jobs.list_jobs(app, bob) == []


def test_a_job_left_running_by_a_restart_is_resumed_without_duplicates(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    job = import_jobs.create_job(app, runner, [Upload("export.zip", runs_zip(4, broken=False))], uploads)
    stored = Path(import_jobs_stored(app, job.id))
    # The first try stored two of the four files before the server stopped mid-job.
    with zipfile.ZipFile(stored) as archive:
        first_two = {name: archive.read(name) for name in sorted(archive.namelist())[:2]}
    outcomes = [parse_bytes(f"{stored}!{name}", data) for name, data in first_two.items()]
    activities.import_outcomes(app, runner, outcomes, files_total=4)
    with app.transaction() as db:
        row = db.get(m.ImportJob, job.id)
        assert row is not None
        row.status, row.files_done, row.files_total, row.runs_added = "running", 2, 4, 2
    assert count(app, m.Activity) == 2

    restarted = JobRunner(inline=True)
    assert restarted.start(app) == [job.id]
    done = import_jobs.get_job(app, runner, job.id)
    assert done.status == "done" and done.runs_added == 4 and done.already_imported == 0
    assert count(app, m.Activity) == 4
    assert not stored.exists()
    restarted.shutdown()
    assert JobRunner(inline=True).start(app) == []  # nothing left to resume


def import_jobs_stored(app, job_id: int) -> str:
    with app.reading() as db:
        row = db.get(m.ImportJob, job_id)
        assert row is not None
        return row.stored_path


def test_a_threaded_runner_imports_and_stops_cleanly(app, tmp_path):
    runner = screened_runner(app)
    jobs = JobRunner()
    jobs.start(app)
    try:
        job = import_jobs.create_job(app, runner, [Upload("r.zip", runs_zip(2))], tmp_path)
        jobs.submit(job.id)
        assert jobs.wait_idle(30)
    finally:
        jobs.shutdown()
    assert import_jobs.get_job(app, runner, job.id).status == "done"
    assert count(app, m.Activity) == 2


def test_an_oversize_upload_is_refused_with_nothing_left_on_disk(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    with pytest.raises(UploadRefused, match="larger than"):
        import_jobs.create_job(
            app, runner, [Upload("big.zip", io.BytesIO(b"x" * 5000))], uploads, max_bytes=4096
        )
    files = [Upload("a.gpx", b"x" * 3000), Upload("b.gpx", b"y" * 3000)]
    with pytest.raises(UploadRefused, match="larger than"):
        import_jobs.create_job(app, runner, files, uploads, max_bytes=4096)
    assert list(uploads.iterdir()) == []
    assert count(app, m.ImportJob) == 0


def test_a_file_that_is_not_an_activity_is_refused_by_its_name(app, tmp_path):
    runner = screened_runner(app)
    with pytest.raises(UploadRefused, match="holiday.jpg"):
        import_jobs.create_job(app, runner, [Upload("holiday.jpg", b"\xff\xd8")], tmp_path / "u")
    assert count(app, m.ImportJob) == 0


def test_a_job_whose_upload_vanished_fails_with_a_message(app, tmp_path):
    runner = screened_runner(app)
    job = import_jobs.create_job(app, runner, [Upload("a.gpx", gpx_run(FIRST).encode())], tmp_path)
    Path(import_jobs_stored(app, job.id)).unlink()
    failed = import_jobs.run_job(app, job.id)
    assert failed.status == "failed" and "upload it again" in failed.message
