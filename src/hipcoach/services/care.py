"""Who may see a runner: a clinician with the runner's live consent (a care link not revoked), nobody else.

Every clinician read and change of a runner's data goes through here and is written to the audit log the
runner reads (BRIEF §10). A runner without consent for this clinician is answered exactly like a runner that
does not exist (NotFound), so an id tells a stranger nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound
from hipcoach.storage import models as m

WHAT_MAX = 300  # audit_events.what


@dataclass(frozen=True)
class ClinicianView:
    """A clinician as the workspace shows them."""

    id: int
    user_id: int
    name: str
    profession: str
    clinic_id: int
    clinic_name: str
    share_code: str

    @property
    def signature(self) -> str:
        """How the runner sees them named: "Sam Ortiz, PT"."""
        return f"{self.name}, {self.profession}"


def clinician_view(row: m.Clinician) -> ClinicianView:
    return ClinicianView(
        row.id, row.user_id, row.name, row.profession, row.clinic_id, row.clinic.name, row.share_code
    )


def clinician_for_user(app: Hipcoach, user_id: int) -> ClinicianView | None:
    """The account's clinician profile, or None for a runner-only account."""
    with app.reading() as db:
        row = db.scalar(select(m.Clinician).where(m.Clinician.user_id == user_id))
        return clinician_view(row) if row is not None else None


def not_in_caseload(profile_id: int) -> NotFound:
    return NotFound(f"no runner {profile_id} in your caseload")


def live_link(db: Session, clinician_id: int, profile_id: int) -> m.CareLink | None:
    """The runner's consent for this clinician, if it stands now."""
    return db.scalar(
        select(m.CareLink)
        .where(
            m.CareLink.clinician_id == clinician_id,
            m.CareLink.profile_id == profile_id,
            m.CareLink.revoked_at.is_(None),
        )
        .limit(1)
    )


def require_care(db: Session, clinician_id: int, profile_id: int) -> None:
    """NotFound unless the runner has consented to this clinician and not revoked it."""
    if live_link(db, clinician_id, profile_id) is None:
        raise not_in_caseload(profile_id)


def record_audit(
    db: Session,
    profile_id: int,
    clinician: ClinicianView,
    action: str,
    what: str,
    channel: str,
    at: datetime,
) -> None:
    """One line of the runner's "who looked at my data" log; rows are only ever added."""
    db.add(
        m.AuditEvent(
            profile_id=profile_id,
            actor_user_id=clinician.user_id,
            actor_name=clinician.name,
            actor_profession=clinician.profession,
            at=at,
            action=action,
            what=what[:WHAT_MAX],
            channel=channel,
        )
    )


def open_runner(app: Hipcoach, clinician: ClinicianView, profile_id: int, what: str, channel: str) -> None:
    """A clinician about to read a runner's data: refused without consent, else logged (one transaction)."""
    with app.transaction() as db:
        require_care(db, clinician.id, profile_id)
        record_audit(db, profile_id, clinician, "read", what, channel, app.now())


def clinician_by_email(app: Hipcoach, email: str) -> ClinicianView:
    """The clinician profile of the account with this email (the command line names its clinician so)."""
    with app.reading() as db:
        row = db.scalar(
            select(m.Clinician)
            .join(m.User, m.User.id == m.Clinician.user_id)
            .where(m.User.email == email.strip().lower())
        )
        if row is None:
            raise NotFound(
                f"no clinician account with the email {email!r}: sign up in the web app and set up your "
                "clinician profile at /clinic/join first"
            )
        return clinician_view(row)
