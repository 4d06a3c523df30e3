"""Angles between 2-D vectors, frame by frame, in degrees (picture plane: x right, y up)."""

from __future__ import annotations

import numpy as np

from hipcoach.domain.motion.landmarks import Floats

UP: Floats = np.array([0.0, 1.0])


def _cross_dot(a: Floats, b: Floats) -> tuple[Floats, Floats]:
    a, b = np.broadcast_arrays(np.atleast_2d(a), np.atleast_2d(b))
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    dot = a[:, 0] * b[:, 0] + a[:, 1] * b[:, 1]
    # Two landmarks on the same pixel give no direction: NaN, never a silent 0.
    degenerate = (np.hypot(a[:, 0], a[:, 1]) == 0.0) | (np.hypot(b[:, 0], b[:, 1]) == 0.0)
    return np.where(degenerate, np.nan, cross), dot


def between(a: Floats, b: Floats) -> Floats:
    """The unsigned angle between each pair of vectors, 0..180."""
    cross, dot = _cross_dot(a, b)
    # atan2 rather than arccos: arccos loses half its digits near 0 and 180, exactly where a straight knee is.
    return np.degrees(np.arctan2(np.abs(cross), dot))


def turn(a: Floats, b: Floats) -> Floats:
    """The signed angle that turns ``a`` onto ``b``, counter-clockwise positive, -180..180."""
    cross, dot = _cross_dot(a, b)
    return np.degrees(np.arctan2(cross, dot))
