"""Onboarding: the runner's profile, made on the first visit and edited on later ones."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit
from hipcoach.services import onboarding, profiles
from hipcoach.services.errors import ServiceError
from hipcoach.services.onboarding import OnboardingInput
from hipcoach.services.profiles import (
    AGE_RANGE,
    HEIGHT_RANGE_CM,
    LIMB_LENGTH_RANGE_CM,
    WEEKLY_DISTANCE_RANGE_KM,
    WEIGHT_RANGE_KG,
)
from hipcoach.web.deps import HipcoachDep, SignedIn
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.pages.common import TextField, sentence
from hipcoach.web.templating import render

router = APIRouter()

# The inputs' min and max, the service's own ranges: the browser and the server refuse the same values. The
# weekly distance's come from ``distance_bounds``, in the unit the runner picked.
_BOUNDS: dict[str, tuple[float, float]] = {
    "age": AGE_RANGE,
    "height_cm": HEIGHT_RANGE_CM,
    "weight_kg": WEIGHT_RANGE_KG,
    "limb_length_cm": LIMB_LENGTH_RANGE_CM,
}
# Each bound in another unit than km is written to this many decimals, inside the range (as the server's
# message writes it), so a number the browser allows is one the server takes.
_DISTANCE_PLACES = 1
# A radio or tick-box group's summary link goes to its first choice.
_ANCHORS = {
    "sex": f"sex-{next(iter(onboarding.SEX_CHOICES))}",
    "equipment": f"equipment-{next(iter(profiles.EQUIPMENT))}",
    "distance_unit": f"distance_unit-{DEFAULT_UNIT.value}",
}


def distance_bounds(unit: DistanceUnit) -> dict[str, str]:
    """The weekly distance input's min, max and step in ``unit``: the service's km range converted.

    The step is "any": the distance is kept in km, so any decimal the runner types in either unit is taken.
    """
    low, high = (unit.from_km(km) for km in WEEKLY_DISTANCE_RANGE_KM)
    scale = 10**_DISTANCE_PLACES
    return {
        "min": f"{math.ceil(round(low * scale, 6)) / scale:g}",
        "max": f"{math.floor(round(high * scale, 6)) / scale:g}",
        "step": "any",
    }


def _unit(code: object) -> DistanceUnit:
    """The unit the form shows as picked (kilometres when the form holds none hipcoach knows)."""
    return next((unit for unit in DistanceUnit if unit.value == code), DEFAULT_UNIT)


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
            "distance_unit": DEFAULT_UNIT.value,
            "equipment": [],
        }
    unit = entry.distance_unit or DEFAULT_UNIT
    return {
        "age": str(entry.age),
        "sex": entry.sex or onboarding.PREFER_NOT_TO_SAY,
        "height_cm": _shown(entry.height_cm),
        "weight_kg": _shown(entry.weight_kg),
        "limb_length_cm": _shown(entry.limb_length_cm),
        "weekly_distance_km": _shown(round(unit.from_km(entry.weekly_distance_km), 2)),
        "distance_unit": unit.value,
        "equipment": list(entry.equipment) or [onboarding.NO_EQUIPMENT],
    }


def _form(
    request: Request,
    values: dict[str, object],
    editing: bool,
    errors: FormErrors | None = None,
    error: str | None = None,
) -> Response:
    """``errors``: the fields' problems; ``error``: one that belongs to no field."""
    return render(
        request,
        "onboarding/form.html",
        status_code=400 if errors or error else 200,
        values=values,
        editing=editing,
        errors=errors,
        error=error,
        bounds=_BOUNDS,
        distance_bounds=distance_bounds(_unit(values["distance_unit"])),
        # Every unit's bounds ("max-mi"), for onboarding.js to set when the runner picks another unit.
        distance_data={
            f"{key}-{unit}": value for unit in DistanceUnit for key, value in distance_bounds(unit).items()
        },
        sexes=onboarding.SEX_CHOICES,
        units=list(DistanceUnit),
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
    distance_unit: TextField = DEFAULT_UNIT.value,
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
        "distance_unit": distance_unit,
        "equipment": equipment or [],
    }
    editing = account.profile_id is not None
    errors = FormErrors(_ANCHORS)
    entry = errors.check(
        "age",
        lambda: onboarding.parse(
            age, sex, height_cm, weight_kg, limb_length_cm, weekly_distance_km, equipment or [], distance_unit
        ),
    )
    if entry is None:
        return _form(request, values, editing, errors)
    try:
        _, created = onboarding.save(app, account, entry, browser_zone=timezone)
    except ServiceError as error:
        return _form(request, values, editing, error=sentence(error))
    # A new runner goes on to the screening; one who only edited their details goes back to the program.
    return RedirectResponse("/screening" if created else "/program", status_code=303)
