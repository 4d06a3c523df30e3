"""Imports under stress (issue 14): a bad archive's problems stay small, a killed upload leaves nothing
behind, the upload folder is the server's alone, and the export does not say where it is."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from hipcoach.services import import_jobs
from hipcoach.services.import_jobs import Upload
from hipcoach.services.job_queue import JobRunner
from hipcoach.services.transfer import export_profile
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database
from tests.integration.helpers import screened_runner
from tests.integration.test_service_import_jobs import FIRST, gpx_run
from tests.unit.importers.test_gpx_tcx import gpx


def bad_archive(errors: int, rides: int = 0) -> bytes:
    """``errors`` entries that are not GPX at all, and ``rides`` well-formed rides (left out: not running)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(errors):
            archive.writestr(f"bad/{i:06d}.gpx", b"x")
        for i in range(rides):
            points = [[(46.0, 14.0, "2026-10-05T06:30:00Z"), (46.01, 14.0, f"2026-10-05T07:{i:02d}:00Z")]]
            archive.writestr(f"rides/{i:02d}.gpx", gpx(points, type_="cycling", name=f"Ride {i}"))
    return buffer.getvalue()


def stored_problems(app, job_id: int) -> list[dict[str, str]]:
    with app.reading() as db:
        row = db.get(m.ImportJob, job_id)
        assert row is not None
        return list(row.problems)


def test_a_bad_archive_keeps_its_counts_and_only_the_first_problems(app, tmp_path):
    """2,000 unreadable files: the job says 2,000, lists the first 100, and its row stays a few KB."""
    runner = screened_runner(app)
    archive = bad_archive(2000, rides=3)
    job = import_jobs.create_job(app, runner, [Upload("export.zip", archive)], tmp_path / "uploads")
    done = import_jobs.run_job(app, job.id)
    kept = import_jobs.MAX_PROBLEMS_KEPT
    assert done.status == "done" and done.files_total == 2003
    assert (done.errors_total, done.skipped_total) == (2000, 3)
    errors = [p for p in done.problems if p["kind"] == "error"]
    assert [p["source"] for p in errors] == [f"export.zip!bad/{i:06d}.gpx" for i in range(kept)]
    assert [p["kind"] for p in done.problems].count("skipped") == 3
    assert "2000 files could not be read" in done.message
    assert len(json.dumps(stored_problems(app, job.id))) < 200 * kept  # was ~150 bytes for every file


@pytest.mark.parametrize(("errors", "listed"), [(2, 2), (3, 3), (4, 3)])
def test_the_problems_kept_stop_at_the_constant(app, tmp_path, monkeypatch, errors, listed):
    """Just below, at and just above the number kept (moved to 3 here): the count is always the whole."""
    monkeypatch.setattr(import_jobs, "MAX_PROBLEMS_KEPT", 3)
    runner = screened_runner(app)
    job = import_jobs.create_job(app, runner, [Upload("e.zip", bad_archive(errors))], tmp_path / "uploads")
    done = import_jobs.run_job(app, job.id)
    assert done.errors_total == errors
    assert len([p for p in done.problems if p["kind"] == "error"]) == listed
    assert import_jobs.get_job(app, runner, job.id) == done  # read back from the row, the same


def test_a_job_stored_before_the_counts_reads_its_problems_as_they_are(app, tmp_path):
    runner = screened_runner(app)
    job = import_jobs.create_job(app, runner, [Upload("a.gpx", b"x")], tmp_path / "uploads")
    import_jobs.run_job(app, job.id)
    old_style = [{"source": "a.gpx", "reason": "not a GPX file", "kind": "error"}]
    with app.transaction() as db:
        row = db.get(m.ImportJob, job.id)
        assert row is not None
        row.problems = old_style
    view = import_jobs.get_job(app, runner, job.id)
    assert (view.problems, view.errors_total, view.skipped_total) == (old_style, 1, 0)


# --- a killed server: partial uploads and uploads no job reads ---------------------------------------------


class Interrupted(Exception):
    """The connection dropped (or the server was killed) in the middle of an upload."""


class BreaksHalfway(io.RawIOBase):
    """A stream that gives some bytes and then fails, as an upload cut off mid-way."""

    def __init__(self, good: bytes) -> None:
        self.good = good
        self.given = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self.given:
            self.given = True
            return self.good
        raise Interrupted()


def test_an_upload_is_written_under_a_temporary_name_until_it_is_complete(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    names_while_writing: list[list[str]] = []

    class Watched(io.RawIOBase):
        chunks = [gpx_run(FIRST).encode(), b""]

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            names_while_writing.append(sorted(p.name for p in uploads.iterdir()))
            return self.chunks.pop(0)

    job = import_jobs.create_job(app, runner, [Upload("run.gpx", Watched())], uploads)  # type: ignore[arg-type]
    final = Path(stored_path(app, job.id))
    assert final.parent == uploads and final.exists() and final.suffix == ".gpx"
    assert all(
        names and all(n != final.name and n.endswith(".partial") for n in names)
        for names in names_while_writing
    )


def test_an_upload_cut_off_leaves_no_file_and_no_job(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    with pytest.raises(Interrupted):
        import_jobs.create_job(app, runner, [Upload("big.zip", BreaksHalfway(b"PK" * 1000))], uploads)  # type: ignore[arg-type]
    assert list(uploads.iterdir()) == []


def test_a_start_removes_uploads_that_no_waiting_job_reads(app, tmp_path):
    """What a kill -9 leaves: a partial upload, an upload whose job finished but was not removed yet."""
    runner = screened_runner(app)
    uploads = tmp_path / "uploads"
    waiting = import_jobs.create_job(app, runner, [Upload("a.gpx", gpx_run(FIRST).encode())], uploads)
    finished = import_jobs.create_job(app, runner, [Upload("b.gpx", b"x")], uploads)
    with app.transaction() as db:
        row = db.get(m.ImportJob, finished.id)
        assert row is not None
        row.status = "done"
    partial = uploads / "0123456789abcdef.zip.partial"
    partial.write_bytes(b"PK" * 50_000)
    left_folder = uploads / ".0123.partial"
    left_folder.mkdir()
    (left_folder / "x.gpx").write_bytes(b"x")

    jobs = JobRunner(inline=True)
    assert jobs.start(app, uploads_dir=uploads) == [waiting.id]
    jobs.shutdown()
    assert list(uploads.iterdir()) == []  # the waiting job ran (and removed its file); the rest were swept
    assert import_jobs.get_job(app, runner, waiting.id).runs_added == 1


def test_the_upload_folder_and_its_files_are_private(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "data" / "uploads"
    several = [Upload("a.gpx", b"<gpx/>"), Upload("b.gpx", b"<gpx/>")]
    one = import_jobs.create_job(app, runner, [Upload("a.gpx", b"<gpx/>")], uploads)
    folder = import_jobs.create_job(app, runner, several, uploads)
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(stored_path(app, one.id)).stat().st_mode) == 0o600
    stored = Path(stored_path(app, folder.id))
    assert stat.S_IMODE(stored.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in stored.iterdir()} == {0o600}


def test_a_start_makes_an_existing_upload_folder_private(app, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir(mode=0o755)
    uploads.chmod(0o755)
    jobs = JobRunner(inline=True)
    jobs.start(app, uploads_dir=uploads)
    jobs.shutdown()
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700


def stored_path(app, job_id: int) -> str:
    with app.reading() as db:
        row = db.get(m.ImportJob, job_id)
        assert row is not None
        return row.stored_path


def test_the_export_does_not_reveal_where_the_server_keeps_uploads(app, tmp_path):
    runner = screened_runner(app)
    uploads = tmp_path / "srv" / "hipcoach" / "uploads"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("activities/1.gpx", gpx_run(FIRST))
    one = import_jobs.create_job(app, runner, [Upload("export.zip", archive.getvalue())], uploads)
    import_jobs.run_job(app, one.id)
    several = [Upload("a.gpx", gpx_run(FIRST.replace(day=7)).encode()), Upload("b.gpx", b"x")]
    import_jobs.run_job(app, import_jobs.create_job(app, runner, several, uploads).id)

    exported = export_profile(app, runner)
    text = json.dumps(exported)
    assert str(tmp_path) not in text and "uploads" not in text
    sources = [run["source"] for run in exported["runs"]]
    assert len(sources) == 2
    assert sources[0].endswith(".zip!activities/1.gpx") and sources[1] == "a.gpx"


def test_a_new_sqlite_database_file_is_private(tmp_path):
    path = tmp_path / "new" / "hipcoach.db"
    path.parent.mkdir()
    engine = open_database(f"sqlite:///{path}")
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for companion in path.parent.glob("hipcoach.db-*"):  # WAL files, while they exist, as private
        assert stat.S_IMODE(companion.stat().st_mode) == 0o600
