"""What the session player and its JSON API exchange: the plan, the draft, the limits the script checks.

Shared by the player page (``pages/player.py``), which embeds the plan and the limits, and the API
(``api/player.py``), which serves them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from hipcoach.domain import measures, rules
from hipcoach.domain.content import Block
from hipcoach.domain.program import SessionPlan
from hipcoach.services import drafts
from hipcoach.services.errors import InvalidInput
from hipcoach.web import schemas


def session_kind(kind: str | None) -> Block | None:
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


class PlayerLimits(BaseModel):
    """The bounds and thresholds the player script checks answers against and names in its hints.

    The script has no copy of them: the page carries them, read from the domain constants for every page.
    """

    scale_min: int = Field(description="the lowest answer on a 0-10 scale (pain, tightness, RPE)")
    scale_max: int = Field(description="the highest answer on a 0-10 scale")
    max_reps: int = Field(description="the most reps (or circles) one set can record")
    max_load_kg: float = Field(description="the heaviest load one exercise can record")
    pain_safe_max: int = Field(description="pain during exercise up to this is fine")
    pain_acceptable_max: int = Field(
        description="pain during exercise up to this is acceptable; above, too much"
    )


def player_limits() -> PlayerLimits:
    """The limits as the domain has them now (read at each call, so the page follows a changed constant)."""
    return PlayerLimits(
        scale_min=measures.SCALE_MIN,
        scale_max=measures.SCALE_MAX,
        max_reps=measures.MAX_REPS,
        max_load_kg=measures.MAX_LOAD_KG,
        pain_safe_max=rules.PAIN_SAFE_MAX,
        pain_acceptable_max=rules.PAIN_ACCEPTABLE_MAX,
    )


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
