"""The session player: today's session one exercise at a time, kept as a draft after every step.

Without JavaScript the same page lists the session and logs it as done as prescribed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import SessionPlan
from hipcoach.services import drafts, programs
from hipcoach.services.accounts import Account
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.web import schemas
from hipcoach.web.deps import HipcoachDep, ItemId, Runner, RunnerTime
from hipcoach.web.routes.library import figure_svg
from hipcoach.web.routes.program import no_program
from hipcoach.web.templating import render

router = APIRouter()

PAIN_EVIDENCE = ("silbernagel2007", "pain-monitoring-thresholds")


def _profile_id(account: Account) -> int:
    assert account.profile_id is not None  # the Runner dependency guarantees it
    return account.profile_id


def _kind(kind: str | None) -> Block | None:
    if not kind:
        return None
    if kind not in (Block.MOBILITY, Block.STRENGTH):
        raise InvalidInput(f"a session is mobility or strength, not {kind!r}")
    return Block(kind)


class RoundPublic(BaseModel):
    round: int
    sides: list[Literal["left", "right", "both"]]


class PlanItemPublic(BaseModel):
    exercise_id: str
    name: str
    block: schemas.BlockName
    summary: str
    cues: list[str]
    level: int | None = Field(description="ladder level of strength work; null for the other blocks")
    level_name: str | None
    dose: schemas.DosePublic = Field(description="one round, for each side in turn")
    rounds: int
    rest_seconds: int = Field(description="rest between rounds")
    sides: list[Literal["left", "right", "both"]]
    logs_effort: bool = Field(description="strength work: reps, load, pain and RPE are asked after its sets")
    extra_side: Literal["left", "right"] | None = Field(
        None,
        description="one more round after the last, on this side only (the weaker side in an assessment)",
    )
    rounds_to_do: list[RoundPublic] = Field(
        description="every round in order with its sides: the prescribed rounds, then any extra round"
    )
    because: list[str] = Field(default_factory=list, description="why an assessment changed this exercise")
    figure_url: str | None = Field(
        None,
        description="the exercise's moving stick figure (SVG with its own title and description); "
        "null when the exercise has no illustration",
    )


class PlanPublic(BaseModel):
    kind: Literal["mobility", "strength"]
    phase: int
    phase_title: str
    items: list[PlanItemPublic]


class DraftPublic(BaseModel):
    state: drafts.DraftState
    started_at: datetime
    updated_at: datetime
    plan: PlanPublic = Field(description="the session the draft follows, as it was when it was started")


class DraftSaved(BaseModel):
    started_at: datetime
    updated_at: datetime


class SessionFinished(BaseModel):
    session_id: int
    performed_on: date
    kind: Literal["mobility", "strength"]
    full_dose: dict[str, bool] = Field(
        description="exercise id -> whether every set was done at the full dose"
    )
    next: str = Field(description="the page that shows what was saved and what comes next")


def plan_public(plan: SessionPlan, illustrated: Collection[str] = frozenset()) -> PlanPublic:
    """The plan as the player script reads it: everything needed to show and time each exercise.

    ``illustrated``: the ids of the exercises that have an illustration, whose figure URL is given.
    """
    return PlanPublic(
        kind=plan.kind.value,
        phase=int(plan.phase),
        phase_title=plan.phase.title,
        items=[
            PlanItemPublic(
                exercise_id=item.exercise.id,
                name=item.exercise.name,
                block=item.block.value,
                summary=item.exercise.summary,
                cues=list(item.exercise.cues),
                level=item.level,
                level_name=item.level_name,
                dose=schemas.DosePublic(
                    reps_per_side=item.dose.reps_per_side,
                    hold_seconds=item.dose.hold_seconds,
                    circles_each_direction=item.dose.circles_each_direction,
                    text=item.dose.describe(),
                ),
                rounds=item.rounds,
                rest_seconds=item.rest_seconds,
                sides=list(item.sides),
                logs_effort=item.block is Block.STRENGTH,
                extra_side=item.extra_side,
                rounds_to_do=[RoundPublic(round=r, sides=list(sides)) for r, sides in item.rounds_to_do],
                because=list(item.because),
                figure_url=(
                    f"/exercises/{item.exercise.id}/figure.svg" if item.exercise.id in illustrated else None
                ),
            )
            for item in plan.items
        ],
    )


def _evidence(app: HipcoachDep, plan: SessionPlan) -> tuple[str, ...]:
    ids: list[str] = []
    for block in plan.blocks():
        ids += app.library.circuit_for(block).evidence
    return tuple(dict.fromkeys([*ids, *PAIN_EVIDENCE]))


def _unavailable(request: Request, message: str, status_code: int = 200) -> Response:
    return render(request, "player/unavailable.html", status_code=status_code, message=message)


def _page(
    request: Request,
    app: HipcoachDep,
    account: Account,
    kind: str | None,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    try:
        plan = programs.plan_session(app, _profile_id(account), _kind(kind))
    except NotFound:
        return no_program(request)
    except InvalidInput as problem:
        message = str(problem)
        return _unavailable(request, message[0].upper() + message[1:] + ".", status_code=400)
    phase = Phase(plan.phase)
    return render(
        request,
        "player/session.html",
        status_code=400 if error else 200,
        plan=plan,
        plan_data=plan_public(plan, app.library.illustrations).model_dump(mode="json"),
        # Without JavaScript each exercise shows its key poses side by side (a still strip, light to load).
        strips={
            item.exercise.id: figure_svg(app.library, item.exercise, "strip", "plain-") for item in plan.items
        },
        strength_open=phase is not Phase.MOBILITY,
        evidence_ids=_evidence(app, plan),
        error=error,
        form=form or {},
    )


@router.get("/session", include_in_schema=False)
def session_page(request: Request, app: HipcoachDep, account: Runner, kind: str | None = None) -> Response:
    """The player (with JavaScript), or the session as a list with a form to log it (without)."""
    return _page(request, app, account, kind)


def _score(label: str, raw: str) -> int:
    text = raw.strip()
    if not text:
        raise InvalidInput(f"please give your {label} (0-10)")
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{label} must be a whole number from 0 to 10, got {text!r}") from None


def _optional_score(label: str, raw: str) -> int | None:
    return _score(label, raw) if raw.strip() else None


@router.post("/session", include_in_schema=False)
def log_as_prescribed(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    local: RunnerTime,
    kind: Annotated[str, Form()] = "",
    baseline_pain: Annotated[str, Form()] = "",
    pain_during: Annotated[str, Form()] = "",
    rpe: Annotated[str, Form()] = "",
    tightness: Annotated[str, Form()] = "",
) -> Response:
    """The form of the page without JavaScript: today's session, done as prescribed."""
    form = {"baseline_pain": baseline_pain, "pain_during": pain_during, "rpe": rpe, "tightness": tightness}
    try:
        plan = programs.plan_session(app, _profile_id(account), _kind(kind))
        record = as_prescribed(
            plan,
            performed_on=local.today,
            baseline_pain=_score("pain before the session", baseline_pain),
            pain_during=_score("worst pain during the session", pain_during),
            rpe=_score("effort of the session (RPE)", rpe),
        )
        record = replace(record, tightness=_optional_score("hip tightness now", tightness))
        saved = save_session(app, _profile_id(account), record)
    except InvalidInput as problem:
        return _page(request, app, account, kind, error=str(problem), form=form)
    return RedirectResponse(f"/session/done/{saved.session_id}", status_code=status.HTTP_303_SEE_OTHER)


@router.get("/session/done/{session_id}", include_in_schema=False)
def session_done(request: Request, app: HipcoachDep, account: Runner, session_id: ItemId) -> Response:
    """What was saved, and what comes next: tomorrow morning's check-in."""
    saved = drafts.saved_session(app, _profile_id(account), session_id)
    short = [app.library.exercises[e].name for e, full in saved.full_dose.items() if not full]
    return render(request, "player/done.html", saved=saved, short=short)


# --- JSON: the player script keeps its state on the server as it goes --------------------------------

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
    app: HipcoachDep, account: Runner, kind: Literal["mobility", "strength"] | None = None
) -> PlanPublic:
    """Today's session (or the kind asked for) with each exercise's dose, rounds, sides and rest."""
    return plan_public(
        programs.plan_session(app, _profile_id(account), _kind(kind)), app.library.illustrations
    )


@router.get(
    "/api/session/draft", tags=["api"], responses={**PRIVATE, 404: {"description": "no session under way"}}
)
def get_draft(app: HipcoachDep, account: Runner) -> DraftPublic:
    """The session under way, with the plan it follows, to resume it."""
    profile_id = _profile_id(account)
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
def put_draft(state: drafts.DraftState, app: HipcoachDep, account: Runner) -> DraftSaved:
    """Keep the player's whole state, replacing the draft; its shape is checked now, its values at finish."""
    draft = drafts.save_draft(app, _profile_id(account), state)
    return DraftSaved(started_at=draft.started_at, updated_at=draft.updated_at)


@router.delete("/api/session/draft", status_code=status.HTTP_204_NO_CONTENT, tags=["api"], responses=CHANGES)
def delete_draft(app: HipcoachDep, account: Runner) -> Response:
    """Discard the session under way (nothing is saved); fine when there is none."""
    drafts.discard_draft(app, _profile_id(account))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api/session/finish",
    status_code=status.HTTP_201_CREATED,
    tags=["api"],
    responses={
        **CHANGES,
        400: {"description": "a value the session cannot have; the draft is kept"},
        404: {"description": "no session under way"},
    },
)
def finish(app: HipcoachDep, account: Runner) -> SessionFinished:
    """Save the draft as a session and remove it, in one transaction; a refused value changes nothing."""
    saved = drafts.finish_draft(app, _profile_id(account))
    return SessionFinished(
        session_id=saved.session_id,
        performed_on=saved.performed_on,
        kind=saved.kind.value,
        full_dose=saved.full_dose,
        next=f"/session/done/{saved.session_id}",
    )
