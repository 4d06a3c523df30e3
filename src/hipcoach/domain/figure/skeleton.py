"""A 2-D stick-figure skeleton: joints, segment lengths and the joint-angle convention.

The convention (reused later for video analysis)
------------------------------------------------
* Lengths are fractions of body height H (H = 1); positions are (x, y) with y up; angles are in degrees.
* **Side view** (``View.SIDE``): the figure faces +x (to the right on screen). Its right side is nearer the
  viewer (right-handed axes: forward x, up y, the figure's right is +z, out of the screen).
* **0° = a segment aligned with its parent**: standing straight with arms hanging, every angle is 0.
* **Flexion is positive**:

  - ``trunk``: the tilt of the trunk (pelvis → neck) from vertical; positive leans forward, negative leans
    back (lying on the back is −90, a prone plank +90). It is the root of the chain, not a joint.
  - ``neck``: flexion (chin towards the chest) positive, extension negative; relative to the trunk.
  - ``hip``: flexion brings the thigh forward and up; extension (thigh behind the trunk line) negative.
  - ``knee``: flexion brings the shank back (heel towards the buttock); 0 = straight.
  - ``ankle``: dorsiflexion (toes towards the shin) positive, plantar flexion (pointing) negative.
  - ``shoulder``: flexion raises the arm forward (90 = arm pointing forward, 180 = overhead); extension
    (arm behind the trunk) negative.
  - ``elbow``: flexion bends the forearm forward and up (from a hanging arm); 0 = straight.

  In screen terms: every down-hanging segment (thigh, shank, upper arm, forearm) has the absolute rotation
  ``trunk_rotation + Σ signed angles``, counter-clockwise positive, where ``trunk_rotation = −trunk``; the
  knee enters with a minus sign (its flexion turns the shank backwards), the neck with a minus sign (the head
  sits above its joint, so flexion turns it clockwise).
* **Front view** (``View.FRONT``): the figure faces the viewer, so its left side is on the viewer's right
  (+x). Angles are frontal-plane angles, mirrored per side: ``hip`` and ``shoulder`` are abduction (away
  from the midline) positive, adduction negative; ``elbow`` and ``knee`` positive keep turning the distal
  segment the same way (an abducted arm with the elbow at 90 points its forearm up, a "goalpost");
  ``ankle`` positive tilts the sole outwards; ``trunk`` and ``neck`` positive bend sideways towards the
  figure's left (the viewer's right).

Segment lengths (Winter DA, *Biomechanics and Motor Control of Human Movement*, 4th ed., Wiley 2009,
Fig. 4.1, "segment lengths expressed as a fraction of body height H"; the heights of landmarks are read off
the same figure): shoulder 0.818H, chin 0.870H, greater trochanter (hip) 0.530H, knee 0.285H, ankle 0.039H,
upper arm 0.186H, forearm 0.146H, hand 0.108H, thigh 0.245H, shank 0.246H, foot length 0.152H, foot width
0.055H, shoulder width 0.259H, hip width 0.191H, head (chin → vertex) 0.130H. Derived: trunk (shoulder
level → hip level) 0.818 − 0.530 = 0.288H; the head is a circle of radius 0.130/2 = 0.065H whose centre is
midway between chin and vertex, (0.870 + 1.000)/2 − 0.818 = 0.117H above the neck joint. The heel sits
0.25 of the foot length behind the ankle (approximated from Winter Fig. 4.1, a drawing choice), so heel →
toe is the full 0.152H and both are 0.039H below the ankle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Joint(StrEnum):
    """Every drawn point. ``PELVIS`` is the centre of the pelvis; ``HAND`` is the grip point."""

    HEAD = "head"  # centre of the head circle
    NECK = "neck"  # base of the neck, at shoulder level
    PELVIS = "pelvis"
    LEFT_SHOULDER = "left_shoulder"
    LEFT_ELBOW = "left_elbow"
    LEFT_WRIST = "left_wrist"
    LEFT_HAND = "left_hand"
    LEFT_HIP = "left_hip"
    LEFT_KNEE = "left_knee"
    LEFT_ANKLE = "left_ankle"
    LEFT_HEEL = "left_heel"
    LEFT_TOE = "left_toe"
    RIGHT_SHOULDER = "right_shoulder"
    RIGHT_ELBOW = "right_elbow"
    RIGHT_WRIST = "right_wrist"
    RIGHT_HAND = "right_hand"
    RIGHT_HIP = "right_hip"
    RIGHT_KNEE = "right_knee"
    RIGHT_ANKLE = "right_ankle"
    RIGHT_HEEL = "right_heel"
    RIGHT_TOE = "right_toe"

    @staticmethod
    def of(side: Side, part: str) -> Joint:
        """``Joint.of(Side.LEFT, "knee")`` is ``Joint.LEFT_KNEE``."""
        return Joint(f"{side.value}_{part}")

    @property
    def side(self) -> Side | None:
        for side in Side:
            if self.value.startswith(side.value + "_"):
                return side
        return None

    @property
    def part(self) -> str:
        side = self.side
        return self.value if side is None else self.value.removeprefix(side.value + "_")


# Winter 2009, Fig. 4.1 (see the module docstring), as fractions of height.
SHOULDER_HEIGHT = 0.818
HIP_HEIGHT = 0.530
ANKLE_HEIGHT = 0.039
NECK_TO_HEAD = 0.117  # neck joint → head centre (derived)
HEAD_RADIUS = 0.065  # half of chin → vertex, 0.130H
TRUNK = SHOULDER_HEIGHT - HIP_HEIGHT  # neck → pelvis centre, 0.288H
SHOULDER_HALF_WIDTH = 0.259 / 2
PELVIS_HALF_WIDTH = 0.191 / 2
UPPER_ARM = 0.186
FOREARM = 0.146
HAND = 0.108 / 2  # wrist → grip point: half of Winter's wrist → fingertip 0.108H (a drawing choice)
THIGH = 0.245
SHANK = 0.246
FOOT_LENGTH = 0.152
FOOT_WIDTH = 0.055
HEEL_BEHIND_ANKLE = 0.25 * FOOT_LENGTH  # approximated from Winter Fig. 4.1

Vector = tuple[float, float]


def foot_offsets(view: View, side: Side) -> tuple[Vector, Vector]:
    """The (heel, toe) offsets from the ankle in the rest pose (standing, ankle at 0).

    Side view: heel behind, toe in front, both on the sole 0.039H below the ankle. Front view: the two ends
    of the sole seen from the front (the "toe" the outer edge, the "heel" the inner), foot width apart.
    """
    if view is View.SIDE:
        return (-HEEL_BEHIND_ANKLE, -ANKLE_HEIGHT), (FOOT_LENGTH - HEEL_BEHIND_ANKLE, -ANKLE_HEIGHT)
    outward = 1.0 if side is Side.LEFT else -1.0
    return (-outward * FOOT_WIDTH / 2, -ANKLE_HEIGHT), (outward * FOOT_WIDTH / 2, -ANKLE_HEIGHT)


def _norm(vector: Vector) -> float:
    return float((vector[0] ** 2 + vector[1] ** 2) ** 0.5)


def segments(view: View) -> dict[tuple[Joint, Joint], float]:
    """Every rigid segment of the figure in ``view`` and its length in units of height."""
    result: dict[tuple[Joint, Joint], float] = {
        (Joint.NECK, Joint.HEAD): NECK_TO_HEAD,
        (Joint.NECK, Joint.PELVIS): TRUNK,
    }
    front = view is View.FRONT
    for side in Side:

        def j(part: str, side: Side = side) -> Joint:
            return Joint.of(side, part)

        heel, toe = foot_offsets(view, side)
        result |= {
            (Joint.NECK, j("shoulder")): SHOULDER_HALF_WIDTH if front else 0.0,
            (j("shoulder"), j("elbow")): UPPER_ARM,
            (j("elbow"), j("wrist")): FOREARM,
            (j("wrist"), j("hand")): HAND,
            (Joint.PELVIS, j("hip")): PELVIS_HALF_WIDTH if front else 0.0,
            (j("hip"), j("knee")): THIGH,
            (j("knee"), j("ankle")): SHANK,
            (j("ankle"), j("heel")): _norm(heel),
            (j("ankle"), j("toe")): _norm(toe),
            (j("heel"), j("toe")): _norm((toe[0] - heel[0], toe[1] - heel[1])),
        }
    return result


@dataclass(frozen=True)
class LimbAngles:
    """The angles of one side, in degrees (see the module docstring for the convention)."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0


LIMB_JOINTS: tuple[str, ...] = ("hip", "knee", "ankle", "shoulder", "elbow")


@dataclass(frozen=True)
class Pose:
    """One key pose.

    ``support``: the points that may rest on the ground (``Joint.HEAD`` meaning the bottom of the head);
    the lowest of them is put at ``ground`` (units of height: 0 is the floor, a positive value the top of a
    step). Empty: the lowest point of the whole figure goes on the floor.
    ``anchor``: the joint kept at ``anchor_x`` (default the pelvis centre at x = 0), so a planted foot can
    stay put while the body moves over it.
    """

    name: str
    view: View = View.SIDE
    trunk: float = 0.0
    neck: float = 0.0
    left: LimbAngles = field(default_factory=LimbAngles)
    right: LimbAngles = field(default_factory=LimbAngles)
    support: frozenset[Joint] = frozenset()
    ground: float = 0.0
    anchor: Joint = Joint.PELVIS
    anchor_x: float = 0.0

    def limb(self, side: Side) -> LimbAngles:
        return self.left if side is Side.LEFT else self.right

    def angles(self) -> Mapping[str, float]:
        """Every angle by name: ``trunk``, ``neck``, ``left_hip`` … ``right_elbow``."""
        result = {"trunk": self.trunk, "neck": self.neck}
        for side in Side:
            limb = self.limb(side)
            for name in LIMB_JOINTS:
                result[f"{side.value}_{name}"] = float(getattr(limb, name))
        return result


def _swap(joint: Joint) -> Joint:
    side = joint.side
    return joint if side is None else Joint.of(side.other, joint.part)


def mirror(pose: Pose) -> Pose:
    """The same pose done on the other side: left and right angles, supports and anchor swapped.

    In the front view the picture is mirrored too: sideways trunk and neck bends and ``anchor_x`` change sign.
    """
    flip = -1.0 if pose.view is View.FRONT else 1.0
    return replace(
        pose,
        trunk=flip * pose.trunk,
        neck=flip * pose.neck,
        anchor_x=flip * pose.anchor_x,
        left=pose.right,
        right=pose.left,
        support=frozenset(_swap(joint) for joint in pose.support),
        anchor=_swap(pose.anchor),
    )
