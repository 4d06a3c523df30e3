"""What the session player and its JSON API exchange: the plan, the draft, the limits the script checks.

Shared by the player page (``pages/player.py``), which embeds the plan and the limits, and the API
(``api/player.py``), which serves them.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from hipcoach.domain import measures, pain_stop, rules
from hipcoach.domain.content import Block, Dose, Exercise
from hipcoach.domain.overrides import Limits, given
from hipcoach.domain.program import SessionPlan, session_minutes
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


class EasierLevelPublic(BaseModel):
    level: int
    level_name: str
    dose: schemas.DosePublic = Field(description="one round at this level, for each side in turn")


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
    rep_rest_seconds: int = Field(
        description="the pause between the reps of a set whose reps are each held (the hold timer's gap)"
    )
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
    easier_levels: list[EasierLevelPublic] = Field(
        default_factory=list,
        description="the ladder levels below this one, the nearest first: what a stop for pain offers",
    )


class PlanPublic(BaseModel):
    kind: Literal["mobility", "strength"]
    phase: int
    phase_title: str
    minutes: int = Field(
        description="about how long the session takes, in whole minutes rounded up: every set with its "
        'set-up and the rests between rounds (what the pages show as "about N minutes")'
    )
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


class PainStopPublic(BaseModel):
    """The "this hurts" rule as the script applies it, and what it tells the runner (BRIEF §5)."""

    rule_id: str
    rule: str = Field(description="the rule in one sentence")
    kinds: list[str] = Field(description="pain of any of these kinds stops the exercise, whatever its score")
    kinds_question: str
    verdicts: dict[str, str] = Field(
        description="fine, acceptable, too-much, sharp -> what the runner is told"
    )
    choices: dict[str, str] = Field(description="easier, smaller-range, stopped -> the offer after a stop")


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
    rpe_aim_hint: str = Field(description="the effort to aim for in a strength exercise, in one sentence")
    pain_stop: PainStopPublic


def player_limits(runner: Limits | None = None) -> PlayerLimits:
    """The limits as the domain has them now (read at each call, so the page follows a changed constant),
    with the runner's stricter pain maxima where a clinician set them."""
    limits = given(runner)
    return PlayerLimits(
        scale_min=measures.SCALE_MIN,
        scale_max=measures.SCALE_MAX,
        max_reps=measures.MAX_REPS,
        max_load_kg=measures.MAX_LOAD_KG,
        pain_safe_max=limits.pain_safe_max,
        pain_acceptable_max=limits.pain_acceptable_max,
        rpe_aim_hint=rules.rpe_aim_hint(),
        pain_stop=PainStopPublic(
            rule_id=pain_stop.RULE_ID,
            rule=pain_stop.rule_statement(limits),
            kinds=list(rules.PAIN_STOP_KINDS),
            kinds_question=pain_stop.kinds_question(),
            verdicts=pain_stop.texts(limits),
            choices=pain_stop.choice_texts(),
        ),
    )


def _dose(dose: Dose) -> schemas.DosePublic:
    return schemas.DosePublic(
        reps_per_side=dose.reps_per_side,
        hold_seconds=dose.hold_seconds,
        circles_each_direction=dose.circles_each_direction,
        text=dose.describe(),
    )


def _easier_levels(exercise: Exercise, level: int | None) -> list[EasierLevelPublic]:
    below = []
    rung = pain_stop.easier_level(exercise, level)
    while rung is not None:
        below.append(
            EasierLevelPublic(
                level=rung.level, level_name=rung.name, dose=_dose(exercise.dose_at(rung.level))
            )
        )
        rung = pain_stop.easier_level(exercise, rung.level)
    return below


def figure_url(exercise_id: str, level: int | None) -> str:
    """The exercise's figure at the runner's level (a level done in a position of its own is drawn so)."""
    url = f"/exercises/{exercise_id}/figure.svg"
    return url if level is None else f"{url}?level={level}"


def plan_public(plan: SessionPlan, illustrated: Collection[str] = frozenset()) -> PlanPublic:
    """The plan as the player script reads it: everything needed to show and time each exercise.

    ``illustrated``: the ids of the exercises that have an illustration, whose figure URL is given.
    """
    return PlanPublic(
        kind=plan.kind.value,
        phase=int(plan.phase),
        phase_title=plan.phase.title,
        minutes=session_minutes(plan),
        items=[
            PlanItemPublic(
                exercise_id=item.exercise.id,
                name=item.exercise.name,
                block=item.block.value,
                summary=item.exercise.summary,
                cues=list(item.exercise.cues),
                level=item.level,
                level_name=item.level_name,
                dose=_dose(item.dose),
                rounds=item.rounds,
                rest_seconds=item.rest_seconds,
                rep_rest_seconds=rules.REP_REST_SECONDS,
                sides=list(item.sides),
                logs_effort=item.block is Block.STRENGTH,
                extra_side=item.extra_side,
                rounds_to_do=[RoundPublic(round=r, sides=list(sides)) for r, sides in item.rounds_to_do],
                because=list(item.because),
                figure_url=(
                    figure_url(item.exercise.id, item.level) if item.exercise.id in illustrated else None
                ),
                easier_levels=_easier_levels(item.exercise, item.level),
            )
            for item in plan.items
        ],
    )
