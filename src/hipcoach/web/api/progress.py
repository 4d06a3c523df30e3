"""Progress: every session and check-in of the signed-in runner, with the decisions taken."""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.services import history
from hipcoach.services.history import HistoryRow
from hipcoach.web import schemas as s
from hipcoach.web.api.common import PRIVATE, decision_public
from hipcoach.web.deps import HipcoachDep, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


def history_row_public(row: HistoryRow) -> s.HistoryRowPublic:
    fields = vars(row) | {"decisions": [decision_public(line) for line in row.decisions]}
    return s.HistoryRowPublic(**fields)


@router.get("/progress", response_model=s.ProgressPublic, responses=PRIVATE)
def get_progress(app: HipcoachDep, profile_id: ProfileId) -> s.ProgressPublic:
    """Every session and check-in, oldest first, with pain, tightness and the decisions taken."""
    return s.ProgressPublic(rows=[history_row_public(row) for row in history.history(app, profile_id)])
