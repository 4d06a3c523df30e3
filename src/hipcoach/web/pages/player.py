"""The session player page: today's session one exercise at a time, kept as a draft after every step.

Without JavaScript the same page lists the session and logs it as done as prescribed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status
from fastapi.responses import RedirectResponse

from hipcoach.content.figures import figure_svg
from hipcoach.domain import pain_stop
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import SessionPlan
from hipcoach.domain.progression import hour_after_meaning
from hipcoach.domain.rules import pain_after_hint
from hipcoach.services import drafts, programs, runner_overrides
from hipcoach.services.checkins import awaiting_morning
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.pages.common import no_program, sentence
from hipcoach.web.player_schemas import plan_public, player_limits, session_kind
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

PAIN_EVIDENCE = ("silbernagel2007", "pain-monitoring-thresholds")


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
    profile_id: int,
    kind: str | None,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    try:
        plan = programs.plan_session(app, profile_id, session_kind(kind))
    except NotFound:
        return no_program(request)
    except InvalidInput as problem:
        return _unavailable(request, sentence(problem), status_code=400)
    phase = Phase(plan.phase)
    limits = runner_overrides.limits_of(app, profile_id)
    return render(
        request,
        "player/session.html",
        status_code=400 if error else 200,
        plan=plan,
        plan_data=plan_public(plan, app.library.illustrations).model_dump(mode="json"),
        limits_data=player_limits(limits).model_dump(mode="json"),
        pain_hint=pain_stop.scale_hint(limits),  # the runner's numbers where a clinician set stricter ones
        # Without JavaScript each exercise shows its key poses side by side (a still strip, light to load).
        strips={
            item.exercise.id: figure_svg(app.library, item.exercise, "strip", "plain-", level=item.level)
            for item in plan.items
        },
        strength_open=phase is not Phase.MOBILITY,
        has_draft=drafts.has_draft(app, profile_id),
        evidence_ids=_evidence(app, plan),
        error=error,
        form=form or {},
    )


@router.get("/session")
def session_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, kind: str | None = None
) -> Response:
    """The player (with JavaScript), or the session as a list with a form to log it (without)."""
    return _page(request, app, profile_id, kind)


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


@router.post("/session")
def log_as_prescribed(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
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
        plan = programs.plan_session(app, profile_id, session_kind(kind))
        record = as_prescribed(
            plan,
            performed_on=local.today,
            baseline_pain=_score("pain before the session", baseline_pain),
            pain_during=_score("worst pain during the session", pain_during),
            rpe=_score("effort of the session (RPE)", rpe),
        )
        record = replace(record, tightness=_optional_score("hip tightness now", tightness))
        saved = save_session(app, profile_id, record)
    except InvalidInput as problem:
        return _page(request, app, profile_id, kind, error=str(problem), form=form)
    return RedirectResponse(f"/session/done/{saved.session_id}", status_code=status.HTTP_303_SEE_OTHER)


@router.get("/session/done/{session_id}")
def session_done(request: Request, app: HipcoachDep, profile_id: ProfileId, session_id: ItemId) -> Response:
    """What was saved, and what comes next: the pain about an hour after, then the morning check-in."""
    saved = drafts.saved_session(app, profile_id, session_id)
    short = [app.library.exercises[e].name for e, full in saved.full_dose.items() if not full]
    notes = drafts.session_notes(app, profile_id, session_id)
    waiting = awaiting_morning(app, profile_id)
    if waiting is not None and waiting.session_id != session_id:
        waiting = None  # a later session, or this one's check-in done: nothing more to give for it
    return render(
        request,
        "player/done.html",
        saved=saved,
        short=short,
        notes=notes,
        waiting=waiting,
        pain_after_hint=pain_after_hint(),
        meaning=hour_after_meaning(waiting.pain_after, runner_overrides.limits_of(app, profile_id))
        if waiting is not None and waiting.pain_after is not None
        else None,
    )
