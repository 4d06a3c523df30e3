"""Short ways to set up the clinician workspace in a test: a clinician account, and a runner's consent."""

from __future__ import annotations

from hipcoach.services import accounts, clinic
from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach

CLINICIAN_PASSWORD = "clinic password 2026"


def make_clinician(
    app: Hipcoach,
    email: str = "sam@clinic.example",
    name: str = "Sam Ortiz",
    profession: str = "PT",
    clinic_name: str = "Riverside Physio",
    join_code: str = "",
) -> ClinicianView:
    """A web account with a clinician profile, in a new clinic or (with ``join_code``) an existing one."""
    account = accounts.sign_up(app, email, CLINICIAN_PASSWORD)
    return clinic.become_clinician(app, account.user_id, name, profession, clinic_name, join_code)


def give_access(app: Hipcoach, profile_id: int, clinician: ClinicianView) -> None:
    """The runner accepts the clinician's invitation, as on the web."""
    invitation = clinic.invite(app, clinician)
    clinic.accept_invitation(app, profile_id, token=invitation.token)
