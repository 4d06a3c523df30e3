"""Clinical actions as JSON: a clinician changes a runner's program; the runner reads every change.

A clinician's routes name the runner by ``{runner_id}`` through ``CaredRunnerId`` (404 without live consent);
the body of an action is discriminated by ``kind``. The runner's own list is ``GET /api/clinical-actions``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from hipcoach.domain import overrides
from hipcoach.services import clinical_actions
from hipcoach.services.clinical_actions import ActionView, ClinicalActionInput
from hipcoach.web.api.clinic_runner import CARED
from hipcoach.web.api.common import PRIVATE, REFUSED
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep, ProfileId

router = APIRouter(prefix="/api", tags=["clinic"])


class ClinicalActionPublic(BaseModel):
    id: int
    at: datetime
    on: date = Field(description="the runner's day")
    by: str = Field(description='who made the change: "Sam Ortiz, PT"')
    kind: str = Field(description="clearance, assessment, phase, ladder, exclude, swap, restore, ...")
    target: str | None = Field(description="the exercise or threshold id, where one")
    value: dict[str, Any] = Field(description="before and after")
    what: str = Field(description="what changed, in words")
    reason: str
    sentence: str = Field(description='as the runner reads it: "Set by Sam Ortiz, PT on 2 Dec 2026: ..."')


class ThresholdPublic(BaseModel):
    id: str
    label: str
    tag: str = Field(description="V or S: may only be made stricter; D: either way")
    stricter: str = Field(description="lower or higher")
    default: int
    low: int
    high: int
    rule_id: str
    evidence: list[str]


def action_public(view: ActionView) -> ClinicalActionPublic:
    return ClinicalActionPublic(
        id=view.id,
        at=view.at,
        on=view.on,
        by=view.signature,
        kind=view.kind,
        target=view.target,
        value=view.value,
        what=view.what,
        reason=view.reason,
        sentence=view.sentence,
    )


@router.get("/clinical-actions", response_model=list[ClinicalActionPublic], responses=PRIVATE)
def my_clinical_actions(app: HipcoachDep, profile_id: ProfileId) -> list[ClinicalActionPublic]:
    """The changes your clinicians made to your program, newest first."""
    return [action_public(view) for view in clinical_actions.actions_of(app, profile_id)]


@router.get("/clinic/thresholds", response_model=list[ThresholdPublic], responses=CARED)
def thresholds(app: HipcoachDep, clinician: Clinician) -> list[ThresholdPublic]:
    """The thresholds a clinician may set for one runner, with their tags and defaults."""
    tags = clinical_actions.evidence_tags(app.library)
    return [
        ThresholdPublic(
            id=spec.id,
            label=spec.label,
            tag=overrides.tag_of(spec, tags),
            stricter=spec.stricter.value,
            default=spec.default,
            low=spec.low,
            high=spec.high,
            rule_id=spec.rule_id,
            evidence=list(spec.evidence()),
        )
        for spec in overrides.THRESHOLDS
    ]


@router.get(
    "/clinic/runners/{runner_id}/actions",
    response_model=list[ClinicalActionPublic],
    responses=CARED,
    summary="the changes made to your program",
)
def runner_actions(app: HipcoachDep, runner_id: CaredRunnerId) -> list[ClinicalActionPublic]:
    return [action_public(view) for view in clinical_actions.actions_of(app, runner_id)]


@router.post(
    "/clinic/runners/{runner_id}/actions",
    status_code=status.HTTP_201_CREATED,
    response_model=ClinicalActionPublic,
    responses=CARED | REFUSED,
)
def create_action(
    app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, body: ClinicalActionInput
) -> ClinicalActionPublic:
    """Change the runner's program: one action, recorded with who, when and why, and shown to the runner."""
    return action_public(clinical_actions.act(app, clinician, runner_id, body, "api"))
