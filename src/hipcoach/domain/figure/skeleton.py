"""A stick-figure skeleton posed in 3-D and drawn from a camera: joints, segment lengths, angle convention.

The convention (reused later for video analysis)
------------------------------------------------
* Lengths are fractions of body height H (H = 1); angles are in degrees.
* World axes, right-handed: **x forward** (the way the figure faces when its trunk is not turned), **y up**
  (the floor is y = 0), **z to the figure's right**.
* **0° = a segment aligned with its parent**: standing straight with arms hanging, every angle is 0.
* **Flexion is positive**; each limb joint turns its segment in the frame of its parent segment:

  - ``trunk``: the forward lean of the trunk (pelvis → neck) from vertical; negative leans back (lying on the
    back is −90, a prone plank +90). With ``trunk_bend`` (sideways, positive towards the figure's left; a
    side plank on the right forearm is about −70) and ``trunk_turn`` (about the vertical, positive turning
    the chest to the figure's left) it orients the trunk, the root of the chain; none of them is a joint.
    Order: turn, then lean, then bend (R = R_y(turn) · R_z(−lean) · R_x(−bend)).
  - ``neck``: flexion (chin towards the chest) positive, extension negative; relative to the trunk.
  - ``hip``: flexion brings the thigh forward and up, extension (thigh behind the trunk line) negative;
    then ``hip_abduction`` takes the thigh out to its own side (adduction negative) and ``hip_rotation``
    turns it about its long axis, external (the knee and toes turning out) positive. The order is the
    International Society of Biomechanics' joint coordinate system for the hip (Wu et al., J Biomech 2002;
    35: 543–548): flexion about the pelvis's side-to-side axis, then ab/adduction, then axial rotation.
  - ``knee``: flexion brings the shank back (heel towards the buttock); 0 = straight.
  - ``ankle``: dorsiflexion (toes towards the shin) positive, plantar flexion (pointing) negative.
  - ``shoulder``, ``shoulder_abduction``, ``shoulder_rotation``: the same three turns for the upper arm
    (90 = arm pointing forward, 180 = overhead; abduction lifts it out to the side; external rotation turns
    the forearm of a bent elbow outwards).
  - ``elbow``: flexion bends the forearm forward and up (from a hanging arm); 0 = straight.

  A figure that only flexes and extends (no abduction, rotation, bend or turn) moves in its sagittal plane,
  and seen from the side (``Camera.side()``) every down-hanging segment has the screen rotation
  ``−trunk + Σ signed angles`` (counter-clockwise positive; the knee and neck enter with a minus sign).
* **Cameras** (``Camera``) look at the figure with an orthographic projection. ``turn`` 0 sees the figure's
  right side, facing screen-right (the right side is the near one); ``turn`` 90 sees it from the front, its
  left side on the viewer's right; values between give three-quarter views. ``elevation`` raises the camera
  to look down at the floor (0 = eye level, where the floor is a line).

Segment lengths (Winter DA, *Biomechanics and Motor Control of Human Movement*, 4th ed., Wiley 2009,
Fig. 4.1, "segment lengths expressed as a fraction of body height H"; the heights of landmarks are read off
the same figure): shoulder 0.818H, chin 0.870H, greater trochanter (hip) 0.530H, knee 0.285H, ankle 0.039H,
upper arm 0.186H, forearm 0.146H, hand 0.108H, thigh 0.245H, shank 0.246H, foot length 0.152H, foot width
0.055H, shoulder width 0.259H, hip width 0.191H, head (chin → vertex) 0.130H. Derived: trunk (shoulder
level → hip level) 0.818 − 0.530 = 0.288H; the head is a sphere of radius 0.130/2 = 0.065H whose centre is
midway between chin and vertex, (0.870 + 1.000)/2 − 0.818 = 0.117H above the neck joint. The heel sits
0.25 of the foot length behind the ankle (approximated from Winter Fig. 4.1, a drawing choice), so heel →
toe is the full 0.152H and both are 0.039H below the ankle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from hipcoach.domain.anatomy import Side as Side  # re-exported: the figure speaks of sides too


class View(StrEnum):
    """The two named cameras; ``Camera`` also takes any turn and elevation between."""

    SIDE = "side"
    FRONT = "front"


@dataclass(frozen=True)
class Camera:
    """Where the viewer stands (see the module docstring): degrees of turn and of elevation."""

    turn: float = 0.0
    elevation: float = 0.0

    @staticmethod
    def side() -> Camera:
        return Camera(0.0, 0.0)

    @staticmethod
    def of(view: View, turn: float | None = None, elevation: float = 0.0) -> Camera:
        """The named view, optionally turned further or raised."""
        base = 0.0 if view is View.SIDE else 90.0
        return Camera(base if turn is None else turn, elevation)


class Joint(StrEnum):
    """Every drawn point. ``PELVIS`` is the centre of the pelvis; ``HAND`` is the grip point."""

    HEAD = "head"  # centre of the head
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

    @property
    def mirrored(self) -> Joint:
        """The same joint on the other side (the head, neck and pelvis are their own mirror image)."""
        side = self.side
        return self if side is None else Joint.of(side.other, self.part)


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
Vector3 = tuple[float, float, float]

# From the ankle in the rest pose (standing, ankle at 0): heel behind, toe in front, both on the sole.
HEEL_OFFSET: Vector3 = (-HEEL_BEHIND_ANKLE, -ANKLE_HEIGHT, 0.0)
TOE_OFFSET: Vector3 = (FOOT_LENGTH - HEEL_BEHIND_ANKLE, -ANKLE_HEIGHT, 0.0)


def _norm(vector: Vector3) -> float:
    return float(sum(component**2 for component in vector) ** 0.5)


def segments() -> dict[tuple[Joint, Joint], float]:
    """Every rigid segment of the figure and its length in units of height (the same from any camera)."""
    result: dict[tuple[Joint, Joint], float] = {
        (Joint.NECK, Joint.HEAD): NECK_TO_HEAD,
        (Joint.NECK, Joint.PELVIS): TRUNK,
    }
    toe_from_heel = tuple(t - h for t, h in zip(TOE_OFFSET, HEEL_OFFSET, strict=True))
    for side in Side:

        def j(part: str, side: Side = side) -> Joint:
            return Joint.of(side, part)

        result |= {
            (Joint.NECK, j("shoulder")): SHOULDER_HALF_WIDTH,
            (j("shoulder"), j("elbow")): UPPER_ARM,
            (j("elbow"), j("wrist")): FOREARM,
            (j("wrist"), j("hand")): HAND,
            (Joint.PELVIS, j("hip")): PELVIS_HALF_WIDTH,
            (j("hip"), j("knee")): THIGH,
            (j("knee"), j("ankle")): SHANK,
            (j("ankle"), j("heel")): _norm(HEEL_OFFSET),
            (j("ankle"), j("toe")): _norm(TOE_OFFSET),
            (j("heel"), j("toe")): _norm((toe_from_heel[0], toe_from_heel[1], toe_from_heel[2])),
        }
    # The shoulder and hip girdles are rigid across too.
    result[(Joint.LEFT_SHOULDER, Joint.RIGHT_SHOULDER)] = 2 * SHOULDER_HALF_WIDTH
    result[(Joint.LEFT_HIP, Joint.RIGHT_HIP)] = 2 * PELVIS_HALF_WIDTH
    return result


@dataclass(frozen=True)
class LimbAngles:
    """The angles of one side, in degrees (see the module docstring for the convention)."""

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shoulder: float = 0.0
    elbow: float = 0.0
    hip_abduction: float = 0.0
    hip_rotation: float = 0.0
    shoulder_abduction: float = 0.0
    shoulder_rotation: float = 0.0


LIMB_JOINTS: tuple[str, ...] = (
    "hip",
    "knee",
    "ankle",
    "shoulder",
    "elbow",
    "hip_abduction",
    "hip_rotation",
    "shoulder_abduction",
    "shoulder_rotation",
)
BODY_ANGLES: tuple[str, ...] = ("trunk", "trunk_bend", "trunk_turn", "neck")


@dataclass(frozen=True)
class Pose:
    """One key pose.

    ``support``: the points that may rest on the ground (``Joint.HEAD`` meaning the bottom of the head);
    the lowest of them is put at ``ground`` (units of height: 0 is the floor, a positive value the top of a
    step). Empty: the lowest point of the whole figure goes on the floor.
    ``anchor``: the joint kept at (``anchor_x``, ``anchor_z``) on the floor plan (default the pelvis centre
    at the origin), so a planted foot can stay put while the body moves over it.
    """

    name: str
    trunk: float = 0.0
    neck: float = 0.0
    left: LimbAngles = field(default_factory=LimbAngles)
    right: LimbAngles = field(default_factory=LimbAngles)
    support: frozenset[Joint] = frozenset()
    ground: float = 0.0
    anchor: Joint = Joint.PELVIS
    anchor_x: float = 0.0
    anchor_z: float = 0.0
    trunk_bend: float = 0.0
    trunk_turn: float = 0.0

    def limb(self, side: Side) -> LimbAngles:
        return self.left if side is Side.LEFT else self.right

    def angles(self) -> Mapping[str, float]:
        """Every angle by name: ``trunk``, ``trunk_bend``, ``trunk_turn``, ``neck``, ``left_hip`` …"""
        result = {name: float(getattr(self, name)) for name in BODY_ANGLES}
        for side in Side:
            limb = self.limb(side)
            for name in LIMB_JOINTS:
                result[f"{side.value}_{name}"] = float(getattr(limb, name))
        return result


def mirror(pose: Pose) -> Pose:
    """The same pose done on the other side: its reflection in the figure's own midline plane.

    Left and right angles, supports and anchor swap; sideways bends, turns and the anchor's z change sign.
    """
    return replace(
        pose,
        trunk_bend=-pose.trunk_bend,
        trunk_turn=-pose.trunk_turn,
        anchor_z=-pose.anchor_z,
        left=pose.right,
        right=pose.left,
        support=frozenset(joint.mirrored for joint in pose.support),
        anchor=pose.anchor.mirrored,
    )
