"""Modified Star Excursion / Y-Balance (lower quarter): normalised and composite reach, flags (BRIEF §6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from hipcoach.domain.assessment.common import (
    AssessmentInputError,
    Flag,
    Sex,
    Side,
    above,
    below,
    check_range,
    require,
    require_trials,
)
from hipcoach.domain.precision import shown

# Input limits (issue 5) [D]: what a tape measure on a runner can plausibly read.
LIMB_LENGTH_MIN_CM = 50.0
LIMB_LENGTH_MAX_CM = 130.0
REACH_MAX_PCT_OF_LIMB = 200.0
TRIALS_PER_DIRECTION = 3  # Plisky 2006: three trials per direction after practice
# Plisky 2006, JOSPT 36(12):911-919: screening flags derived from high-school basketball players.
ANTERIOR_ASYMMETRY_CM = 4.0
FEMALE_COMPOSITE_MIN_PCT = 94.0

BALANCE_EVIDENCE = ("plisky2006", "plisky2021", "kattilakoski2023")


class Scoring(StrEnum):
    """Which trial counts. With more than three trials, mean-of-3 takes the best three (Kattilakoski 2023)."""

    MEAN_OF_3 = "mean-of-3"
    BEST = "best"

    @property
    def label(self) -> str:
        return "best trial" if self is Scoring.BEST else "mean of 3 trials"


@dataclass(frozen=True)
class ReachPct:
    anterior: float
    posteromedial: float
    posterolateral: float


# Plisky 2021, IJSPT, doi 10.26603/001c.27634: reference mean reach in % of limb length.
REFERENCE_MEANS_PCT = {
    Sex.MALE: ReachPct(anterior=71.9, posteromedial=109.6, posterolateral=107.0),
    Sex.FEMALE: ReachPct(anterior=70.8, posteromedial=102.3, posterolateral=102.0),
}


@dataclass(frozen=True)
class LegReaches:
    """One leg's measurements: limb length (ASIS to medial malleolus, lying) and reach trials in cm."""

    limb_length_cm: float
    anterior_cm: Sequence[float]
    posteromedial_cm: Sequence[float]
    posterolateral_cm: Sequence[float]


@dataclass(frozen=True)
class LegScore:
    side: Side
    limb_length_cm: float
    anterior_cm: float
    posteromedial_cm: float
    posterolateral_cm: float
    normalised_pct: ReachPct
    composite_pct: float
    reference_pct: ReachPct


@dataclass(frozen=True)
class YBalanceResult:
    scoring: Scoring
    left: LegScore
    right: LegScore
    anterior_asymmetry_cm: float
    flags: tuple[Flag, ...]
    evidence: tuple[str, ...]


def normalised_reach_pct(reach_cm: float, limb_length_cm: float) -> float:
    """Reach as % of limb length: reach / limb length x 100 (Plisky 2006)."""
    return reach_cm * 100.0 / limb_length_cm


def composite_reach_pct(
    anterior_cm: float, posteromedial_cm: float, posterolateral_cm: float, limb_length_cm: float
) -> float:
    """(ANT + PM + PL) / (3 x limb length) x 100 (Plisky 2006)."""
    return (anterior_cm + posteromedial_cm + posterolateral_cm) * 100.0 / (3 * limb_length_cm)


def score_trials(field: str, trials: Sequence[float], scoring: Scoring) -> float:
    """The reach that counts: the best trial, or the mean of three (the best three when more were done)."""
    require_trials(field, trials, TRIALS_PER_DIRECTION)
    if scoring is Scoring.BEST:
        return max(trials)
    return fmean(sorted(trials, reverse=True)[:TRIALS_PER_DIRECTION])


def score_leg(side: Side, leg: LegReaches, sex: Sex, scoring: Scoring) -> LegScore:
    prefix = f"{side.value} leg"
    limb = check_range(
        f"{prefix} limb length", leg.limb_length_cm, LIMB_LENGTH_MIN_CM, LIMB_LENGTH_MAX_CM, "cm"
    )
    max_reach = limb * REACH_MAX_PCT_OF_LIMB / 100.0
    scored: list[float] = []
    for name, trials in (
        ("anterior", leg.anterior_cm),
        ("posteromedial", leg.posteromedial_cm),
        ("posterolateral", leg.posterolateral_cm),
    ):
        field = f"{prefix} {name} reach"
        require_trials(field, trials, TRIALS_PER_DIRECTION)
        for trial in trials:
            if not 0.0 <= trial <= max_reach:
                raise AssessmentInputError(
                    field,
                    f"{trial:g} cm is outside 0-{REACH_MAX_PCT_OF_LIMB:g}% of the {limb:g} cm limb length "
                    f"(0-{max_reach:g} cm)",
                )
        scored.append(score_trials(field, trials, scoring))
    anterior, posteromedial, posterolateral = scored
    return LegScore(
        side=side,
        limb_length_cm=limb,
        anterior_cm=anterior,
        posteromedial_cm=posteromedial,
        posterolateral_cm=posterolateral,
        normalised_pct=ReachPct(
            normalised_reach_pct(anterior, limb),
            normalised_reach_pct(posteromedial, limb),
            normalised_reach_pct(posterolateral, limb),
        ),
        composite_pct=composite_reach_pct(anterior, posteromedial, posterolateral, limb),
        reference_pct=REFERENCE_MEANS_PCT[sex],
    )


def y_balance(
    left: LegReaches | None, right: LegReaches | None, sex: Sex, scoring: Scoring = Scoring.MEAN_OF_3
) -> YBalanceResult:
    """Score both legs, compare them, and raise Plisky 2006's screening flags."""
    left_score = score_leg(Side.LEFT, require("left leg", left), sex, scoring)
    right_score = score_leg(Side.RIGHT, require("right leg", right), sex, scoring)
    asymmetry = abs(left_score.anterior_cm - right_score.anterior_cm)
    flags: list[Flag] = []
    if above(asymmetry, ANTERIOR_ASYMMETRY_CM):
        shorter = Side.LEFT if left_score.anterior_cm < right_score.anterior_cm else Side.RIGHT
        flags.append(
            Flag(
                "y-balance.anterior-asymmetry",
                shorter,
                f"Your forward reach differs by {shown(asymmetry, ANTERIOR_ASYMMETRY_CM, places=1)} cm "
                f"between legs (shorter on the {shorter.value}), more than {ANTERIOR_ASYMMETRY_CM:g} cm. "
                "This is a screening flag derived from high-school basketball players (Plisky 2006), where "
                "such a difference went with more injuries. It is not a measure of a runner's injury risk; "
                "it points to single-leg balance work.",
                ("plisky2006",),
            )
        )
    if sex is Sex.FEMALE:
        for leg in (left_score, right_score):
            if below(leg.composite_pct, FEMALE_COMPOSITE_MIN_PCT):
                flags.append(
                    Flag(
                        "y-balance.low-composite",
                        leg.side,
                        f"The composite reach of your {leg.side.value} leg is "
                        f"{shown(leg.composite_pct, FEMALE_COMPOSITE_MIN_PCT, places=1)}% of limb length, "
                        f"below {FEMALE_COMPOSITE_MIN_PCT:g}%. This is a screening flag derived from female "
                        "high-school basketball players (Plisky 2006); it is not a measure of a runner's "
                        "injury risk.",
                        ("plisky2006",),
                    )
                )
    return YBalanceResult(scoring, left_score, right_score, asymmetry, tuple(flags), BALANCE_EVIDENCE)
