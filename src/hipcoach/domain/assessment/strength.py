"""Hand-held dynamometry: force -> torque -> N·m/kg, Ramskov's expected torque, LSI, H:Q (BRIEF §6)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.assessment.common import (
    AssessmentInputError,
    Band,
    BandPosition,
    Sex,
    Side,
    below,
    check_range,
    require,
)

# Input limits (issue 5) [D].
FORCE_MIN_N = 0.0
FORCE_MAX_N = 1000.0
LEVER_ARM_MIN_CM = 10.0
LEVER_ARM_MAX_CM = 60.0
# Plausible adult runners [D]; wide on purpose, only impossible values are refused.
BODY_MASS_MIN_KG = 25.0
BODY_MASS_MAX_KG = 250.0
AGE_MIN_YEARS = 10
AGE_MAX_YEARS = 100

# Ramskov 2014, IJSPT 9(1):68-75: expected eccentric hip-abduction torque in novice runners, N·m/kg. The band
# holds for the test it came from, so the battery's protocol tests the abductors that way.
RAMSKOV_TEST = "an eccentric (break) test lying on the side"
RAMSKOV_INTERCEPT = 1.600
RAMSKOV_PER_YEAR = 0.005
RAMSKOV_MALE = 0.215
RAMSKOV_BAND = 0.354
RAMSKOV_PLACES = 3  # the coefficients have three decimals, so the band's edges are exact at three
# Gokeler 2017, KSSTA 25(1):192-199 (ACL rehabilitation): limb symmetry index pass mark.
LSI_PASS_PCT = 90.0
# Coombs & Garbutt 2002, JSSM 1(3):56-62: conventional concentric hamstring:quadriceps ratio.
HQ_REFERENCE_RATIO = 0.6


class MuscleGroup(StrEnum):
    HIP_ABDUCTORS = "hip-abductors"
    HIP_EXTENSORS = "hip-extensors"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


@dataclass(frozen=True)
class DynamometerReading:
    force_n: float
    lever_arm_cm: float


@dataclass(frozen=True)
class ExpectedTorque:
    expected_nm_per_kg: float
    band: Band
    evidence: tuple[str, ...] = ("ramskov2014",)


@dataclass(frozen=True)
class SymmetryResult:
    lsi_pct: float
    weaker_side: Side | None  # None when both sides are equal
    passes: bool
    evidence: tuple[str, ...] = ("gokeler2017",)


@dataclass(frozen=True)
class StrengthResult:
    muscle_group: MuscleGroup
    left_nm_per_kg: float
    right_nm_per_kg: float
    symmetry: SymmetryResult
    left_band: BandPosition | None  # against Ramskov's band; hip abductors only, when age and sex are known
    right_band: BandPosition | None
    expected: ExpectedTorque | None


@dataclass(frozen=True)
class HamstringQuadricepsResult:
    side: Side
    ratio: float
    reference_ratio: float
    below_reference: bool
    explanation: str
    evidence: tuple[str, ...] = ("coombs2002",)


def torque_nm(force_n: float, lever_arm_cm: float, field: str = "dynamometer") -> float:
    """Torque (N·m) = force (N) x lever arm (m)."""
    force = check_range(f"{field} force", force_n, FORCE_MIN_N, FORCE_MAX_N, "N")
    lever = check_range(f"{field} lever arm", lever_arm_cm, LEVER_ARM_MIN_CM, LEVER_ARM_MAX_CM, "cm")
    return force * lever / 100.0


def torque_nm_per_kg(
    force_n: float, lever_arm_cm: float, body_mass_kg: float, field: str = "dynamometer"
) -> float:
    """Torque normalised to body mass (N·m/kg)."""
    mass = check_range("body mass", body_mass_kg, BODY_MASS_MIN_KG, BODY_MASS_MAX_KG, "kg")
    return torque_nm(force_n, lever_arm_cm, field) / mass


def expected_abductor_torque(age_years: int, sex: Sex) -> ExpectedTorque:
    """Ramskov 2014: 1.600 - 0.005 x age + 0.215 x (male), band +/- 0.354 N·m/kg."""
    age = check_range("age", age_years, AGE_MIN_YEARS, AGE_MAX_YEARS, "years")
    expected = RAMSKOV_INTERCEPT - RAMSKOV_PER_YEAR * age + (RAMSKOV_MALE if sex is Sex.MALE else 0.0)
    return ExpectedTorque(expected, Band(expected - RAMSKOV_BAND, expected + RAMSKOV_BAND))


def limb_symmetry_index(left: float, right: float) -> SymmetryResult:
    """LSI = weaker / stronger x 100; 90% or more passes (Gokeler 2017)."""
    if left < 0 or right < 0:
        raise AssessmentInputError("limb symmetry", "values must not be negative")
    stronger = max(left, right)
    if stronger == 0:
        raise AssessmentInputError("limb symmetry", "both sides are 0; nothing to compare")
    weaker = min(left, right)
    lsi = weaker * 100.0 / stronger
    weaker_side = None if left == right else (Side.LEFT if left < right else Side.RIGHT)
    return SymmetryResult(lsi, weaker_side, not below(lsi, LSI_PASS_PCT))


def measure_strength(
    muscle_group: MuscleGroup,
    left: DynamometerReading | None,
    right: DynamometerReading | None,
    body_mass_kg: float,
    age_years: int | None = None,
    sex: Sex | None = None,
) -> StrengthResult:
    """Both sides of one muscle group in N·m/kg, their symmetry, and for abductors Ramskov's band."""
    name = muscle_group.label
    left_reading = require(f"{name} left", left)
    right_reading = require(f"{name} right", right)
    left_value = torque_nm_per_kg(
        left_reading.force_n, left_reading.lever_arm_cm, body_mass_kg, f"{name} left"
    )
    right_value = torque_nm_per_kg(
        right_reading.force_n, right_reading.lever_arm_cm, body_mass_kg, f"{name} right"
    )
    expected = None
    if muscle_group is MuscleGroup.HIP_ABDUCTORS and age_years is not None and sex is not None:
        expected = expected_abductor_torque(age_years, sex)
    return StrengthResult(
        muscle_group,
        left_value,
        right_value,
        limb_symmetry_index(left_value, right_value),
        expected.band.position(left_value) if expected else None,
        expected.band.position(right_value) if expected else None,
        expected,
    )


def hamstring_quadriceps_ratio(
    side: Side, hamstrings_nm: float, quadriceps_nm: float
) -> HamstringQuadricepsResult:
    """Concentric hamstring torque / quadriceps torque, read against the conventional 0.6."""
    if quadriceps_nm <= 0:
        raise AssessmentInputError(f"{side.value} quadriceps torque", "must be above 0")
    if hamstrings_nm < 0:
        raise AssessmentInputError(f"{side.value} hamstring torque", "must not be negative")
    ratio = hamstrings_nm / quadriceps_nm
    low = below(round(ratio, 2), HQ_REFERENCE_RATIO)
    explanation = (
        f"Your {side.value} hamstrings produce {ratio:.2f} of your quadriceps' torque; about "
        f"{HQ_REFERENCE_RATIO:g} is the conventional reference (Coombs & Garbutt 2002), a guide rather "
        "than a cut-off."
    )
    return HamstringQuadricepsResult(side, ratio, HQ_REFERENCE_RATIO, low, explanation)
