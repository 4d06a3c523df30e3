"""Reading illustrations.toml: each exercise's key poses and props, built into ``Illustration`` objects and
validated by the figure's own rules (segment lengths, anatomical limits, nothing below the floor, both sides
drawable), every problem named by file, illustration and pose."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from hipcoach.content.errors import Problems
from hipcoach.content.reading import Entry, read_document
from hipcoach.domain.content import Exercise, Laterality
from hipcoach.domain.figure.foot import FootPose, validate_foot
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.domain.figure.limits import PoseError, validate
from hipcoach.domain.figure.skeleton import LIMB_JOINTS, Camera, Joint, LimbAngles, Pose, Side, View
from hipcoach.domain.figure.svg import Prop, PropKind

ILLUSTRATIONS_FILE = "illustrations.toml"
SECTION = "illustration"
# Issue 6: every exercise shows 2-4 key poses, enough to read the movement, few enough to take in at once.
POSES_MIN = 2
POSES_MAX = 4
NO_SIDE = "none"


class Drawing(StrEnum):
    """What ``view`` may name: a camera on the whole figure, or the close-up of one foot."""

    SIDE = View.SIDE.value
    FRONT = View.FRONT.value
    FOOT = "foot"


class _Entry(Entry):
    """An entry that also reads decimal numbers, joint names and lists of sub-tables named by ``name``."""

    def number(self, key: str, *, default: float | None = None) -> float:
        """A number (whole or decimal); required unless a ``default`` is given."""
        value = self._get(key)
        if value is None:
            if default is None:
                self.fail(f"missing required field '{key}'")
                return 0.0
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"field '{key}' must be a number")
            return default or 0.0
        return float(value)

    def optional_number(self, key: str) -> float | None:
        """A number, or None when the field is absent."""
        return None if self._get(key) is None else self.number(key)

    def joint(self, key: str, *, default: Joint | None = None) -> Joint | None:
        """An optional joint name such as ``right_hand`` (absent: ``default``)."""
        value = self.text(key, required=False)
        if not value:
            return default
        return self._match(value, list(Joint), "joint")

    def side(self, key: str) -> Side | None:
        """A required side: ``right``, ``left`` or ``none`` (both sides work alike)."""
        value = self.text(key)
        if not value or value == NO_SIDE:
            return None
        if value not in {side.value for side in Side}:
            self.fail(f"unknown side '{value}' (use one of right, left, {NO_SIDE})")
            return None
        return Side(value)

    def joints(self, key: str) -> frozenset[Joint]:
        """An optional list of joint names (absent: none)."""
        if self._get(key) is None:
            return frozenset()
        return self.choices(key, Joint, "joint")

    def limb(self, key: str) -> _Entry | None:
        """An optional inline table such as ``left = { hip = 90, knee = 90 }``."""
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(f"field '{key}' must be a table, e.g. {key} = {{ hip = 90, knee = 90 }}")
            return None
        return _Entry(value, f"{self.label}: {key}", self._problems, parent=self)

    def named_tables(self, key: str, noun: str) -> list[_Entry]:
        """A list of sub-tables (``[[illustration.pose]]``), each named ``noun`` plus its ``name``."""
        value = self._get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(f"field '{key}' must be written as [[{SECTION}.{key}]] tables")
            return []
        result = []
        for position, item in enumerate(value, start=1):
            name = item.get("name")
            label = f"'{name}'" if isinstance(name, str) and name.strip() else f"#{position}"
            result.append(_Entry(item, f"{self.label}: {noun} {label}", self._problems, parent=self))
        return result


def load_illustrations(
    directory: Path, exercises: Mapping[str, Exercise], exercise_ids: Collection[str], problems: Problems
) -> dict[str, Illustration]:
    """Every illustration in ``directory``'s illustrations.toml, keyed by exercise id, each validated.

    ``exercise_ids`` also holds exercises too broken to build: they are not reported as unknown, and they
    too need an illustration. Problems are added to ``problems``; an illustration with any is left out.
    """
    document = read_document(directory / ILLUSTRATIONS_FILE, problems)
    if document is None:
        return {}
    for section in document:
        if section != SECTION:
            problems.add(f"{ILLUSTRATIONS_FILE}: unknown section '{section}' (expected [[{SECTION}]])")
    raw = document.get(SECTION)
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.add(f"{ILLUSTRATIONS_FILE}: no [[{SECTION}]] tables")
        return {}
    result: dict[str, Illustration] = {}
    by_level: list[Illustration] = []
    seen: set[tuple[str, object]] = set()
    for position, item in enumerate(raw, start=1):
        raw_id = item.get("exercise")
        exercise_id = raw_id.strip() if isinstance(raw_id, str) else ""
        level = item.get("level")
        level = level if level is None or isinstance(level, int | float | str) else repr(level)
        name = f"'{exercise_id}'" if exercise_id else f"#{position} (no exercise)"
        if level is not None:
            name += f" level {level}"
        entry = _Entry(item, f"{ILLUSTRATIONS_FILE}: illustration {name}", problems)
        if (exercise_id, level) in seen:
            entry.problem(
                "a second illustration for this exercise; each exercise has one"
                if level is None
                else "a second illustration for this level; each level has one at most"
            )
            continue
        if exercise_id:
            seen.add((exercise_id, level))
        illustration = illustration_record(entry, exercises, exercise_ids)
        if illustration is not None:
            if illustration.level is None:
                result[illustration.exercise_id] = illustration
            else:
                by_level.append(illustration)
    for drawn in by_level:  # a level's drawing travels with the exercise's own
        base = result.get(drawn.exercise_id)
        if base is not None:
            result[drawn.exercise_id] = replace(base, levels=(*base.levels, drawn))
    for exercise_id in sorted(exercise_ids):
        if (exercise_id, None) not in seen:
            problems.add(f"{ILLUSTRATIONS_FILE}: exercise '{exercise_id}' has no illustration (add one)")
    return result


def illustration_record(
    entry: _Entry, exercises: Mapping[str, Exercise], exercise_ids: Collection[str]
) -> Illustration | None:
    """One ``[[illustration]]`` table: its fields read, its poses built and validated."""
    exercise_id = entry.text("exercise")
    level = entry.optional_whole_number("level")
    drawing = entry.choice("view", Drawing, "view")
    foot = drawing is Drawing.FOOT
    camera = Camera.of(
        View(drawing.value) if drawing and not foot else View.SIDE,
        turn=entry.optional_number("turn"),
        elevation=entry.number("elevation", default=0.0),
    )
    working = entry.side("working")
    per_side = entry.flag("per_side", default=False)
    seconds = entry.number("seconds_per_pose", default=1.2)
    both_directions = entry.flag("both_directions", default=False)
    trace = entry.joints("trace")
    props = [prop for table in entry.named_tables("props", "prop") if (prop := _prop(table)) is not None]
    pose_entries = entry.named_tables("pose", "pose")
    poses = [_foot_pose(table) if foot else _pose(table) for table in pose_entries]
    entry.finish()
    if exercise_id and exercise_id not in exercise_ids:
        entry.problem(f"unknown exercise '{exercise_id}' (not in exercises.toml)")
    if not POSES_MIN <= len(pose_entries) <= POSES_MAX:
        entry.problem(f"has {len(pose_entries)} key poses; an illustration has {POSES_MIN} to {POSES_MAX}")
    if seconds <= 0:
        entry.problem(f"seconds_per_pose must be more than 0, not {seconds:g}")
    if not -90 <= camera.elevation <= 90:
        entry.problem(f"elevation must be between -90 and 90 degrees, not {camera.elevation:g}")
    if foot and props:
        entry.problem("a foot close-up has no props")
    if both_directions and len(pose_entries) < 3:
        entry.problem("both_directions needs at least 3 key poses to go round")
    exercise = exercises.get(exercise_id)
    if exercise is not None and level is not None and exercise.level(level) is None:
        entry.problem(f"level {level} is not on the exercise's ladder")
    if exercise is not None and exercise.laterality is Laterality.PER_SIDE and not (per_side and working):
        entry.problem("the exercise is done per side: set per_side = true and the working side")
    if exercise is not None and exercise.laterality is Laterality.BILATERAL and per_side:
        entry.problem("the exercise works both sides at once: set per_side = false")
    if entry.incomplete or drawing is None or None in poses:
        return None
    body: tuple[Pose, ...] = ()
    foot_poses: tuple[FootPose, ...] = ()
    try:
        if foot:
            foot_poses = tuple(pose for pose in poses if isinstance(pose, FootPose))
            validate_foot(exercise_id, foot_poses)
        else:
            body = tuple(pose for pose in poses if isinstance(pose, Pose))
            validate(exercise_id, body, per_side=per_side)
    except PoseError as error:
        entry.problem(f"pose '{error.pose_name}': {error.message}")
        return None
    return Illustration(
        exercise_id=exercise_id,
        poses=body,
        camera=camera,
        props=tuple(props),
        working=working,
        per_side=per_side,
        seconds_per_pose=seconds,
        foot_poses=foot_poses,
        both_directions=both_directions,
        trace=tuple(sorted(trace)),
        level=level,
    )


def _prop(entry: _Entry) -> Prop | None:
    kind = entry.choice("kind", PropKind, "prop kind")
    held = kind in (PropKind.WEIGHT, PropKind.BAND)
    joint = entry.joint("joint", default=None) if held else None
    x = entry.number("x", default=0.0)
    width = entry.number("width", default=0.0)
    height = entry.number("height", default=0.0)
    z = entry.number("z", default=0.0)
    depth = entry.number("depth", default=0.0)
    entry.finish()
    if width < 0 or height < 0 or depth < 0:
        entry.problem("width, height and depth cannot be negative")
    if kind is PropKind.WEIGHT and joint is None:
        entry.fail('a weight needs the joint that holds it, e.g. joint = "right_hand"')
    if kind is PropKind.BAND and joint is None:
        entry.fail('a band needs the joint that holds it, e.g. joint = "right_hand"')
    if entry.incomplete or kind is None:
        return None
    return Prop(kind, joint=joint, x=x, width=width, height=height, z=z, depth=depth)


def _limb(entry: _Entry, key: str) -> LimbAngles:
    table = entry.limb(key)
    if table is None:
        return LimbAngles()
    angles = {name: table.number(name, default=0.0) for name in LIMB_JOINTS}
    table.finish()
    return LimbAngles(**angles)


def _pose(entry: _Entry) -> Pose | None:
    name = entry.text("name")
    body = {key: entry.number(key, default=0.0) for key in ("trunk", "trunk_bend", "trunk_turn", "neck")}
    left = _limb(entry, "left")
    right = _limb(entry, "right")
    support = entry.joints("support")
    ground = entry.number("ground", default=0.0)
    anchor = entry.joint("anchor", default=Joint.PELVIS)
    anchor_x = entry.number("anchor_x", default=0.0)
    anchor_z = entry.number("anchor_z", default=0.0)
    entry.finish()
    if entry.incomplete or anchor is None:
        return None
    return Pose(
        name,
        left=left,
        right=right,
        support=support,
        ground=ground,
        anchor=anchor,
        anchor_x=anchor_x,
        anchor_z=anchor_z,
        **body,
    )


def _foot_pose(entry: _Entry) -> FootPose | None:
    name = entry.text("name")
    angles = {key: entry.number(key, default=0.0) for key in ("arch", "big_toe", "small_toes")}
    entry.finish()
    return None if entry.incomplete else FootPose(name, **angles)


class IllustrationsOnFirstUse(Mapping[str, Illustration]):
    """The illustrations, read and validated the first time anything asks for one.

    Checking every frame of every figure takes a good part of a second; a command that draws nothing (a
    check-in, the plan) should not wait for it. The web app asks at start, so a broken figure file still
    stops it there; the test suite validates the packaged figures on every run.
    """

    def __init__(self, directory: Path, exercises: Mapping[str, Exercise], exercise_ids: Collection[str]):
        self._load = (directory, exercises, frozenset(exercise_ids))
        self._loaded: dict[str, Illustration] | None = None
        self._lock = threading.Lock()

    def _all(self) -> dict[str, Illustration]:
        with self._lock:
            if self._loaded is None:
                problems = Problems()
                loaded = load_illustrations(*self._load, problems)
                problems.raise_if_any()
                self._loaded = loaded
            return self._loaded

    def __getitem__(self, exercise_id: str) -> Illustration:
        return self._all()[exercise_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())
