"""What can go wrong with a video, in one sentence a runner can act on."""

from __future__ import annotations


class VideoError(ValueError):
    """A video hipcoach cannot analyse. str(error) is one sentence for the runner naming the problem
    (not a video, truncated, too long, too short, frame rate out of range, no person, cut off, wrong view)."""


class VideoRefused(VideoError):
    """Decoded fine but the analysis refuses to give numbers (no person, body cut off, wrong view)."""


class AnalysisStopped(Exception):
    """should_stop() said stop (the worker is shutting down); nothing was stored."""
