"""Cleaning an angle series: short gaps filled, then a zero-lag low-pass filter (BRIEF §11).

Order and cut-off: BRIEF §11's "4th-order zero-lag Butterworth at 6 Hz" is read in its usual biomechanics
sense (Winter DA, *Biomechanics and Motor Control of Human Movement*, 4th ed., Wiley 2009): a 2nd-order
Butterworth run forwards and then backwards, which cancels the phase lag and makes a 4th-order response.
Each pass already attenuates by 3 dB at its own cut-off, so two passes would put the -3 dB point lower than
6 Hz; the single pass is therefore designed at a higher frequency, chosen so that the two passes together
are at -3 dB at exactly 6 Hz. For a 2nd-order Butterworth, |H|^2 = 1 / (1 + (f/fc)^4) per pass, so two
passes reach 1/2 where (f/fc)^4 = sqrt(2) - 1: fc = 6 Hz / (sqrt(2) - 1)^(1/4), about 7.48 Hz before the
bilinear transform's pre-warping, which ``design_cutoff_hz`` applies exactly.

Each continuous run of values is filtered on its own: a filter run across a long gap would invent values.
A run too short for the filter's edge padding is left unfiltered, and the result says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hipcoach.domain.motion.landmarks import Flags, Floats

CUTOFF_HZ = 6.0  # BRIEF §11
MAX_GAP_FRAMES = 10  # BRIEF §11: fill gaps of up to 10 frames, never longer
PASS_ORDER = 2  # x2 passes = the 4th order of BRIEF §11 (see the module docstring)
PASSES = 2
# scipy's own default edge padding for one 2nd-order section (3 x (2 x sections + 1)), spelled out so the
# shortest filterable run is known here: a run needs more frames than the padding.
PADDING_FRAMES = 9
MIN_FILTERED_FRAMES = PADDING_FRAMES + 1


@dataclass(frozen=True, eq=False)
class CleanSeries:
    """One cleaned angle series and what was done to each frame.

    ``degrees``: filled and filtered; NaN in gaps too long to fill and at the ends before the first or after
    the last measured frame. ``trusted``: measured from confident landmarks (not filled). ``filled``: a value
    interpolated across a short gap. ``unfiltered``: (first, last) frames of runs too short to filter.
    """

    degrees: Floats
    trusted: Flags
    filled: Flags
    unfiltered: tuple[tuple[int, int], ...]


def runs(present: Flags) -> list[tuple[int, int]]:
    """The (first, last) frame of each run of True, in order."""
    padded = np.concatenate(([False], present, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(start), int(stop) - 1) for start, stop in zip(edges[::2], edges[1::2], strict=True)]


def fill_gaps(values: Floats, max_gap: int = MAX_GAP_FRAMES) -> tuple[Floats, Flags]:
    """Linear interpolation across each interior run of NaN of at most ``max_gap`` frames.

    A longer gap stays NaN entirely, never partly filled; NaN before the first or after the last value is
    never extrapolated. Returns the filled series and the frames that were filled.
    """
    filled = np.array(values, dtype=np.float64)
    was_filled = np.zeros(len(filled), dtype=np.bool_)
    for first, last in runs(np.isnan(filled)):
        if first == 0 or last == len(filled) - 1 or last - first + 1 > max_gap:
            continue
        before, after = filled[first - 1], filled[last + 1]
        steps = np.arange(1, last - first + 2) / (last - first + 2)
        filled[first : last + 1] = before + steps * (after - before)
        was_filled[first : last + 1] = True
    return filled, was_filled


def design_cutoff_hz(fps: float, cutoff_hz: float = CUTOFF_HZ) -> float:
    """The single pass's cut-off that puts the two passes together at -3 dB at ``cutoff_hz``."""
    check_cutoff(fps, cutoff_hz)
    correction = (2.0 ** (1.0 / PASSES) - 1.0) ** (1.0 / (2 * PASS_ORDER))
    # Pre-warped: the digital filter's response at f follows the analogue one at tan(pi f / fps).
    warped = math.tan(math.pi * cutoff_hz / fps) / correction
    return fps / math.pi * math.atan(warped)


def check_cutoff(fps: float, cutoff_hz: float = CUTOFF_HZ) -> None:
    """Refuse a frame rate whose Nyquist frequency (half the fps) is not above the cut-off."""
    if not cutoff_hz < fps / 2.0:
        raise ValueError(
            f"a {cutoff_hz:g} Hz low-pass filter needs more than {2 * cutoff_hz:g} frames a second: at"
            f" {fps:g} fps the Nyquist frequency is {fps / 2:g} Hz"
        )


def low_pass(values: Floats, fps: float, cutoff_hz: float = CUTOFF_HZ) -> Floats:
    """The zero-lag Butterworth low-pass of one continuous run of values (no NaN, at least
    ``MIN_FILTERED_FRAMES`` long)."""
    from scipy.signal import butter, sosfiltfilt  # the optional extra "video"; only filtering needs it

    if len(values) < MIN_FILTERED_FRAMES or np.isnan(values).any():
        raise ValueError(f"a run to filter needs {MIN_FILTERED_FRAMES} frames or more and no gaps")
    sos = butter(PASS_ORDER, design_cutoff_hz(fps, cutoff_hz), btype="low", output="sos", fs=fps)
    return np.asarray(sosfiltfilt(sos, values, padlen=PADDING_FRAMES), dtype=np.float64)


def clean(values: Floats, fps: float, cutoff_hz: float = CUTOFF_HZ) -> CleanSeries:
    """Fill the short gaps of a series (NaN = not trusted), then low-pass each continuous run."""
    check_cutoff(fps, cutoff_hz)
    trusted = ~np.isnan(values)
    filled, was_filled = fill_gaps(values)
    smooth = filled.copy()
    unfiltered: list[tuple[int, int]] = []
    for first, last in runs(~np.isnan(filled)):
        if last - first + 1 < MIN_FILTERED_FRAMES:
            unfiltered.append((first, last))
            continue
        smooth[first : last + 1] = low_pass(filled[first : last + 1], fps, cutoff_hz)
    for array in (smooth, trusted, was_filled):
        array.setflags(write=False)
    return CleanSeries(smooth, trusted, was_filled, tuple(unfiltered))
