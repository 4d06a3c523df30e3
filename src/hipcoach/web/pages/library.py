"""The exercise library, open to everyone: the exercises by block, and each one in full with its evidence.

An exercise with an illustration (``Library.illustrations``) also shows its moving stick figure, has a
printable handout with the key poses side by side, and serves the figure alone as an SVG file
(``/exercises/{id}/figure.svg``) for the session player and anyone embedding it. An exercise without one
shows no figure, and its figure.svg is 404.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from hipcoach.content.figures import figure_svg
from hipcoach.domain.anatomy import Side
from hipcoach.domain.content import BLOCK_ORDER, Block, Exercise, Library
from hipcoach.domain.motion.protocols import PROTOCOLS
from hipcoach.services.errors import NotFound
from hipcoach.web.deps import HipcoachDep, OptionalAccount
from hipcoach.web.templating import render

router = APIRouter()

BLOCK_TITLES = {
    Block.MOBILITY: "Hip mobility",
    Block.STRENGTH: "Runner's strength",
    Block.CORE: "Core (optional)",
    Block.FOOT: "Foot and ankle",
    Block.ACCESSORY: "General accessories",
}
BLOCK_NOTES = {
    Block.ACCESSORY: "Good general exercises; keep them as extras to the ones that look like running.",
}
SVG_MEDIA_TYPE = "image/svg+xml"
# The figure changes only with the content, that is with a release: an hour fresh, then revalidated by ETag.
FIGURE_CACHE = "public, max-age=3600"


def _circuit_text(library: Library, block: Block) -> tuple[str, tuple[str, ...]]:
    """The circuit's description and its evidence ids; accessories are no circuit and cite nothing."""
    try:
        circuit = library.circuit_for(block)
    except KeyError:
        return BLOCK_NOTES.get(block, ""), ()
    return circuit.description, circuit.evidence


def _exercise(library: Library, exercise_id: str) -> Exercise:
    exercise = library.exercises.get(exercise_id)
    if exercise is None:
        raise NotFound("There is no exercise with that name in the library.")
    return exercise


@router.get("/exercises")
def library_page(request: Request, app: HipcoachDep, account: OptionalAccount) -> Response:
    groups = []
    for block in BLOCK_ORDER:
        exercises = [e for e in app.library.exercises.values() if e.block is block]
        if exercises:
            description, evidence = _circuit_text(app.library, block)
            groups.append((block, BLOCK_TITLES[block], description, evidence, exercises))
    # The list stays light: a small still picture (the key poses) from the cached figure.svg, loaded lazily.
    return render(request, "library/index.html", groups=groups, illustrated=set(app.library.illustrations))


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, app: HipcoachDep, account: OptionalAccount, exercise_id: str) -> Response:
    exercise = _exercise(app.library, exercise_id)
    evidence = [app.library.evidence[e] for e in exercise.evidence if e in app.library.evidence]
    return render(
        request,
        "library/exercise.html",
        exercise=exercise,
        block_title=BLOCK_TITLES[exercise.block],
        evidence=evidence,
        figure=figure_svg(app.library, exercise),
        filmed=[p for p in PROTOCOLS.values() if exercise.id in p.exercises],
    )


@router.get("/exercises/{exercise_id}/print")
def exercise_handout(
    request: Request, app: HipcoachDep, account: OptionalAccount, exercise_id: str
) -> Response:
    """A printable handout: the key poses side by side, the dose, the cues and the faults."""
    exercise = _exercise(app.library, exercise_id)
    return render(
        request,
        "library/print.html",
        exercise=exercise,
        block_title=BLOCK_TITLES[exercise.block],
        strip=figure_svg(app.library, exercise, "strip"),
    )


@router.get(
    "/exercises/{exercise_id}/figure.svg",
    response_class=Response,
    responses={
        200: {"content": {SVG_MEDIA_TYPE: {}}, "description": "the figure, with its title and description"},
        304: {"description": "the copy the browser holds is still current"},
        404: {"description": "no such exercise, or it has no illustration"},
    },
)
def exercise_figure(
    request: Request,
    app: HipcoachDep,
    exercise_id: str,
    kind: Literal["animated", "strip"] = "animated",
    side: Side | None = None,
    level: Annotated[int | None, Query(ge=1, le=20)] = None,
) -> Response:
    """The exercise's stick figure as SVG: moving (the default), or its key poses side by side (strip).

    ``side``: the working side, for an exercise done one side at a time (the other side is the mirror image).
    ``level``: a ladder level; one done in a position of its own (the tall-kneeling halo) is drawn so.
    """
    exercise = _exercise(app.library, exercise_id)
    if level is not None and exercise.level(level) is None:
        raise NotFound(f"That exercise has no level {level}.")
    svg = figure_svg(app.library, exercise, kind, side=side, level=level)
    if svg is None:
        raise NotFound("That exercise has no illustration yet.")
    body = str(svg).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"Cache-Control": FIGURE_CACHE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=SVG_MEDIA_TYPE, headers=headers)
