"""The HTML pages, one module per resource; what more than one page uses lives in ``common``.

No page module imports another; ``hipcoach.web.routers`` lists their routers for the app.
"""

from hipcoach.web.pages import (
    account,
    assessments,
    auth,
    checkin,
    clearance,
    clinic_actions,
    clinic_assessment,
    clinic_caseload,
    clinic_consent,
    clinic_documents,
    clinic_runner,
    documents,
    home,
    imports,
    library,
    onboarding,
    player,
    program,
    progress,
    running,
    screening,
    week,
)

__all__ = [
    "account",
    "assessments",
    "auth",
    "checkin",
    "clearance",
    "clinic_actions",
    "clinic_assessment",
    "clinic_caseload",
    "clinic_consent",
    "clinic_documents",
    "clinic_runner",
    "documents",
    "home",
    "imports",
    "library",
    "onboarding",
    "player",
    "program",
    "progress",
    "running",
    "screening",
    "week",
]
