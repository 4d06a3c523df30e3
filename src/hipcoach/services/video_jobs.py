"""Video analyses in the background (issue 19): a runner's phone video of a test or exercise becomes joint
angles, the key moment and an annotated key frame.

- :func:`create_analysis` streams the video into the uploads folder (capped; a ``.partial`` name until it is
  complete; nothing is left behind when it is refused) and queues a row. The test, leg and view are checked
  before anything is stored: a test that gives no numbers from the chosen view is refused at once.
- :func:`run_analysis` runs :func:`hipcoach.video.analyse.analyse_video`, writing the frames done to the row
  now and then, and stores the result's JSON and the key frame. The video is deleted afterwards, whatever the
  outcome, unless the runner chose to keep it. A video that decodes but gives no numbers (no one in it, the
  body cut off, the wrong view) ends "refused" with the sentence that says what to do; one that does not
  decode ends "refused" too. Running a finished analysis again returns it as it is; an interrupted one starts
  over (an analysis writes nothing until it is complete).
- :mod:`hipcoach.services.job_queue` runs the jobs, as it runs the imports.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.import_jobs import (
    PARTIAL,
    Upload,
    UploadRefused,
    copy_upload,
    private_folder,
    remove_path,
    size_text,
)
from hipcoach.storage import models as m

log = logging.getLogger(__name__)

# [D] A test's trials fit in a minute or so of 4K phone video (about 6 MB/s at 60 fps); the decoder refuses
# longer clips anyway (hipcoach.video.decode), this only stops an upload that could never be analysed.
MAX_VIDEO_BYTES = 500 * 1024**2
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm", ".mkv", ".3gp")
ACTIVE = ("queued", "running")
FINISHED = ("done", "refused", "failed")
PROGRESS_EVERY_S = 0.5
# The pose model the server runs: the full BlazePose landmark model is faster than real time on two cores
# (bench/video.py); the lite one is kept for slower machines and the CLI's --model.
SERVER_MODEL = "full"
_VIDEO_PACKAGES = ("av", "ai_edge_litert", "scipy", "PIL")


class AnalysisGone(NotFound):
    """The analysis was deleted (with its account, or by its runner) while it waited."""


@dataclass(frozen=True)
class AnalysisView:
    id: int
    profile_id: int
    status: str
    test: str
    side: str
    view: str
    model: str
    upload_name: str
    created_at: datetime
    updated_at: datetime
    frames_total: int
    frames_done: int
    message: str
    keep_video: bool
    video_kept: bool  # the kept video is still there
    assessment_id: int | None
    exercise_id: str
    result: dict[str, Any] | None
    has_key_frame: bool

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.frames_done / self.frames_total) if self.frames_total else 0


def _view(row: m.VideoAnalysis) -> AnalysisView:
    return AnalysisView(
        id=row.id,
        profile_id=row.profile_id,
        status=row.status,
        test=row.test,
        side=row.side,
        view=row.view,
        model=row.model,
        upload_name=row.upload_name,
        created_at=row.created_at,
        updated_at=row.updated_at,
        frames_total=row.frames_total,
        frames_done=row.frames_done,
        message=row.message,
        keep_video=row.keep_video,
        video_kept=bool(row.stored_path) and row.status in FINISHED,
        assessment_id=row.assessment_id,
        exercise_id=row.exercise_id,
        result=row.result,
        has_key_frame=row.key_frame is not None,
    )


def video_analysis_installed() -> bool:
    """Whether this server has the optional extra ``video`` (``pip install hipcoach[video]``)."""
    return all(importlib.util.find_spec(name) is not None for name in _VIDEO_PACKAGES)


def accepted_video_name(name: str) -> bool:
    return name.lower().endswith(VIDEO_SUFFIXES)


@dataclass(frozen=True)
class VideoRequest:
    """What the runner filmed: the test, the working leg and where the phone stood."""

    test: str
    side: str
    view: str
    keep_video: bool = False
    assessment_id: int | None = None
    exercise_id: str = ""

    def checked(self) -> tuple[Any, Side, View]:
        """The request's test, leg and view as the domain's values; InvalidInput names what is wrong."""
        from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest

        try:
            test = VideoTest(self.test)
        except ValueError:
            choices = ", ".join(t.value for t in VideoTest)
            raise InvalidInput(f"choose the test you filmed ({choices})") from None
        try:
            side = Side(self.side)
        except ValueError:
            raise InvalidInput("choose the leg the test is about: left or right") from None
        try:
            view = View(self.view)
        except ValueError:
            raise InvalidInput("choose where the phone stood: side or front") from None
        protocol = PROTOCOLS[test]
        if view not in protocol.views:
            views = " or ".join(v.value for v in protocol.views)
            raise InvalidInput(
                f"the {protocol.name} gives no numbers from the {view.value}: film it from the {views}"
            )
        return test, side, view


def create_analysis(
    app: Hipcoach,
    profile_id: int,
    upload: Upload,
    request: VideoRequest,
    uploads_dir: Path,
    max_bytes: int = MAX_VIDEO_BYTES,
) -> AnalysisView:
    """Store the video and queue its analysis; nothing is kept when it is refused."""
    request.checked()
    if not upload.name:
        raise UploadRefused("choose a video to upload")
    if not accepted_video_name(upload.name):
        raise UploadRefused(
            f"{_shown(upload.name)} is not a video file hipcoach reads (expected "
            + ", ".join(VIDEO_SUFFIXES)
            + ")"
        )
    with app.reading() as db:
        if db.get(m.Profile, profile_id) is None:
            raise NotFound(f"no profile {profile_id}")
        if request.assessment_id is not None:
            assessment = db.get(m.Assessment, request.assessment_id)
            if assessment is None or assessment.profile_id != profile_id:
                raise NotFound(f"no assessment {request.assessment_id} for this profile")
    private_folder(uploads_dir)
    suffix = next(s for s in VIDEO_SUFFIXES if upload.name.lower().endswith(s))
    stored = uploads_dir / f"video-{uuid.uuid4().hex}{suffix}"
    writing = stored.with_name(stored.name + PARTIAL)
    try:
        size = copy_upload(upload, writing, max_bytes)
        if size == 0:
            raise UploadRefused("the video is empty")
        os.replace(writing, stored)
    except UploadRefused as error:
        remove_path(writing)
        if str(error) == "too big":
            raise UploadRefused(
                f"the video is larger than {size_text(max_bytes)}, the limit; film a shorter clip"
            ) from None
        raise
    except BaseException:
        remove_path(writing)
        raise
    try:
        return _queue(app, profile_id, request, _shown(upload.name), stored)
    except BaseException:
        remove_path(stored)
        raise


def _shown(name: str) -> str:
    """The browser's file name as the runner knows it, without folders, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c if c.isprintable() else "_" for c in base)[:200] or "video"


def _queue(app: Hipcoach, profile_id: int, request: VideoRequest, name: str, stored: Path) -> AnalysisView:
    now = app.now()
    with app.transaction() as db:
        row = m.VideoAnalysis(
            profile_id=profile_id,
            assessment_id=request.assessment_id,
            exercise_id=request.exercise_id[:80],
            created_at=now,
            updated_at=now,
            status="queued",
            test=request.test,
            side=request.side,
            view=request.view,
            model=SERVER_MODEL,
            upload_name=name[:255],
            stored_path=str(stored),
            keep_video=request.keep_video,
            frames_total=0,
            frames_done=0,
            message="",
        )
        db.add(row)
        db.flush()
        return _view(row)


def get_analysis(app: Hipcoach, profile_id: int, analysis_id: int) -> AnalysisView:
    """One of this profile's analyses; another profile's is not found, like one that does not exist."""
    with app.reading() as db:
        row = db.get(m.VideoAnalysis, analysis_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no video analysis {analysis_id} for this profile")
        return _view(row)


def key_frame(app: Hipcoach, profile_id: int, analysis_id: int) -> bytes:
    """The annotated key frame (JPEG) of one of this profile's analyses; NotFound without one."""
    with app.reading() as db:
        row = db.get(m.VideoAnalysis, analysis_id)
        if row is None or row.profile_id != profile_id or row.key_frame is None:
            raise NotFound(f"no key frame for video analysis {analysis_id}")
        return row.key_frame


def kept_video(app: Hipcoach, profile_id: int, analysis_id: int) -> tuple[Path, str]:
    """The kept video's path and its name as uploaded; NotFound when it was not kept or is gone."""
    view = get_analysis(app, profile_id, analysis_id)
    with app.reading() as db:
        path = db.get_one(m.VideoAnalysis, analysis_id).stored_path
    if not view.video_kept or not path or not Path(path).is_file():
        raise NotFound(f"the video of analysis {analysis_id} was not kept")
    return Path(path), view.upload_name


def list_analyses(
    app: Hipcoach,
    profile_id: int,
    *,
    test: str | None = None,
    assessment_id: int | None = None,
    limit: int = 50,
) -> list[AnalysisView]:
    """Newest first; ``test`` or ``assessment_id`` narrow the list."""
    query = select(m.VideoAnalysis).where(m.VideoAnalysis.profile_id == profile_id)
    if test is not None:
        query = query.where(m.VideoAnalysis.test == test)
    if assessment_id is not None:
        query = query.where(m.VideoAnalysis.assessment_id == assessment_id)
    with app.reading() as db:
        rows = db.scalars(
            query.order_by(m.VideoAnalysis.created_at.desc(), m.VideoAnalysis.id.desc()).limit(limit)
        )
        return [_view(row) for row in rows]


def other_side(app: Hipcoach, analysis: AnalysisView) -> AnalysisView | None:
    """The newest finished analysis of the same test and view on the other leg: left against right."""
    other = Side(analysis.side).other.value
    with app.reading() as db:
        row = db.scalars(
            select(m.VideoAnalysis)
            .where(
                m.VideoAnalysis.profile_id == analysis.profile_id,
                m.VideoAnalysis.test == analysis.test,
                m.VideoAnalysis.view == analysis.view,
                m.VideoAnalysis.side == other,
                m.VideoAnalysis.status == "done",
            )
            .order_by(m.VideoAnalysis.created_at.desc(), m.VideoAnalysis.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _view(row)


def delete_video(app: Hipcoach, profile_id: int, analysis_id: int) -> AnalysisView:
    """Delete a kept video; the analysis (angles and key frame) stays."""
    view = get_analysis(app, profile_id, analysis_id)
    if not view.finished:
        raise InvalidInput("the video is still being analysed; it is deleted afterwards unless you kept it")
    with app.transaction() as db:
        row = db.get_one(m.VideoAnalysis, analysis_id)
        path, row.stored_path, row.keep_video = row.stored_path, "", False
        row.updated_at = app.now()
    if path:
        remove_path(Path(path))
    return get_analysis(app, profile_id, analysis_id)


def delete_analysis(app: Hipcoach, profile_id: int, analysis_id: int) -> None:
    """Delete an analysis, its key frame and its video. A running one is deleted too: the file it reads stays
    open to it until it ends, then it finds the row gone and ends quietly."""
    get_analysis(app, profile_id, analysis_id)
    with app.transaction() as db:
        row = db.get_one(m.VideoAnalysis, analysis_id)
        path = row.stored_path
        db.delete(row)
    if path:
        remove_path(Path(path))


def stored_videos(app: Hipcoach, user_id: int) -> list[Path]:
    """The videos stored for an account's runner (kept, or waiting): removed when the account goes."""
    with app.reading() as db:
        paths = db.scalars(
            select(m.VideoAnalysis.stored_path)
            .join(m.Profile, m.Profile.id == m.VideoAnalysis.profile_id)
            .where(m.Profile.user_id == user_id, m.VideoAnalysis.stored_path != "")
        )
        return [Path(path) for path in paths]


def pending_analysis_ids(app: Hipcoach) -> list[int]:
    """Analyses a restart left queued or running, oldest first."""
    with app.reading() as db:
        return list(
            db.scalars(
                select(m.VideoAnalysis.id)
                .where(m.VideoAnalysis.status.in_(ACTIVE))
                .order_by(m.VideoAnalysis.id)
            )
        )


def _update(app: Hipcoach, analysis_id: int, **values: object) -> bool:
    """Write ``values`` to the row; False when it is gone (deleted while it ran)."""
    with app.transaction() as db:
        row = db.get(m.VideoAnalysis, analysis_id)
        if row is None:
            return False
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = app.now()
        return True


class _Gone(Exception):
    """The row went while the analysis ran."""


def run_analysis(app: Hipcoach, analysis_id: int, should_stop: Callable[[], bool] | None = None) -> str:
    """Analyse a queued (or interrupted) video; returns the status it ends in ("queued" when stopped, to be
    run again by the next worker). A finished analysis is left as it is. AnalysisGone when the row is gone."""
    from hipcoach.video.analyse import analyse_video
    from hipcoach.video.errors import AnalysisStopped, VideoError
    from hipcoach.video.pose import ModelSize
    from hipcoach.video.render import key_frame_jpeg

    with app.transaction() as db:
        row = db.get(m.VideoAnalysis, analysis_id)
        if row is None:
            raise AnalysisGone(f"no video analysis {analysis_id}")
        if row.status in FINISHED:
            return row.status
        row.status = "running"
        row.frames_done = 0
        row.updated_at = app.now()
        request = VideoRequest(row.test, row.side, row.view, row.keep_video)
        stored, model = Path(row.stored_path), ModelSize(row.model)
    if not stored.is_file():
        gone = "the video is gone; upload it again"
        _update(app, analysis_id, status="failed", stored_path="", message=gone)
        return "failed"
    test, side, view = request.checked()
    last = {"time": 0.0}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last["time"] >= PROGRESS_EVERY_S or done == total:
            if not _update(app, analysis_id, frames_done=done, frames_total=total):
                raise _Gone()
            last["time"] = now

    try:
        result, frame = analyse_video(
            stored, test, side, view, model, progress=progress, should_stop=should_stop
        )
        picture = key_frame_jpeg(frame, result)
    except AnalysisStopped:
        _update(app, analysis_id, status="queued", frames_done=0)
        return "queued"
    except _Gone:
        remove_path(stored)
        raise AnalysisGone(f"no video analysis {analysis_id}") from None
    except VideoError as error:
        return _end(app, analysis_id, stored, request.keep_video, status="refused", message=str(error))
    except Exception as error:  # an analysis must end in a state the runner can read, whatever went wrong
        log.exception("video analysis %s failed", analysis_id)
        message = f"the analysis stopped on an error of hipcoach's ({type(error).__name__}); try again later"
        return _end(app, analysis_id, stored, request.keep_video, status="failed", message=message)
    return _end(
        app,
        analysis_id,
        stored,
        request.keep_video,
        status="done",
        message="",
        result=result.to_json(),
        key_frame=picture,
    )


def _end(app: Hipcoach, analysis_id: int, stored: Path, keep: bool, **values: object) -> str:
    kept = keep and values["status"] == "done"
    if not _update(app, analysis_id, stored_path=str(stored) if kept else "", **values):
        remove_path(stored)
        raise AnalysisGone(f"no video analysis {analysis_id}")
    if not kept:
        remove_path(stored)
    return str(values["status"])
