"""What one test of the battery is: its fields, its form layout, its scoring and what its result means.

Each test is one module in this package subclassing ``BatteryTest``; ``registry.TESTS`` lists them in the
battery's order. Adding a test means one module here, its protocol in ``content/data/assessments.toml`` and
its part of the results template.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import ClassVar, Generic, TypeVar

from hipcoach.domain.anatomy import Side
from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.change import Measure
from hipcoach.domain.assessment.common import AssessmentInputError, Flag, Sex
from hipcoach.domain.assessment.findings import Finding
from hipcoach.domain.assessment.ids import TestId as TestId  # each test module names its id
from hipcoach.domain.precision import shown

SIDES = (Side.LEFT, Side.RIGHT)

R = TypeVar("R")


class Stage(IntEnum):
    """Where a test's findings sit in the method: range first, then balance, then strength (BRIEF §3)."""

    RANGE = 1
    BALANCE = 2
    STRENGTH = 3
    OUTCOME = 4


@dataclass(frozen=True)
class FieldSpec:
    """One number to write down: its key, a label a person understands, and its unit."""

    key: str
    test: TestId
    label: str
    unit: str
    side: Side | None = None


@dataclass(frozen=True)
class Grid:
    """How a form lays out some of a test's fields: one row per measurement, one column per side or trial."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[FieldSpec, ...]], ...]
    lead: tuple[FieldSpec, ...] = ()  # single fields above the table (a leg's length)
    optional: bool = False


def sided_grid(caption: str, fields: Iterable[FieldSpec], rows: Iterable[tuple[str, str]]) -> Grid:
    """A left/right table; ``rows`` are (row label, key pattern with ``{side}``)."""
    by_key = {spec.key: spec for spec in fields}
    return Grid(
        caption,
        ("Left", "Right"),
        tuple((label, tuple(by_key[pattern.format(side=side)] for side in SIDES)) for label, pattern in rows),
    )


@dataclass(frozen=True)
class BatteryInput:
    readings: Mapping[str, float]
    sex: Sex | None = None
    age_years: int | None = None
    body_mass_kg: float | None = None
    scoring: Scoring = Scoring.MEAN_OF_3
    psfs_activities: Mapping[int, str] = field(default_factory=dict)  # slot -> what the runner finds hard

    def sex_needed(self) -> Sex:
        if self.sex is None:
            raise AssessmentInputError(
                "sex", "needed for this test's reference values; choose female or male"
            )
        return self.sex


@dataclass(frozen=True)
class MeasureValue:
    """One result worth following over time, with the error that decides whether a change is real."""

    key: str
    label: str
    value: float
    unit: str
    measure: Measure | None  # None: the brief gives no measurement error, so change is shown, not judged
    band: tuple[float, float] | None = None  # the reference band, where there is one
    reference: str | None = None  # what the value is read against, in words
    thresholds: tuple[float, ...] = ()  # cut-offs the value is read against besides the band's edges
    places: int = 1  # decimals the value is usually written with

    def __post_init__(self) -> None:
        if self.reference is None and self.band is not None:
            object.__setattr__(self, "reference", f"{self.band[0]:g}-{self.band[1]:g} {self.unit}")

    @property
    def text(self) -> str:
        """The value in words, never rounded onto or across its band's edges or its thresholds."""
        return shown(self.value, *(self.band or ()), *self.thresholds, places=self.places)


class BatteryTest(ABC, Generic[R]):
    """One test. ``score`` raises ``AssessmentInputError`` (or a group of them) naming each bad value.

    A test without flags, findings or measures keeps the empty defaults.
    """

    id: ClassVar[TestId]
    stage: ClassVar[Stage]
    fields: ClassVar[tuple[FieldSpec, ...]]

    @abstractmethod
    def grids(self) -> tuple[Grid, ...]: ...

    @abstractmethod
    def score(self, given: BatteryInput) -> R: ...

    def done(self, given: BatteryInput) -> bool:
        """At least one of the test's keys was written down."""
        return any(spec.key in given.readings for spec in self.fields)

    def measures(self, result: R) -> Iterable[MeasureValue]:
        return ()

    def flags(self, result: R) -> Iterable[Flag]:
        return ()

    def findings(self, result: R) -> Iterable[Finding]:
        return ()
