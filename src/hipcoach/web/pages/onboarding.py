"""Onboarding: the runner's profile, made on the first visit and edited on later ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.services import onboarding, profiles
from hipcoach.services.errors import InvalidInput, ServiceError
from hipcoach.services.onboarding import OnboardingInput
from hipcoach.web.deps import HipcoachDep, SignedIn
from hipcoach.web.pages.common import TextField
from hipcoach.web.templating import render

router = APIRouter()


def _shown(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _values(entry: OnboardingInput | None) -> dict[str, object]:
    """The form's values as text, from the stored profile (or empty before onboarding)."""
    if entry is None:
        return {
            "age": "",
            "sex": None,
            "height_cm": "",
            "weight_kg": "",
            "limb_length_cm": "",
            "weekly_distance_km": "",
            "equipment": [],
        }
    return {
        "age": str(entry.age),
        "sex": entry.sex or onboarding.PREFER_NOT_TO_SAY,
        "height_cm": _shown(entry.height_cm),
        "weight_kg": _shown(entry.weight_kg),
        "limb_length_cm": _shown(entry.limb_length_cm),
        "weekly_distance_km": _shown(entry.weekly_distance_km),
        "equipment": list(entry.equipment) or [onboarding.NO_EQUIPMENT],
    }


def _form(request: Request, values: dict[str, object], editing: bool, error: str | None = None) -> Response:
    return render(
        request,
        "onboarding/form.html",
        status_code=400 if error else 200,
        values=values,
        editing=editing,
        error=error,
        sexes=onboarding.SEX_CHOICES,
        equipment=profiles.EQUIPMENT,
        no_equipment=onboarding.NO_EQUIPMENT,
    )


@router.get("/onboarding")
def onboarding_page(request: Request, app: HipcoachDep, account: SignedIn) -> Response:
    entry = onboarding.current(app, account.user_id)
    return _form(request, _values(entry), editing=entry is not None)


@router.post("/onboarding")
def onboard(
    request: Request,
    app: HipcoachDep,
    account: SignedIn,
    age: TextField = "",
    sex: Annotated[str | None, Form()] = None,
    height_cm: TextField = "",
    weight_kg: TextField = "",
    limb_length_cm: TextField = "",
    weekly_distance_km: TextField = "",
    equipment: Annotated[list[str] | None, Form()] = None,
    timezone: TextField = "",
) -> Response:
    values: dict[str, object] = {
        "age": age,
        "sex": sex,
        "height_cm": height_cm,
        "weight_kg": weight_kg,
        "limb_length_cm": limb_length_cm,
        "weekly_distance_km": weekly_distance_km,
        "equipment": equipment or [],
    }
    editing = account.profile_id is not None
    try:
        if sex is None:
            raise InvalidInput('please choose an answer for sex (or "prefer not to say")')
        entry = onboarding.parse(
            age, sex, height_cm, weight_kg, limb_length_cm, weekly_distance_km, equipment or []
        )
        _, created = onboarding.save(app, account, entry, browser_zone=timezone)
    except ServiceError as error:
        return _form(request, values, editing, str(error))
    # A new runner goes on to the screening; one who only edited their details goes back to the program.
    return RedirectResponse("/screening" if created else "/program", status_code=303)
