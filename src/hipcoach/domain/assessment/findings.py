"""Findings from an assessment and the program emphasis each one asks for (BRIEF §6, mapping [D])."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.anatomy import Side

DESIGN = "hipcoach-design"


class FindingKind(StrEnum):
    SHORT_HIP_FLEXORS = "short hip flexors"
    HIP_STRENGTH_ASYMMETRY = "hip strength asymmetry"
    HIP_ABDUCTOR_WEAKNESS = "hip abductor weakness"
    SHORT_ANKLE_RANGE = "short ankle range"
    SHORT_HAMSTRINGS = "short hamstrings"
    REACH_ASYMMETRY = "reach asymmetry"


class Emphasis(StrEnum):
    EXTENSION_RANGE_MOBILITY = "more extension-range mobility"
    EXTRA_ROUND_WEAKER_SIDE = "an extra round on the weaker side"
    BRIDGE_AND_STEP_UP = "bridge and step-up emphasis"
    SOLEUS_MOBILITY = "soleus mobility"
    HAMSTRING_MOBILITY = "hamstring mobility"
    SINGLE_LEG_BALANCE = "single-leg balance emphasis"


EMPHASES = {
    FindingKind.SHORT_HIP_FLEXORS: (Emphasis.EXTENSION_RANGE_MOBILITY,),
    FindingKind.HIP_STRENGTH_ASYMMETRY: (Emphasis.EXTRA_ROUND_WEAKER_SIDE, Emphasis.BRIDGE_AND_STEP_UP),
    FindingKind.HIP_ABDUCTOR_WEAKNESS: (Emphasis.EXTRA_ROUND_WEAKER_SIDE, Emphasis.BRIDGE_AND_STEP_UP),
    FindingKind.SHORT_ANKLE_RANGE: (Emphasis.SOLEUS_MOBILITY,),
    FindingKind.SHORT_HAMSTRINGS: (Emphasis.HAMSTRING_MOBILITY,),
    FindingKind.REACH_ASYMMETRY: (Emphasis.SINGLE_LEG_BALANCE,),
}


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    side: Side | None  # the shorter or weaker side; None for both
    description: str  # plain words, reads after "because"
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Adaptation:
    emphasis: Emphasis
    side: Side | None  # only an extra round on the weaker side has one
    because: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Where:
    """The side a finding is on; None for both sides."""

    side: Side | None

    @property
    def words(self) -> str:
        return "on both sides" if self.side is None else f"on the {self.side.value} side"


def where(left: bool, right: bool) -> Where | None:
    """Which side a finding found on the left, the right or both is on; None when neither."""
    if not (left or right):
        return None
    return Where(None if left and right else Side.LEFT if left else Side.RIGHT)


def program_emphasis(found: Iterable[Finding]) -> tuple[Adaptation, ...]:
    """Each finding's emphasis with a "because" sentence; an extra round needs a weaker side to go to."""
    adaptations: list[Adaptation] = []
    for finding in found:
        for emphasis in EMPHASES[finding.kind]:
            side = finding.side if emphasis is Emphasis.EXTRA_ROUND_WEAKER_SIDE else None
            if emphasis is Emphasis.EXTRA_ROUND_WEAKER_SIDE and side is None:
                continue  # both sides weak: no weaker side to give the extra round to
            adaptations.append(
                Adaptation(emphasis, side, f"because {finding.description}", (*finding.evidence, DESIGN))
            )
    return tuple(adaptations)
