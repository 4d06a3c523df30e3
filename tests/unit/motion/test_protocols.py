"""The filmed tests: each attaches to content that exists, names views it can measure from, says how to
film each of them, and its ideal key pose can be drawn."""

from __future__ import annotations

import pytest

from hipcoach.content import default_library
from hipcoach.domain.figure import View, validate
from hipcoach.domain.motion import Angle
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.video.ideal import ideal_pose


def test_every_test_has_a_protocol_named_by_it():
    assert set(PROTOCOLS) == set(VideoTest)
    assert all(protocol.test is test for test, protocol in PROTOCOLS.items())


@pytest.mark.parametrize("test", list(VideoTest))
def test_each_attaches_to_assessments_exercises_and_evidence_that_exist(test):
    library = default_library()
    protocol = PROTOCOLS[test]
    assert protocol.assessment is None or protocol.assessment in library.protocols
    assert all(exercise in library.exercises for exercise in protocol.exercises)
    assert protocol.evidence and all(item in library.evidence for item in protocol.evidence)


def test_the_real_ids_are_attached():
    assert PROTOCOLS[VideoTest.Y_BALANCE].assessment == "y-balance"
    assert PROTOCOLS[VideoTest.Y_BALANCE].evidence == ("pinheiro2020",)
    assert PROTOCOLS[VideoTest.LUNGE].exercises == ("lunge", "runners-lunge")
    assert PROTOCOLS[VideoTest.STEP_UP].exercises == ("step-up-knee-drive",)
    assert PROTOCOLS[VideoTest.SINGLE_LEG_SQUAT].exercises == ()  # the library has no single-leg squat


def test_the_y_balance_is_measured_from_the_side_only_the_others_from_both():
    assert PROTOCOLS[VideoTest.Y_BALANCE].views == (View.SIDE,)
    assert PROTOCOLS[VideoTest.Y_BALANCE].angles(View.FRONT) == ()
    assert PROTOCOLS[VideoTest.Y_BALANCE].angles(View.SIDE) == (Angle.HIP_FLEXION, Angle.KNEE_FLEXION)
    for test in (VideoTest.LUNGE, VideoTest.STEP_UP, VideoTest.SINGLE_LEG_SQUAT):
        assert set(PROTOCOLS[test].views) == {View.SIDE, View.FRONT}
        assert PROTOCOLS[test].angles(View.FRONT) == (Angle.KNEE_FPPA,)
        assert PROTOCOLS[test].angles(View.SIDE) == (Angle.KNEE_FLEXION, Angle.TRUNK_LEAN)


@pytest.mark.parametrize("test", list(VideoTest))
def test_each_view_has_short_filming_guidance_and_no_other_view_has_any(test):
    protocol = PROTOCOLS[test]
    assert set(protocol.filming) == set(protocol.views)
    for view, lines in protocol.filming.items():
        assert 2 <= len(lines) <= 6 and all(len(line) < 140 for line in lines)
        text = " ".join(lines).lower()
        assert "whole body" in text and "stand" in text
        assert ("side" in text) if view is View.SIDE else ("in front" in text)


@pytest.mark.parametrize("test", list(VideoTest))
def test_each_ideal_pose_can_be_drawn_on_either_side(test):
    validate(test.value, [PROTOCOLS[test].ideal], per_side=True)


@pytest.mark.parametrize("test", [VideoTest.LUNGE, VideoTest.STEP_UP])
def test_an_illustrated_exercise_shows_its_illustrations_key_pose(test):
    pose, camera = ideal_pose(test)
    exercise_id, pose_name = PROTOCOLS[test].illustration or ("", "")
    drawn = default_library().illustrations[exercise_id]
    assert pose.name == pose_name and pose in drawn.poses and camera == drawn.camera
    assert pose == PROTOCOLS[test].ideal  # the copy the pure protocol holds has not drifted


def test_an_unillustrated_test_shows_the_protocols_own_pose_from_the_chosen_view():
    pose, camera = ideal_pose(VideoTest.SINGLE_LEG_SQUAT, View.FRONT)
    assert pose == PROTOCOLS[VideoTest.SINGLE_LEG_SQUAT].ideal and camera.turn == 90.0
