"""The runner's distance unit: read for every page, document and command that shows a distance, and set
from the account page, onboarding and the CLI. Distances themselves stay stored in km."""

from __future__ import annotations

from hipcoach.domain.units import DistanceUnit, unit_of
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage.models import Profile

CHOICES = ", ".join(f"{u.value} ({u.label})" for u in DistanceUnit)


def parse_unit(code: str) -> DistanceUnit:
    """The unit a runner typed or picked ("km", "mi"), or an error that lists the choices."""
    try:
        return DistanceUnit(code.strip().lower())
    except ValueError:
        raise InvalidInput(f"“{code}” is not a distance unit hipcoach knows: choose {CHOICES}") from None


def unit_of_profile(app: Hipcoach, profile_id: int) -> DistanceUnit:
    with app.reading() as db:
        profile = db.get(Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        return unit_of(profile.distance_unit)


def set_unit(app: Hipcoach, profile_id: int, unit: DistanceUnit) -> None:
    with app.transaction() as db:
        profile = db.get(Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        profile.distance_unit = unit.value
