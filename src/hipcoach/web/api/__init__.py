"""The JSON API, one module per resource, on the same services as the pages (OpenAPI at /openapi.json).

What the modules share (the documented error answers, evidence, red flags, decisions) lives in ``common``;
``hipcoach.web.routers`` lists their routers for the app.
"""

from hipcoach.web.api import (
    assessments,
    checkins,
    clearances,
    clinic_actions,
    clinic_caseload,
    clinic_consent,
    clinic_runner,
    exercises,
    export,
    imports,
    load,
    me,
    player,
    program,
    progress,
    runs,
    screening,
    sessions,
    videos,
    week,
)

__all__ = [
    "assessments",
    "checkins",
    "clearances",
    "clinic_actions",
    "clinic_caseload",
    "clinic_consent",
    "clinic_runner",
    "exercises",
    "export",
    "imports",
    "load",
    "me",
    "player",
    "program",
    "progress",
    "runs",
    "screening",
    "sessions",
    "videos",
    "week",
]
