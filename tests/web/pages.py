"""Short ways for the page tests to take a runner through onboarding and screening, and to look inside."""

from __future__ import annotations

from sqlalchemy import select

from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from tests.integration.helpers import checkin_flags, screening_answers
from tests.web.conftest import post_form

PROFILE = {
    "age": "34",
    "sex": "female",
    "height_cm": "170",
    "weight_kg": "61.5",
    "limb_length_cm": "88",
    "weekly_distance_km": "35",
    "equipment": ["dumbbells", "mat"],
}


def onboard(client, **changes):
    return post_form(client, "/onboarding", PROFILE | changes)


def screening_form(signs=(), red_flags=()) -> dict[str, str]:
    """The screening form, every question answered: Yes to the signs and red flags named, No to the rest."""
    given = screening_answers(signs, red_flags)
    return {f"sign.{sign_id}": "yes" if yes else "no" for sign_id, yes in given.signs.items()} | {
        f"flag.{flag_id}": "yes" if yes else "no" for flag_id, yes in given.red_flags.items()
    }


def screening_json(signs=(), red_flags=(), **extra) -> dict:
    """The API's screening body with every question answered: true for those named, false for the rest."""
    given = screening_answers(signs, red_flags)
    return {"signs": dict(given.signs), "red_flags": dict(given.red_flags)} | extra


def checkin_form_flags(*yes: str) -> dict[str, str]:
    """The check-in form's warning signs, every one answered: Yes to those named, No to the rest."""
    return {f"flag.{flag_id}": "yes" if answer else "no" for flag_id, answer in checkin_flags(*yes).items()}


def screen(client, signs=("tight-hip-flexors",), red_flags=()) -> int:
    """Screen the browser's runner, answering every question; returns the screening id from the redirect."""
    response = post_form(client, "/screening", screening_form(signs, red_flags))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def runner(signed_in, email: str, signs=("tight-hip-flexors",)):
    """A browser signed in to an onboarded, screened runner with a program in phase 1."""
    client = signed_in(email)
    assert onboard(client).status_code == 303
    screen(client, signs)
    return client


def profile_of(app: Hipcoach, email: str) -> m.Profile | None:
    with app.reading() as db:
        return db.scalar(
            select(m.Profile).join(m.User, m.User.id == m.Profile.user_id).where(m.User.email == email)
        )


def profile_id(app: Hipcoach, email: str) -> int:
    profile = profile_of(app, email)
    assert profile is not None
    return profile.id
