"""Files that a page and the JSON API both hand out, built once."""

from __future__ import annotations

from datetime import time

from fastapi import Response

from hipcoach.services import reminders
from hipcoach.services.context import Hipcoach


def calendar_download(app: Hipcoach, profile_id: int, weeks: int, at: time | None) -> Response:
    """The training week's calendar as a file download: at ``at``, else at the runner's saved time."""
    data = reminders.calendar(app, profile_id, weeks=weeks, at=at)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="hipcoach-week.ics"'},
    )
