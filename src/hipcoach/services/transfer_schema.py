"""The JSON export format, version 1: a profile's whole history with references local to the file.

Declared with pydantic so an import is checked field by field and a foreign or corrupt file is refused with
the path of the first bad value.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    field_validator,
    model_validator,
)

from hipcoach.domain.anatomy import Side
from hipcoach.domain.clearance import MAX_NAME_LENGTH as MAX_CLINICIAN_NAME_LENGTH
from hipcoach.domain.clearance import MAX_NOTE_LENGTH, MAX_PROFESSION_LENGTH
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit
from hipcoach.services.profiles import (
    AGE_RANGE,
    EQUIPMENT,
    HEIGHT_RANGE_CM,
    LIMB_LENGTH_RANGE_CM,
    MAX_NAME_LENGTH,
    WEEKLY_DISTANCE_RANGE_KM,
    WEIGHT_RANGE_KG,
)

FORMAT = "hipcoach-export"
VERSION = 1

Scale = Annotated[int, Field(ge=0, le=10)]
Count = Annotated[int, Field(ge=0)]
Kilograms = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Ref = Annotated[int, Field(ge=1)]
FlagLevel = Literal["none", "note", "refer", "bone-stress", "urgent"]


class Strict(BaseModel):
    # from_attributes: the export reads stored rows directly; the import checks plain JSON.
    model_config = ConfigDict(extra="forbid", frozen=True, from_attributes=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul_in_text(cls, data: Any) -> Any:
        """A NUL in any text of a file is refused by name: PostgreSQL cannot store one."""
        if isinstance(data, dict):
            for key, value in data.items():
                texts = value if isinstance(value, list) else [value]
                if any(isinstance(text, str) and "\x00" in text for text in texts):
                    raise ValueError(f"{key} holds a NUL character, which no text may hold")
        return data


def _within(bounds: tuple[int, int]) -> Any:
    """A number inside the same range the profile form and the database refuse anything outside of."""
    return Field(ge=bounds[0], le=bounds[1], allow_inf_nan=False)


class ProfileOut(Strict):
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
    age: Annotated[int, _within(AGE_RANGE)] | None
    sex: Literal["female", "male", "other"] | None
    created_at: AwareDatetime
    # The onboarding details; absent in files from before they were exported.
    height_cm: Annotated[float, _within(HEIGHT_RANGE_CM)] | None = None
    weight_kg: Annotated[float, _within(WEIGHT_RANGE_KG)] | None = None
    limb_length_cm: Annotated[float, _within(LIMB_LENGTH_RANGE_CM)] | None = None
    weekly_distance_km: Annotated[float, _within(WEEKLY_DISTANCE_RANGE_KM)] | None = None
    equipment: list[str] | None = None

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, value: list[str] | None) -> list[str] | None:
        unknown = sorted(set(value or ()) - EQUIPMENT.keys())
        if unknown:
            raise ValueError(f"unknown equipment {', '.join(unknown)}")
        return value


class ScreeningOut(Strict):
    taken_at: AwareDatetime
    signs: list[str]
    red_flags: list[str]
    red_flag_level: FlagLevel
    program_allowed: bool


class ExerciseStateOut(Strict):
    exercise_id: str
    ladder_level: Annotated[int, Field(ge=1)]
    rounds: Annotated[int, Field(ge=1, le=5)]
    load_kg: Kilograms | None


class PhaseChangeOut(Strict):
    changed_at: AwareDatetime
    from_phase: Annotated[int, Field(ge=1, le=4)] | None
    to_phase: Annotated[int, Field(ge=1, le=4)]
    reason: str
    overridden_by: str | None
    override_reason: str | None
    checkin_ref: Ref | None = None  # the check-in that opened this phase


class ProgramOut(Strict):
    ref: Ref
    started_on: date
    status: Literal["active", "paused", "ended"]
    phase: Annotated[int, Field(ge=1, le=4)]
    paused_reason: str | None
    paused_at: AwareDatetime | None = None  # absent in files from before clearances
    strength_days_per_week: Annotated[int, Field(ge=1, le=3)]
    include_core: bool
    include_foot: bool
    created_at: AwareDatetime
    exercise_states: list[ExerciseStateOut]
    phase_changes: list[PhaseChangeOut]


class SetOut(Strict):
    round: Annotated[int, Field(ge=1)]
    side: Literal["left", "right", "both"]
    reps: Count | None
    load_kg: Kilograms | None
    seconds: Count | None


class SessionExerciseOut(Strict):
    position: Count
    exercise_id: str
    block: Literal["mobility", "strength", "core", "foot", "accessory"]
    ladder_level: Annotated[int, Field(ge=1)] | None
    prescribed_rounds: Count
    full_dose: bool
    pain_during: Scale | None
    rpe: Scale | None
    load_kg: Kilograms | None
    sets: list[SetOut]


class SessionOut(Strict):
    ref: Ref
    program_ref: Ref
    performed_on: date
    started_at: AwareDatetime | None
    finished_at: AwareDatetime | None
    phase: Annotated[int, Field(ge=1, le=4)]
    kind: Literal["mobility", "strength"]
    source: Literal["guided", "logged", "imported"]
    baseline_pain: Scale | None
    pain_during: Scale | None
    pain_after: Scale | None
    rpe: Scale | None
    tightness: Scale | None
    notes: str
    exercises: list[SessionExerciseOut]
    corrected_at: AwareDatetime | None = None  # when the runner last corrected its numbers


class CheckinOut(Strict):
    ref: Ref
    session_ref: Ref | None
    checked_on: date
    created_at: AwareDatetime
    pain: Scale
    tightness: Scale
    red_flags: list[str]
    red_flag_level: FlagLevel
    corrected_at: AwareDatetime | None = None  # when the runner last corrected its pain or tightness


class DecisionOut(Strict):
    program_ref: Ref
    session_ref: Ref | None
    checkin_ref: Ref | None
    exercise_id: str | None
    outcome: Literal["progress", "hold", "regress", "pause"]
    reason: str
    rule_id: str
    evidence: list[str]
    from_level: int | None
    to_level: int | None
    from_rounds: int | None
    to_rounds: int | None
    created_at: AwareDatetime
    # A decision whose session or check-in was corrected or deleted: kept, marked, no longer counted.
    withdrawn_at: AwareDatetime | None = None
    withdrawn_reason: str | None = None


class ClearanceOut(Strict):
    cleared_by: Annotated[str, Field(min_length=1, max_length=MAX_CLINICIAN_NAME_LENGTH)]
    profession: Annotated[str, Field(min_length=1, max_length=MAX_PROFESSION_LENGTH)]
    cleared_on: date
    note: Annotated[str, Field(max_length=MAX_NOTE_LENGTH)]
    lifted_flags: list[str]
    lifted_pauses: list[str]
    held_since: AwareDatetime
    self_reported: bool
    recorded_at: AwareDatetime


class ReadingOut(Strict):
    key: Annotated[str, Field(min_length=1, max_length=80)]
    value: Annotated[float, Field(allow_inf_nan=False)]
    label: Annotated[str, Field(max_length=80)] | None


class AssessmentOut(Strict):
    assessed_on: date
    created_at: AwareDatetime
    tester: Annotated[str, Field(max_length=80)]
    sex: Literal["female", "male"] | None
    age: Annotated[int, Field(ge=10, le=100)] | None
    body_mass_kg: Annotated[float, Field(ge=25, le=250, allow_inf_nan=False)] | None
    scoring: Literal["best", "mean-of-3"]
    notes: str
    readings: list[ReadingOut]


class RunOut(Strict):
    started_at: AwareDatetime
    duration_s: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    moving_s: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None
    distance_m: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None
    sport: Annotated[str, Field(max_length=20)]
    name: Annotated[str, Field(max_length=200)]
    source_format: Annotated[str, Field(max_length=16)]
    source: Annotated[str, Field(max_length=500)]
    external_id: Annotated[str, Field(max_length=64)] | None
    utc_offset_s: int | None
    imported_at: AwareDatetime


def _picture(value: object) -> bytes:
    """A key frame: the stored bytes as they are, or the file's base64 text decoded (strictly)."""
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        try:
            data = base64.b64decode(value, validate=True)
        except binascii.Error:
            raise ValueError("a key frame that is not base64 text") from None
    else:
        raise ValueError("a key frame must be base64 text")
    if len(data) > MAX_KEY_FRAME_BYTES:
        raise ValueError(f"a key frame of more than {MAX_KEY_FRAME_BYTES // 1024**2} MB")
    return data


# In the file a key frame is base64 text; in the database, bytes.
KeyFrame = Annotated[
    bytes,
    PlainValidator(_picture, json_schema_input_type=str),
    PlainSerializer(lambda data: base64.b64encode(data).decode("ascii"), return_type=str, when_used="json"),
]

# An analysis still queued or running has no result yet and its video is this server's: it does not travel.
EXPORTED_VIDEO_STATUSES = ("done", "refused", "failed")
# [D] A key frame is a JPEG of at most 960 px a side: a few hundred KB. 2 MB refuses a file stuffed with more.
MAX_KEY_FRAME_BYTES = 2 * 1024 * 1024


class VideoAnalysisOut(Strict):
    """A finished video analysis: its angles (``hipcoach.video.result.VideoResult``'s JSON, checked on import)
    and its key-frame picture. The video itself stays on the server it was uploaded to."""

    created_at: AwareDatetime
    updated_at: AwareDatetime
    status: Literal["done", "refused", "failed"]  # EXPORTED_VIDEO_STATUSES
    test: VideoTest
    side: Side
    view: View
    model: Annotated[str, Field(max_length=8)]
    upload_name: Annotated[str, Field(max_length=255)]
    frames_total: Count
    frames_done: Count
    message: Annotated[str, Field(max_length=2000)]
    exercise_id: Annotated[str, Field(max_length=80)]
    assessment_ref: Ref | None = Field(
        default=None, description="the assessment it was filmed for: its position in this file's assessments"
    )
    result: dict[str, Any] | None
    key_frame: KeyFrame | None = None


class Export(Strict):
    format: Literal["hipcoach-export"]
    version: Literal[1]
    exported_at: datetime
    profile: ProfileOut
    screenings: list[ScreeningOut]
    programs: list[ProgramOut]
    sessions: list[SessionOut]
    checkins: list[CheckinOut]
    decisions: list[DecisionOut]
    clearances: list[ClearanceOut] = Field(default_factory=list)  # absent in files from before clearances
    assessments: list[AssessmentOut] = Field(default_factory=list)  # absent in files from before assessments
    runs: list[RunOut] = Field(default_factory=list)  # absent in files from before running load
    videos: list[VideoAnalysisOut] = Field(default_factory=list)  # absent in files from before video analysis
    timezone: Annotated[str, Field(max_length=64)] | None = None
    training_week: (
        dict[Literal["0", "1", "2", "3", "4", "5", "6"], Literal["rest", "easy", "hard", "long"]] | None
    ) = None
    distance_unit: DistanceUnit = DEFAULT_UNIT  # absent in files from before units
    reminder_time: time | None = None


# Every stored column travels in the export, or is named here with the reason it does not; a test checks
# that the two together cover the schema, so a new column cannot be lost on export without a decision.
NOT_EXPORTED: dict[str, str] = {
    "*.id": "row ids are the database's own; the file refers to its rows by references local to it",
    "profiles.user_id": "the web account is not part of the runner's history; an import makes a profile of "
    "its own, which an account or the command line then uses",
    "users": "accounts and passwords are not health data to carry to another hipcoach",
    "web_sessions": "signed-in browsers end with the database they signed in to",
    "session_drafts": "a session under way is finished or thrown away where it was started",
    "imported_files": "which files were read is a record of this database's imports; the runs themselves "
    "travel (and a file imported again is still refused as a repeat by its runs)",
    "import_jobs": "background imports of this server, with the paths of its upload folder",
    "video_analyses.stored_path": "a video waiting for analysis, or kept, is a file on this server; the "
    "analysis travels without it (a kept video is downloaded from its page)",
    "video_analyses.keep_video": "whether to keep the video file, which does not travel",
    "clearances.recorded_by_user_id": "the account that recorded a clearance is this server's; "
    "self_reported says whether the runner recorded it or the clinician did",
    "clinics": "a practice and its join code belong to this server's clinician workspace",
    "clinicians": "clinician accounts are this server's; a clearance or action names its clinician in words",
    "care_links": "consent is given to a clinician of this server; another hipcoach asks for it afresh",
    "invitations": "an invitation opens access on this server only, and expires within days",
    "clinician_notes": "a clinician's private notes are the clinician's record, not the runner's",
    "audit_events": "who read the runner's data here is this server's log; the runner reads it on their "
    "account page",
    "clinical_actions": "a clinician's changes are their clinic's record; what they set (phase, levels, "
    "rounds, strength days) travels in the program itself",
    "training_sessions.client_key": "a phone's retry key guards against saving one session twice on this "
    "server; an imported session is saved once by the import itself",
    "checkins.client_key": "a phone's retry key guards against saving one check-in twice on this server",
    "runner_overrides": "an exercise left out or a stricter threshold is a clinician's prescription on this "
    "server; a new clinician sets their own",
    "rate_limit_hits": "sign-in attempts counted by this server, as hashes of addresses and emails that no "
    "runner's data points to; they expire within the hour",
}

# Links to a parent that the file expresses by nesting (a set inside its exercise) or by being the export of
# one profile, rather than by a reference.
NESTED_PARENTS = frozenset(
    {
        "screenings.profile_id",
        "programs.profile_id",
        "exercise_states.program_id",
        "phase_changes.program_id",
        "training_sessions.profile_id",
        "session_exercises.session_id",
        "session_sets.session_exercise_id",
        "checkins.profile_id",
        "clearances.profile_id",
        "assessments.profile_id",
        "assessment_readings.assessment_id",
        "activities.profile_id",
        "video_analyses.profile_id",
    }
)
