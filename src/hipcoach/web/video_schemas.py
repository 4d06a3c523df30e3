"""The JSON shapes of video analyses (issue 19): tests, legs and views are the domain's enums, the statuses
the stored model's (a test keeps the copy equal); the result is ``hipcoach.video.result.VideoResult``'s
JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import VideoTest

VideoStatus = Literal["queued", "running", "done", "refused", "failed"]


class VideoAnalysisPublic(BaseModel):
    id: int
    status: VideoStatus = Field(
        description="refused: the video was read but gives no numbers (message says why and what to do)"
    )
    finished: bool
    test: VideoTest
    side: Side = Field(description="the working leg (stance, front or on the step)")
    view: View
    upload_name: str
    created_at: datetime
    updated_at: datetime
    frames_total: int
    frames_done: int
    message: str
    video_kept: bool
    assessment_id: int | None
    exercise_id: str
    result: dict[str, Any] | None = Field(
        description="once done: the key moment and its angles, the curves, the quality (untrusted "
        "frames) and the runner's key pose; degrees are null where not measured"
    )
    status_url: str
    page_url: str
    key_frame_url: str | None
