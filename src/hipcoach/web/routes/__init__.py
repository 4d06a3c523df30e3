"""One router per resource; the app includes them in this order."""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.web.routes import (
    account,
    api,
    assessments,
    assessments_api,
    auth,
    checkin,
    home,
    library,
    onboarding,
    player,
    program,
    progress,
    running,
    running_api,
    screening,
)

ROUTERS: list[APIRouter] = [
    home.router,
    auth.router,
    account.router,
    api.router,
    player.router,
    onboarding.router,
    screening.router,
    program.router,
    checkin.router,
    progress.router,
    library.router,
    assessments.router,
    assessments_api.router,
    running.router,
    running_api.router,
]
