"""Findings from an assessment and the program emphasis each one asks for (BRIEF §6, mapping [D])."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.assessment.balance import ANTERIOR_ASYMMETRY_CM, YBalanceResult
from hipcoach.domain.assessment.common import BandPosition, Side
from hipcoach.domain.assessment.ranges import (
    HamstringResult,
    HipDirection,
    HipRangeResult,
    KneeToWallResult,
    ThomasResult,
)
from hipcoach.domain.assessment.strength import LSI_PASS_PCT, MuscleGroup, StrengthResult

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


def _sides(left: bool, right: bool) -> tuple[bool, Side | None]:
    if left and right:
        return True, None
    if left:
        return True, Side.LEFT
    return right, Side.RIGHT if right else None


def _where(side: Side | None) -> str:
    return "on both sides" if side is None else f"on the {side.value} side"


def collect_findings(
    y_balance: YBalanceResult | None = None,
    thomas: ThomasResult | None = None,
    hamstrings: HamstringResult | None = None,
    ankle: KneeToWallResult | None = None,
    strength: Iterable[StrengthResult] = (),
    hip_range: HipRangeResult | None = None,
) -> tuple[Finding, ...]:
    """The findings in a set of assessment results that should shape the program."""
    found: list[Finding] = []
    if hip_range:
        # [D] hip extension under its reference band is the same restriction the Thomas test looks for
        row = hip_range.row(HipDirection.EXTENSION)
        present, side = _sides(
            row.left_position is BandPosition.BELOW, row.right_position is BandPosition.BELOW
        )
        if present:
            found.append(
                Finding(
                    FindingKind.SHORT_HIP_FLEXORS,
                    side,
                    f"your hip extension was under {row.reference.low:g} degrees {_where(side)}",
                    hip_range.evidence,
                )
            )
    if thomas:
        left = thomas.left.short_one_joint_hip_flexors or thomas.left.short_two_joint_hip_flexors
        right = thomas.right.short_one_joint_hip_flexors or thomas.right.short_two_joint_hip_flexors
        present, side = _sides(left, right)
        if present:
            found.append(
                Finding(
                    FindingKind.SHORT_HIP_FLEXORS,
                    side,
                    f"the Thomas test showed tight hip flexors {_where(side)}",
                    thomas.evidence,
                )
            )
    if hamstrings:
        present, side = _sides(hamstrings.left.short, hamstrings.right.short)
        if present:
            found.append(
                Finding(
                    FindingKind.SHORT_HAMSTRINGS,
                    side,
                    f"your knee would not straighten far enough in the hamstring test {_where(side)}",
                    hamstrings.evidence,
                )
            )
    if ankle:
        present, side = _sides(not ankle.left_adequate, not ankle.right_adequate)
        if present:
            found.append(
                Finding(
                    FindingKind.SHORT_ANKLE_RANGE,
                    side,
                    f"your knee-to-wall distance was short {_where(side)}",
                    ankle.evidence,
                )
            )
    if y_balance and any(f.id == "y-balance.anterior-asymmetry" for f in y_balance.flags):
        shorter = Side.LEFT if y_balance.left.anterior_cm < y_balance.right.anterior_cm else Side.RIGHT
        found.append(
            Finding(
                FindingKind.REACH_ASYMMETRY,
                shorter,
                f"your forward reach on the {shorter.value} leg was {y_balance.anterior_asymmetry_cm:.1f} cm "
                f"shorter than on the other (more than {ANTERIOR_ASYMMETRY_CM:g} cm)",
                ("plisky2006",),
            )
        )
    for result in strength:
        if result.muscle_group not in (MuscleGroup.HIP_ABDUCTORS, MuscleGroup.HIP_EXTENSORS):
            continue
        muscle = result.muscle_group.value
        if not result.symmetry.passes:
            found.append(
                Finding(
                    FindingKind.HIP_STRENGTH_ASYMMETRY,
                    result.symmetry.weaker_side,
                    f"your {result.symmetry.weaker_side} {muscle} were {result.symmetry.lsi_pct:.0f}% as "
                    f"strong as the other side, under {LSI_PASS_PCT:g}%",
                    result.symmetry.evidence,
                )
            )
        if result.expected is not None:
            present, side = _sides(
                result.left_band is BandPosition.BELOW, result.right_band is BandPosition.BELOW
            )
            if present:
                found.append(
                    Finding(
                        FindingKind.HIP_ABDUCTOR_WEAKNESS,
                        side,
                        f"your {muscle} tested below the range expected for your age and sex {_where(side)}",
                        result.expected.evidence,
                    )
                )
    return tuple(found)


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
