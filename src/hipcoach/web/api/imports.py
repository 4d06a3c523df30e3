"""Background imports of activity files: an upload becomes a job, polled until it is done or failed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hipcoach.services import import_jobs
from hipcoach.services.import_jobs import JobView, Upload, UploadRefused
from hipcoach.web import running_schemas as r
from hipcoach.web.api.common import PRIVATE, REFUSED
from hipcoach.web.deps import HipcoachDep, ItemId, Jobs, ProfileId, UploadsDir

router = APIRouter(prefix="/api", tags=["api"])


def job_public(job: JobView) -> r.ImportJobPublic:
    return r.ImportJobPublic(
        id=job.id,
        status=job.status,
        upload_name=job.upload_name,
        created_at=job.created_at,
        updated_at=job.updated_at,
        files_total=job.files_total,
        files_done=job.files_done,
        runs_added=job.runs_added,
        duplicates=job.duplicates,
        already_imported=job.already_imported,
        problems=[r.ProblemPublic(**p) for p in job.problems],
        errors_total=job.errors_total,
        skipped_total=job.skipped_total,
        message=job.message,
        status_url=f"/api/imports/{job.id}",
        page_url=f"/running/import/{job.id}",
    )


@router.post(
    "/imports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=r.ImportJobPublic,
    responses=PRIVATE | REFUSED,
)
async def upload(
    app: HipcoachDep,
    profile_id: ProfileId,
    runner: Jobs,
    uploads_dir: UploadsDir,
    files: Annotated[
        list[UploadFile], File(description="activity files (.fit, .gpx, .tcx, .csv, .gz) or a zip")
    ],
) -> Response:
    """Store the upload and import it in the background; poll ``status_url`` until it is done or failed."""

    def store() -> Response:
        uploads = [Upload(item.filename or "", item.file) for item in files if item.filename]
        try:
            job = import_jobs.create_job(app, profile_id, uploads, uploads_dir)
        except UploadRefused as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        runner.submit(job.id)
        body = job_public(import_jobs.get_job(app, profile_id, job.id))
        return JSONResponse(
            body.model_dump(mode="json"), status_code=202, headers={"Location": body.status_url}
        )

    return await run_in_threadpool(store)


@router.get("/imports/{job_id}", response_model=r.ImportJobPublic, responses=PRIVATE)
def get_import(app: HipcoachDep, profile_id: ProfileId, job_id: ItemId) -> r.ImportJobPublic:
    return job_public(import_jobs.get_job(app, profile_id, job_id))
