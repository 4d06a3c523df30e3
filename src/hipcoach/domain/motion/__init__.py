"""Video joint angles, the model-free core (issue 19): 2-D landmark tracks from a pose model in, honest
angle series, key moments and their quality out.

landmarks (validated tracks, image y down → picture y up) → people (one person followed through the clip)
→ facing (from the feet) → angles (the figure's convention, NaN where a landmark is doubtful) → cleaning
(gaps ≤ 10 frames filled, 6 Hz zero-lag Butterworth) → moments (Y-balance reach, lunge / step-up /
single-leg squat bottom) → sides (left against right) and quality (trusted shares, untrusted frames, the
2-D caution).

Pure: numpy, and scipy inside the filter only (the optional extra ``video``); no I/O.
"""

from hipcoach.domain.motion.analysis import Analysis, analyse
from hipcoach.domain.motion.angles import ANGLES_BY_VIEW, Angle, AngleKey, joint_angles
from hipcoach.domain.motion.cleaning import (
    CUTOFF_HZ,
    MAX_GAP_FRAMES,
    CleanSeries,
    clean,
    design_cutoff_hz,
    fill_gaps,
    low_pass,
)
from hipcoach.domain.motion.facing import Facing, infer_facing
from hipcoach.domain.motion.landmarks import CONFIDENCE_MIN, LANDMARKS, Landmark, LandmarkTrack, Part
from hipcoach.domain.motion.moments import (
    NOT_MEASURED,
    KeyMoment,
    KeyValue,
    lunge_bottom,
    single_leg_squat_bottom,
    step_up_bottom,
    y_balance_anterior,
)
from hipcoach.domain.motion.quality import CAUTION, Quality, summarize
from hipcoach.domain.motion.sides import SideComparison, compare_sides

__all__ = [
    "ANGLES_BY_VIEW",
    "CAUTION",
    "CONFIDENCE_MIN",
    "CUTOFF_HZ",
    "LANDMARKS",
    "MAX_GAP_FRAMES",
    "NOT_MEASURED",
    "Analysis",
    "Angle",
    "AngleKey",
    "CleanSeries",
    "Facing",
    "KeyMoment",
    "KeyValue",
    "Landmark",
    "LandmarkTrack",
    "Part",
    "Quality",
    "SideComparison",
    "analyse",
    "clean",
    "compare_sides",
    "design_cutoff_hz",
    "fill_gaps",
    "infer_facing",
    "joint_angles",
    "low_pass",
    "lunge_bottom",
    "single_leg_squat_bottom",
    "step_up_bottom",
    "summarize",
    "y_balance_anterior",
]
