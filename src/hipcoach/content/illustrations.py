"""Reading illustrations.toml: each exercise's key poses and props, built into ``Illustration`` objects and
validated by the figure's own rules (segment lengths, anatomical limits, nothing below the floor, both sides
drawable), every problem named by file, illustration and pose."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from hipcoach.content.errors import Problems
from hipcoach.content.reading import Entry, read_document
from hipcoach.domain.content import Exercise, Laterality
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.domain.figure.limits import PoseError, validate
from hipcoach.domain.figure.skeleton import LIMB_JOINTS, Joint, LimbAngles, Pose, Side, View
from hipcoach.domain.figure.svg import Prop, PropKind

ILLUSTRATIONS_FILE = "illustrations.toml"
SECTION = "illustration"
# Issue 6: every exercise shows 2-4 key poses, enough to read the movement, few enough to take in at once.
POSES_MIN = 2
POSES_MAX = 4
NO_SIDE = "none"


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
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        raw_id = item.get("exercise")
        exercise_id = raw_id.strip() if isinstance(raw_id, str) else ""
        name = f"'{exercise_id}'" if exercise_id else f"#{position} (no exercise)"
        entry = _Entry(item, f"{ILLUSTRATIONS_FILE}: illustration {name}", problems)
        if exercise_id in seen:
            entry.problem("a second illustration for this exercise; each exercise has one")
            continue
        if exercise_id:
            seen.add(exercise_id)
        illustration = illustration_record(entry, exercises, exercise_ids)
        if illustration is not None:
            result[illustration.exercise_id] = illustration
    for exercise_id in sorted(exercise_ids):
        if exercise_id not in seen:
            problems.add(f"{ILLUSTRATIONS_FILE}: exercise '{exercise_id}' has no illustration (add one)")
    return result


def illustration_record(
    entry: _Entry, exercises: Mapping[str, Exercise], exercise_ids: Collection[str]
) -> Illustration | None:
    """One ``[[illustration]]`` table: its fields read, its poses built and validated."""
    exercise_id = entry.text("exercise")
    view = entry.choice("view", View, "view")
    working = entry.side("working")
    per_side = entry.flag("per_side", default=False)
    seconds = entry.number("seconds_per_pose", default=1.2)
    props = [prop for table in entry.named_tables("props", "prop") if (prop := _prop(table)) is not None]
    pose_entries = entry.named_tables("pose", "pose")
    poses = [_pose(table, view or View.SIDE) for table in pose_entries]
    entry.finish()
    if exercise_id and exercise_id not in exercise_ids:
        entry.problem(f"unknown exercise '{exercise_id}' (not in exercises.toml)")
    if not POSES_MIN <= len(pose_entries) <= POSES_MAX:
        entry.problem(f"has {len(pose_entries)} key poses; an illustration has {POSES_MIN} to {POSES_MAX}")
    if seconds <= 0:
        entry.problem(f"seconds_per_pose must be more than 0, not {seconds:g}")
    exercise = exercises.get(exercise_id)
    if exercise is not None and exercise.laterality is Laterality.PER_SIDE and not (per_side and working):
        entry.problem("the exercise is done per side: set per_side = true and the working side")
    if exercise is not None and exercise.laterality is Laterality.BILATERAL and per_side:
        entry.problem("the exercise works both sides at once: set per_side = false")
    if entry.incomplete or view is None or None in poses:
        return None
    built = tuple(pose for pose in poses if pose is not None)
    try:
        validate(exercise_id, built, per_side=per_side)
    except PoseError as error:
        entry.problem(f"pose '{error.pose_name}': {error.message}")
        return None
    return Illustration(
        exercise_id=exercise_id,
        view=view,
        poses=built,
        props=tuple(props),
        working=working,
        per_side=per_side,
        seconds_per_pose=seconds,
    )


def _prop(entry: _Entry) -> Prop | None:
    kind = entry.choice("kind", PropKind, "prop kind")
    held = kind in (PropKind.WEIGHT, PropKind.BAND)
    joint = entry.joint("joint", default=None) if held else None
    x = entry.number("x", default=0.0)
    width = entry.number("width", default=0.0)
    height = entry.number("height", default=0.0)
    entry.finish()
    if width < 0 or height < 0:
        entry.problem("width and height cannot be negative")
    if kind is PropKind.WEIGHT and joint is None:
        entry.fail('a weight needs the joint that holds it, e.g. joint = "right_hand"')
    if kind is PropKind.BAND and joint is None:
        entry.fail('a band needs the joint that holds it, e.g. joint = "right_hand"')
    if entry.incomplete or kind is None:
        return None
    return Prop(kind, joint=joint, x=x, width=width, height=height)


def _limb(entry: _Entry, key: str) -> LimbAngles:
    table = entry.limb(key)
    if table is None:
        return LimbAngles()
    angles = {name: table.number(name, default=0.0) for name in LIMB_JOINTS}
    table.finish()
    return LimbAngles(**angles)


def _pose(entry: _Entry, view: View) -> Pose | None:
    name = entry.text("name")
    trunk = entry.number("trunk", default=0.0)
    neck = entry.number("neck", default=0.0)
    left = _limb(entry, "left")
    right = _limb(entry, "right")
    support = entry.joints("support")
    ground = entry.number("ground", default=0.0)
    anchor = entry.joint("anchor", default=Joint.PELVIS)
    anchor_x = entry.number("anchor_x", default=0.0)
    entry.finish()
    if entry.incomplete or anchor is None:
        return None
    return Pose(
        name,
        view=view,
        trunk=trunk,
        neck=neck,
        left=left,
        right=right,
        support=support,
        ground=ground,
        anchor=anchor,
        anchor_x=anchor_x,
    )
