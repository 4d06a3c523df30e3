"""The running API: load, runs, background imports and the training week, for the signed-in runner.

As everywhere in the API, the profile comes from the account: another runner's run or import is a 404.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hipcoach.domain.load import DEFAULT_WEEKS_SHOWN
from hipcoach.domain.week import DayKind
from hipcoach.services import activities, import_jobs, load, runner_time
from hipcoach.services.activities import RunView
from hipcoach.services.errors import InvalidInput
from hipcoach.services.import_jobs import JobView, Upload, UploadRefused
from hipcoach.services.onboarding import profile_id_of
from hipcoach.web import running_schemas as r
from hipcoach.web.deps import HipcoachDep, ItemId, Runner
from hipcoach.web.routes.api import PRIVATE, evidence_public
from hipcoach.web.routes.running import calendar_download, job_runner, uploads_dir

router = APIRouter(prefix="/api", tags=["api"])

REFUSED: dict[int | str, dict[str, Any]] = {400: {"description": "the change was refused; nothing saved"}}


def run_public(run: RunView) -> r.RunPublic:
    return r.RunPublic(
        id=run.id,
        started_at=run.started_at,
        distance_km=run.distance_m / 1000 if run.distance_m is not None else None,
        duration_min=run.duration_s / 60,
        sport=run.sport,
        name=run.name,
        source=run.source if run.source == "typed in" else "imported",
    )


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
        message=job.message,
        status_url=f"/api/imports/{job.id}",
        page_url=f"/running/import/{job.id}",
    )


@router.get("/load", response_model=r.LoadPublic, responses=PRIVATE)
def get_load(
    app: HipcoachDep, account: Runner, weeks: Annotated[int, Query(ge=1, le=520)] = DEFAULT_WEEKS_SHOWN
) -> r.LoadPublic:
    """Weekly volume, spike runs and the acute:chronic ratio (context only) for the last ``weeks`` weeks."""
    summary = load.summary(app, profile_id_of(account), weeks)
    advice = summary.advice
    return r.LoadPublic(
        zone=summary.zone,
        run_count=summary.run_count,
        weeks=[
            r.WeekLoadPublic(
                week_start=w.week_start,
                distance_km=w.distance_km,
                duration_s=w.duration_s,
                run_count=w.run_count,
                longest_km=w.longest_km,
                change_pct=w.change_pct,
                two_week_change_pct=w.two_week_change_pct,
                context=w.context,
                evidence=evidence_public(w.evidence),
            )
            for w in summary.weeks
        ],
        spikes=[
            r.SpikePublic(
                run_id=s.run.id,
                started_at=s.run.started_at,
                distance_km=s.run.distance_km,
                previous_longest_km=s.previous_longest_km,
                increase_pct=s.increase_pct,
                band=s.band.value,
                hazard_ratio=list(s.band.hazard_ratio) if s.band.hazard_ratio else None,
                explanation=s.explanation,
                evidence=evidence_public(s.evidence),
            )
            for s in summary.spikes
        ],
        acwr=[
            r.AcwrPointPublic(
                day=p.day,
                distance_km=p.distance_km,
                acute_km=p.acute_km,
                chronic_km=p.chronic_km,
                ratio=p.ratio,
            )
            for p in summary.acwr
        ],
        acwr_caveat=summary.acwr_caveat,
        advice=(
            r.AdvicePublic(
                headline=advice.headline,
                text=advice.text,
                because=list(advice.because),
                evidence=evidence_public(advice.evidence),
            )
            if advice is not None
            else None
        ),
    )


@router.get("/runs", response_model=list[r.RunPublic], responses=PRIVATE)
def list_runs(app: HipcoachDep, account: Runner) -> list[r.RunPublic]:
    """Every stored run, oldest first."""
    return [run_public(run) for run in activities.list_runs(app, profile_id_of(account))]


@router.post(
    "/runs",
    status_code=status.HTTP_201_CREATED,
    response_model=r.RunPublic,
    responses=PRIVATE | REFUSED,
)
def add_run(body: r.RunCreate, app: HipcoachDep, account: Runner) -> r.RunPublic:
    """A run typed in by hand; refused (400) when it is in the future or repeats a stored run."""
    run = activities.add_run(
        app, profile_id_of(account), body.started_at, body.distance_km, body.duration_min, body.name
    )
    return run_public(run)


@router.get("/runs/{run_id}", response_model=r.RunPublic, responses=PRIVATE)
def get_run(app: HipcoachDep, account: Runner, run_id: ItemId) -> r.RunPublic:
    return run_public(activities.get_run(app, profile_id_of(account), run_id))


@router.delete("/runs/{run_id}", status_code=status.HTTP_204_NO_CONTENT, responses=PRIVATE)
def delete_run(app: HipcoachDep, account: Runner, run_id: ItemId) -> Response:
    activities.delete_run(app, profile_id_of(account), run_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/imports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=r.ImportJobPublic,
    responses=PRIVATE | REFUSED,
)
async def upload(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    files: Annotated[
        list[UploadFile], File(description="activity files (.fit, .gpx, .tcx, .csv, .gz) or a zip")
    ],
) -> Response:
    """Store the upload and import it in the background; poll ``status_url`` until it is done or failed."""
    profile_id = profile_id_of(account)
    runner = job_runner(request)

    def store() -> Response:
        uploads = [Upload(item.filename or "", item.file) for item in files if item.filename]
        try:
            job = import_jobs.create_job(app, profile_id, uploads, uploads_dir(request))
        except UploadRefused as error:
            return JSONResponse({"detail": str(error)}, status_code=400)
        runner.submit(job.id)
        body = job_public(import_jobs.get_job(app, profile_id, job.id))
        return JSONResponse(
            body.model_dump(mode="json"), status_code=202, headers={"Location": body.status_url}
        )

    return await run_in_threadpool(store)


@router.get("/imports/{job_id}", response_model=r.ImportJobPublic, responses=PRIVATE)
def get_import(app: HipcoachDep, account: Runner, job_id: ItemId) -> r.ImportJobPublic:
    return job_public(import_jobs.get_job(app, profile_id_of(account), job_id))


def week_public(view: load.WeekView) -> r.WeekPublic:
    days = {d: view.week.kind(d).value for d in range(7)} if view.week is not None else None
    placement = view.placement
    return r.WeekPublic(
        zone=view.zone,
        days=days,
        inferred=view.inferred,
        sessions=[
            r.PlacedSessionPublic(
                weekday=s.weekday,
                day=s.day_name,
                kind=s.kind,
                timing=s.timing,
                why=list(s.why),
                evidence=evidence_public(s.evidence),
            )
            for s in (placement.sessions if placement else ())
        ],
        notes=list(placement.notes) if placement else [],
    )


@router.get("/week", response_model=r.WeekPublic, responses=PRIVATE)
def get_week(app: HipcoachDep, account: Runner) -> r.WeekPublic:
    """The training week (set, or read from the runs) and where the strength and mobility sessions go."""
    return week_public(load.week_view(app, profile_id_of(account)))


@router.put("/week", response_model=r.WeekPublic, responses=PRIVATE | REFUSED)
def put_week(body: r.WeekUpdate, app: HipcoachDep, account: Runner) -> r.WeekPublic:
    profile_id = profile_id_of(account)
    days = {d: DayKind(kind) for d, kind in body.days.items() if kind != DayKind.REST.value}
    bad = sorted(d for d in body.days if d not in range(7))
    if bad:
        raise InvalidInput(f"weekdays run from 0 (Monday) to 6 (Sunday), not {bad}")
    if sum(kind is DayKind.LONG for kind in days.values()) > 1:
        raise InvalidInput("mark one long run a week at most")  # checked before the time zone is saved
    if body.timezone:
        runner_time.set_timezone(app, profile_id, body.timezone)
    return week_public(load.set_week(app, profile_id, days))


@router.get(
    "/week.ics",
    responses=PRIVATE
    | REFUSED
    | {200: {"content": {"text/calendar": {}}, "description": "an iCalendar file"}},
    response_class=Response,
)
def week_ics(
    app: HipcoachDep,
    account: Runner,
    weeks: Annotated[int, Query(ge=1, le=26)] = 4,
    at: Annotated[time, Query(description="start time of each session")] = time(18, 0),
) -> Response:
    """The placed sessions for the next ``weeks`` weeks as a calendar file, each with a reminder."""
    return calendar_download(app, profile_id_of(account), weeks, at)
