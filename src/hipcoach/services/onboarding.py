"""Onboarding: the runner profile of a web account (body measures, weekly running, equipment at hand)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit, unit_of
from hipcoach.services.accounts import Account
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidFields, InvalidInput
from hipcoach.services.profiles import (
    AGE_RANGE,
    EQUIPMENT,
    HEIGHT_RANGE_CM,
    LIMB_LENGTH_RANGE_CM,
    MAX_NAME_LENGTH,
    WEEKLY_DISTANCE_RANGE_KM,
    WEIGHT_RANGE_KG,
)
from hipcoach.services.runner_time import checked_zone
from hipcoach.storage import models as m

NO_EQUIPMENT = "none"
T = TypeVar("T")

PREFER_NOT_TO_SAY = "prefer-not-to-say"  # stored as no answer (None)
SEX_CHOICES: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    PREFER_NOT_TO_SAY: "Prefer not to say",
}


@dataclass(frozen=True)
class OnboardingInput:
    age: int
    sex: str | None  # None: prefer not to say
    height_cm: float
    weight_kg: float
    limb_length_cm: float | None  # optional: not everyone has measured it yet
    weekly_distance_km: float  # in km whatever the unit the runner typed it in
    equipment: tuple[str, ...]
    distance_unit: DistanceUnit | None = None  # None: the stored choice stays (the JSON API does not set it)


def decimal_number(raw: str) -> float | None:
    """A decimal as a phone keyboard writes it (a comma is a decimal point); None when it is not one."""
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def number(label: str, raw: str | None, *, whole: bool = False, required: bool = True) -> float | None:
    """A number typed into a form (a decimal comma is fine), or None when left empty and not required."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        if required:
            raise InvalidInput(f"please give your {label}")
        return None
    value = decimal_number(text)
    if value is None:
        raise InvalidInput(f"{label} must be a number, got {text!r}")
    if whole and value != int(value):
        raise InvalidInput(f"{label} must be a whole number, got {text}")
    return value


def whole_number(label: str, raw: str | None, *, required: bool = True) -> int | None:
    value = number(label, raw, whole=True, required=required)
    return None if value is None else int(value)


def _in_range(label: str, value: float | None, bounds: tuple[int, int], unit: str) -> None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        shown = f"{value:g}"
        raise InvalidInput(f"{label} must be between {low} and {high}{unit}, got {shown}{unit}")


class _Problems:
    """Each field's first problem, so the form names all that is wrong at once (field name → message)."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def check(self, field: str, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except InvalidInput as error:
            self.found.setdefault(field, str(error))
            return None

    def raise_any(self) -> None:
        if self.found:
            raise InvalidFields(self.found)


def _check_values(entry: OnboardingInput, problems: _Problems) -> None:
    problems.check("age", lambda: _in_range("age", entry.age, AGE_RANGE, " years"))
    if entry.sex is not None and entry.sex not in m.SEXES:
        problems.found.setdefault(
            "sex", f"please choose one of the listed answers for sex, not {entry.sex!r}"
        )
    problems.check("height_cm", lambda: _in_range("height", entry.height_cm, HEIGHT_RANGE_CM, " cm"))
    problems.check("weight_kg", lambda: _in_range("weight", entry.weight_kg, WEIGHT_RANGE_KG, " kg"))
    problems.check(
        "limb_length_cm", lambda: _in_range("leg length", entry.limb_length_cm, LIMB_LENGTH_RANGE_CM, " cm")
    )
    problems.check("weekly_distance_km", lambda: _weekly_distance_in_range(entry))
    unknown = [item for item in entry.equipment if item not in EQUIPMENT]
    if unknown:
        problems.found.setdefault("equipment", f"unknown equipment: {', '.join(unknown)}")


def _weekly_distance_in_range(entry: OnboardingInput) -> None:
    """The km range, told in the unit the runner typed the distance in."""
    unit, (low, high) = entry.distance_unit or DEFAULT_UNIT, WEEKLY_DISTANCE_RANGE_KM
    if not low <= entry.weekly_distance_km <= high:
        raise InvalidInput(
            f"weekly running distance must be between {unit.short(low)} and {unit.short(high)} {unit}, "
            f"got {unit.from_km(entry.weekly_distance_km):g} {unit}"
        )


def validate(entry: OnboardingInput) -> OnboardingInput:
    """Refuse a value outside its range, an unknown sex or equipment; each message names its field."""
    problems = _Problems()
    _check_values(entry, problems)
    problems.raise_any()
    return entry


def parse(
    age: str,
    sex: str | None,
    height_cm: str,
    weight_kg: str,
    limb_length_cm: str,
    weekly_distance_km: str,
    equipment: Iterable[str],
    distance_unit: str = DEFAULT_UNIT.value,
) -> OnboardingInput:
    """Read and check the onboarding form; ``InvalidFields`` names every field with a problem (and its range).

    ``sex`` is None when no answer was chosen; the weekly distance is typed in ``distance_unit``."""
    problems = _Problems()
    age_years = problems.check("age", lambda: whole_number("age", age))  # first: the form's order
    unit = DEFAULT_UNIT
    try:
        unit = DistanceUnit(distance_unit)
    except ValueError:
        problems.found["distance_unit"] = "please choose kilometres or miles for your distances"
    if sex is None:
        problems.found["sex"] = 'please choose an answer for sex (or "prefer not to say")'
    elif sex not in SEX_CHOICES:
        problems.found["sex"] = f"please choose one of the listed answers for sex, not {sex!r}"
    chosen = list(dict.fromkeys(equipment))
    if NO_EQUIPMENT in chosen:
        if len(chosen) > 1:
            problems.found["equipment"] = 'equipment: tick "none of these" or the things you have, not both'
        chosen = []
    height = problems.check("height_cm", lambda: number("height", height_cm))
    weight = problems.check("weight_kg", lambda: number("weight", weight_kg))
    limb = problems.check("limb_length_cm", lambda: number("leg length", limb_length_cm, required=False))
    distance = problems.check(
        "weekly_distance_km", lambda: number("weekly running distance", weekly_distance_km)
    )
    entry = OnboardingInput(
        age=age_years if age_years is not None else AGE_RANGE[0],
        sex=None if sex in (None, PREFER_NOT_TO_SAY) or sex not in SEX_CHOICES else sex,
        height_cm=height if height is not None else HEIGHT_RANGE_CM[0],
        weight_kg=weight if weight is not None else WEIGHT_RANGE_KG[0],
        limb_length_cm=limb,
        weekly_distance_km=unit.to_km(distance) if distance is not None else WEEKLY_DISTANCE_RANGE_KM[0],
        equipment=tuple(item for item in EQUIPMENT if item in chosen)
        + tuple(item for item in chosen if item not in EQUIPMENT),
        distance_unit=unit,
    )
    # A field that could not be read stands in with a value in range above, so only its own problem counts.
    _check_values(entry, problems)
    problems.raise_any()
    return entry


def current(app: Hipcoach, user_id: int) -> OnboardingInput | None:
    """What the account's profile holds now, for the form on a second visit; None before onboarding."""
    with app.reading() as db:
        profile = db.scalar(select(m.Profile).where(m.Profile.user_id == user_id))
        if profile is None:
            return None
        return OnboardingInput(
            age=profile.age or 0,
            sex=profile.sex,
            height_cm=profile.height_cm or 0,
            weight_kg=profile.weight_kg or 0,
            limb_length_cm=profile.limb_length_cm,
            weekly_distance_km=profile.weekly_distance_km or 0,
            equipment=tuple(profile.equipment or ()),
            distance_unit=unit_of(profile.distance_unit),
        )


def save(app: Hipcoach, account: Account, entry: OnboardingInput, browser_zone: str = "") -> tuple[int, bool]:
    """Create the account's profile, or update it, in one transaction; returns (profile id, created).

    ``browser_zone`` is the zone the runner's browser reports; it becomes theirs while they have none, so a
    later edit from a hotel abroad does not move their days (they change it on the account page).
    """
    validate(entry)
    with app.transaction() as db:
        profile = db.scalar(select(m.Profile).where(m.Profile.user_id == account.user_id))
        created = profile is None
        if profile is None:
            profile = m.Profile(name=_free_name(db, account), user_id=account.user_id, created_at=app.now())
            db.add(profile)
        profile.age = entry.age
        profile.sex = entry.sex
        profile.height_cm = entry.height_cm
        profile.weight_kg = entry.weight_kg
        profile.limb_length_cm = entry.limb_length_cm
        profile.weekly_distance_km = entry.weekly_distance_km
        profile.equipment = list(entry.equipment)
        if entry.distance_unit is not None:
            profile.distance_unit = entry.distance_unit.value
        if profile.timezone is None and browser_zone:
            try:
                profile.timezone = checked_zone(browser_zone)
            except InvalidInput:
                pass  # a zone this machine lacks: the server's stands in until the runner picks one
        db.flush()
        return profile.id, created


def _free_name(db: Session, account: Account) -> str:
    """The account's email as profile name; ``user-<id>`` when it is too long or a CLI profile has it."""
    candidates = [account.email] if len(account.email) <= MAX_NAME_LENGTH else []
    candidates.append(f"user-{account.user_id}")
    for name in candidates:
        if db.scalar(select(m.Profile.id).where(m.Profile.name == name)) is None:
            return name
    raise Conflict("a profile with this account's name already exists; ask the administrator")
