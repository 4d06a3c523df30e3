"""The JSON API's request and response bodies (``XCreate`` / ``XUpdate`` in, ``XPublic`` out).

Requests forbid unknown fields and carry the same ranges as the storage CHECK constraints, so a bad value is
refused with a 422 naming the field before anything is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from hipcoach.domain.units import DistanceUnit
from hipcoach.services.input_types import IsoDate
from hipcoach.services.profiles import AGE_RANGE, EQUIPMENT, HEIGHT_RANGE_CM, WEIGHT_RANGE_KG
from hipcoach.services.profiles import LIMB_LENGTH_RANGE_CM as LIMB
from hipcoach.services.profiles import WEEKLY_DISTANCE_RANGE_KM as DISTANCE
from hipcoach.web.deps import MAX_ROW_ID

Scale = Annotated[int, Field(ge=0, le=10, description="0 (none) to 10 (worst imaginable)")]
Sex = Literal["female", "male", "other"]
FlagLevel = Literal["none", "note", "refer", "bone-stress", "urgent"]
# Every question asked, by id, answered true (yes) or false (no): an id left out is unanswered, never a no.
Answers = Annotated[dict[str, StrictBool], Field(max_length=100)]
Outcome = Literal["progress", "hold", "regress", "pause"]
BlockName = Literal["mobility", "strength", "core", "foot", "accessory"]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidencePublic(BaseModel):
    id: str
    tag: Literal["V", "S", "D"] = Field(description="V read in the source, S secondary, D our design choice")
    reference: str
    url: str | None


# --- account and profile -------------------------------------------------------------------------------


UNIT_DESCRIPTION = (
    "how the runner reads and types distances on the pages, documents and calendar: km (kilometres) or "
    "mi (miles); the API's distances are in km whatever it is"
)
UNIT_UPDATE = f"{UNIT_DESCRIPTION}; null or left out keeps the runner's choice (km before any)"


class ProfileUpdate(Request):
    """The onboarding fields; the first PUT creates the account's profile, later ones replace the fields."""

    age: Annotated[int, Field(ge=AGE_RANGE[0], le=AGE_RANGE[1])]
    sex: Sex | None = Field(None, description="null: prefer not to say")
    height_cm: Annotated[float, Field(ge=HEIGHT_RANGE_CM[0], le=HEIGHT_RANGE_CM[1], allow_inf_nan=False)]
    weight_kg: Annotated[float, Field(ge=WEIGHT_RANGE_KG[0], le=WEIGHT_RANGE_KG[1], allow_inf_nan=False)]
    limb_length_cm: Annotated[float, Field(ge=LIMB[0], le=LIMB[1], allow_inf_nan=False)] | None = Field(
        None, description="ASIS to medial malleolus, lying down; null if not measured"
    )
    weekly_distance_km: Annotated[
        float,
        Field(
            ge=DISTANCE[0],
            le=DISTANCE[1],
            allow_inf_nan=False,
            description="in km, whatever unit the runner reads",
        ),
    ]
    equipment: list[str] = Field(
        [], max_length=20, description=f"any of: {', '.join(EQUIPMENT)}; empty for none"
    )
    distance_unit: DistanceUnit | None = Field(None, description=UNIT_UPDATE)

    @field_validator("equipment")
    @classmethod
    def known_equipment(cls, items: list[str]) -> list[str]:
        unknown = [item for item in items if item not in EQUIPMENT]
        if unknown:
            raise ValueError(f"unknown equipment {', '.join(unknown)}; choose from {', '.join(EQUIPMENT)}")
        return [item for item in EQUIPMENT if item in items]  # in the form's order, as the pages store it


class ProfilePublic(BaseModel):
    id: int
    age: int
    sex: Sex | None
    height_cm: float
    weight_kg: float
    limb_length_cm: float | None
    weekly_distance_km: float = Field(description="in km, whatever unit the runner reads")
    equipment: list[str]
    distance_unit: DistanceUnit = Field(description=UNIT_DESCRIPTION)


class MePublic(BaseModel):
    email: str
    profile: ProfilePublic | None = Field(description="null until onboarding is done")


# --- screening -----------------------------------------------------------------------------------------


class SignPublic(BaseModel):
    id: str
    question: str
    explanation: str


class RedFlagPublic(BaseModel):
    id: str
    level: FlagLevel
    question: str | None = Field(description="null: never asked, worked out from the profile's age and signs")
    checkin_question: str | None = Field(description="its wording at a check-in; null: not asked there")
    asked: Literal["every-time", "screening", "history", "from-profile"] = Field(
        description="every-time: at the screening and each check-in; screening: at the screening only; "
        "history: at the screening, never at a check-in; from-profile: never asked"
    )
    asked_if_sign: str | None = Field(description="asked only when this sign is answered yes")
    reason: str = Field(description="the question, or for a flag from the profile what the profile showed")
    advice: str


class ScreeningQuestions(BaseModel):
    signs: list[SignPublic]
    red_flags: list[RedFlagPublic]


class ScreeningCreate(Request):
    """Every question answered (GET /api/screening/questions lists them): each sign and each red flag asked
    at the screening, by id, true for yes and false for no, e.g. ``{"signs": {"knee-pain": true, ...},
    "red_flags": {"sharp-pain": false, ...}}``. A flag with ``asked_if_sign`` needs an answer only when that
    sign is true; a flag asked ``from-profile`` takes none. A body with a question unanswered is refused
    with a 422 naming the missing ids, and nothing is saved."""

    signs: Answers
    red_flags: Answers
    age: Annotated[int, Field(ge=AGE_RANGE[0], le=AGE_RANGE[1])] | None = Field(
        None, description="years; needed when the profile has no age yet, and then saved to the profile"
    )


class ScreeningPublic(BaseModel):
    id: int
    taken_at: datetime
    signs: list[SignPublic]
    red_flags: list[RedFlagPublic]
    red_flag_level: FlagLevel
    program_allowed: bool
    explanation: list[str]
    evidence: list[EvidencePublic]
    program_action: Literal["started", "resumed", "continued", "paused", "not-started"] | None = Field(
        None, description="what the screening did to the program; only in the answer to POST"
    )


# --- program -------------------------------------------------------------------------------------------


class PhasePublic(BaseModel):
    number: int
    title: str
    purpose: str


class PlannedDayPublic(BaseModel):
    weekday: int = Field(description="0 is Monday")
    name: str
    blocks: list[BlockName]
    kind: Literal["mobility", "strength"] | None = Field(description="the session of the day; null: rest")


class GatePublic(BaseModel):
    next_phase: PhasePublic | None
    is_open: bool
    met: list[str]
    unmet: list[str]
    rule_id: str | None
    evidence: list[EvidencePublic]


class LadderStatePublic(BaseModel):
    exercise_id: str
    name: str
    level: int
    top_level: int
    level_name: str | None
    rounds: int
    left_out: bool = Field(False, description="a clinician left this exercise out of the runner's sessions")
    instead_id: str | None = Field(None, description="the exercise a clinician put in its place")
    instead_name: str | None = None
    change: str | None = Field(None, description="the clinician's change in words; null when none")


class PhaseStepPublic(BaseModel):
    changed_at: datetime
    from_phase: int | None
    to_phase: int
    reason: str
    overridden_by: str | None
    override_reason: str | None


class ProgramSettingsPublic(BaseModel):
    strength_days_per_week: int
    include_core: bool
    include_foot: bool


class AdaptationPublic(BaseModel):
    emphasis: str
    side: Literal["left", "right"] | None
    because: str
    evidence: list[EvidencePublic]


class ProgramPublic(BaseModel):
    status: Literal["active", "paused", "ended"]
    paused_reason: str | None
    phase: PhasePublic
    why: list[str] = Field(description="why the week looks as it does, one rule per line")
    evidence: list[EvidencePublic]
    started_on: date
    settings: ProgramSettingsPublic
    week: list[PlannedDayPublic]
    today: date
    todays_kind: Literal["mobility", "strength"] | None
    gate: GatePublic
    ladder: list[LadderStatePublic]
    history: list[PhaseStepPublic]
    adaptations: list[AdaptationPublic] = Field(
        default_factory=list, description="what the latest assessment changed, each with its reason"
    )
    assessed_on: date | None = Field(None, description="the date of the assessment the adaptations come from")


class ProgramSettingsUpdate(Request):
    """Only the fields given change."""

    strength_days_per_week: Annotated[int, Field(ge=1, le=3)] | None = None
    include_core: bool | None = None


# --- check-ins and progress ----------------------------------------------------------------------------


class CheckinCreate(Request):
    pain: Scale
    tightness: Scale
    pain_after_session: Scale | None = Field(None, description="about an hour after the last session")
    red_flags: Answers = Field(
        description='each red flag asked at a check-in (asked "every-time"; one with asked_if_sign when the '
        "runner's latest screening answered that sign yes), true for yes and false for no; a missing one "
        "is refused with a 422 naming it"
    )
    checked_on: IsoDate | None = Field(None, description="YYYY-MM-DD; default: today")


class PainAfterCreate(Request):
    pain_after: Scale = Field(description="pain about an hour after the session")
    session_id: Annotated[int, Field(ge=1, le=MAX_ROW_ID)] | None = Field(
        None, description="default: the session waiting for its morning check-in"
    )


class MorningPublic(BaseModel):
    """A session waiting for its morning check-in (BRIEF §5: a later day and at least some hours after)."""

    session_id: int
    session_date: date
    kind: Literal["mobility", "strength"]
    opens_at: datetime = Field(description="when the morning check-in opens, in the runner's zone")
    is_open: bool
    pain_after: int | None = Field(description="pain about an hour after the session, if given")


class NextCheckinPublic(BaseModel):
    waiting: MorningPublic | None = Field(description="null: no recent session waits for its check-in")
    rule: str = Field(description="when a check-in counts as the morning after, in words")


class DecisionPublic(BaseModel):
    exercise_id: str | None = Field(description="null: the whole session (no strength work)")
    outcome: Outcome
    reason: str
    from_level: int | None
    to_level: int | None
    evidence: list[EvidencePublic]


class CheckinPublic(BaseModel):
    id: int
    checked_on: date
    pain: int
    tightness: int
    red_flags: list[RedFlagPublic]
    red_flag_level: FlagLevel
    session_id: int | None
    decisions: list[DecisionPublic]
    outcome: Outcome | None = Field(None, description="the most cautious decision; only in the POST answer")
    program_status: str | None = Field(None, description="only in the POST answer")
    phase_change: str | None = Field(None, description="the phase change it caused; only in the POST answer")


class HistoryRowPublic(BaseModel):
    on: date
    session_id: int | None
    kind: Literal["mobility", "strength"] | None = Field(description="null: a check-in without a session")
    phase: int | None
    baseline_pain: int | None
    pain_during: int | None
    pain_after: int | None
    rpe: int | None
    morning_pain: int | None
    tightness: int | None
    red_flag_level: FlagLevel | None
    decisions: list[DecisionPublic]


class ProgressPublic(BaseModel):
    rows: list[HistoryRowPublic]


# --- sessions ------------------------------------------------------------------------------------------


class SetPublic(BaseModel):
    round: int
    side: Literal["left", "right", "both"]
    reps: int | None
    seconds: int | None
    load_kg: float | None


class SessionExercisePublic(BaseModel):
    position: int
    exercise_id: str
    name: str
    block: BlockName
    ladder_level: int | None
    prescribed_rounds: int
    full_dose: bool
    pain_during: int | None
    rpe: int | None
    load_kg: float | None
    sets: list[SetPublic]


class SessionPublic(BaseModel):
    id: int
    performed_on: date
    phase: int | None
    kind: Literal["mobility", "strength"]
    source: Literal["guided", "logged", "imported"]
    baseline_pain: int | None
    pain_during: int | None
    pain_after: int | None
    rpe: int | None
    morning_pain: int | None
    tightness: int | None
    notes: str
    exercises: list[SessionExercisePublic]
    decisions: list[DecisionPublic] = Field(description="what its next-morning check-in decided")


# --- exercise library ----------------------------------------------------------------------------------


class DosePublic(BaseModel):
    reps_per_side: int | None
    hold_seconds: int | None
    circles_each_direction: int | None
    text: str


class LadderLevelPublic(BaseModel):
    level: int
    name: str
    description: str
    dose: DosePublic


class ExerciseSummary(BaseModel):
    id: str
    name: str
    block: BlockName
    summary: str
    directions: list[str]
    dose: DosePublic


class ExercisePublic(ExerciseSummary):
    laterality: str
    equipment: list[str]
    cues: list[str]
    faults: list[str]
    regression: str
    progression: str
    why_like_running: str
    ladder: list[LadderLevelPublic]
    evidence: list[EvidencePublic]
