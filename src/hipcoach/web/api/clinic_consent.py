"""Consent through the API (BRIEF §10): a clinician's profile and invitations, their own log; the runner's
access list (share, revoke) and the log of who looked at their data."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Self

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

from hipcoach.services import clinic
from hipcoach.services.care import ClinicianView
from hipcoach.services.clinic import AuditLine, AuditPage
from hipcoach.services.errors import Conflict, NotFound
from hipcoach.web.api.common import PRIVATE, REFUSED
from hipcoach.web.deps import Clinician, HipcoachDep, ItemId, ProfileId, SignedIn

router = APIRouter(prefix="/api", tags=["api"])

CLINICIAN_ONLY: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "the account has no clinician profile, or a change without the X-CSRF-Token header"},
}
DUPLICATE: dict[int | str, dict[str, Any]] = {
    409: {"description": "the clinician already has access, or the account already has a clinician profile"}
}
CODE_MAX = 100  # longer than any token or code hipcoach makes


class ClinicJoin(BaseModel):
    """A clinician profile: a new clinic by its name, or a colleague's clinic by its join code (one only)."""

    name: str = Field(max_length=clinic.NAME_MAX * 2, description="as runners will see it, e.g. Sam Ortiz")
    profession: str = Field(max_length=clinic.NAME_MAX * 2, description="e.g. PT, physiotherapist, coach")
    clinic_name: str | None = Field(None, max_length=clinic.CLINIC_NAME_MAX * 2)
    join_code: str | None = Field(None, max_length=CODE_MAX)

    @model_validator(mode="after")
    def one_clinic(self) -> Self:
        if bool((self.clinic_name or "").strip()) == bool((self.join_code or "").strip()):
            raise ValueError("give either clinic_name (a new clinic) or join_code (a colleague's), not both")
        return self


class ClinicPublic(BaseModel):
    id: int
    name: str


class ClinicianPublic(BaseModel):
    """A clinician as runners see them."""

    id: int
    name: str
    profession: str
    signature: str = Field(description='how runners see them named: "Sam Ortiz, PT"')
    clinic: ClinicPublic


class ClinicianMe(ClinicianPublic):
    share_code: str = Field(description="runners type it to share their data with this clinician")
    clinic_join_code: str = Field(description="colleagues join the clinic with it")
    runners: int = Field(description="runners who share their data with this clinician now")
    colleagues: int


class InvitationPublic(BaseModel):
    """A new invitation, shown once: only its hashes are kept."""

    link: str
    code: str
    expires_at: datetime


class AccessCreate(BaseModel):
    """An invitation's token (from its link) or a typed code: an invitation's or a clinician's own."""

    token: str | None = Field(None, max_length=CODE_MAX)
    code: str | None = Field(None, max_length=CODE_MAX)

    @model_validator(mode="after")
    def one_of_them(self) -> Self:
        if bool(self.token) == bool(self.code):
            raise ValueError("give either token (from the invitation's link) or code, not both")
        return self


class AccessPublic(BaseModel):
    """One clinician's access to the runner's data."""

    id: int = Field(description="DELETE /api/me/access/{id} ends it")
    clinician: ClinicianPublic
    since: datetime
    via: str = Field(description='"invitation" or "code"')


class AuditLinePublic(BaseModel):
    at: datetime
    who: str = Field(description='"Sam Ortiz, PT"')
    action: str = Field(description='"read" or "change"')
    what: str
    text: str = Field(description='in words: "viewed your check-ins"')
    channel: str = Field(description='"web", "api" or "cli"')


class AuditPublic(BaseModel):
    lines: list[AuditLinePublic] = Field(description="newest first")
    older: int = Field(description="older lines left off")


class ActionLinePublic(AuditLinePublic):
    runner_id: int | None = Field(description="null once the runner has ended the access")
    runner_name: str | None


class ActionsPublic(BaseModel):
    lines: list[ActionLinePublic] = Field(description="newest first")
    older: int


def _clinician(view: ClinicianView) -> ClinicianPublic:
    return ClinicianPublic(
        id=view.id,
        name=view.name,
        profession=view.profession,
        signature=view.signature,
        clinic=ClinicPublic(id=view.clinic_id, name=view.clinic_name),
    )


def _line(line: AuditLine) -> dict[str, Any]:
    return {
        "at": line.at,
        "who": line.who,
        "action": line.action,
        "what": line.what,
        "text": line.done,
        "channel": line.channel,
    }


def _audit(page: AuditPage) -> AuditPublic:
    return AuditPublic(lines=[AuditLinePublic(**_line(line)) for line in page.lines], older=page.older)


def _conflict(error: Conflict) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=status.HTTP_409_CONFLICT)


@router.post(
    "/clinic/join",
    status_code=status.HTTP_201_CREATED,
    response_model=ClinicianMe,
    responses={401: {"description": "not signed in"}} | REFUSED | DUPLICATE,
)
def join(body: ClinicJoin, app: HipcoachDep, account: SignedIn) -> ClinicianMe | JSONResponse:
    """Give the signed-in account a clinician profile, in a new clinic or a colleague's."""
    try:
        view = clinic.become_clinician(
            app, account.user_id, body.name, body.profession, body.clinic_name or "", body.join_code or ""
        )
    except Conflict as error:
        return _conflict(error)
    return _me(app, view)


def _me(app: HipcoachDep, clinician: ClinicianView) -> ClinicianMe:
    profile = clinic.clinician_profile(app, clinician)
    return ClinicianMe(
        **_clinician(profile.clinician).model_dump(),
        share_code=profile.clinician.share_code,
        clinic_join_code=profile.clinic_join_code,
        runners=profile.runners,
        colleagues=profile.colleagues,
    )


@router.get("/clinic/me", response_model=ClinicianMe, responses=CLINICIAN_ONLY)
def clinician_me(app: HipcoachDep, clinician: Clinician) -> ClinicianMe:
    """The signed-in clinician's profile, clinic and codes."""
    return _me(app, clinician)


@router.post(
    "/clinic/invitations",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationPublic,
    responses=CLINICIAN_ONLY,
)
def create_invitation(request: Request, app: HipcoachDep, clinician: Clinician) -> InvitationPublic:
    """A single-use invitation for one runner, expiring after seven days; its link and code are shown once."""
    invitation = clinic.invite(app, clinician)
    link = str(request.url_for("accept_page", token=invitation.token))
    return InvitationPublic(link=link, code=invitation.code, expires_at=invitation.expires_at)


@router.get("/clinic/actions", response_model=ActionsPublic, responses=CLINICIAN_ONLY)
def my_actions(app: HipcoachDep, clinician: Clinician) -> ActionsPublic:
    """The clinician's own reads and changes across their runners, newest first (the last 100)."""
    page = clinic.actions_by(app, clinician)
    return ActionsPublic(
        lines=[
            ActionLinePublic(**_line(line), runner_id=line.runner_id, runner_name=line.runner_name)
            for line in page.lines
        ],
        older=page.older,
    )


@router.get("/me/access", response_model=list[AccessPublic], responses=PRIVATE)
def my_access(app: HipcoachDep, profile_id: ProfileId) -> list[AccessPublic]:
    """Who can see the runner's data now, longest first."""
    return [
        AccessPublic(id=item.link_id, clinician=_clinician(item.clinician), since=item.since, via=item.via)
        for item in clinic.access_list(app, profile_id)
    ]


@router.post(
    "/me/access",
    status_code=status.HTTP_201_CREATED,
    response_model=AccessPublic,
    responses=PRIVATE | REFUSED | DUPLICATE,
)
def give_access(body: AccessCreate, app: HipcoachDep, profile_id: ProfileId) -> AccessPublic | JSONResponse:
    """Share the runner's data with a clinician: their invitation (token or code) or their own code.
    Refused (400) for an expired, used or unknown invitation or code, and for the runner's own."""
    try:
        if body.token:
            view = clinic.accept_invitation(app, profile_id, token=body.token)
        else:
            view = clinic.share_by_typed_code(app, profile_id, body.code or "")
    except Conflict as error:
        return _conflict(error)
    access = clinic.access_list(app, profile_id)
    granted = next((item for item in access if item.clinician.id == view.id), None)
    if granted is None:  # revoked again in the instant between
        raise NotFound("that access has ended already")
    return AccessPublic(id=granted.link_id, clinician=_clinician(view), since=granted.since, via=granted.via)


@router.delete("/me/access/{link_id}", status_code=status.HTTP_204_NO_CONTENT, responses=PRIVATE)
def revoke_access(link_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> Response:
    """End one clinician's access at once: their next request is refused."""
    clinic.revoke(app, profile_id, link_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/audit", response_model=AuditPublic, responses=PRIVATE)
def my_audit(app: HipcoachDep, profile_id: ProfileId) -> AuditPublic:
    """Who looked at or changed the runner's data, newest first (the last 100; older ones counted)."""
    return _audit(clinic.audit_of(app, profile_id))
