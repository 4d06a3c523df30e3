"""The signed-in account and its runner profile; onboarding through the API."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from hipcoach.services import onboarding
from hipcoach.web import schemas as s
from hipcoach.web.api.common import PRIVATE
from hipcoach.web.deps import HipcoachDep, SignedIn

router = APIRouter(prefix="/api", tags=["api"])


def _profile(app: HipcoachDep, user_id: int, profile_id: int | None) -> s.ProfilePublic | None:
    entry = onboarding.current(app, user_id)
    if entry is None or profile_id is None:
        return None
    return s.ProfilePublic(id=profile_id, **vars(entry) | {"equipment": list(entry.equipment)})


@router.get("/me", response_model=s.MePublic, responses=PRIVATE)
def me(app: HipcoachDep, account: SignedIn) -> s.MePublic:
    """The signed-in account and its runner profile (null before onboarding)."""
    return s.MePublic(email=account.email, profile=_profile(app, account.user_id, account.profile_id))


@router.put(
    "/me/profile", response_model=s.ProfilePublic, responses=PRIVATE | {201: {"model": s.ProfilePublic}}
)
def update_profile(
    body: s.ProfileUpdate, app: HipcoachDep, account: SignedIn, response: Response
) -> s.ProfilePublic:
    """Onboarding: the first call creates the account's profile (201), later calls replace its fields."""
    entry = onboarding.OnboardingInput(**body.model_dump() | {"equipment": tuple(body.equipment)})
    profile_id, created = onboarding.save(app, account, entry)
    if created:
        response.status_code = status.HTTP_201_CREATED
    profile = _profile(app, account.user_id, profile_id)
    assert profile is not None
    return profile
