"""Video analyses (issue 19): a video upload becomes a background analysis, polled until it is finished."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hipcoach.services import video_jobs
from hipcoach.services.errors import InvalidInput
from hipcoach.services.import_jobs import Upload, UploadRefused
from hipcoach.services.video_jobs import AnalysisView, VideoRequest
from hipcoach.web import video_schemas as v
from hipcoach.web.api.common import PRIVATE, REFUSED
from hipcoach.web.deps import MAX_ROW_ID, HipcoachDep, ItemId, Jobs, ProfileId, UploadsDir

router = APIRouter(prefix="/api", tags=["api"])


def analysis_public(item: AnalysisView) -> v.VideoAnalysisPublic:
    return v.VideoAnalysisPublic(
        id=item.id,
        status=item.status,
        finished=item.finished,
        test=item.test,
        side=item.side,
        view=item.view,
        upload_name=item.upload_name,
        created_at=item.created_at,
        updated_at=item.updated_at,
        frames_total=item.frames_total,
        frames_done=item.frames_done,
        message=item.message,
        video_kept=item.video_kept,
        assessment_id=item.assessment_id,
        exercise_id=item.exercise_id,
        result=item.result,
        status_url=f"/api/videos/{item.id}",
        page_url=f"/videos/{item.id}",
        key_frame_url=f"/videos/{item.id}/key-frame.jpg" if item.has_key_frame else None,
    )


@router.get("/videos", response_model=list[v.VideoAnalysisPublic], responses=PRIVATE)
def list_videos(app: HipcoachDep, profile_id: ProfileId) -> list[v.VideoAnalysisPublic]:
    """Your video analyses, newest first."""
    return [analysis_public(item) for item in video_jobs.list_analyses(app, profile_id)]


@router.post(
    "/videos",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=v.VideoAnalysisPublic,
    responses=PRIVATE | REFUSED,
)
async def upload_video(
    app: HipcoachDep,
    profile_id: ProfileId,
    jobs: Jobs,
    uploads_dir: UploadsDir,
    video: Annotated[UploadFile, File(description="a phone video (MP4, MOV, WebM), at most 90 s")],
    test: Annotated[str, Form(max_length=40, description="y-balance, lunge, step-up or single-leg-squat")],
    side: Annotated[str, Form(max_length=10, description="the working leg: left or right")],
    view: Annotated[str, Form(max_length=10, description="where the phone stood: side or front")],
    keep_video: Annotated[bool, Form(description="keep the video after the analysis")] = False,
    assessment_id: Annotated[int | None, Form(ge=1, le=MAX_ROW_ID)] = None,
) -> Response:
    """Store the video and analyse it in the background; poll ``status_url`` until ``finished``."""

    def store() -> Response:
        if not video_jobs.video_analysis_installed():
            detail = "video analysis is not installed on this server (pip install 'hipcoach[video]')"
            return JSONResponse({"detail": detail}, status_code=400)
        upload = Upload(video.filename or "", video.file)
        request = VideoRequest(test, side, view, keep_video, assessment_id)
        try:
            item = video_jobs.create_analysis(app, profile_id, upload, request, uploads_dir)
        except (UploadRefused, InvalidInput) as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        jobs.submit(item.id, "video")
        body = analysis_public(video_jobs.get_analysis(app, profile_id, item.id))
        return JSONResponse(
            body.model_dump(mode="json"), status_code=202, headers={"Location": body.status_url}
        )

    return await run_in_threadpool(store)


@router.get("/videos/{analysis_id}", response_model=v.VideoAnalysisPublic, responses=PRIVATE)
def get_video(app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> v.VideoAnalysisPublic:
    return analysis_public(video_jobs.get_analysis(app, profile_id, analysis_id))
