"""Key moments of a test or exercise, and the angles there (BRIEF §11).

A moment is only ever found at a trusted frame: measured from confident landmarks, never a frame whose
value was filled across a gap. When no such frame exists the moment, or one of its angles, is "not
measured", with the reason, and carries no number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.analysis import Analysis
from hipcoach.domain.motion.angles import Angle
from hipcoach.domain.motion.cleaning import CleanSeries, clean
from hipcoach.domain.motion.landmarks import Part

NOT_MEASURED = "not measured"

# Pinheiro 2020 (evidence id pinheiro2020): the stance leg's hip and knee flexion go with anterior reach.
Y_BALANCE_ANGLES = (Angle.HIP_FLEXION, Angle.KNEE_FLEXION)
# BRIEF §11 and the issue: knee flexion and trunk lean from the side, FPPA from the front.
BOTTOM_ANGLES: dict[View, tuple[Angle, ...]] = {
    View.SIDE: (Angle.KNEE_FLEXION, Angle.TRUNK_LEAN),
    View.FRONT: (Angle.KNEE_FPPA,),
}


@dataclass(frozen=True)
class KeyValue:
    """One angle at one frame; ``degrees`` is None when it was not measured, and ``reason`` says why."""

    angle: Angle
    side: Side
    degrees: float | None
    frame: int | None
    time_s: float | None
    reason: str = ""

    @property
    def measured(self) -> bool:
        return self.degrees is not None

    def text(self) -> str:
        return NOT_MEASURED if self.degrees is None else f"{self.degrees:.0f}°"


@dataclass(frozen=True)
class KeyMoment:
    """A named moment of one leg (the stance or front leg) and the angles there."""

    name: str
    side: Side | None
    frame: int | None
    time_s: float | None
    values: tuple[KeyValue, ...]
    reason: str = ""

    @property
    def measured(self) -> bool:
        return self.frame is not None

    def value(self, angle: Angle) -> KeyValue:
        for value in self.values:
            if value.angle is angle:
                return value
        raise KeyError(f"{self.name} does not report {angle.label}")


def peak_frame(series: CleanSeries) -> int | None:
    """The trusted frame with the greatest value (the first of equals); None without a trusted frame."""
    candidates = np.where(series.trusted, series.degrees, -np.inf)
    if not series.trusted.any():
        return None
    return int(np.argmax(candidates))


def y_balance_anterior(analysis: Analysis, stance: Side | None = None) -> KeyMoment:
    """The frame of maximal anterior reach (side view) and the stance leg's hip and knee flexion there.

    Reach is the reaching toe's lead over the stance toe along the facing direction. ``stance`` defaults to
    the foot that stays put: the reaching toe is the one that travels further across the picture.
    """
    name = "Y-balance anterior reach"
    track = analysis.track
    if track.view is not View.SIDE:
        return _not_measured(
            name, stance, "the anterior reach is measured from a side view", Y_BALANCE_ANGLES
        )
    if analysis.facing is None:
        return _not_measured(
            name, stance, "the facing direction could not be read from the feet", Y_BALANCE_ANGLES
        )
    if stance is None:
        stance = _planted_foot(analysis)
    if stance is None:
        return _not_measured(name, stance, "no trusted toe shows which foot reaches", Y_BALANCE_ANGLES)
    reach_toe, stance_toe = (track.picture(side, Part.TOE)[:, 0] for side in (stance.other, stance))
    trusted = track.confident(stance, Part.TOE) & track.confident(stance.other, Part.TOE)
    lead = analysis.facing.sign * (reach_toe - stance_toe)
    frame = peak_frame(clean(np.where(trusted, lead, np.nan), track.fps))
    if frame is None:
        return _not_measured(name, stance, "no frame where both toes were trusted", Y_BALANCE_ANGLES)
    return _moment(analysis, name, stance, frame, Y_BALANCE_ANGLES)


def lunge_bottom(analysis: Analysis, front: Side) -> KeyMoment:
    """The bottom of a lunge: greatest front-knee flexion (side view) or lowest front hip (front view)."""
    return _bottom(analysis, "lunge bottom", front)


def step_up_bottom(analysis: Analysis, lead: Side) -> KeyMoment:
    """The deepest point of a step-up: greatest flexion of the knee on the step (or its lowest hip)."""
    return _bottom(analysis, "step-up bottom", lead)


def single_leg_squat_bottom(analysis: Analysis, stance: Side) -> KeyMoment:
    """The bottom of a single-leg squat: greatest stance-knee flexion (or lowest stance hip, front view)."""
    return _bottom(analysis, "single-leg squat bottom", stance)


def _bottom(analysis: Analysis, name: str, side: Side) -> KeyMoment:
    view = analysis.track.view
    # From the front the knee's flexion is foreshortened out of sight; the hip is lowest at the same bottom.
    depth = analysis.series(Angle.KNEE_FLEXION, side) if view is View.SIDE else None
    frame = peak_frame(depth if depth is not None else _lowness(analysis.hip_height(side)))
    if frame is None:
        return _not_measured(name, side, f"no trusted frame of the {side.value} leg", BOTTOM_ANGLES[view])
    return _moment(analysis, name, side, frame, BOTTOM_ANGLES[view])


def _lowness(height: CleanSeries) -> CleanSeries:
    return CleanSeries(-height.degrees, height.trusted, height.filled, height.unfiltered)


def _planted_foot(analysis: Analysis) -> Side | None:
    travel: dict[Side, float] = {}
    for side in Side:
        trusted = analysis.track.confident(side, Part.TOE)
        if not trusted.any():
            return None
        x = analysis.track.picture(side, Part.TOE)[trusted, 0]
        travel[side] = float(x.max() - x.min())
    if travel[Side.LEFT] == travel[Side.RIGHT]:
        return None
    return min(Side, key=lambda side: travel[side])


def _moment(analysis: Analysis, name: str, side: Side, frame: int, angles: Sequence[Angle]) -> KeyMoment:
    time_s = frame / analysis.track.fps
    values = []
    for angle in angles:
        series = analysis.series(angle, side)
        if series is not None and series.trusted[frame]:
            values.append(KeyValue(angle, side, float(series.degrees[frame]), frame, time_s))
        else:
            values.append(KeyValue(angle, side, None, frame, time_s, "not trusted at this frame"))
    return KeyMoment(name, side, frame, time_s, tuple(values))


def _not_measured(name: str, side: Side | None, reason: str, angles: Sequence[Angle] = ()) -> KeyMoment:
    values = tuple(KeyValue(angle, side, None, None, None, reason) for angle in angles if side is not None)
    return KeyMoment(name, side, None, None, values, reason)
