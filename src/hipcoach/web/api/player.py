"""The session player's JSON API: the script keeps its state on the server as it goes, and finishes it."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status

from hipcoach.services import client_keys, drafts, programs
from hipcoach.services.errors import NotFound
from hipcoach.web.deps import HipcoachDep, ProfileId
from hipcoach.web.idempotency import IdempotencyKey, OfflineFinish, invalid_header
from hipcoach.web.player_schemas import (
    DraftPublic,
    DraftSaved,
    PlanPublic,
    SessionFinished,
    plan_public,
    session_kind,
)

router = APIRouter()

PRIVATE: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    409: {"description": "onboarding is not finished (no profile yet)"},
}
CHANGES: dict[int | str, dict[str, Any]] = {
    **PRIVATE,
    403: {"description": "a change without the X-CSRF-Token header"},
}


async def _capped(request: Request) -> None:
    """Refuse a draft larger than any real session could make it, before it is looked at."""
    if len(await request.body()) > drafts.MAX_DRAFT_BYTES:
        raise HTTPException(413, f"a session draft can be at most {drafts.MAX_DRAFT_BYTES // 1024} KB")


@router.get("/api/session/plan", tags=["api"], responses={**PRIVATE, 400: {"description": "no such session"}})
def get_plan(
    app: HipcoachDep, profile_id: ProfileId, kind: Literal["mobility", "strength"] | None = None
) -> PlanPublic:
    """Today's session (or the kind asked for) with each exercise's dose, rounds, sides and rest."""
    return plan_public(programs.plan_session(app, profile_id, session_kind(kind)), app.library.illustrations)


@router.get(
    "/api/session/draft", tags=["api"], responses={**PRIVATE, 404: {"description": "no session under way"}}
)
def get_draft(app: HipcoachDep, profile_id: ProfileId) -> DraftPublic:
    """The session under way, with the plan it follows, to resume it."""
    draft = drafts.get_draft(app, profile_id)
    if draft is None:
        raise NotFound("there is no session under way")
    plan = plan_public(drafts.plan_of(app, profile_id, draft.state), app.library.illustrations)
    return DraftPublic(state=draft.state, started_at=draft.started_at, updated_at=draft.updated_at, plan=plan)


@router.put(
    "/api/session/draft",
    tags=["api"],
    dependencies=[Depends(_capped)],
    responses={**CHANGES, 413: {"description": "larger than 256 KB"}},
)
def put_draft(state: drafts.DraftState, app: HipcoachDep, profile_id: ProfileId) -> DraftSaved:
    """Keep the player's whole state, replacing the draft; its shape is checked now, its values at finish."""
    draft = drafts.save_draft(app, profile_id, state)
    return DraftSaved(started_at=draft.started_at, updated_at=draft.updated_at)


@router.delete("/api/session/draft", status_code=status.HTTP_204_NO_CONTENT, tags=["api"], responses=CHANGES)
def delete_draft(app: HipcoachDep, profile_id: ProfileId) -> Response:
    """Discard the session under way (nothing is saved); fine when there is none."""
    drafts.discard_draft(app, profile_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api/session/finish",
    status_code=status.HTTP_201_CREATED,
    tags=["api"],
    dependencies=[Depends(_capped)],
    responses={
        **CHANGES,
        200: {"description": "sent again with the same Idempotency-Key: the session saved the first time"},
        400: {"description": "a value the session cannot have; the draft is kept"},
        404: {"description": "no session under way"},
    },
)
def finish(
    app: HipcoachDep,
    profile_id: ProfileId,
    response: Response,
    client_key: IdempotencyKey = None,
    kept: OfflineFinish | None = None,
) -> SessionFinished:
    """Save the draft as a session and remove it, in one transaction; a refused value changes nothing.

    With a body, the session the phone kept itself (it was offline) is saved instead, and the draft removed;
    that needs the Idempotency-Key. Sent again with the same key, the session saved the first time is the
    answer (200), and nothing more is saved.
    """
    if kept is not None:
        if client_key is None:
            raise invalid_header(f"the {client_keys.HEADER} header is needed to send a session kept offline")
        done = drafts.finish_state(
            app, profile_id, kept.state, client_key, kept.started_at, kept.finished_at, kept.sent_at
        )
    else:
        done = drafts.finish_draft(app, profile_id, client_key)
    if done.replayed:
        response.status_code = status.HTTP_200_OK
    saved = done.saved
    return SessionFinished(
        session_id=saved.session_id,
        performed_on=saved.performed_on,
        kind=saved.kind.value,
        full_dose=saved.full_dose,
        next=f"/session/done/{saved.session_id}",
    )
