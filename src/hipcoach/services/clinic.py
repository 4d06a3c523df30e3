"""Clinics, clinicians and a runner's consent (BRIEF §10): invitations, a clinician's share code, revoking.

A clinician account is an ordinary account with a clinician profile. A runner gives a clinician access by
accepting their single-use, expiring invitation (a link, also shown as a short code) or by entering the
clinician's own share code; the runner sees who has access and revokes it in one step, which ends it at once.
Only hashes of invitation tokens and codes are stored, as for sign-in tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipcoach.services.care import ClinicianView, clinician_view, live_link
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidFields, InvalidInput, NotFound
from hipcoach.storage import models as m

INVITATION_LIFETIME = timedelta(days=7)
NAME_MAX = 80  # clinicians.name and .profession
CLINIC_NAME_MAX = 120  # clinics.name
# Codes a person reads aloud or types from paper: no 0/O or 1/I/L to confuse.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SHARE_CODE_LENGTH = 8
INVITATION_CODE_LENGTH = 10
JOIN_CODE_LENGTH = 8
AUDIT_SHOWN = 100  # lines of "who looked at your data" on a page; older ones are counted


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """A code as typed: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _text(value: str, what: str, longest: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise InvalidInput(f"please give your {what}")
    if len(value) > longest:
        raise InvalidInput(f"the {what} can be at most {longest} characters")
    return value


def check_clinician(name: str, profession: str, clinic_name: str | None) -> tuple[str, str, str | None]:
    """The name, profession and (unless the clinician joins a clinic: None) the new clinic's name, tidied;
    InvalidFields naming each that is missing or too long."""
    problems: dict[str, str] = {}

    def read(field: str, value: str, what: str, longest: int) -> str:
        try:
            return _text(value, what, longest)
        except InvalidInput as error:
            problems[field] = str(error)
            return ""

    name = read("name", name, "name", NAME_MAX)
    profession = read("profession", profession, "profession", NAME_MAX)
    if clinic_name is not None:
        clinic_name = read("clinic_name", clinic_name, "clinic's name", CLINIC_NAME_MAX)
    if problems:
        raise InvalidFields(problems)
    return name, profession, clinic_name


def become_clinician(
    app: Hipcoach,
    user_id: int,
    name: str,
    profession: str,
    clinic_name: str = "",
    join_code: str = "",
) -> ClinicianView:
    """Give the account a clinician profile, in a new clinic (``clinic_name``) or one it joins by code.
    Every problem at once: InvalidFields by field (name, profession, clinic_name, join_code)."""
    joining = bool(join_code.strip())
    problems: dict[str, str] = {}
    try:
        name, profession, new_clinic = check_clinician(name, profession, None if joining else clinic_name)
    except InvalidFields as error:
        problems.update(error.problems)
        new_clinic = None
    with app.transaction() as db:
        if db.scalar(select(m.Clinician.id).where(m.Clinician.user_id == user_id)) is not None:
            raise Conflict("this account already has a clinician profile")
        clinic = None
        if joining:
            clinic = db.scalar(select(m.Clinic).where(m.Clinic.join_code == normalise_code(join_code)))
            if clinic is None:
                problems["join_code"] = "no clinic has that join code; ask a colleague for it again"
        if problems:
            raise InvalidFields(problems)
        if clinic is None:
            clinic = m.Clinic(name=new_clinic or "", join_code=_code(JOIN_CODE_LENGTH), created_at=app.now())
            db.add(clinic)
            db.flush()
        row = m.Clinician(
            user_id=user_id,
            clinic_id=clinic.id,
            name=name,
            profession=profession,
            share_code=_code(SHARE_CODE_LENGTH),
            created_at=app.now(),
        )
        db.add(row)
        db.flush()
        return clinician_view(row)


@dataclass(frozen=True)
class NewInvitation:
    """What the clinician hands the runner; shown once, since only hashes are kept."""

    token: str  # for the link /clinic/accept/{token}
    code: str  # the same invitation typed by hand
    expires_at: datetime


def invite(app: Hipcoach, clinician: ClinicianView) -> NewInvitation:
    """A new single-use invitation that expires after INVITATION_LIFETIME."""
    token = secrets.token_urlsafe(24)
    code = _code(INVITATION_CODE_LENGTH)
    with app.transaction() as db:
        now = app.now()
        db.add(
            m.Invitation(
                clinician_id=clinician.id,
                token_hash=_digest(token),
                code_hash=_digest(code),
                created_at=now,
                expires_at=now + INVITATION_LIFETIME,
            )
        )
    return NewInvitation(token, code, now + INVITATION_LIFETIME)


_NO_INVITATION = "this invitation is not valid: it may have expired or been used already; ask for a new one"


def _usable_invitation(db: Session, token: str | None, code: str | None, now: datetime) -> m.Invitation:
    if token:
        where = m.Invitation.token_hash == _digest(token)
    elif code:
        where = m.Invitation.code_hash == _digest(normalise_code(code))
    else:
        raise InvalidInput("please give the invitation's code")
    invitation = db.scalar(select(m.Invitation).where(where).with_for_update())
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
        raise InvalidInput(_NO_INVITATION)
    return invitation


def invitation_from(app: Hipcoach, token: str | None = None, code: str | None = None) -> ClinicianView:
    """Who sent a still-usable invitation (for the page that asks the runner to accept); writes nothing."""
    with app.reading() as db:
        invitation = _usable_invitation(db, token, code, app.now())
        return clinician_view(db.get_one(m.Clinician, invitation.clinician_id))


def accept_invitation(
    app: Hipcoach, profile_id: int, token: str | None = None, code: str | None = None
) -> ClinicianView:
    """The runner accepts: the invitation is used up and the clinician has access from now."""
    with app.transaction() as db:
        now = app.now()
        invitation = _usable_invitation(db, token, code, now)
        clinician = db.get_one(m.Clinician, invitation.clinician_id)
        if clinician.user_id == _owner(db, profile_id):
            raise InvalidInput("this is your own invitation; send it to the runner")
        invitation.used_at = now
        invitation.used_by_profile_id = profile_id
        _grant(db, profile_id, clinician.id, "invitation", now)
        return clinician_view(clinician)


def share_with_code(app: Hipcoach, profile_id: int, share_code: str) -> ClinicianView:
    """The runner gives access to the clinician whose share code they typed."""
    with app.transaction() as db:
        clinician = db.scalar(select(m.Clinician).where(m.Clinician.share_code == normalise_code(share_code)))
        if clinician is None:
            raise InvalidInput("no clinician has that code; check it with them")
        if clinician.user_id == _owner(db, profile_id):
            raise InvalidInput("that is your own clinician code")
        _grant(db, profile_id, clinician.id, "code", app.now())
        return clinician_view(clinician)


def share_by_typed_code(app: Hipcoach, profile_id: int, code: str) -> ClinicianView:
    """A code the runner typed: an invitation's code (single use) or a clinician's own share code."""
    typed = normalise_code(code)
    if not typed:
        raise InvalidInput("please type the code your clinician gave you")
    if len(typed) == INVITATION_CODE_LENGTH:
        return accept_invitation(app, profile_id, code=typed)
    if len(typed) == SHARE_CODE_LENGTH:
        return share_with_code(app, profile_id, typed)
    raise InvalidInput(
        f"a clinician's code has {SHARE_CODE_LENGTH} characters and an invitation's "
        f"{INVITATION_CODE_LENGTH}; the one typed has {len(typed)}"
    )


def _owner(db: Session, profile_id: int) -> int | None:
    return db.scalar(select(m.Profile.user_id).where(m.Profile.id == profile_id))


def _grant(db: Session, profile_id: int, clinician_id: int, via: str, now: datetime) -> None:
    if live_link(db, clinician_id, profile_id) is not None:
        raise Conflict("this clinician already has access to your data")
    db.add(m.CareLink(profile_id=profile_id, clinician_id=clinician_id, granted_at=now, granted_via=via))
    try:
        db.flush()
    except IntegrityError as error:
        raise Conflict("this clinician already has access to your data") from error


@dataclass(frozen=True)
class Access:
    """One clinician's access to the runner, as the runner's account page lists it."""

    link_id: int
    clinician: ClinicianView
    since: datetime
    via: str


def access_list(app: Hipcoach, profile_id: int) -> list[Access]:
    """Who can see the runner's data now, longest first."""
    with app.reading() as db:
        rows = db.scalars(
            select(m.CareLink)
            .where(m.CareLink.profile_id == profile_id, m.CareLink.revoked_at.is_(None))
            .order_by(m.CareLink.granted_at, m.CareLink.id)
        )
        return [
            Access(row.id, clinician_view(row.clinician), row.granted_at, row.granted_via) for row in rows
        ]


def revoke(app: Hipcoach, profile_id: int, link_id: int) -> ClinicianView:
    """End one clinician's access at once; NotFound for another runner's link or one already ended."""
    with app.transaction() as db:
        link = db.get(m.CareLink, link_id)
        if link is None or link.profile_id != profile_id or link.revoked_at is not None:
            raise NotFound(f"no access {link_id} to revoke")
        link.revoked_at = app.now()
        return clinician_view(link.clinician)


def caseload_profile_ids(db: Session, clinician_id: int) -> list[int]:
    """The runners who have consented to this clinician now."""
    return list(
        db.scalars(
            select(m.CareLink.profile_id)
            .where(m.CareLink.clinician_id == clinician_id, m.CareLink.revoked_at.is_(None))
            .order_by(m.CareLink.profile_id)
        )
    )


@dataclass(frozen=True)
class ClinicianProfile:
    """The clinician's own profile page: who they are, their share code, their clinic's join code."""

    clinician: ClinicianView
    clinic_join_code: str
    colleagues: int  # the other clinicians of the clinic
    runners: int  # runners who have given access now


def clinician_profile(app: Hipcoach, clinician: ClinicianView) -> ClinicianProfile:
    """The clinician as their own invite page and /api/clinic/me show them."""
    with app.reading() as db:
        row = db.get_one(m.Clinician, clinician.id)
        colleagues = db.scalar(
            select(func.count())
            .select_from(m.Clinician)
            .where(m.Clinician.clinic_id == row.clinic_id, m.Clinician.id != row.id)
        )
        runners = db.scalar(
            select(func.count())
            .select_from(m.CareLink)
            .where(m.CareLink.clinician_id == row.id, m.CareLink.revoked_at.is_(None))
        )
        return ClinicianProfile(clinician_view(row), row.clinic.join_code, colleagues or 0, runners or 0)


def ended_access(app: Hipcoach, profile_id: int, link_id: int) -> ClinicianView | None:
    """The clinician whose access the runner ended with this link, for the page that confirms it."""
    with app.reading() as db:
        link = db.get(m.CareLink, link_id)
        if link is None or link.profile_id != profile_id or link.revoked_at is None:
            return None
        return clinician_view(link.clinician)


CHANNEL_LABELS = {"web": "web", "api": "API", "cli": "command line"}


@dataclass(frozen=True)
class AuditLine:
    """One clinician read or change of a runner's data, as the runner and the clinician read it."""

    at: datetime
    who: str  # "Sam Ortiz, PT"
    action: str  # "read" or "change"
    what: str  # "your check-ins", or the change in words ("cleared your pause")
    channel: str  # "web", "api" or "cli"
    runner_id: int | None = None  # in the clinician's log: the runner, while they still give access
    runner_name: str | None = None

    @property
    def done(self) -> str:
        """What happened in words: "viewed your check-ins", or the change as its use case wrote it."""
        return f"viewed {self.what}" if self.action == "read" else self.what

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)


@dataclass(frozen=True)
class AuditPage:
    """The newest lines of a log, and how many older ones were left off."""

    lines: tuple[AuditLine, ...]
    older: int


def _audit_line(row: m.AuditEvent) -> AuditLine:
    return AuditLine(row.at, f"{row.actor_name}, {row.actor_profession}", row.action, row.what, row.channel)


def audit_of(app: Hipcoach, profile_id: int, limit: int = AUDIT_SHOWN) -> AuditPage:
    """Who looked at or changed the runner's data, newest first: the last ``limit`` lines."""
    with app.reading() as db:
        rows = db.scalars(
            select(m.AuditEvent)
            .where(m.AuditEvent.profile_id == profile_id)
            .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
            .limit(limit)
        ).all()
        counted = select(func.count()).select_from(m.AuditEvent).where(m.AuditEvent.profile_id == profile_id)
        total = db.scalar(counted) or 0
        return AuditPage(tuple(_audit_line(row) for row in rows), max(0, total - len(rows)))


def actions_by(app: Hipcoach, clinician: ClinicianView, limit: int = AUDIT_SHOWN) -> AuditPage:
    """The clinician's own reads and changes across runners, newest first. A runner who has since ended the
    clinician's access is not named: the line stays, their data does not."""
    with app.reading() as db:
        mine = m.AuditEvent.actor_user_id == clinician.user_id
        live = select(m.CareLink.profile_id).where(
            m.CareLink.clinician_id == clinician.id, m.CareLink.revoked_at.is_(None)
        )
        rows = db.execute(
            select(m.AuditEvent, m.Profile.name, m.AuditEvent.profile_id.in_(live).label("live"))
            .join(m.Profile, m.Profile.id == m.AuditEvent.profile_id)
            .where(mine)
            .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
            .limit(limit)
        ).all()
        total = db.scalar(select(func.count()).select_from(m.AuditEvent).where(mine)) or 0
        lines = []
        for event, name, live_now in rows:
            line = _audit_line(event)
            if live_now:
                line = replace(line, runner_id=event.profile_id, runner_name=name)
            lines.append(line)
        return AuditPage(tuple(lines), max(0, total - len(lines)))
