"""The clinician's caseload as JSON: the rows of the caseload page, most in need of attention first."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from hipcoach.domain.attention import AttentionKind
from hipcoach.services import caseload as service
from hipcoach.services.caseload import CaseloadRow
from hipcoach.web.deps import Clinician, HipcoachDep

router = APIRouter(prefix="/api/clinic", tags=["api"])

CLINICIAN_ONLY: dict[int | str, dict[str, object]] = {
    401: {"description": "not signed in"},
    403: {"description": "the account has no clinician profile"},
}


class AttentionPublic(BaseModel):
    code: AttentionKind = Field(description="what needs attention; the kinds are listed most urgent first")
    label: str
    text: str = Field(description="a sentence with the numbers")
    rule_id: str


class SymptomPointPublic(BaseModel):
    on: date
    pain: int
    tightness: int


class PsfsChangePublic(BaseModel):
    first: float
    latest: float
    first_on: date
    latest_on: date
    difference: float
    change: str = Field(description="improved, worse or no real change")
    beyond_error: bool


class CaseloadRowPublic(BaseModel):
    runner_id: int
    name: str
    phase: int | None = Field(description="1-4; null without a program")
    phase_title: str | None
    program_status: str | None = Field(description="active, paused, or null without a program")
    sessions_done: int
    sessions_planned: int
    adherence_pct: int | None
    symptoms: list[SymptomPointPublic] = Field(description="morning check-ins of the sparkline's days")
    last_checkin: date | None
    psfs: PsfsChangePublic | None
    attention: list[AttentionPublic] = Field(description="most urgent first; empty when nothing needs it")


class CaseloadPublic(BaseModel):
    total: int = Field(description="runners in the caseload, before the filters")
    runners: list[CaseloadRowPublic] = Field(description="most in need of attention first")


def _row(row: CaseloadRow) -> CaseloadRowPublic:
    psfs = row.psfs
    return CaseloadRowPublic(
        runner_id=row.profile_id,
        name=row.name,
        phase=row.phase.value if row.phase is not None else None,
        phase_title=row.phase.title if row.phase is not None else None,
        program_status=row.program_status,
        sessions_done=row.sessions_done,
        sessions_planned=row.sessions_planned,
        adherence_pct=row.adherence_pct,
        symptoms=[SymptomPointPublic(on=p.on, pain=p.pain, tightness=p.tightness) for p in row.symptoms],
        last_checkin=row.last_checkin,
        psfs=None
        if psfs is None
        else PsfsChangePublic(
            first=psfs.first,
            latest=psfs.latest,
            first_on=psfs.first_on,
            latest_on=psfs.latest_on,
            difference=round(psfs.difference, 2),
            change=psfs.change.value,
            beyond_error=psfs.beyond_error,
        ),
        attention=[
            AttentionPublic(code=item.kind, label=item.label, text=item.text, rule_id=item.rule_id)
            for item in row.attention
        ],
    )


@router.get("/runners", response_model=CaseloadPublic, responses=CLINICIAN_ONLY)
def list_caseload(
    app: HipcoachDep,
    clinician: Clinician,
    attention: Annotated[AttentionKind | None, Query(description="only runners with this item")] = None,
    phase: Annotated[int | None, Query(ge=1, le=4, description="only runners in this phase")] = None,
    q: Annotated[str, Query(max_length=service.SEARCH_MAX, description="part of the runner's name")] = "",
) -> CaseloadPublic:
    """The runners who consented to you, most in need of attention first; each one listed is logged as a read
    in their "who looked at my data" log."""
    chosen = service.caseload_filter(attention.value if attention else None, phase, q)
    view = service.caseload(app, clinician, "api", chosen)
    return CaseloadPublic(total=view.total, runners=[_row(row) for row in view.rows])
