"""The ids of the battery's tests, apart so that naming a test (a command's --help) loads no calculator."""

from __future__ import annotations

from enum import StrEnum


class TestId(StrEnum):
    """The tests of BRIEF §6 and the PSFS of §7; the ids match the protocols in assessments.toml."""

    __test__ = False  # not a pytest test class, despite the name

    Y_BALANCE = "y-balance"
    HIP_RANGE = "hip-range"
    THOMAS = "thomas"
    ACTIVE_KNEE_EXTENSION = "active-knee-extension"
    STRAIGHT_LEG_RAISE = "straight-leg-raise"
    KNEE_TO_WALL = "knee-to-wall"
    DYNAMOMETRY = "dynamometry"
    PSFS = "psfs"
