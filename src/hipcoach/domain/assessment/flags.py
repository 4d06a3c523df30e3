"""Every flag of a battery in one list: what it means in plain words and where its threshold comes from."""

from __future__ import annotations

from hipcoach.domain.assessment.balance import YBalanceResult
from hipcoach.domain.assessment.common import BandPosition, Flag, Side
from hipcoach.domain.assessment.ranges import (
    KNEE_TO_WALL_ADEQUATE_CM,
    THOMAS_KNEE_FLEXION_MIN_DEG,
    HamstringResult,
    HipRangeResult,
    KneeToWallResult,
    ThomasResult,
)
from hipcoach.domain.assessment.strength import (
    LSI_PASS_PCT,
    HamstringQuadricepsResult,
    StrengthResult,
)


def battery_flags(
    y: YBalanceResult | None,
    hips: HipRangeResult | None,
    thomas: ThomasResult | None,
    hamstrings: HamstringResult | None,
    ankle: KneeToWallResult | None,
    strength: tuple[StrengthResult, ...],
    hq: tuple[HamstringQuadricepsResult, ...],
) -> tuple[Flag, ...]:
    flags: list[Flag] = list(y.flags) if y else []
    if hips:
        for row in hips.rows:
            for side, value, position in (
                (Side.LEFT, row.left_deg, row.left_position),
                (Side.RIGHT, row.right_deg, row.right_position),
            ):
                if position is BandPosition.BELOW:
                    flags.append(
                        Flag(
                            f"hip-range.{row.direction.value.replace(' ', '-')}-below",
                            side,
                            f"Your {side} hip {row.direction} measured {value:g} degrees, under the usual "
                            f"{row.reference.low:g}-{row.reference.high:g} degrees (reference ranges from "
                            "Wilson 2014, a secondary source). Range comes first in this method, so this "
                            "direction gets attention in the mobility work.",
                            hips.evidence,
                        )
                    )
    if thomas:
        for t in (thomas.left, thomas.right):
            if t.short_one_joint_hip_flexors:
                flags.append(
                    Flag(
                        "thomas.one-joint-short",
                        t.side,
                        f"In the Thomas test your {t.side} thigh stayed {t.hip_angle_deg:g} degrees above "
                        "the horizontal, which suggests short one-joint hip flexors (iliopsoas). The test is "
                        "only moderately reliable (about 7 degrees of error, Peeler & Anderson 2008).",
                        thomas.evidence,
                    )
                )
            if t.short_two_joint_hip_flexors:
                flags.append(
                    Flag(
                        "thomas.two-joint-short",
                        t.side,
                        f"In the Thomas test your {t.side} knee bent only {t.knee_flexion_deg:g} degrees, "
                        f"under {THOMAS_KNEE_FLEXION_MIN_DEG:g}, which suggests a short rectus femoris. "
                        "The test is only moderately reliable (about 7 degrees of error, Peeler & "
                        "Anderson 2008).",
                        thomas.evidence,
                    )
                )
    if hamstrings:
        for h in (hamstrings.left, hamstrings.right):
            if h.short:
                flags.append(
                    Flag(
                        "hamstrings.short",
                        h.side,
                        f"Your {h.side} knee stopped {h.ake_deficit_deg:g} degrees short of straight, "
                        f"more than the {hamstrings.threshold_deg:g} degrees Yildirim 2018 used to call "
                        "hamstrings short for your sex.",
                        hamstrings.evidence,
                    )
                )
    if ankle:
        for side, cm, adequate in (
            (Side.LEFT, ankle.left_cm, ankle.left_adequate),
            (Side.RIGHT, ankle.right_cm, ankle.right_adequate),
        ):
            if not adequate:
                flags.append(
                    Flag(
                        "knee-to-wall.short",
                        side,
                        f"Your {side} knee-to-wall distance was {cm:g} cm. Around "
                        f"{KNEE_TO_WALL_ADEQUATE_CM:g}-10 cm is commonly taken as enough ankle bend for "
                        "running (a rule of thumb from practice, not a study's cut-off).",
                        ankle.evidence,
                    )
                )
    for result in strength:
        if not result.symmetry.passes:
            flags.append(
                Flag(
                    "strength.asymmetry",
                    result.symmetry.weaker_side,
                    f"Your {result.symmetry.weaker_side} {result.muscle_group} reached "
                    f"{result.symmetry.lsi_pct:.0f}% of the other side. The {LSI_PASS_PCT:g}% pass mark "
                    "comes from return-to-sport testing after knee ligament surgery (Gokeler 2017), "
                    "borrowed here as a guide.",
                    result.symmetry.evidence,
                )
            )
        if result.expected is not None:
            band = result.expected.band
            strength_sides: tuple[tuple[Side, float, BandPosition | None], ...] = (
                (Side.LEFT, result.left_nm_per_kg, result.left_band),
                (Side.RIGHT, result.right_nm_per_kg, result.right_band),
            )
            for side, value, band_position in strength_sides:
                if band_position is BandPosition.BELOW:
                    flags.append(
                        Flag(
                            "strength.abductors-below-expected",
                            side,
                            f"Your {side} hip abductors produced {value:.2f} N·m/kg, under the "
                            f"{band.low:.2f}-{band.high:.2f} N·m/kg expected for your age and sex in novice "
                            "runners (Ramskov 2014).",
                            result.expected.evidence,
                        )
                    )
    for ratio in hq:
        if ratio.below_reference:
            flags.append(Flag("strength.hq-low", ratio.side, ratio.explanation, ratio.evidence))
    return tuple(flags)
