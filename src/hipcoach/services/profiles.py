"""Runner profiles: several per database, chosen by name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput, NotFound
from hipcoach.storage.models import SEXES, Profile

MAX_NAME_LENGTH = 80
AGE_RANGE = (10, 110)
# The ranges the profiles table also enforces (storage/models.py); anything outside is a typing slip. The
# onboarding form, the JSON API and the export file all read them from here.
HEIGHT_RANGE_CM = (100, 250)
WEIGHT_RANGE_KG = (25, 300)
LIMB_LENGTH_RANGE_CM = (50, 130)  # ASIS to medial malleolus, for the Y-balance reach (BRIEF §6)
WEEKLY_DISTANCE_RANGE_KM = (0, 400)

# What the runner has at hand, id -> label; the ids are what the profile stores.
EQUIPMENT: dict[str, str] = {
    "dumbbells": "Dumbbells or kettlebells",
    "step": "A step or box",
    "band": "A resistance band",
    "wall": "A wall",
    "mat": "A mat",
}


@dataclass(frozen=True)
class ProfileView:
    id: int
    name: str
    age: int | None
    sex: str | None
    timezone: str | None = None  # None: not set yet, the machine's zone stands in


def _view(profile: Profile) -> ProfileView:
    return ProfileView(profile.id, profile.name, profile.age, profile.sex, profile.timezone)


def name_of(app: Hipcoach, profile_id: int) -> str:
    """The runner's name as documents print it."""
    with app.reading() as db:
        profile = db.get(Profile, profile_id)
        if profile is None:
            raise NotFound("There is no such runner.")
        return profile.name


def validate_profile(name: str, age: int | None, sex: str | None) -> str:
    """Check a new profile's fields and return the cleaned name."""
    name = name.strip()
    if not name:
        raise InvalidInput("a profile needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"a profile name can be at most {MAX_NAME_LENGTH} characters")
    if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        raise InvalidInput(f"age must be between {AGE_RANGE[0]} and {AGE_RANGE[1]}, got {age}")
    if sex is not None and sex not in SEXES:
        raise InvalidInput(f"sex must be one of {', '.join(SEXES)}, got {sex!r}")
    return name


def name_taken(db: Session, name: str) -> bool:
    return db.scalar(select(func.count()).select_from(Profile).where(Profile.name == name)) != 0


def create_profile(app: Hipcoach, name: str, age: int | None = None, sex: str | None = None) -> ProfileView:
    name = validate_profile(name, age, sex)
    with app.transaction() as db:
        if name_taken(db, name):
            raise Conflict(f"a profile named {name!r} already exists")
        profile = Profile(name=name, age=age, sex=sex, created_at=app.now())
        db.add(profile)
        db.flush()
        return _view(profile)


def list_profiles(app: Hipcoach) -> list[ProfileView]:
    with app.reading() as db:
        return [_view(p) for p in db.scalars(select(Profile).order_by(Profile.id))]


def resolve_profile(app: Hipcoach, name: str | None) -> ProfileView:
    """The named profile, or the only one when no name is given."""
    profiles = list_profiles(app)
    if name is not None:
        for profile in profiles:
            if profile.name == name:
                return profile
        known = ", ".join(p.name for p in profiles) or "none yet"
        raise NotFound(f"no profile named {name!r} (profiles: {known})")
    if not profiles:
        raise NotFound("there is no profile yet: create one with `hipcoach init`")
    if len(profiles) > 1:
        names = ", ".join(p.name for p in profiles)
        raise InvalidInput(f"there are several profiles ({names}): choose one with --profile NAME")
    return profiles[0]
