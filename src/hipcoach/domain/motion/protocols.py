"""The tests and exercises a phone video can measure: which key moment each one has, the views that give
numbers, what it attaches to in the content library, how to film it and the ideal key pose to show beside
the runner's (BRIEF §11).

The ideal poses are illustrations of good form drawn with hipcoach's figure [D], never target numbers: a
runner's angles are compared with their own earlier videos and with their other leg, not with a drawing.
The lunge's and the step-up's are the key poses of those exercises' illustrations (content
``illustrations.toml``, named by ``illustration``; a test keeps the copies here equal); the Y-balance reach
and the single-leg squat have no illustration, so their poses are defined here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import Joint, LimbAngles, Pose, View
from hipcoach.domain.motion.analysis import Analysis
from hipcoach.domain.motion.angles import Angle
from hipcoach.domain.motion.moments import (
    BOTTOM_ANGLES,
    Y_BALANCE_ANGLES,
    KeyMoment,
    lunge_bottom,
    single_leg_squat_bottom,
    step_up_bottom,
    y_balance_anterior,
)


class VideoTest(StrEnum):
    Y_BALANCE = "y-balance"
    LUNGE = "lunge"
    STEP_UP = "step-up"
    SINGLE_LEG_SQUAT = "single-leg-squat"


KeyMomentFinder = Callable[[Analysis, Side], KeyMoment]


@dataclass(frozen=True)
class Protocol:
    """One filmed test: see the module docstring. ``moment`` finds the key moment of the working leg
    (``side_label``) in an analysed clip; ``illustration`` is the (exercise id, key pose name) the ideal pose
    is taken from in the content library, None where the pose is defined here."""

    test: VideoTest
    name: str
    views: tuple[View, ...]
    assessment: str | None
    exercises: tuple[str, ...]
    filming: Mapping[View, tuple[str, ...]]
    ideal: Pose
    side_label: str
    evidence: tuple[str, ...]
    moment: KeyMomentFinder
    illustration: tuple[str, str] | None = None

    def angles(self, view: View) -> tuple[Angle, ...]:
        """The angles reported at the key moment from ``view`` (none from a view that gives no numbers)."""
        if view not in self.views:
            return ()
        return Y_BALANCE_ANGLES if self.test is VideoTest.Y_BALANCE else BOTTOM_ANGLES[view]


# The filming guidance, shared by every test; each view adds where the phone goes.
_STILL = "Put the phone on a stand or lean it on something steady: a hand-held phone moves the picture."
_WHOLE_BODY = (
    "Step back until your whole body, head to feet, fits in the picture with some space left round it."
)
_LIGHT = "Film in good light, in clothes that show the shape of your legs (shorts or tights)."


def _side_view(leg: str) -> tuple[str, ...]:
    return (
        f"Set the phone about hip or knee height, square to the side of your {leg}.",
        _WHOLE_BODY,
        _STILL,
        _LIGHT,
    )


def _front_view(leg: str) -> tuple[str, ...]:
    return (
        f"Set the phone at knee height straight in front of you; do the movement on your {leg} facing it.",
        _WHOLE_BODY,
        _STILL,
        _LIGHT,
    )


# [D] Illustrations of good form (see the module docstring), validated by the figure's own limits in a test.
# Y-balance anterior reach: the stance leg bends at hip, knee and ankle while the trunk leans over it, and the
# other leg reaches straight forward, toes pointed just above the floor.
Y_BALANCE_REACH = Pose(
    "anterior reach",
    trunk=30,
    right=LimbAngles(hip=75, knee=70, ankle=25),
    left=LimbAngles(hip=70, knee=0, ankle=-30),
    support=frozenset({Joint.RIGHT_HEEL, Joint.RIGHT_TOE}),
    anchor=Joint.RIGHT_TOE,
)
# Single-leg squat: the stance knee over the foot, the trunk leaning a little, the free leg bent behind.
SINGLE_LEG_SQUAT_BOTTOM = Pose(
    "single-leg squat bottom",
    trunk=25,
    right=LimbAngles(hip=55, knee=55, ankle=25),
    left=LimbAngles(hip=20, knee=60),
    support=frozenset({Joint.RIGHT_HEEL, Joint.RIGHT_TOE}),
    anchor=Joint.RIGHT_TOE,
)
# Copies of the illustrations' key poses (content illustrations.toml); a test keeps them equal.
LUNGE_BOTTOM = Pose(
    "step back and lower",
    left=LimbAngles(hip=-20, knee=85, ankle=30, shoulder=5),
    right=LimbAngles(hip=90, knee=90, shoulder=5),
    support=frozenset({Joint.LEFT_TOE, Joint.RIGHT_HEEL, Joint.RIGHT_TOE}),
    anchor=Joint.RIGHT_ANKLE,
)
STEP_UP_BOTTOM = Pose(
    "foot on the box",
    trunk=10,
    left=LimbAngles(shoulder=-20, elbow=60),
    right=LimbAngles(hip=100, knee=101.5, ankle=11.5, shoulder=30, elbow=60),
    support=frozenset({Joint.LEFT_HEEL, Joint.LEFT_TOE}),
    anchor=Joint.RIGHT_ANKLE,
    anchor_x=0.22,
)

# Evidence: Pinheiro 2020 ties the stance leg's hip and knee flexion to anterior reach (BRIEF §11). The
# lunge, step-up and single-leg squat angles (knee flexion and trunk lean from the side, FPPA from the
# front) are hipcoach's choice of what a phone shows of the knee's control [D].
PROTOCOLS: Mapping[VideoTest, Protocol] = {
    VideoTest.Y_BALANCE: Protocol(
        test=VideoTest.Y_BALANCE,
        name="Y-balance anterior reach",
        views=(View.SIDE,),
        assessment="y-balance",
        exercises=(),
        filming={View.SIDE: _side_view("stance leg")},
        ideal=Y_BALANCE_REACH,
        side_label="stance leg",
        evidence=("pinheiro2020",),
        moment=y_balance_anterior,
    ),
    VideoTest.LUNGE: Protocol(
        test=VideoTest.LUNGE,
        name="Lunge",
        views=(View.SIDE, View.FRONT),
        assessment=None,
        exercises=("lunge", "runners-lunge"),
        filming={View.SIDE: _side_view("front leg"), View.FRONT: _front_view("front leg")},
        ideal=LUNGE_BOTTOM,
        side_label="front leg",
        evidence=("hipcoach-design",),
        moment=lunge_bottom,
        illustration=("lunge", "step back and lower"),
    ),
    VideoTest.STEP_UP: Protocol(
        test=VideoTest.STEP_UP,
        name="Step-up",
        views=(View.SIDE, View.FRONT),
        assessment=None,
        exercises=("step-up-knee-drive",),
        filming={View.SIDE: _side_view("leg on the step"), View.FRONT: _front_view("leg on the step")},
        ideal=STEP_UP_BOTTOM,
        side_label="leg on the step",
        evidence=("hipcoach-design",),
        moment=step_up_bottom,
        illustration=("step-up-knee-drive", "foot on the box"),
    ),
    VideoTest.SINGLE_LEG_SQUAT: Protocol(
        test=VideoTest.SINGLE_LEG_SQUAT,
        name="Single-leg squat",
        views=(View.SIDE, View.FRONT),
        assessment=None,
        exercises=(),
        filming={View.SIDE: _side_view("stance leg"), View.FRONT: _front_view("stance leg")},
        ideal=SINGLE_LEG_SQUAT_BOTTOM,
        side_label="stance leg",
        evidence=("hipcoach-design",),
        moment=single_leg_squat_bottom,
    ),
}
