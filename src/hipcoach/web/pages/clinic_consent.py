"""The clinician's sign-up and invitations, the runner's consent (an invitation link or a typed code), and the
clinician's own log of what they read and changed (BRIEF §10)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.services import clinic
from hipcoach.services.errors import InvalidFields, ServiceError
from hipcoach.web.deps import Clinician, HipcoachDep, ProfileId, Runner, SignedIn
from hipcoach.web.form_errors import FormErrors, one_problem
from hipcoach.web.pages.common import sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

NEW_CLINIC, JOIN_CLINIC = "new", "join"
# An invitation token in a URL: what secrets.token_urlsafe makes, with room; anything longer names nothing.
Token = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]


def _join_form(
    request: Request, values: dict[str, str], errors: FormErrors | None = None, error: str | None = None
) -> Response:
    """``errors``: the fields' problems; ``error`` one that belongs to no field (a profile already made)."""
    return render(
        request,
        "clinic/join.html",
        status_code=400 if errors or error else 200,
        values=values,
        errors=errors,
        error=error,
        name_max=clinic.NAME_MAX,
        clinic_name_max=clinic.CLINIC_NAME_MAX,
    )


@router.get("/clinic/join")
def join_page(request: Request, account: SignedIn) -> Response:
    if account.clinician_id is not None:
        return RedirectResponse("/clinic", status_code=303)
    return _join_form(request, {"clinic": NEW_CLINIC})


@router.post("/clinic/join")
def join(
    request: Request,
    app: HipcoachDep,
    account: SignedIn,
    name: Annotated[str, Form()] = "",
    profession: Annotated[str, Form()] = "",
    clinic_choice: Annotated[str, Form(alias="clinic")] = NEW_CLINIC,
    clinic_name: Annotated[str, Form()] = "",
    join_code: Annotated[str, Form()] = "",
) -> Response:
    """A new clinic by its name, or a colleague's clinic by its join code (the choice says which is read)."""
    values = {
        "name": name[: clinic.NAME_MAX * 2],
        "profession": profession[: clinic.NAME_MAX * 2],
        "clinic": clinic_choice,
        "clinic_name": clinic_name[: clinic.CLINIC_NAME_MAX * 2],
        "join_code": join_code[:40],
    }
    joining = clinic_choice == JOIN_CLINIC
    errors = FormErrors()
    if joining and not join_code.strip():
        # No code to look up: the service is not asked, so name and profession are read here.
        errors.check("name", lambda: clinic.check_clinician(name, profession, None))
        errors.add("join_code", "please give the join code (a colleague finds it on their invite page)")
        return _join_form(request, values, errors)
    try:
        if joining:
            clinic.become_clinician(app, account.user_id, name, profession, join_code=join_code)
        else:
            clinic.become_clinician(app, account.user_id, name, profession, clinic_name=clinic_name)
    except InvalidFields as several:
        errors.add_all(several)
        return _join_form(request, values, errors)
    except ServiceError as error:
        return _join_form(request, values, error=sentence(error))
    return RedirectResponse("/clinic", status_code=303)


@router.get("/clinic/invite")
def invite_page(request: Request, app: HipcoachDep, clinician: Clinician) -> Response:
    return render(request, "clinic/invite.html", profile=clinic.clinician_profile(app, clinician), new=None)


@router.post("/clinic/invite")
def make_invitation(request: Request, app: HipcoachDep, clinician: Clinician, account: SignedIn) -> Response:
    """A new invitation, shown this once: only its hashes are kept."""
    invitation = clinic.invite(app, clinician)
    link = str(request.url_for("accept_page", token=invitation.token))
    local = app.local(account.timezone)
    return render(
        request,
        "clinic/invite.html",
        profile=clinic.clinician_profile(app, clinician),
        new=invitation,
        link=link,
        tz=local.tz,
        zone_name=local.zone_name,
    )


def _accept_page(
    request: Request, app: HipcoachDep, account: SignedIn, token: str, error: str | None = None
) -> Response:
    try:
        sender = clinic.invitation_from(app, token=token)
    except ServiceError as refused:
        return render(request, "clinic/accept.html", status_code=400, sender=None, error=sentence(refused))
    own = sender.user_id == account.user_id
    return render(
        request,
        "clinic/accept.html",
        status_code=400 if error else 200,
        sender=sender,
        token=token,
        own=own,
        has_profile=account.profile_id is not None,
        error=error,
    )


@router.get("/clinic/accept/{token}", name="accept_page")
def accept_page(request: Request, app: HipcoachDep, account: SignedIn, token: Token) -> Response:
    """Who asks for access, what they will see and do; a signed-out visitor signs in and comes back here."""
    return _accept_page(request, app, account, token)


@router.post("/clinic/accept/{token}")
def accept(
    request: Request, app: HipcoachDep, account: Runner, profile_id: ProfileId, token: Token
) -> Response:
    try:
        sender = clinic.accept_invitation(app, profile_id, token=token)
    except ServiceError as error:
        return _accept_page(request, app, account, token, sentence(error))
    return RedirectResponse(f"/account?shared={sender.id}", status_code=303)


def _share_form(request: Request, code: str, errors: FormErrors | None = None) -> Response:
    return render(request, "clinic/share.html", status_code=400 if errors else 200, code=code, errors=errors)


@router.get("/clinic/share")
def share_page(request: Request, account: Runner) -> Response:
    return _share_form(request, "")


@router.post("/clinic/share")
def share(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    profile_id: ProfileId,
    code: Annotated[str, Form()] = "",
) -> Response:
    """An invitation's code or a clinician's own code, typed by the runner; each refusal is about it."""
    try:
        sender = clinic.share_by_typed_code(app, profile_id, code)
    except ServiceError as error:
        return _share_form(request, code[:40], one_problem("code", error))
    return RedirectResponse(f"/account?shared={sender.id}", status_code=303)


@router.get("/clinic/actions")
def my_actions(request: Request, app: HipcoachDep, clinician: Clinician, account: SignedIn) -> Response:
    """The clinician's own reads and changes across their runners, newest first."""
    local = app.local(account.timezone)
    return render(
        request,
        "clinic/my_actions.html",
        clinician=clinician,
        log=clinic.actions_by(app, clinician),
        tz=local.tz,
        zone_name=local.zone_name,
    )
