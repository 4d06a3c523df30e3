"""One analysed video as plain values: what a page, a printed document, an export and the CLI show, and its
JSON, which round-trips exactly (``VideoResult.from_json(result.to_json()) == result``).

In the JSON every time is in seconds, every angle in degrees, a value that was not measured is null (never
NaN), and each curve holds at most ``CURVE_POINTS_MAX`` points (the key frame's always among them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TypeVar

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import BODY_ANGLES, LIMB_JOINTS, Joint, LimbAngles, Pose, View
from hipcoach.domain.motion.angles import Angle
from hipcoach.domain.motion.moments import KeyMoment, KeyValue
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.domain.motion.sides import SideComparison, compare_sides

RESULT_VERSION = 1
# [D] A curve of a few hundred points draws as smoothly as the full clip on any screen or page, and keeps a
# stored result small: a minute at 60 fps would otherwise be 3600 points per angle and side.
CURVE_POINTS_MAX = 300
LANDMARK_COUNT = 33  # BlazePose's landmarks, in its order


@dataclass(frozen=True)
class Curve:
    """One angle of one side over the clip, downsampled: frame numbers, their times, the cleaned degrees
    (None where not known) and whether each point was measured from trusted landmarks."""

    angle: Angle
    side: Side
    frames: tuple[int, ...]
    times_s: tuple[float, ...]
    degrees: tuple[float | None, ...]
    trusted: tuple[bool, ...]


@dataclass(frozen=True)
class Stretch:
    """A run of frames, first to last inclusive, and the times they start and end."""

    first: int
    last: int
    start_s: float
    end_s: float


@dataclass(frozen=True)
class AngleQuality:
    """How much of one angle's series was trusted, and where it was not (or was filled across a gap)."""

    angle: Angle
    side: Side
    trusted_share: float
    not_trusted: tuple[Stretch, ...]
    filled: tuple[Stretch, ...]


@dataclass(frozen=True)
class VideoQuality:
    person_share: float  # the share of frames in which a person was found, 0..1
    angles: tuple[AngleQuality, ...]
    # where the model followed someone else, left out of every angle (``domain.motion.people``)
    others: tuple[Stretch, ...] = ()

    def of(self, angle: Angle, side: Side) -> AngleQuality | None:
        return next((q for q in self.angles if q.angle is angle and q.side is side), None)


# x, y in image pixels of the upright frame (None where the model gave no point), and visibility 0..1.
LandmarkPoint = tuple[float | None, float | None, float]


@dataclass(frozen=True)
class VideoResult:
    """See the module docstring. ``moment`` is the key moment of the working leg (``side``);
    ``key_landmarks`` the key frame's 33 landmarks (empty when no key frame was found); ``runner_pose`` the
    runner's key pose as hipcoach's figure, posed from the measured angles (a front view cannot pose it:
    see ``hipcoach.video.analyse``)."""

    test: VideoTest
    side: Side
    view: View
    model: str
    fps: float
    frame_count: int
    width: int
    height: int
    duration_s: float
    moment: KeyMoment
    curves: tuple[Curve, ...]
    quality: VideoQuality
    key_landmarks: tuple[LandmarkPoint, ...]
    runner_pose: Pose
    caution: str

    def curve(self, angle: Angle, side: Side) -> Curve | None:
        return next((c for c in self.curves if c.angle is angle and c.side is side), None)

    def to_json(self) -> dict[str, object]:
        return {
            "version": RESULT_VERSION,
            "test": self.test.value,
            "side": self.side.value,
            "view": self.view.value,
            "model": self.model,
            "fps": self.fps,
            "frame_count": self.frame_count,
            "width": self.width,
            "height": self.height,
            "duration_s": self.duration_s,
            "moment": _moment_json(self.moment),
            "curves": [_curve_json(curve) for curve in self.curves],
            "quality": _quality_json(self.quality),
            "key_landmarks": [list(point) for point in self.key_landmarks],
            "runner_pose": pose_json(self.runner_pose),
            "caution": self.caution,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> VideoResult:
        """The result back from ``to_json``'s dict; raises ``ValueError`` naming the field that is wrong."""
        root = _Reader(data, "result")
        version = root.integer("version")
        if version != RESULT_VERSION:
            raise ValueError(
                f"result.version: {version} is not a version this hipcoach reads ({RESULT_VERSION})"
            )
        frame_count = root.integer("frame_count", low=1)
        result = cls(
            test=root.choice("test", VideoTest),
            side=root.choice("side", Side),
            view=root.choice("view", View),
            model=root.text("model"),
            fps=root.number("fps", low=0.0),
            frame_count=frame_count,
            width=root.integer("width", low=1),
            height=root.integer("height", low=1),
            duration_s=root.number("duration_s", low=0.0),
            moment=_moment_from(root.mapping("moment")),
            curves=tuple(_curve_from(item) for item in root.mappings("curves")),
            quality=_quality_from(root.mapping("quality")),
            key_landmarks=tuple(_landmark_from(item) for item in root.sequences("key_landmarks")),
            runner_pose=pose_from(root.mapping("runner_pose")),
            caution=root.text("caution"),
        )
        if len(result.key_landmarks) not in (0, LANDMARK_COUNT):
            raise ValueError(
                f"result.key_landmarks: {len(result.key_landmarks)} points, expected {LANDMARK_COUNT} or none"
            )
        return result


def compare(left: VideoResult, right: VideoResult) -> list[SideComparison]:
    """The left leg's key values against the right leg's, angle by angle: two videos of the same test
    filmed from the same view, one per working leg."""
    if left.test is not right.test or left.view is not right.view:
        raise ValueError("compare two videos of the same test filmed from the same view")
    if left.side is not Side.LEFT or right.side is not Side.RIGHT:
        raise ValueError("compare the video of the left leg with the video of the right leg")
    rights = {value.angle: value for value in right.moment.values}
    return [
        compare_sides(value, rights[value.angle]) for value in left.moment.values if value.angle in rights
    ]


def sample_frames(frame_count: int, keep: Sequence[int] = (), limit: int = CURVE_POINTS_MAX) -> list[int]:
    """At most about ``limit`` evenly spaced frames, the first and last and every frame of ``keep`` among
    them (the key frame's point is never dropped)."""
    step = max(1, math.ceil(frame_count / limit))
    chosen = set(range(0, frame_count, step)) | {frame_count - 1}
    chosen |= {frame for frame in keep if 0 <= frame < frame_count}
    return sorted(chosen)


def finite(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


# --- JSON --------------------------------------------------------------------------------------------------


def _value_json(value: KeyValue) -> dict[str, object]:
    return {
        "angle": value.angle.value,
        "side": value.side.value,
        "degrees": value.degrees,
        "frame": value.frame,
        "time_s": value.time_s,
        "reason": value.reason,
    }


def _moment_json(moment: KeyMoment) -> dict[str, object]:
    return {
        "name": moment.name,
        "side": None if moment.side is None else moment.side.value,
        "frame": moment.frame,
        "time_s": moment.time_s,
        "values": [_value_json(value) for value in moment.values],
        "reason": moment.reason,
    }


def _curve_json(curve: Curve) -> dict[str, object]:
    return {
        "angle": curve.angle.value,
        "side": curve.side.value,
        "frames": list(curve.frames),
        "times_s": list(curve.times_s),
        "degrees": list(curve.degrees),
        "trusted": list(curve.trusted),
    }


def _stretch_json(stretch: Stretch) -> dict[str, object]:
    return {"first": stretch.first, "last": stretch.last, "start_s": stretch.start_s, "end_s": stretch.end_s}


def _quality_json(quality: VideoQuality) -> dict[str, object]:
    return {
        "person_share": quality.person_share,
        "angles": [
            {
                "angle": item.angle.value,
                "side": item.side.value,
                "trusted_share": item.trusted_share,
                "not_trusted": [_stretch_json(stretch) for stretch in item.not_trusted],
                "filled": [_stretch_json(stretch) for stretch in item.filled],
            }
            for item in quality.angles
        ],
        "others": [_stretch_json(stretch) for stretch in quality.others],
    }


def _limb_json(limb: LimbAngles) -> dict[str, object]:
    return {name: getattr(limb, name) for name in LIMB_JOINTS}


def pose_json(pose: Pose) -> dict[str, object]:
    """A figure pose as JSON (every field; supports sorted so the text is stable)."""
    result: dict[str, object] = {"name": pose.name}
    result |= {name: getattr(pose, name) for name in BODY_ANGLES}
    return result | {
        "left": _limb_json(pose.left),
        "right": _limb_json(pose.right),
        "support": sorted(joint.value for joint in pose.support),
        "ground": pose.ground,
        "anchor": pose.anchor.value,
        "anchor_x": pose.anchor_x,
        "anchor_z": pose.anchor_z,
    }


E = TypeVar("E", bound=StrEnum)


class _Reader:
    """Reads one JSON object's fields, each error naming the field's path (``result.moment.frame``)."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: expected an object, got {type(data).__name__}")
        self.data: Mapping[str, object] = data
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{key}"

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise ValueError(f"{self.name(key)}: missing")
        return self.data[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str):
            raise ValueError(f"{self.name(key)}: expected text, got {value!r}")
        return value

    def integer(self, key: str, *, low: int | None = None) -> int:
        return _integer(self.raw(key), self.name(key), low)

    def optional_integer(self, key: str) -> int | None:
        value = self.raw(key)
        return None if value is None else _integer(value, self.name(key), 0)

    def number(self, key: str, *, low: float | None = None, high: float | None = None) -> float:
        return _number(self.raw(key), self.name(key), low, high)

    def optional_number(self, key: str) -> float | None:
        value = self.raw(key)
        return None if value is None else _number(value, self.name(key), None, None)

    def choice(self, key: str, kind: type[E]) -> E:
        return _choice(self.raw(key), self.name(key), kind)

    def optional_choice(self, key: str, kind: type[E]) -> E | None:
        value = self.raw(key)
        return None if value is None else _choice(value, self.name(key), kind)

    def mapping(self, key: str) -> _Reader:
        return _Reader(self.raw(key), self.name(key))

    def sequence(self, key: str) -> list[object]:
        value = self.raw(key)
        if not isinstance(value, list | tuple):
            raise ValueError(f"{self.name(key)}: expected a list, got {type(value).__name__}")
        return list(value)

    def mappings(self, key: str) -> list[_Reader]:
        return [_Reader(item, f"{self.name(key)}[{i}]") for i, item in enumerate(self.sequence(key))]

    def sequences(self, key: str) -> list[tuple[str, list[object]]]:
        result = []
        for i, item in enumerate(self.sequence(key)):
            where = f"{self.name(key)}[{i}]"
            if not isinstance(item, list | tuple):
                raise ValueError(f"{where}: expected a list, got {type(item).__name__}")
            result.append((where, list(item)))
        return result


def _integer(value: object, name: str, low: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: expected a whole number, got {value!r}")
    if low is not None and value < low:
        raise ValueError(f"{name}: {value} is below {low}")
    return value


def _number(value: object, name: str, low: float | None, high: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name}: expected a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name}: {value!r} is outside {low}..{high}")
    return float(value)


def _choice(value: object, name: str, kind: type[E]) -> E:
    allowed = [member.value for member in kind]
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return kind(value)


def _value_from(item: _Reader) -> KeyValue:
    return KeyValue(
        angle=item.choice("angle", Angle),
        side=item.choice("side", Side),
        degrees=item.optional_number("degrees"),
        frame=item.optional_integer("frame"),
        time_s=item.optional_number("time_s"),
        reason=item.text("reason"),
    )


def _moment_from(item: _Reader) -> KeyMoment:
    return KeyMoment(
        name=item.text("name"),
        side=item.optional_choice("side", Side),
        frame=item.optional_integer("frame"),
        time_s=item.optional_number("time_s"),
        values=tuple(_value_from(value) for value in item.mappings("values")),
        reason=item.text("reason"),
    )


def _curve_from(item: _Reader) -> Curve:
    frames = [_integer(v, f"{item.name('frames')}[{i}]", 0) for i, v in enumerate(item.sequence("frames"))]
    times = [
        _number(v, f"{item.name('times_s')}[{i}]", 0.0, None) for i, v in enumerate(item.sequence("times_s"))
    ]
    degrees = [
        None if v is None else _number(v, f"{item.name('degrees')}[{i}]", None, None)
        for i, v in enumerate(item.sequence("degrees"))
    ]
    trusted = item.sequence("trusted")
    for i, flag in enumerate(trusted):
        if not isinstance(flag, bool):
            raise ValueError(f"{item.name('trusted')}[{i}]: expected true or false, got {flag!r}")
    for key, values in (("times_s", times), ("degrees", degrees), ("trusted", trusted)):
        if len(values) != len(frames):
            raise ValueError(f"{item.name(key)}: {len(values)} values for {len(frames)} frames")
    if len(frames) > CURVE_POINTS_MAX + 2:
        raise ValueError(f"{item.name('frames')}: {len(frames)} points, more than a curve holds")
    return Curve(
        angle=item.choice("angle", Angle),
        side=item.choice("side", Side),
        frames=tuple(frames),
        times_s=tuple(times),
        degrees=tuple(degrees),
        trusted=tuple(bool(flag) for flag in trusted),
    )


def _stretch_from(item: _Reader) -> Stretch:
    stretch = Stretch(
        first=item.integer("first", low=0),
        last=item.integer("last", low=0),
        start_s=item.number("start_s", low=0.0),
        end_s=item.number("end_s", low=0.0),
    )
    if stretch.last < stretch.first:
        raise ValueError(f"{item.name('last')}: {stretch.last} is before the first frame {stretch.first}")
    return stretch


def _quality_from(item: _Reader) -> VideoQuality:
    angles = tuple(
        AngleQuality(
            angle=entry.choice("angle", Angle),
            side=entry.choice("side", Side),
            trusted_share=entry.number("trusted_share", low=0.0, high=1.0),
            not_trusted=tuple(_stretch_from(s) for s in entry.mappings("not_trusted")),
            filled=tuple(_stretch_from(s) for s in entry.mappings("filled")),
        )
        for entry in item.mappings("angles")
    )
    return VideoQuality(
        person_share=item.number("person_share", low=0.0, high=1.0),
        angles=angles,
        others=tuple(_stretch_from(s) for s in item.mappings("others")),
    )


def _landmark_from(entry: tuple[str, list[object]]) -> LandmarkPoint:
    where, values = entry
    if len(values) != 3:
        raise ValueError(f"{where}: expected [x, y, visibility], got {len(values)} values")
    x, y = (None if v is None else _number(v, where, None, None) for v in values[:2])
    return (x, y, _number(values[2], where, 0.0, 1.0))


def pose_from(item: _Reader) -> Pose:
    """A figure pose from ``pose_json``'s dict."""

    def limb(key: str) -> LimbAngles:
        reader = item.mapping(key)
        return LimbAngles(**{name: reader.number(name) for name in LIMB_JOINTS})

    support = item.sequence("support")
    joints = frozenset(_choice(v, f"{item.name('support')}[{i}]", Joint) for i, v in enumerate(support))
    pose = Pose(
        item.text("name"),
        trunk=item.number("trunk"),
        neck=item.number("neck"),
        trunk_bend=item.number("trunk_bend"),
        trunk_turn=item.number("trunk_turn"),
        left=limb("left"),
        right=limb("right"),
        support=joints,
        ground=item.number("ground"),
        anchor=item.choice("anchor", Joint),
        anchor_x=item.number("anchor_x"),
        anchor_z=item.number("anchor_z"),
    )
    known = {field.name for field in fields(Pose)}
    unknown = sorted(set(item.data) - known)
    if unknown:
        raise ValueError(f"{item.name(unknown[0])}: not a field of a pose")
    return pose
