"""The export: the signed-in runner's whole history as the file `hipcoach import` reads."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from hipcoach.services.transfer import export_profile
from hipcoach.services.transfer_schema import Export
from hipcoach.web.api.common import PRIVATE
from hipcoach.web.deps import HipcoachDep, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


@router.get(
    "/export",
    response_class=JSONResponse,
    responses=PRIVATE | {200: {"model": Export, "description": "what `hipcoach import` reads"}},
)
def export(app: HipcoachDep, profile_id: ProfileId) -> JSONResponse:
    """The profile's whole history as a hipcoach export file (the CLI imports it with `hipcoach import`)."""
    return JSONResponse(
        export_profile(app, profile_id),
        headers={"Content-Disposition": 'attachment; filename="hipcoach-export.json"'},
    )
