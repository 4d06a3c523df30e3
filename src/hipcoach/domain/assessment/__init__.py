"""Assessments (BRIEF §6) and the PSFS outcome (BRIEF §7): pure calculators, flags, change and findings."""

from hipcoach.domain.assessment.balance import (
    LegReaches,
    LegScore,
    Scoring,
    YBalanceResult,
    composite_reach_pct,
    normalised_reach_pct,
    y_balance,
)
from hipcoach.domain.assessment.change import Change, Comparison, Measure, Threshold, compare
from hipcoach.domain.assessment.common import AssessmentInputError, BandPosition, Flag, Sex, Side
from hipcoach.domain.assessment.findings import (
    Adaptation,
    Emphasis,
    Finding,
    collect_findings,
    program_emphasis,
)
from hipcoach.domain.assessment.psfs import PsfsScore, psfs_score
from hipcoach.domain.assessment.ranges import (
    HipDirection,
    active_knee_extension,
    hip_ranges,
    knee_to_wall,
    ranges_within_norms,
    thomas_test,
)
from hipcoach.domain.assessment.strength import (
    DynamometerReading,
    MuscleGroup,
    expected_abductor_torque,
    hamstring_quadriceps_ratio,
    limb_symmetry_index,
    measure_strength,
    torque_nm,
    torque_nm_per_kg,
)

__all__ = [
    "Adaptation",
    "AssessmentInputError",
    "BandPosition",
    "Change",
    "Comparison",
    "DynamometerReading",
    "Emphasis",
    "Finding",
    "Flag",
    "HipDirection",
    "LegReaches",
    "LegScore",
    "Measure",
    "MuscleGroup",
    "PsfsScore",
    "Scoring",
    "Sex",
    "Side",
    "Threshold",
    "YBalanceResult",
    "active_knee_extension",
    "compare",
    "composite_reach_pct",
    "expected_abductor_torque",
    "collect_findings",
    "hamstring_quadriceps_ratio",
    "hip_ranges",
    "knee_to_wall",
    "limb_symmetry_index",
    "normalised_reach_pct",
    "program_emphasis",
    "psfs_score",
    "ranges_within_norms",
    "measure_strength",
    "thomas_test",
    "torque_nm",
    "torque_nm_per_kg",
    "y_balance",
]
