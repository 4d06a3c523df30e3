"""The quality summary a page shows beside the angles: trusted shares, filled and untrusted frames."""

from __future__ import annotations

import pytest

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import View
from hipcoach.domain.motion import CAUTION, Angle, Part, analyse, summarize
from hipcoach.domain.motion.quality import ERROR_MAX_DEG, ERROR_MIN_DEG
from tests.unit.motion.tracks import landmark, standing_side_view, track_of


def test_the_summary_names_the_untrusted_and_filled_frames_per_angle():
    doubtful = {landmark("left_knee"): range(10, 15), landmark("left_shoulder"): range(30, 42)}
    quality = summarize(analyse(track_of([standing_side_view()] * 50, View.SIDE, doubtful=doubtful)))
    knee, hip, lean = (
        (angle, Side.LEFT) for angle in (Angle.KNEE_FLEXION, Angle.HIP_FLEXION, Angle.TRUNK_LEAN)
    )
    assert quality.frame_count == 50
    assert quality.not_trusted[knee] == ((10, 14),) and quality.filled[knee] == ((10, 14),)
    # Hip flexion needs both: the short gap is filled, the 12-frame one is too long and stays empty.
    assert quality.not_trusted[hip] == ((10, 14), (30, 41)) and quality.filled[hip] == ((10, 14),)
    assert quality.not_trusted[lean] == ((30, 41),) and quality.filled[lean] == ()
    assert quality.trusted_share[knee] == pytest.approx(45 / 50)
    assert quality.trusted_share[(Angle.KNEE_FLEXION, Side.RIGHT)] == 1.0
    assert quality.landmark_share[(Side.LEFT, Part.SHOULDER)] == pytest.approx(38 / 50)
    assert quality.unfiltered[knee] == ()


def test_the_caution_gives_the_2d_error_and_rules_out_a_diagnosis():
    assert (ERROR_MIN_DEG, ERROR_MAX_DEG) == (4.0, 17.0) and "by 4-17 degrees" in CAUTION
    assert "not as a diagnosis" in CAUTION and "left with right" in CAUTION
    assert summarize(analyse(track_of([standing_side_view()] * 20, View.SIDE))).caution == CAUTION
