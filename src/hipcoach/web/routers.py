"""Every router of the app, pages and JSON API, in the order the app includes them.

The order is the one /openapi.json lists the paths in, kept as it was before pages and API were apart.
Page and API paths never overlap (every API path starts with /api/), so it decides nothing else.
"""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.web import api, pages
from hipcoach.web.pages import app_shell

ROUTERS: list[APIRouter] = [
    pages.home.router,
    app_shell.router,
    pages.auth.router,
    pages.account.router,
    api.me.router,
    api.screening.router,
    api.program.router,
    api.checkins.router,
    api.progress.router,
    api.sessions.router,
    api.export.router,
    api.exercises.router,
    pages.player.router,
    api.player.router,
    pages.onboarding.router,
    pages.screening.router,
    pages.program.router,
    pages.checkin.router,
    pages.progress.router,
    pages.corrections.router,
    pages.documents.router,
    pages.library.router,
    pages.assessments.router,
    api.assessments.router,
    pages.running.router,
    pages.imports.router,
    pages.week.router,
    api.load.router,
    api.runs.router,
    api.imports.router,
    pages.videos.router,
    api.videos.router,
    api.week.router,
    pages.clearance.router,
    api.clearances.router,
    pages.clinic_caseload.router,
    api.clinic_caseload.router,
    pages.clinic_consent.router,
    api.clinic_consent.router,
    pages.clinic_runner.router,
    pages.clinic_videos.router,
    pages.clinic_documents.router,
    api.clinic_runner.router,
    pages.clinic_actions.router,
    pages.clinic_assessment.router,
    api.clinic_actions.router,
]
