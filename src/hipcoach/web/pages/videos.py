"""Video joint angles (issue 19): film a test or an exercise, upload it, read the angles.

``/videos/new`` first asks which test and from where the phone films it, then shows how to film it (the
guidance and the ideal key pose) beside the upload form. The upload becomes a background job
(:mod:`hipcoach.services.video_jobs`); its page polls while it runs and shows the results when it is done: the
key values, the runner's key pose as hipcoach's figure beside the ideal one, the key frame with the skeleton
drawn over it, the angle curves, left against right, and which frames were not trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, RedirectResponse

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import PROTOCOLS, Protocol, VideoTest
from hipcoach.services import video_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.import_jobs import Upload, UploadRefused
from hipcoach.services.video_jobs import AnalysisView, VideoRequest
from hipcoach.web.deps import MAX_ROW_ID, HipcoachDep, ItemId, Jobs, ProfileId, UploadsDir
from hipcoach.web.pages.common import sentence
from hipcoach.web.templating import render
from hipcoach.web.video_results import PRIVATE_MEDIA, analysis_context, ideal_figure

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Choice:
    """One test filmed from one view, as the chooser lists it."""

    protocol: Protocol
    view: View

    @property
    def query(self) -> str:
        return f"test={self.protocol.test.value}&view={self.view.value}"


def choices() -> list[Choice]:
    return [Choice(protocol, view) for protocol in PROTOCOLS.values() for view in protocol.views]


def _test(value: str | None) -> VideoTest | None:
    try:
        return VideoTest(value) if value else None
    except ValueError:
        return None


def _view(value: str | None) -> View | None:
    try:
        return View(value) if value else None
    except ValueError:
        return None


def _new_page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    *,
    test: VideoTest | None,
    view: View | None,
    side: str = "",
    keep: bool = False,
    assessment_id: int | None = None,
    exercise_id: str = "",
    error: str | None = None,
) -> Response:
    installed = video_jobs.video_analysis_installed()
    protocol = PROTOCOLS[test] if test is not None else None
    if protocol is not None and (view is None or view not in protocol.views):
        view = protocol.views[0] if view is None else view
    ready = protocol is not None and view is not None and view in protocol.views
    return render(
        request,
        "videos/new.html",
        status_code=400 if error else 200,
        installed=installed,
        choices=choices(),
        protocol=protocol,
        view=view,
        ready=ready,
        wrong_view=protocol is not None and view is not None and view not in protocol.views,
        guidance=protocol.filming.get(view, ()) if protocol is not None and view is not None else (),
        figure=ideal_figure(app, protocol.test, view) if ready and protocol is not None and view else None,
        side=side,
        keep=keep,
        assessment_id=assessment_id,
        exercise_id=exercise_id,
        error=error,
        limit_mb=video_jobs.MAX_VIDEO_BYTES // 1024**2,
        accept=",".join(["video/*", *video_jobs.VIDEO_SUFFIXES]),
        sides=list(Side),
    )


@router.get("/videos")
def video_list(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    return render(
        request,
        "videos/list.html",
        items=[_summary(item) for item in video_jobs.list_analyses(app, profile_id)],
        deleted=request.query_params.get("deleted") == "1",
    )


@router.get("/videos/new")
def new_video(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    test: Annotated[str | None, Query(max_length=40)] = None,
    view: Annotated[str | None, Query(max_length=10)] = None,
    side: Annotated[str, Query(max_length=10)] = "",
    assessment: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
    exercise: Annotated[str, Query(max_length=80)] = "",
) -> Response:
    """Without a test: choose one. With a test (and a view): how to film it, and the upload form."""
    return _new_page(
        request,
        app,
        profile_id,
        test=_test(test),
        view=_view(view),
        side=side if side in {s.value for s in Side} else "",
        assessment_id=assessment,
        exercise_id=exercise if exercise in app.library.exercises else "",
    )


@router.post("/videos")
def upload_video(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    jobs: Jobs,
    uploads_dir: UploadsDir,
    test: Annotated[str, Form(max_length=40)] = "",
    view: Annotated[str, Form(max_length=10)] = "",
    side: Annotated[str, Form(max_length=10)] = "",
    keep_video: Annotated[bool, Form()] = False,
    assessment: Annotated[int | None, Form(ge=1, le=MAX_ROW_ID)] = None,
    exercise: Annotated[str, Form(max_length=80)] = "",
    video: Annotated[UploadFile | None, File()] = None,
) -> Response:
    exercise = exercise if exercise in app.library.exercises else ""
    if not video_jobs.video_analysis_installed():
        return _new_page(request, app, profile_id, test=_test(test), view=_view(view), error=NOT_INSTALLED)
    upload = Upload(video.filename or "", video.file) if video is not None else Upload("", b"")
    request_ = VideoRequest(test, side, view, keep_video, assessment, exercise)
    try:
        analysis = video_jobs.create_analysis(app, profile_id, upload, request_, uploads_dir)
    except (UploadRefused, InvalidInput) as error:
        return _new_page(
            request,
            app,
            profile_id,
            test=_test(test),
            view=_view(view),
            side=side,
            keep=keep_video,
            assessment_id=assessment,
            exercise_id=exercise,
            error=sentence(error),
        )
    jobs.submit(analysis.id, "video")
    return RedirectResponse(f"/videos/{analysis.id}", status_code=303)


NOT_INSTALLED = (
    "Video analysis is not installed on this server: it needs hipcoach's optional part 'video' "
    "(pip install 'hipcoach[video]')."
)


@router.get("/videos/{analysis_id:int}")
def video_page(request: Request, app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> Response:
    analysis = video_jobs.get_analysis(app, profile_id, analysis_id)
    context = analysis_context(app, analysis, f"/videos/{analysis.id}", f"/api/videos/{analysis.id}")
    return render(request, "videos/analysis.html", **context)


def _summary(item: AnalysisView) -> dict[str, Any]:
    protocol = PROTOCOLS[VideoTest(item.test)]
    values = ""
    if item.status == "done" and item.result is not None:
        moment = item.result.get("moment")
        if isinstance(moment, dict):
            parts = []
            for value in moment.get("values", []):
                degrees = value.get("degrees")
                label = value.get("angle", "").replace("_", " ")
                parts.append(f"{label} {degrees:.0f}°" if isinstance(degrees, int | float) else f"{label} —")
            values = ", ".join(parts)
    return {"item": item, "name": protocol.name, "side_label": protocol.side_label, "values": values}


@router.get("/videos/{analysis_id:int}/key-frame.jpg")
def key_frame(app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> Response:
    picture = video_jobs.key_frame(app, profile_id, analysis_id)
    return Response(picture, media_type="image/jpeg", headers=PRIVATE_MEDIA)


@router.get("/videos/{analysis_id:int}/video")
def kept_video(app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> Response:
    path, name = video_jobs.kept_video(app, profile_id, analysis_id)
    return FileResponse(path, filename=name, headers=PRIVATE_MEDIA)


@router.get("/videos/{analysis_id:int}/delete-video")
def confirm_delete_video(
    request: Request, app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId
) -> Response:
    analysis = video_jobs.get_analysis(app, profile_id, analysis_id)
    if not analysis.video_kept:
        return RedirectResponse(f"/videos/{analysis_id}", status_code=303)
    return render(request, "videos/delete_video.html", analysis=analysis)


@router.post("/videos/{analysis_id:int}/delete-video")
def delete_kept_video(app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> Response:
    video_jobs.delete_video(app, profile_id, analysis_id)
    return RedirectResponse(f"/videos/{analysis_id}", status_code=303)


@router.get("/videos/{analysis_id:int}/delete")
def confirm_delete(
    request: Request, app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId
) -> Response:
    analysis = video_jobs.get_analysis(app, profile_id, analysis_id)
    test_name = PROTOCOLS[VideoTest(analysis.test)].name
    return render(request, "videos/delete.html", analysis=analysis, test_name=test_name)


@router.post("/videos/{analysis_id:int}/delete")
def delete(app: HipcoachDep, profile_id: ProfileId, analysis_id: ItemId) -> Response:
    video_jobs.delete_analysis(app, profile_id, analysis_id)
    return RedirectResponse("/videos?deleted=1", status_code=303)
