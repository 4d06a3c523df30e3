"""The JSON shapes of video analyses (issue 19). The statuses, tests, legs and views are the stored model's
own (one definition each); the result is ``hipcoach.video.result.VideoResult``'s JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

VideoStatus = Literal["queued", "running", "done", "refused", "failed"]


class VideoAnalysisPublic(BaseModel):
    id: int
    status: VideoStatus = Field(
        description="refused: the video was read but gives no numbers (message says why and what to do)"
    )
    finished: bool
    test: str = Field(description="y-balance, lunge, step-up or single-leg-squat")
    side: Literal["left", "right"] = Field(description="the working leg (stance, front or on the step)")
    view: Literal["side", "front"]
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
