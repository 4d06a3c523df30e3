"""The assessment API's answers: a battery's results out. What comes in is ``services.assessment_input``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, RootModel

from hipcoach.web.schemas import EvidencePublic

Side = Literal["left", "right"]


class ProblemPublic(BaseModel):
    test: str | None = Field(description="the test (screen) the problem belongs to; null for the context")
    message: str


class InvalidAssessmentPublic(BaseModel):
    detail: str
    problems: list[ProblemPublic]


class ShapeProblemPublic(BaseModel):
    loc: list[str | int] = Field(description="where: body, then the field")
    msg: str
    type: str


class UnreadableBodyPublic(BaseModel):
    """A body that is not a battery at all (not JSON, a field of the wrong type): the API's usual 422."""

    detail: list[ShapeProblemPublic]


class AssessmentRefusedPublic(RootModel[InvalidAssessmentPublic | UnreadableBodyPublic]):
    """Why a battery was not saved: it cannot be scored (its problems, test by test), or it is not one."""


class FlagPublic(BaseModel):
    id: str
    side: Side | None
    explanation: str
    evidence: list[EvidencePublic]


class FindingPublic(BaseModel):
    kind: str
    side: Side | None
    description: str
    evidence: list[EvidencePublic]


class AdaptationPublic(BaseModel):
    emphasis: str
    side: Side | None
    because: str
    evidence: list[EvidencePublic]


class ThresholdPublic(BaseModel):
    value: float
    unit: str
    derived: bool
    inclusive: bool = Field(description="true: a change of exactly the value counts as real")
    basis: str


class MeasurePublic(BaseModel):
    key: str
    label: str
    value: float
    unit: str
    reference_band: tuple[float, float] | None
    real_change: ThresholdPublic | None = Field(description="null: no measurement error known, not judged")


class ChangePublic(BaseModel):
    key: str
    label: str
    unit: str
    previous: float
    current: float
    difference: float
    verdict: Literal["improved", "worse", "no real change"] | None = Field(
        description="null: no measurement error known for this measure, so the change is not judged"
    )
    threshold: ThresholdPublic | None


class PhaseChangePublic(BaseModel):
    from_phase: int | None
    to_phase: int
    reason: str


class AssessmentSummaryPublic(BaseModel):
    id: int
    on: date
    tester: str
    tests: list[str]
    flag_count: int


class AssessmentPublic(BaseModel):
    id: int
    on: date
    tester: str
    notes: str
    sex: str | None
    age: int | None
    body_mass_kg: float | None
    scoring: str
    tests: list[str]
    readings: dict[str, float]
    psfs_activities: dict[int, str]
    flags: list[FlagPublic]
    findings: list[FindingPublic]
    adaptations: list[AdaptationPublic]
    measures: list[MeasurePublic]
    previous_id: int | None
    previous_on: date | None
    changes: list[ChangePublic]
    phase_change: PhaseChangePublic | None = None


class FieldPublic(BaseModel):
    key: str
    label: str
    unit: str
    side: Side | None


class ProtocolPublic(BaseModel):
    id: str
    name: str
    who: Literal["runner", "clinician"]
    equipment: list[str]
    summary: str
    measures: str
    unit: str
    trials: int
    counts: str
    sides: bool
    steps: list[str]
    evidence: list[EvidencePublic]
    fields: list[FieldPublic]
