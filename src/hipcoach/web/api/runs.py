"""Runs: every stored run, one typed in by hand, one read or deleted; another runner's run is a 404."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hipcoach.services import activities
from hipcoach.services.activities import RunView
from hipcoach.web import running_schemas as r
from hipcoach.web.api.common import PRIVATE, REFUSED
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


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


@router.get("/runs", response_model=list[r.RunPublic], responses=PRIVATE)
def list_runs(app: HipcoachDep, profile_id: ProfileId) -> list[r.RunPublic]:
    """Every stored run, oldest first."""
    return [run_public(run) for run in activities.list_runs(app, profile_id)]


@router.post(
    "/runs",
    status_code=status.HTTP_201_CREATED,
    response_model=r.RunPublic,
    responses=PRIVATE | REFUSED,
)
def add_run(body: r.RunCreate, app: HipcoachDep, profile_id: ProfileId) -> r.RunPublic:
    """A run typed in by hand; refused (400) when it is in the future or repeats a stored run."""
    run = activities.add_run(app, profile_id, body.started_at, body.distance_km, body.duration_min, body.name)
    return run_public(run)


@router.get("/runs/{run_id}", response_model=r.RunPublic, responses=PRIVATE)
def get_run(app: HipcoachDep, profile_id: ProfileId, run_id: ItemId) -> r.RunPublic:
    return run_public(activities.get_run(app, profile_id, run_id))


@router.delete("/runs/{run_id}", status_code=status.HTTP_204_NO_CONTENT, responses=PRIVATE)
def delete_run(app: HipcoachDep, profile_id: ProfileId, run_id: ItemId) -> Response:
    activities.delete_run(app, profile_id, run_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
