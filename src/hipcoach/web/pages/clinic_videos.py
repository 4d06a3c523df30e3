"""A runner's video analyses as their clinician reads them (issue 19): the same page the runner sees, without
the changes, and the key-frame picture. Read through ``CaredRunnerId``: without the runner's consent the
answer is 404, and each read is written to the runner's "who looked at my data" log. A kept video file is
the runner's to download, not the clinician's: the angles and the key frame are what the clinician reads."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hipcoach.services import runner_record, video_jobs
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep, ItemId
from hipcoach.web.templating import render
from hipcoach.web.video_results import PRIVATE_MEDIA, analysis_context

router = APIRouter(prefix="/clinic/runners/{runner_id}", include_in_schema=False)


@router.get("/videos/{analysis_id:int}", summary="a video analysis of yours")
def runner_video(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, analysis_id: ItemId
) -> Response:
    analysis = video_jobs.get_analysis(app, runner_id, analysis_id)
    base = f"/clinic/runners/{runner_id}/videos/{analysis.id}"
    context = analysis_context(app, analysis, base, "", owner=False)
    runner = runner_record.runner_header(app, clinician, runner_id)
    return render(request, "clinic/runner_video.html", runner=runner, **context)


@router.get("/videos/{analysis_id:int}/key-frame.jpg", summary="the key-frame picture of a video of yours")
def runner_video_key_frame(
    app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, analysis_id: ItemId
) -> Response:
    picture = video_jobs.key_frame(app, runner_id, analysis_id)
    return Response(picture, media_type="image/jpeg", headers=PRIVATE_MEDIA)
