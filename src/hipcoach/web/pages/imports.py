"""Importing activity files: the upload form, and each import's status page.

An upload becomes a background job (:mod:`hipcoach.services.import_jobs`); its status page polls the JSON
status while it runs, and names every file that could not be read, with the reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from hipcoach.services import import_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.import_jobs import Upload, UploadRefused
from hipcoach.web.deps import HipcoachDep, ItemId, Jobs, ProfileId, UploadsDir
from hipcoach.web.pages.common import sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)


def _import_form(request: Request, app: Hipcoach, profile_id: int, error: str | None = None) -> Response:
    return render(
        request,
        "running/import.html",
        status_code=400 if error else 200,
        error=error,
        jobs=import_jobs.list_jobs(app, profile_id),
        limit=import_jobs.MAX_UPLOAD_BYTES // 1024**3,
    )


@router.get("/running/import")
def import_form(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    return _import_form(request, app, profile_id)


@router.post("/running/import")
def upload(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    runner: Jobs,
    uploads_dir: UploadsDir,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    # Declared as a parameter, the form is parsed by FastAPI, which also closes its spooled files afterwards.
    uploads = [Upload(item.filename or "", item.file) for item in files or [] if item.filename]
    try:
        job = import_jobs.create_job(app, profile_id, uploads, uploads_dir)
    except UploadRefused as error:
        return _import_form(request, app, profile_id, sentence(error))
    runner.submit(job.id)
    return RedirectResponse(f"/running/import/{job.id}", status_code=303)


@router.get("/running/import/{job_id:int}")
def import_status(request: Request, app: HipcoachDep, profile_id: ProfileId, job_id: ItemId) -> Response:
    job = import_jobs.get_job(app, profile_id, job_id)
    errors = [p for p in job.problems if p.get("kind") == "error"]
    skipped = [p for p in job.problems if p.get("kind") != "error"]
    return render(request, "running/status.html", job=job, errors=errors, skipped=skipped)
