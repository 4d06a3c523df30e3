"""SQLAlchemy models: one class per table, typed with ``Mapped``.

Each CHECK constraint repeats a range the services already validate; it is there so that a bug or a hand-made
row cannot store, say, a pain score of 11. The allowed values are listed once here and once in the migrations.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Base is re-exported: importing it from here guarantees every table below is registered on its metadata.
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.storage.base import Base as Base
from hipcoach.storage.base import at_least, between, one_of, parent_id
from hipcoach.storage.types import UTCDateTime

SEXES = ("female", "male", "other")
RED_FLAG_LEVELS = ("none", "note", "refer", "bone-stress", "urgent")
PROGRAM_STATUSES = ("active", "paused", "ended")
SESSION_KINDS = ("mobility", "strength")
SESSION_SOURCES = ("guided", "logged", "imported")
SIDES = ("left", "right", "both")
OUTCOMES = ("progress", "hold", "regress", "pause")
REFERENCE_SEXES = ("female", "male")
REACH_SCORINGS = ("best", "mean-of-3")
IMPORT_JOB_STATUSES = ("queued", "running", "done", "failed")
# "refused": the video was read but gives no numbers (no one in it, the body cut off, the wrong view).
VIDEO_STATUSES = ("queued", "running", "done", "refused", "failed")
VIDEO_TESTS = tuple(test.value for test in VideoTest)
VIDEO_SIDES = tuple(side.value for side in Side)
VIDEO_VIEWS = tuple(view.value for view in View)
CARE_GRANTED_VIA = ("invitation", "code")
AUDIT_ACTIONS = ("read", "change")
AUDIT_CHANNELS = ("web", "api", "cli")
# What a clinician may do to a runner's program (BRIEF §10); each is one row of clinical_actions.
CLINICAL_ACTION_KINDS = (
    "clearance",
    "assessment",
    "phase",
    "ladder",
    "exclude",
    "swap",
    "restore",
    "strength-days",
    "threshold",
)
RUNNER_OVERRIDE_KINDS = ("exclude", "swap", "threshold")
DISTANCE_UNITS = ("km", "mi")
CLIENT_KEY_LENGTH = 64  # a phone's retry key for one session or check-in (a UUID is 36)
RATE_LIMIT_NAME_LENGTH = 24
RATE_LIMIT_KEY_BYTES = 16  # a BLAKE2b digest of what is limited


class User(Base):
    """A web account. Command-line profiles have none; a web account owns exactly one profile."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebSession(Base):
    """A signed-in browser. Only a hash of the cookie's token is stored, so a copied table opens nothing."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = parent_id("users")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Profile(Base):
    __tablename__ = "profiles"
    __table_args__ = (
        between("age", 10, 110),
        one_of("sex", SEXES),
        between("height_cm", 100, 250),
        between("weight_kg", 25, 300),
        between("limb_length_cm", 50, 130),
        between("weekly_distance_km", 0, 400),
        one_of("distance_unit", DISTANCE_UNITS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    age: Mapped[int | None]
    sex: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=True
    )
    height_cm: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    limb_length_cm: Mapped[float | None] = mapped_column(Float)  # ASIS to medial malleolus (BRIEF §6)
    weekly_distance_km: Mapped[float | None] = mapped_column(Float)
    equipment: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name; weeks start Monday in this zone
    training_week: Mapped[dict[str, str] | None] = mapped_column(
        JSON
    )  # weekday "0".."6" -> rest/easy/hard/long
    # Distances are stored in km; this is only how the runner reads and types them.
    distance_unit: Mapped[str] = mapped_column(String(8), default="km", server_default=text("'km'"))
    reminder_time: Mapped[time | None] = mapped_column(Time)  # the runner's wall clock, in their zone

    programs: Mapped[list[Program]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True, order_by="Program.id"
    )
    screenings: Mapped[list[Screening]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Screening.id"
    )
    checkins: Mapped[list[Checkin]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True, order_by="Checkin.id"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Assessment.id",
    )


class Screening(Base):
    __tablename__ = "screenings"
    __table_args__ = (one_of("red_flag_level", RED_FLAG_LEVELS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    red_flag_level: Mapped[str] = mapped_column(String(16))
    program_allowed: Mapped[bool]


class Program(Base):
    __tablename__ = "programs"
    __table_args__ = (
        one_of("status", PROGRAM_STATUSES),
        between("phase", 1, 4),
        between("strength_days_per_week", 1, 3),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    started_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    phase: Mapped[int]
    paused_reason: Mapped[str | None] = mapped_column(Text)
    # When the program was paused: a paused program holds the runner until a clearance recorded after this.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    strength_days_per_week: Mapped[int] = mapped_column(default=2, server_default="2")
    include_core: Mapped[bool] = mapped_column(default=True, server_default=true())
    include_foot: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    profile: Mapped[Profile] = relationship(back_populates="programs")
    exercise_states: Mapped[list[ExerciseState]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ExerciseState.id"
    )
    phase_changes: Mapped[list[PhaseChange]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PhaseChange.id"
    )
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="TrainingSession.id",
    )


class ExerciseState(Base):
    __tablename__ = "exercise_states"
    __table_args__ = (
        # The unique index leads with program_id, so it also serves lookups by program.
        UniqueConstraint("program_id", "exercise_id"),
        at_least("ladder_level", 1),
        between("rounds", 1, 5),
        at_least("load_kg", 0),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = parent_id("programs", index=False)
    exercise_id: Mapped[str] = mapped_column(String(80))
    ladder_level: Mapped[int]
    rounds: Mapped[int]
    load_kg: Mapped[float | None] = mapped_column(Float)


class PhaseChange(Base):
    __tablename__ = "phase_changes"
    __table_args__ = (between("from_phase", 1, 4), between("to_phase", 1, 4))

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = parent_id("programs")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_phase: Mapped[int | None]
    to_phase: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    overridden_by: Mapped[str | None] = mapped_column(String(80))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # The check-in whose answers opened this phase, so its result page can say so; None for other causes.
    checkin_id: Mapped[int | None] = parent_id("checkins", nullable=True)


class TrainingSession(Base):
    __tablename__ = "training_sessions"
    __table_args__ = (
        # Leads with profile_id, so it also serves as that foreign key's index.
        Index("ix_training_sessions_profile_id_performed_on", "profile_id", "performed_on"),
        between("phase", 1, 4),
        one_of("kind", SESSION_KINDS),
        one_of("source", SESSION_SOURCES),
        between("baseline_pain", 0, 10),
        between("pain_during", 0, 10),
        between("pain_after", 0, 10),
        between("rpe", 0, 10),
        between("tightness", 0, 10),
        # A session sent again by a phone that was offline (or by a second device) is saved once.
        UniqueConstraint("profile_id", "client_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = parent_id("programs")
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    performed_on: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phase: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    baseline_pain: Mapped[int | None]
    pain_during: Mapped[int | None]  # the worst pain during the session
    pain_after: Mapped[int | None]
    rpe: Mapped[int | None]
    tightness: Mapped[int | None]
    # text("''") rather than "": Alembic's SQLite comparison misreads an empty string default as a change.
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    client_key: Mapped[str | None] = mapped_column(String(CLIENT_KEY_LENGTH))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the runner's latest correction

    program: Mapped[Program] = relationship(back_populates="sessions")
    profile: Mapped[Profile] = relationship()
    exercises: Mapped[list[SessionExercise]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SessionExercise.position"
    )


class SessionExercise(Base):
    __tablename__ = "session_exercises"
    __table_args__ = (
        at_least("position", 0),
        at_least("ladder_level", 1),
        at_least("prescribed_rounds", 0),
        between("pain_during", 0, 10),
        between("rpe", 0, 10),
        at_least("load_kg", 0),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = parent_id("training_sessions")
    position: Mapped[int]
    exercise_id: Mapped[str] = mapped_column(String(80))
    block: Mapped[str] = mapped_column(String(16))
    ladder_level: Mapped[int | None]
    prescribed_rounds: Mapped[int]
    full_dose: Mapped[bool]
    pain_during: Mapped[int | None]
    rpe: Mapped[int | None]
    load_kg: Mapped[float | None] = mapped_column(Float)

    sets: Mapped[list[SessionSet]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="SessionSet.id"
    )


class SessionSet(Base):
    __tablename__ = "session_sets"
    __table_args__ = (
        at_least("round", 1),
        one_of("side", SIDES),
        at_least("reps", 0),
        at_least("load_kg", 0),
        at_least("seconds", 0),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_exercise_id: Mapped[int] = parent_id("session_exercises")
    round: Mapped[int]
    side: Mapped[str] = mapped_column(String(8))
    reps: Mapped[int | None]
    load_kg: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[int | None]


class Checkin(Base):
    __tablename__ = "checkins"
    __table_args__ = (
        between("pain", 0, 10),
        between("tightness", 0, 10),
        one_of("red_flag_level", RED_FLAG_LEVELS),
        # One check-in decides a session, however many arrive at once (NULLs, check-ins without a session,
        # are not compared); it also serves as the foreign key's index.
        Index("ix_checkins_session_id", "session_id", unique=True),
        UniqueConstraint("profile_id", "client_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    session_id: Mapped[int | None] = parent_id("training_sessions", nullable=True, index=False)
    checked_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pain: Mapped[int]
    tightness: Mapped[int]
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    red_flag_level: Mapped[str] = mapped_column(String(16))
    client_key: Mapped[str | None] = mapped_column(String(CLIENT_KEY_LENGTH))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the runner's latest correction

    profile: Mapped[Profile] = relationship(back_populates="checkins")
    session: Mapped[TrainingSession | None] = relationship()


class Clearance(Base):
    """A clinician's word that a hold may end (BRIEF §2.2): it lifts every flag and pause recorded before it.

    The runner records it as self-reported (naming the clinician); a clinician with access to the runner will
    record one through ``recorded_by_user_id`` with ``self_reported`` false. Lengths: domain.clearance.
    """

    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    cleared_by: Mapped[str] = mapped_column(String(80))  # the clinician's name
    profession: Mapped[str] = mapped_column(String(80))
    cleared_on: Mapped[date] = mapped_column(Date)  # the runner's day the clinician cleared them
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # What it lifted: the red flags' ids and the pain rules' pause reasons on hold when it was recorded.
    lifted_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    lifted_pauses: Mapped[list[str]] = mapped_column(JSON, default=list)
    held_since: Mapped[datetime] = mapped_column(UTCDateTime)  # when the hold it lifted began
    self_reported: Mapped[bool]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The account that recorded it; None from the command line or an import.
    recorded_by_user_id: Mapped[int | None] = parent_id("users", nullable=True)


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (one_of("outcome", OUTCOMES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = parent_id("programs")
    session_id: Mapped[int | None] = parent_id("training_sessions", nullable=True)
    checkin_id: Mapped[int | None] = parent_id("checkins", nullable=True)
    exercise_id: Mapped[str | None] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str] = mapped_column(String(80))
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    from_level: Mapped[int | None]
    to_level: Mapped[int | None]
    from_rounds: Mapped[int | None]
    to_rounds: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A decision whose session or check-in the runner corrected or deleted is kept, marked, and no longer
    # counts (services.corrections); the reason says what changed and what became of the ladder.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class SessionDraft(Base):
    """A session under way in the browser, saved after every set so a closed tab loses nothing.

    It becomes a TrainingSession in one transaction when the runner finishes; until then it is only a draft.
    """

    __tablename__ = "session_drafts"
    __table_args__ = (one_of("kind", SESSION_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Assessment(Base):
    """One sitting of the test battery. Only the raw readings are stored; results are computed from them."""

    __tablename__ = "assessments"
    __table_args__ = (
        one_of("sex", REFERENCE_SEXES),
        between("age", 10, 100),
        between("body_mass_kg", 25, 250),
        one_of("scoring", REACH_SCORINGS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    assessed_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tester: Mapped[str] = mapped_column(String(80), default="")  # empty: the runner measured themselves
    sex: Mapped[str | None] = mapped_column(String(16))  # for reference values, as given at the time
    age: Mapped[int | None]
    body_mass_kg: Mapped[float | None] = mapped_column(Float)
    scoring: Mapped[str] = mapped_column(String(16), default="mean-of-3")
    notes: Mapped[str] = mapped_column(Text, default="")

    profile: Mapped[Profile] = relationship(back_populates="assessments")
    readings: Mapped[list[AssessmentReading]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AssessmentReading.id",
    )


class AssessmentReading(Base):
    """One number written down during an assessment, under its battery key (see domain.assessment.battery)."""

    __tablename__ = "assessment_readings"
    __table_args__ = (UniqueConstraint("assessment_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = parent_id("assessments")
    key: Mapped[str] = mapped_column(String(80))
    value: Mapped[float] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(String(80))  # the activity named for a PSFS rating

    assessment: Mapped[Assessment] = relationship(back_populates="readings")


class Activity(Base):
    """One run, from a watch file, an export or typed in; other sports are not kept (they are not load)."""

    __tablename__ = "activities"
    __table_args__ = (
        at_least("duration_s", 0),
        at_least("distance_m", 0),
        Index("ix_activities_profile_started", "profile_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float | None] = mapped_column(Float)
    sport: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    source_format: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(
        String(500), default=""
    )  # the file it came from, as the runner named it
    external_id: Mapped[str | None] = mapped_column(String(64))
    utc_offset_s: Mapped[int | None]
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ImportedFile(Base):
    """A file already read for a profile: the same bytes are never imported twice, so an import can resume."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("profile_id", "file_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    file_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(500))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    runs_added: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)


class ImportJob(Base):
    """An upload being imported in the background; its status page reads this row."""

    __tablename__ = "import_jobs"
    __table_args__ = (one_of("status", IMPORT_JOB_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    upload_name: Mapped[str] = mapped_column(String(255))  # as the runner's browser named it
    stored_path: Mapped[str] = mapped_column(String(1000))  # where the upload waits in the data folder
    files_total: Mapped[int] = mapped_column(default=0)
    files_done: Mapped[int] = mapped_column(default=0)
    runs_added: Mapped[int] = mapped_column(default=0)
    duplicates: Mapped[int] = mapped_column(default=0)
    already_imported: Mapped[int] = mapped_column(default=0)
    problems: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # {source, reason, kind}
    message: Mapped[str] = mapped_column(Text, default="")


class Clinic(Base):
    """A practice: clinicians who work together. A clinician joins one by its join code."""

    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Clinician(Base):
    """A web account's clinician profile: who they are, in which clinic, and the code runners share with."""

    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    clinic_id: Mapped[int] = parent_id("clinics")
    name: Mapped[str] = mapped_column(String(80))
    profession: Mapped[str] = mapped_column(String(80))
    share_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    clinic: Mapped[Clinic] = relationship()


class CareLink(Base):
    """A runner's consent for one clinician to see and change their data; revoked_at ends it at once."""

    __tablename__ = "care_links"
    __table_args__ = (
        one_of("granted_via", CARE_GRANTED_VIA),
        Index("ix_care_links_clinician_id_revoked_at", "clinician_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    clinician_id: Mapped[int] = parent_id("clinicians", index=False)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_via: Mapped[str] = mapped_column(String(16))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    clinician: Mapped[Clinician] = relationship()


class Invitation(Base):
    """A clinician's single-use, expiring invitation: a link and a short code, only their hashes kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = parent_id("clinicians")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_profile_id: Mapped[int | None] = parent_id("profiles", nullable=True)


class ClinicianNote(Base):
    """A clinician's private note on a runner: the runner does not see its text."""

    __tablename__ = "clinician_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    clinician_id: Mapped[int] = parent_id("clinicians")
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One clinician read or change of a runner's data, shown to the runner. Rows are only ever added."""

    __tablename__ = "audit_events"
    __table_args__ = (
        one_of("action", AUDIT_ACTIONS),
        one_of("channel", AUDIT_CHANNELS),
        Index("ix_audit_events_profile_id_at", "profile_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    # The clinician's account; the name and profession are copied so the line outlives the account.
    actor_user_id: Mapped[int | None] = parent_id("users", nullable=True)
    actor_name: Mapped[str] = mapped_column(String(80))
    actor_profession: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(8))


class ClinicalAction(Base):
    """A clinician's change to a runner's program, with who, when and why; the runner sees each one."""

    __tablename__ = "clinical_actions"
    __table_args__ = (
        one_of("kind", CLINICAL_ACTION_KINDS),
        Index("ix_clinical_actions_profile_id_at", "profile_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    clinician_id: Mapped[int | None] = parent_id("clinicians", nullable=True)
    by_name: Mapped[str] = mapped_column(String(80))
    by_profession: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(80))  # an exercise or a threshold id, where one
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # before and after, by kind
    reason: Mapped[str] = mapped_column(Text)


class RunnerOverride(Base):
    """A rule read differently for this runner: an exercise left out or swapped, a stricter threshold."""

    __tablename__ = "runner_overrides"
    __table_args__ = (
        one_of("kind", RUNNER_OVERRIDE_KINDS),
        UniqueConstraint("profile_id", "kind", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles", index=False)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(80))  # the exercise id or the threshold id
    value: Mapped[Any] = mapped_column(JSON)  # the swapped-in exercise id, or the threshold's number
    action_id: Mapped[int | None] = parent_id("clinical_actions", nullable=True)


class RateLimitHit(Base):
    """One attempt counted by a rate limit (web/rate_limits.py), kept where every app process sees it.

    The key is a 16-byte hash of what is limited (an address, an account, or both), never the email itself;
    a row is deleted once it is older than its limit's window.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (
        Index("ix_rate_limit_hits_limit_name_key_digest", "limit_name", "key_digest"),
        Index("ix_rate_limit_hits_limit_name_at", "limit_name", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    limit_name: Mapped[str] = mapped_column(String(RATE_LIMIT_NAME_LENGTH))
    key_digest: Mapped[bytes] = mapped_column(LargeBinary(RATE_LIMIT_KEY_BYTES))
    at: Mapped[float] = mapped_column(Float)  # seconds on the limiter's clock (the epoch, in production)


class VideoAnalysis(Base):
    """A phone video of a test or exercise, analysed in the background into joint angles (issue 19).

    The video waits at ``stored_path`` until analysed and is then deleted, unless the runner chose to keep
    it; ``stored_path`` is empty once it is gone. ``result`` is ``hipcoach.video.result.VideoResult``'s JSON
    and ``key_frame`` the key frame as a JPEG with the skeleton drawn over it: both stay when the video goes.
    """

    __tablename__ = "video_analyses"
    __table_args__ = (
        one_of("status", VIDEO_STATUSES),
        one_of("test", VIDEO_TESTS),
        one_of("side", VIDEO_SIDES),
        one_of("view", VIDEO_VIEWS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = parent_id("profiles")
    assessment_id: Mapped[int | None] = parent_id("assessments", nullable=True)
    exercise_id: Mapped[str] = mapped_column(String(80), default="")  # the exercise page it came from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    test: Mapped[str] = mapped_column(String(24))
    side: Mapped[str] = mapped_column(String(8))
    view: Mapped[str] = mapped_column(String(8))
    model: Mapped[str] = mapped_column(String(8))
    upload_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(1000), default="")
    keep_video: Mapped[bool] = mapped_column(default=False)
    frames_total: Mapped[int] = mapped_column(default=0)
    frames_done: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    key_frame: Mapped[bytes | None] = mapped_column(LargeBinary)
