"""Video analyses in the background (issue 19): stored, analysed once, stopped and resumed, deleted, and the
uploads folder's sweep keeping what an analysis still needs. The clip is 3 s of the real demo video."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from hipcoach.services import import_jobs, video_jobs
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.import_jobs import Upload, UploadRefused
from hipcoach.services.job_queue import JobRunner
from hipcoach.services.video_jobs import AnalysisGone, VideoRequest
from hipcoach.video.result import VideoResult
from tests.integration.helpers import screened_runner
from tests.video_mannequin import HEIGHT, SQUAT_FRAMES, WIDTH, figure_clip

LUNGE = VideoRequest("lunge", "right", "side")


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    return figure_clip(tmp_path_factory.mktemp("clip") / "clip.mp4").read_bytes()


def queued(app, uploads: Path, clip: bytes, request: VideoRequest = LUNGE) -> tuple[int, int]:
    runner = screened_runner(app)
    analysis = video_jobs.create_analysis(
        app, runner, Upload("my lunge.mp4", io.BytesIO(clip)), request, uploads
    )
    return runner, analysis.id


def test_a_video_is_analysed_with_progress_and_deleted_afterwards(app, tmp_path, clip):
    uploads = tmp_path / "uploads"
    runner, analysis_id = queued(app, uploads, clip)
    waiting = video_jobs.get_analysis(app, runner, analysis_id)
    assert waiting.status == "queued" and waiting.upload_name == "my lunge.mp4" and not waiting.video_kept
    assert [p.suffix for p in uploads.iterdir()] == [".mp4"]
    seen: list[int] = []
    original = video_jobs._update

    def spy(app_, id_, **values):
        if "frames_done" in values:
            seen.append(int(str(values["frames_done"])))
        return original(app_, id_, **values)

    video_jobs._update = spy  # type: ignore[assignment]
    try:
        assert video_jobs.run_analysis(app, analysis_id) == "done"
    finally:
        video_jobs._update = original  # type: ignore[assignment]
    assert seen[-1] == SQUAT_FRAMES and len(seen) >= 2, f"progress written {seen}"
    done = video_jobs.get_analysis(app, runner, analysis_id)
    assert (done.status, done.frames_done, done.frames_total) == ("done", SQUAT_FRAMES, SQUAT_FRAMES)
    assert done.result is not None
    result = VideoResult.from_json(done.result)
    assert (
        result.frame_count == SQUAT_FRAMES and result.test.value == "lunge" and result.side.value == "right"
    )
    picture = Image.open(io.BytesIO(video_jobs.key_frame(app, runner, analysis_id)))
    assert picture.format == "JPEG" and picture.size == (WIDTH, HEIGHT)  # a small frame is not enlarged
    assert not any(uploads.iterdir()), "the video was left on disk"
    assert video_jobs.run_analysis(app, analysis_id) == "done"  # a finished analysis is left as it is
    assert video_jobs.get_analysis(app, runner, analysis_id) == done


def test_a_kept_video_stays_until_deleted_and_the_analysis_then_stays_without_it(app, tmp_path, clip):
    uploads = tmp_path / "uploads"
    keep = VideoRequest("lunge", "right", "side", keep_video=True)
    runner, analysis_id = queued(app, uploads, clip, keep)
    video_jobs.run_analysis(app, analysis_id)
    path, name = video_jobs.kept_video(app, runner, analysis_id)
    assert path.read_bytes() == clip and name == "my lunge.mp4"
    assert import_jobs.remove_orphans(app, uploads) == []  # the start-up sweep keeps it
    video_jobs.delete_video(app, runner, analysis_id)
    assert not path.exists()
    after = video_jobs.get_analysis(app, runner, analysis_id)
    assert after.status == "done" and not after.video_kept and after.result is not None
    with pytest.raises(NotFound):
        video_jobs.kept_video(app, runner, analysis_id)


def test_a_stopping_worker_leaves_it_queued_with_its_video_and_the_next_run_finishes_it(app, tmp_path, clip):
    uploads = tmp_path / "uploads"
    runner, analysis_id = queued(app, uploads, clip)
    assert video_jobs.run_analysis(app, analysis_id, should_stop=lambda: True) == "queued"
    stopped = video_jobs.get_analysis(app, runner, analysis_id)
    assert stopped.status == "queued" and stopped.result is None
    assert len(list(uploads.iterdir())) == 1
    assert import_jobs.remove_orphans(app, uploads) == []  # a waiting video is not an orphan
    assert video_jobs.pending_analysis_ids(app) == [analysis_id]
    jobs = JobRunner(inline=True)
    assert jobs.start(app) == [analysis_id]  # a restart resumes it
    assert video_jobs.get_analysis(app, runner, analysis_id).status == "done"
    jobs.shutdown()


def test_an_analysis_deleted_while_it_waits_takes_its_video_and_its_job_ends_quietly(app, tmp_path, clip):
    uploads = tmp_path / "uploads"
    runner, analysis_id = queued(app, uploads, clip)
    video_jobs.delete_analysis(app, runner, analysis_id)
    assert not any(uploads.iterdir())
    with pytest.raises(AnalysisGone):
        video_jobs.run_analysis(app, analysis_id)
    jobs = JobRunner(inline=True)
    jobs.start(app)
    jobs.submit(analysis_id, "video")  # the queue had it: nothing to run, nothing raised
    jobs.shutdown()


def test_a_file_that_does_not_decode_is_refused_with_the_reason_and_removed(app, tmp_path):
    uploads = tmp_path / "uploads"
    runner, analysis_id = queued(app, uploads, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000)
    assert video_jobs.run_analysis(app, analysis_id) == "refused"
    refused = video_jobs.get_analysis(app, runner, analysis_id)
    assert "video" in refused.message.lower() and refused.result is None and not refused.has_key_frame
    assert not any(uploads.iterdir())


@pytest.mark.parametrize(
    ("name", "request_", "message"),
    [
        ("notes.txt", LUNGE, "notes.txt is not a video file"),
        ("reach.mp4", VideoRequest("y-balance", "left", "front"), "film it from the side"),
        ("a.mp4", VideoRequest("lunge", "both", "side"), "left or right"),
        ("a.mp4", VideoRequest("lunge", "left", "above"), "side or front"),
        ("", LUNGE, "choose a video"),
    ],
)
def test_a_wrong_request_is_refused_before_anything_is_stored(app, tmp_path, name, request_, message):
    uploads = tmp_path / "uploads"
    runner = screened_runner(app)
    with pytest.raises((UploadRefused, InvalidInput), match=message):
        video_jobs.create_analysis(app, runner, Upload(name, b"data"), request_, uploads)
    assert video_jobs.list_analyses(app, runner) == []
    assert not uploads.exists() or not any(uploads.iterdir())


def test_a_video_over_the_limit_is_refused_and_nothing_is_left(app, tmp_path):
    uploads = tmp_path / "uploads"
    runner = screened_runner(app)
    with pytest.raises(UploadRefused, match="larger than 1 MB"):
        video_jobs.create_analysis(
            app, runner, Upload("long.mp4", b"x" * (2 * 1024**2)), LUNGE, uploads, max_bytes=1024**2
        )
    assert list(uploads.iterdir()) == []


def test_another_profiles_analysis_is_not_found(app, tmp_path, clip):
    runner, analysis_id = queued(app, tmp_path / "uploads", clip)
    other = screened_runner(app, "Bo")
    for read in (
        video_jobs.get_analysis,
        video_jobs.key_frame,
        video_jobs.kept_video,
        video_jobs.delete_video,
    ):
        with pytest.raises(NotFound):
            read(app, other, analysis_id)
    with pytest.raises(NotFound):
        video_jobs.delete_analysis(app, other, analysis_id)
    assert video_jobs.get_analysis(app, runner, analysis_id).status == "queued"


def test_the_statuses_written_again_for_the_api_and_the_export_are_the_stored_models():
    from typing import get_args

    from hipcoach.services import transfer_schema
    from hipcoach.storage import models as m
    from hipcoach.web.video_schemas import VideoStatus

    assert get_args(VideoStatus) == m.VIDEO_STATUSES
    exported = get_args(transfer_schema.VideoAnalysisOut.model_fields["status"].annotation)
    assert exported == transfer_schema.EXPORTED_VIDEO_STATUSES == video_jobs.FINISHED
