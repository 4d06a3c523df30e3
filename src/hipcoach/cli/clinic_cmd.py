"""`hipcoach clinic ...`: what a clinician at a terminal uses, against the same database as the web app.

The clinician is named by their account's email (``--clinician`` or HIPCOACH_CLINICIAN); the same consent
rules hold as on the web, and every read and change is logged where the runner sees it (channel "cli").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hipcoach.cli.common import fail

if TYPE_CHECKING:
    from hipcoach.services.care import ClinicianView
    from hipcoach.services.context import Hipcoach

clinic_app = typer.Typer(
    help="A clinician's caseload and clinical actions (needs a clinician account made in the web app).",
    no_args_is_help=True,
)

ClinicianOption = Annotated[
    str,
    typer.Option(
        "--clinician",
        "-c",
        envvar="HIPCOACH_CLINICIAN",
        help="Your clinician account's email.",
        show_default=False,
    ),
]


def clinician_for(app: Hipcoach, email: str) -> ClinicianView:
    """The clinician the command acts as; a clear error when the email has no clinician profile."""
    from hipcoach.services.care import clinician_by_email
    from hipcoach.services.errors import ServiceError

    try:
        return clinician_by_email(app, email)
    except ServiceError as error:
        raise fail(str(error)) from error
