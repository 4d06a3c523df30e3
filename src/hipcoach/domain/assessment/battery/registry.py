"""The battery's tests in the order a form shows them; each ``TestId`` has exactly one."""

from __future__ import annotations

from typing import Any

from hipcoach.domain.assessment.battery.dynamometry import Dynamometry
from hipcoach.domain.assessment.battery.hamstrings import ActiveKneeExtension
from hipcoach.domain.assessment.battery.hip_range import HipRange
from hipcoach.domain.assessment.battery.knee_to_wall import KneeToWall
from hipcoach.domain.assessment.battery.protocol import BatteryTest, TestId
from hipcoach.domain.assessment.battery.psfs import Psfs
from hipcoach.domain.assessment.battery.straight_leg_raise import StraightLegRaise
from hipcoach.domain.assessment.battery.thomas import Thomas
from hipcoach.domain.assessment.battery.y_balance import YBalance

TESTS: tuple[BatteryTest[Any], ...] = (
    YBalance(),
    HipRange(),
    Thomas(),
    ActiveKneeExtension(),
    StraightLegRaise(),
    KneeToWall(),
    Dynamometry(),
    Psfs(),
)
BY_ID: dict[TestId, BatteryTest[Any]] = {test.id: test for test in TESTS}

if tuple(BY_ID) != tuple(TestId):  # pragma: no cover - a programming error, caught on import
    raise RuntimeError(f"the registry must hold one test per TestId, in its order: {tuple(BY_ID)}")
