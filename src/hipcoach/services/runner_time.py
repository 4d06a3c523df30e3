"""The runner's time zone: where it is kept, how it is changed, and "now" as the runner lives it.

Every service that needs "today" asks here, with the runner's profile, so a session, a check-in and a week are
dated in the runner's zone whatever the server's zone is.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from hipcoach.clock import LocalTime, UnknownZone, runner_zone_name, zone
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage import models as m


def zone_of(profile: m.Profile) -> ZoneInfo:
    """The runner's zone: theirs if set, else the machine's."""
    return ZoneInfo(runner_zone_name(profile.timezone))


def local_time(app: Hipcoach, profile: m.Profile) -> LocalTime:
    """Now in the runner's zone (the machine's until they set one)."""
    return app.local(profile.timezone)


def local_time_for(app: Hipcoach, profile_id: int) -> LocalTime:
    with app.reading() as db:
        row = db.execute(select(m.Profile.timezone).where(m.Profile.id == profile_id)).first()
    if row is None:
        raise NotFound(f"no profile {profile_id}")
    return app.local(row.timezone)


def checked_zone(name: str) -> str:
    """``name`` stripped, if it is an IANA zone; InvalidInput naming it otherwise."""
    name = name.strip()
    try:
        zone(name)
    except UnknownZone as error:
        raise InvalidInput(str(error)) from error
    return name


def set_timezone(app: Hipcoach, profile_id: int, name: str) -> str:
    """Change the runner's zone (they moved or travel). Records keep the instant they happened at."""
    name = checked_zone(name)
    with app.transaction() as db:
        profile = db.get(m.Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        profile.timezone = name
    return name
