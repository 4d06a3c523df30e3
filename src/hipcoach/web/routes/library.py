"""The exercise library, open to everyone: the exercises by block, and each one in full with its evidence."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hipcoach.domain.content import BLOCK_ORDER, Block, Library
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


def _circuit_text(library: Library, block: Block) -> tuple[str, tuple[str, ...]]:
    """The circuit's description and its evidence ids; accessories are no circuit and cite nothing."""
    try:
        circuit = library.circuit_for(block)
    except KeyError:
        return BLOCK_NOTES.get(block, ""), ()
    return circuit.description, circuit.evidence


@router.get("/exercises")
def library_page(request: Request, app: HipcoachDep, account: OptionalAccount) -> Response:
    groups = []
    for block in BLOCK_ORDER:
        exercises = [e for e in app.library.exercises.values() if e.block is block]
        if exercises:
            description, evidence = _circuit_text(app.library, block)
            groups.append((block, BLOCK_TITLES[block], description, evidence, exercises))
    return render(request, "library/index.html", groups=groups)


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, app: HipcoachDep, account: OptionalAccount, exercise_id: str) -> Response:
    exercise = app.library.exercises.get(exercise_id)
    if exercise is None:
        raise NotFound("There is no exercise with that name in the library.")
    evidence = [app.library.evidence[e] for e in exercise.evidence if e in app.library.evidence]
    return render(
        request,
        "library/exercise.html",
        exercise=exercise,
        block_title=BLOCK_TITLES[exercise.block],
        evidence=evidence,
    )
