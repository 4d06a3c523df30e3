"""What a clinician reads of a runner beyond the runner's own pages: who they are, every progression decision
with its rule id, and the clinicians' private notes (the clinical actions are read by
``services.clinical_actions``).

The runner's program, sessions, check-ins, assessments and load are read through the services the runner's
own pages call, with the runner's profile id; the web layer has already checked the clinician's access
(``web.deps.CaredRunnerId``). The notes' use cases check it again, in their own transaction: a note is
written only while the runner's consent stands, and the audit line goes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from hipcoach.services.care import ClinicianView, live_link, not_in_caseload, record_audit, require_care
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m

NOTE_MAX_CHARS = 5000  # a private note: a few paragraphs, never a document
NOTE_ADDED = "added a private note"  # what the runner reads in their log (never the note itself)
RECENT_DECISIONS = 50  # the detail page and the API give the latest decisions, newest first
RECENT_CHECKINS = 60  # the check-ins page and the API give the latest check-ins: two months of mornings


@dataclass(frozen=True)
class RunnerHeader:
    """Who the runner is, as the clinician's pages name them."""

    profile_id: int
    name: str
    age: int | None
    sex: str | None
    timezone: str | None
    access_since: datetime | None  # since when this clinician may see them


def runner_header(app: Hipcoach, clinician: ClinicianView, profile_id: int) -> RunnerHeader:
    with app.reading() as db:
        link = live_link(db, clinician.id, profile_id)
        profile = db.get(m.Profile, profile_id)
        if profile is None or link is None:
            raise not_in_caseload(profile_id)
        return RunnerHeader(
            profile.id, profile.name, profile.age, profile.sex, profile.timezone, link.granted_at
        )


# --- decisions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRecord:
    """One progression decision as stored: what it decided, why, and the rule that decided it."""

    id: int
    decided_at: datetime
    on: date  # the day of the session it speaks for, else of the check-in, else of the decision
    session_id: int | None
    checkin_id: int | None
    exercise_id: str | None
    outcome: str
    reason: str
    rule_id: str
    evidence: tuple[str, ...]
    from_level: int | None
    to_level: int | None
    from_rounds: int | None
    to_rounds: int | None
    withdrawn: str | None = None  # why it no longer counts (services.corrections)


def decisions(app: Hipcoach, profile_id: int, limit: int | None = RECENT_DECISIONS) -> list[DecisionRecord]:
    """The runner's latest progression decisions (all of them for ``limit=None``), newest first, with their
    reasons and rule ids."""
    D, S, C = m.Decision, m.TrainingSession, m.Checkin
    with app.reading() as db:
        rows = db.execute(
            select(D, S.performed_on, C.checked_on)
            .join(m.Program, m.Program.id == D.program_id)
            .outerjoin(S, S.id == D.session_id)
            .outerjoin(C, C.id == D.checkin_id)
            .where(m.Program.profile_id == profile_id)
            .order_by(D.created_at.desc(), D.id.desc())
            .limit(limit)
        ).all()
        return [
            DecisionRecord(
                id=d.id,
                decided_at=d.created_at,
                on=performed_on or checked_on or d.created_at.date(),
                session_id=d.session_id,
                checkin_id=d.checkin_id,
                exercise_id=d.exercise_id,
                outcome=d.outcome,
                reason=d.reason,
                rule_id=d.rule_id,
                evidence=tuple(d.evidence or ()),
                from_level=d.from_level,
                to_level=d.to_level,
                from_rounds=d.from_rounds,
                to_rounds=d.to_rounds,
                withdrawn=d.withdrawn_reason,
            )
            for d, performed_on, checked_on in rows
        ]


def checkin_ids(app: Hipcoach, profile_id: int, limit: int = RECENT_CHECKINS) -> list[int]:
    """The ids of the runner's latest check-ins, newest first."""
    with app.reading() as db:
        return list(
            db.scalars(
                select(m.Checkin.id)
                .where(m.Checkin.profile_id == profile_id)
                .order_by(m.Checkin.checked_on.desc(), m.Checkin.id.desc())
                .limit(limit)
            )
        )


# --- private notes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteView:
    id: int
    written_at: datetime
    author: str  # "Sam Ortiz, PT"
    mine: bool  # written by the clinician reading it
    text: str


def _note_view(note: m.ClinicianNote, author: m.Clinician, reader: ClinicianView) -> NoteView:
    return NoteView(
        note.id, note.written_at, f"{author.name}, {author.profession}", author.id == reader.id, note.text
    )


def notes(app: Hipcoach, clinician: ClinicianView, profile_id: int) -> list[NoteView]:
    """The private notes on the runner, newest first: those of every clinician who may see the runner now
    (this one included). A note of a clinician whose access ended is kept, but no longer shown."""
    N, L = m.ClinicianNote, m.CareLink
    with app.reading() as db:
        require_care(db, clinician.id, profile_id)
        live_authors = (
            select(L.clinician_id).where(L.profile_id == profile_id, L.revoked_at.is_(None)).scalar_subquery()
        )
        rows = db.execute(
            select(N, m.Clinician)
            .join(m.Clinician, m.Clinician.id == N.clinician_id)
            .where(N.profile_id == profile_id, N.clinician_id.in_(live_authors))
            .order_by(N.written_at.desc(), N.id.desc())
        ).all()
        return [_note_view(note, author, clinician) for note, author in rows]


def checked_note(text: str) -> str:
    """The note's text, stripped; InvalidInput naming the problem when it is empty or too long."""
    text = text.strip()
    if not text:
        raise InvalidInput("the note is empty: write something to keep")
    if len(text) > NOTE_MAX_CHARS:
        raise InvalidInput(f"a note holds at most {NOTE_MAX_CHARS:,} characters; this one has {len(text):,}")
    return text


def add_note(app: Hipcoach, clinician: ClinicianView, profile_id: int, text: str, channel: str) -> NoteView:
    """Keep a private note on the runner (the runner's log says a note was added, never what it says)."""
    text = checked_note(text)
    now = app.now()
    with app.transaction() as db:
        require_care(db, clinician.id, profile_id)
        note = m.ClinicianNote(profile_id=profile_id, clinician_id=clinician.id, written_at=now, text=text)
        db.add(note)
        record_audit(db, profile_id, clinician, "change", NOTE_ADDED, channel, now)
        db.flush()
        author = db.get(m.Clinician, clinician.id)
        assert author is not None  # require_care found this clinician's link
        return _note_view(note, author, clinician)
