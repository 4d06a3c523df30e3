"""The assessment API: record a battery, read it back scored and compared, list, delete; the protocols.

Like the rest of the API, the profile comes from the signed-in account: another runner's id is a 404.
A battery that cannot be scored is answered 422 with every problem, and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from hipcoach.domain.assessment.battery import FIELDS, TestId
from hipcoach.domain.assessment.change import THRESHOLDS, Threshold
from hipcoach.domain.phases import PhaseChange
from hipcoach.services import assessments as svc
from hipcoach.services.assessment_input import AssessmentRecord
from hipcoach.services.assessments import AssessmentView, InvalidAssessment
from hipcoach.web import assessment_schemas as a
from hipcoach.web.api.common import PRIVATE, evidence_public
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId

router = APIRouter(prefix="/api", tags=["api"])

INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": a.AssessmentRefusedPublic, "description": "the battery cannot be scored; nothing saved"}
}


def _threshold(threshold: Threshold | None) -> a.ThresholdPublic | None:
    if threshold is None:
        return None
    return a.ThresholdPublic(
        value=threshold.value,
        unit=threshold.unit,
        derived=threshold.derived,
        inclusive=threshold.inclusive,
        basis=threshold.basis,
    )


def _phase_change(change: PhaseChange | None) -> a.PhaseChangePublic | None:
    if change is None:
        return None
    return a.PhaseChangePublic(
        from_phase=int(change.from_phase) if change.from_phase is not None else None,
        to_phase=int(change.to_phase),
        reason=change.reason,
    )


def assessment_public(view: AssessmentView, change: PhaseChange | None = None) -> a.AssessmentPublic:
    result, record = view.result, view.record
    return a.AssessmentPublic(
        id=view.id,
        on=view.assessed_on,
        tester=view.tester,
        notes=view.notes,
        sex=record.sex.value if record.sex else None,
        age=record.age,
        body_mass_kg=record.body_mass_kg,
        scoring=record.scoring.value,
        tests=[test.value for test in result.tests],
        readings=dict(record.readings),
        psfs_activities=dict(record.psfs_activities),
        flags=[
            a.FlagPublic(
                id=f.id,
                side=f.side.value if f.side else None,
                explanation=f.explanation,
                evidence=evidence_public(f.evidence),
            )
            for f in result.flags
        ],
        findings=[
            a.FindingPublic(
                kind=f.kind.value,
                side=f.side.value if f.side else None,
                description=f.description,
                evidence=evidence_public(f.evidence),
            )
            for f in result.findings
        ],
        adaptations=[
            a.AdaptationPublic(
                emphasis=ad.emphasis.value,
                side=ad.side.value if ad.side else None,
                because=ad.because,
                evidence=evidence_public(ad.evidence),
            )
            for ad in result.adaptations
        ],
        measures=[
            a.MeasurePublic(
                key=m.key,
                label=m.label,
                value=m.value,
                unit=m.unit,
                reference_band=m.band,
                real_change=_threshold(THRESHOLDS[m.measure] if m.measure is not None else None),
            )
            for m in result.measures.values()
        ],
        previous_id=view.previous_id,
        previous_on=view.previous_on,
        changes=[
            a.ChangePublic(
                key=c.key,
                label=c.label,
                unit=c.unit,
                previous=c.previous,
                current=c.current,
                difference=c.difference,
                verdict=c.comparison.change.value if c.comparison else None,
                threshold=_threshold(c.comparison.threshold if c.comparison else None),
            )
            for c in view.changes
        ],
        phase_change=_phase_change(change),
    )


@router.get("/assessments", response_model=list[a.AssessmentSummaryPublic], responses=PRIVATE)
def list_assessments(app: HipcoachDep, profile_id: ProfileId) -> list[a.AssessmentSummaryPublic]:
    """The runner's assessments, newest first."""
    return [
        a.AssessmentSummaryPublic(
            id=item.id,
            on=item.assessed_on,
            tester=item.tester,
            tests=[t.value for t in item.tests],
            flag_count=item.flag_count,
        )
        for item in svc.list_assessments(app, profile_id)
    ]


@router.post(
    "/assessments",
    status_code=status.HTTP_201_CREATED,
    response_model=a.AssessmentPublic,
    responses=PRIVATE | INVALID,
)
def create_assessment(
    record: AssessmentRecord, app: HipcoachDep, profile_id: ProfileId
) -> Response | a.AssessmentPublic:
    """Score and save a battery, all or nothing; hip ranges within the norms can open the strength phase."""
    try:
        saved = svc.record_assessment(app, profile_id, record)
    except InvalidAssessment as error:
        problems = [
            a.ProblemPublic(test=p.test.value if p.test else None, message=p.message) for p in error.problems
        ]
        payload = a.InvalidAssessmentPublic(detail=str(error), problems=problems)
        return JSONResponse(payload.model_dump(), status_code=422)
    return assessment_public(saved.view, saved.phase_change)


@router.get("/assessments/{assessment_id}", response_model=a.AssessmentPublic, responses=PRIVATE)
def get_assessment(assessment_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> a.AssessmentPublic:
    """One assessment: readings, results (flags, findings, adaptations, measures), changes since the last."""
    return assessment_public(svc.get_assessment(app, profile_id, assessment_id))


@router.delete("/assessments/{assessment_id}", status_code=status.HTTP_204_NO_CONTENT, responses=PRIVATE)
def delete_assessment(assessment_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> Response:
    """Remove an assessment entered by mistake."""
    svc.delete_assessment(app, profile_id, assessment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/assessment-protocols", response_model=list[a.ProtocolPublic])
def protocols(app: HipcoachDep) -> list[a.ProtocolPublic]:
    """How to do each test, and the reading keys it takes (public: the same for everyone)."""
    found = []
    for test in TestId:
        p = app.library.protocols[test.value]
        found.append(
            a.ProtocolPublic(
                id=p.id,
                name=p.name,
                who=p.who.value,
                equipment=list(p.equipment),
                summary=p.summary,
                measures=p.measures,
                unit=p.unit.value,
                trials=p.trials,
                counts=p.counts,
                sides=p.sides,
                steps=list(p.steps),
                evidence=evidence_public(p.evidence),
                fields=[
                    a.FieldPublic(
                        key=f.key,
                        label=f.label,
                        unit=f.unit,
                        side=f.side.value if f.side else None,
                    )
                    for f in FIELDS[test]
                ],
            )
        )
    return found
