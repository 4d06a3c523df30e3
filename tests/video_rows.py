"""A finished video analysis stored without running the pose model: hipcoach's own figure lunging, filmed
from the side (tests/unit/video/figure_clips.py), analysed for real and stored as the job stores it, with a
kept video file. For the tests of pages, access and export that need one in the database."""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np

from hipcoach.content import default_library
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, View
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from hipcoach.video.analyse import analyse_pose
from hipcoach.video.render import key_frame_jpeg
from hipcoach.video.result import VideoResult
from tests.unit.video.figure_clips import HEIGHT, WIDTH, clip, down_and_up, with_someone_else


def figure_lunge(side: Side = Side.RIGHT, passer_by: range = range(0)) -> VideoResult:
    """The lunge analysed; in the frames of ``passer_by`` the model followed someone else."""
    stand, bottom = default_library().illustrations["lunge"].poses
    pose = with_someone_else(clip(down_and_up(stand, bottom, 61), 61, Camera.side()), passer_by)
    return analyse_pose(pose, VideoTest.LUNGE, side, View.SIDE)


def stored_analysis(
    app: Hipcoach,
    profile_id: int,
    upload_name: str,
    *,
    uploads: Path | None = None,
    side: Side = Side.RIGHT,
    assessment_id: int | None = None,
    passer_by: range = range(0),
) -> int:
    """A done lunge analysis of the profile, its video kept in ``uploads`` if given; returns its id."""
    result = figure_lunge(side, passer_by)
    picture = key_frame_jpeg(np.full((HEIGHT, WIDTH, 3), 200, dtype=np.uint8), result)
    stored = ""
    if uploads is not None:
        uploads.mkdir(parents=True, exist_ok=True)
        path = uploads / f"video-{uuid.uuid4().hex}.mp4"
        path.write_bytes(b"a kept video of " + upload_name.encode())
        stored = str(path)
    now = app.now()
    with app.transaction() as db:
        row = m.VideoAnalysis(
            profile_id=profile_id,
            assessment_id=assessment_id,
            exercise_id="",
            created_at=now,
            updated_at=now,
            status="done",
            test=VideoTest.LUNGE.value,
            side=side.value,
            view=View.SIDE.value,
            model="full",
            upload_name=upload_name,
            stored_path=stored,
            keep_video=uploads is not None,
            frames_total=result.frame_count,
            frames_done=result.frame_count,
            message="",
            result=result.to_json(),
            key_frame=picture,
        )
        db.add(row)
        db.flush()
        return row.id
