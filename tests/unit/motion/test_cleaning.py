"""Cleaning: short gaps filled linearly and long ones left, then the 6 Hz zero-lag Butterworth."""

from __future__ import annotations

import numpy as np
import pytest

from hipcoach.domain.figure import View
from hipcoach.domain.motion import CUTOFF_HZ, MAX_GAP_FRAMES, analyse, clean, design_cutoff_hz, fill_gaps
from tests.unit.motion.tracks import standing_side_view, track_of

FPS = 60.0
RAMP = np.arange(40, dtype=np.float64) * 2.0 + 5.0


def with_gap(first: int, length: int) -> np.ndarray:
    values = RAMP.copy()
    values[first : first + length] = np.nan
    return values


def test_a_gap_of_10_frames_is_filled_on_the_line_between_its_neighbours():
    filled, was_filled = fill_gaps(with_gap(10, MAX_GAP_FRAMES))
    assert filled == pytest.approx(RAMP)
    assert np.flatnonzero(was_filled).tolist() == list(range(10, 20))


def test_a_gap_of_11_frames_stays_missing_entirely():
    filled, was_filled = fill_gaps(with_gap(10, MAX_GAP_FRAMES + 1))
    assert np.isnan(filled).tolist() == [False] * 10 + [True] * 11 + [False] * 19
    assert not was_filled.any()


def test_gaps_at_the_start_or_end_are_never_extrapolated():
    values = RAMP.copy()
    values[:3] = np.nan
    values[-2:] = np.nan
    filled, was_filled = fill_gaps(values)
    assert np.isnan(filled[:3]).all() and np.isnan(filled[-2:]).all()
    assert not was_filled.any()


def amplitude(values: np.ndarray, hz: float) -> float:
    """The sine's amplitude by least squares over whole cycles (a sampled peak would miss the crest)."""
    t = np.arange(len(values)) / FPS
    basis = np.column_stack((np.sin(2 * np.pi * hz * t), np.cos(2 * np.pi * hz * t)))
    (a, b), *_ = np.linalg.lstsq(basis, values, rcond=None)
    return float(np.hypot(a, b))


def filtered_sine(hz: float) -> np.ndarray:
    t = np.arange(int(10 * FPS)) / FPS
    middle = slice(int(2 * FPS), int(8 * FPS))  # away from the edges' padding, whole cycles of each sine
    return clean(np.sin(2 * np.pi * hz * t), FPS).degrees[middle]


def test_a_1_hz_sine_passes_within_1_percent():
    assert amplitude(filtered_sine(1.0), 1.0) == pytest.approx(1.0, rel=0.01)


def test_a_15_hz_sine_loses_at_least_90_percent():
    assert amplitude(filtered_sine(15.0), 15.0) <= 0.10


def test_the_two_passes_together_are_at_minus_3_db_at_6_hz():
    # Without the cut-off correction the two passes would leave only half the amplitude at 6 Hz.
    assert amplitude(filtered_sine(CUTOFF_HZ), CUTOFF_HZ) == pytest.approx(2**-0.5, abs=0.005)
    assert design_cutoff_hz(FPS) > CUTOFF_HZ


def test_the_peak_of_a_smooth_bump_stays_on_its_frame():
    frames = np.arange(200)
    bump = np.exp(-(((frames - 83) / 12.0) ** 2))
    smooth = clean(bump, FPS).degrees
    assert int(np.argmax(smooth)) == 83
    assert smooth[83] == pytest.approx(1.0, abs=0.02)


def test_a_constant_stays_constant():
    assert clean(np.full(50, 37.5), FPS).degrees == pytest.approx(np.full(50, 37.5), abs=1e-9)


def test_each_run_is_filtered_on_its_own_and_a_short_run_is_left_unfiltered_and_said_so():
    values = np.concatenate((np.full(30, 10.0), np.full(20, np.nan), np.full(5, 50.0), np.full(3, np.nan)))
    values[30 + 20 + 2] = 55.0  # a spike in the short run: left exactly as measured
    series = clean(values, FPS)
    assert series.unfiltered == ((50, 54),)
    assert series.degrees[50:55].tolist() == values[50:55].tolist()
    # The long gap is not bridged, so nothing of the 50s leaks into the first run.
    assert series.degrees[:30] == pytest.approx(np.full(30, 10.0), abs=1e-9)
    assert np.isnan(series.degrees[30:50]).all() and np.isnan(series.degrees[55:]).all()


def test_filled_frames_are_filtered_but_never_trusted():
    series = clean(with_gap(10, 4), FPS)
    assert np.flatnonzero(series.filled).tolist() == [10, 11, 12, 13]
    assert np.flatnonzero(~series.trusted).tolist() == [10, 11, 12, 13]
    assert not np.isnan(series.degrees).any()


@pytest.mark.parametrize("fps", [12.0, 10.0])
def test_a_frame_rate_with_its_nyquist_frequency_at_or_below_6_hz_is_refused(fps):
    with pytest.raises(ValueError, match=r"needs more than 12 frames a second.*Nyquist"):
        clean(RAMP, fps)
    track = track_of([standing_side_view()] * 3, View.SIDE, fps=fps)
    with pytest.raises(ValueError, match="Nyquist"):
        analyse(track)
