"""The clinical content as plain values: evidence, exercises, circuits, screening questions, test protocols.

The loader in ``hipcoach.content`` builds these from data files and validates them; the rules in this
package only read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from hipcoach.domain.anatomy import BodyRegion, HipDirection
from hipcoach.domain.assessment.ids import TestId
from hipcoach.domain.figure.illustration import Illustration


class EvidenceTag(StrEnum):
    """How sure we are of a number (BRIEF preamble)."""

    VERIFIED = "V"  # read in the cited source
    SECONDARY = "S"  # secondary or practitioner source
    DESIGN = "D"  # a design choice of ours, open to clinician override

    @property
    def meaning(self) -> str:
        """What the tag tells a reader, beside every citation (pages and printed documents)."""
        return _TAG_MEANINGS[self]


_TAG_MEANINGS = {
    EvidenceTag.VERIFIED: "read in the cited source",
    EvidenceTag.SECONDARY: "practice or a secondary source",
    EvidenceTag.DESIGN: "a design choice of hipcoach",
}


@dataclass(frozen=True)
class Evidence:
    id: str
    reference: str
    tag: EvidenceTag
    doi: str | None = None
    note: str = ""


class Block(StrEnum):
    """The blocks of a session, in the order they are done (BRIEF §3.5; foot block last)."""

    MOBILITY = "mobility"
    STRENGTH = "strength"
    CORE = "core"
    FOOT = "foot"
    ACCESSORY = "accessory"


BLOCK_ORDER: tuple[Block, ...] = (Block.MOBILITY, Block.STRENGTH, Block.CORE, Block.FOOT, Block.ACCESSORY)


class Position(StrEnum):
    STABLE = "stable"
    SPLIT = "split"
    SINGLE_LEG = "single_leg"
    ELONGATED = "elongated"


class Laterality(StrEnum):
    BILATERAL = "bilateral"
    PER_SIDE = "per_side"
    ALTERNATING = "alternating"


@dataclass(frozen=True)
class Dose:
    """What one round of an exercise asks for. Per-side numbers apply to each side in turn.

    Exactly one of ``reps_per_side``, ``hold_seconds`` or ``circles_each_direction`` is the main measure,
    though a hold may come with reps (e.g. 5 reps with a 3 s hold).
    """

    reps_per_side: int | None = None
    hold_seconds: int | None = None
    circles_each_direction: int | None = None  # halo: clockwise, then counter-clockwise, per kneeling side

    def describe(self, each_side: bool = False) -> str:
        """One round in words; ``each_side`` for an exercise whose sides work in turn."""
        parts: list[str] = []
        if self.circles_each_direction:
            n = self.circles_each_direction
            parts.append(f"{n} clockwise + {n} counter-clockwise circles")
        if self.reps_per_side:
            parts.append(f"{self.reps_per_side} reps")
        if self.hold_seconds:
            parts.append(
                f"{self.hold_seconds} s hold" if self.reps_per_side else f"hold {self.hold_seconds} s"
            )
        return ", ".join(parts) + (" each side" if each_side else "")


@dataclass(frozen=True)
class LadderLevel:
    """One rung of a progression ladder: 1 is the most stable, the top is elongated, loaded or powerful."""

    level: int
    name: str
    description: str
    dose: Dose | None = None  # None: the exercise's default dose


@dataclass(frozen=True)
class KneelingCare:
    """For a kneeling exercise and a runner with knee pain (BRIEF §5 [D]): a cue to pad the knee, and how to
    do the exercise standing instead."""

    padding: str
    standing: str


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    block: Block
    summary: str
    directions: frozenset[HipDirection]
    positions: frozenset[Position]
    equipment: tuple[str, ...]
    laterality: Laterality
    dose: Dose
    cues: tuple[str, ...]
    faults: tuple[str, ...]
    regression: str
    progression: str
    evidence: tuple[str, ...]
    why_like_running: str = ""
    ladder: tuple[LadderLevel, ...] = ()
    default_level: int = 1
    kneeling: KneelingCare | None = None  # set for an exercise done kneeling

    @property
    def top_level(self) -> int:
        return len(self.ladder)

    @property
    def dose_text(self) -> str:
        """The default dose of one round in words, per side where the sides work in turn."""
        return self.dose.describe(each_side=self.sides != ("both",))

    def level(self, number: int) -> LadderLevel | None:
        for rung in self.ladder:
            if rung.level == number:
                return rung
        return None

    def dose_at(self, level: int) -> Dose:
        rung = self.level(level)
        return rung.dose if rung is not None and rung.dose is not None else self.dose

    @property
    def sides(self) -> tuple[str, ...]:
        return ("both",) if self.laterality is Laterality.BILATERAL else ("left", "right")


@dataclass(frozen=True)
class Circuit:
    id: str
    name: str
    block: Block
    exercise_ids: tuple[str, ...]
    rounds: int
    rest_seconds: int
    evidence: tuple[str, ...]
    description: str = ""


class RedFlagLevel(StrEnum):
    NONE = "none"
    NOTE = "note"  # weak on its own: noted, no stop (Downie 2013)
    REFER = "refer"  # see a clinician before starting
    BONE_STRESS = "bone-stress"  # stop running today, see a clinician within days (possible stress fracture)
    URGENT = "urgent"  # seek care today

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    @property
    def label(self) -> str:
        """What the level asks of the runner, in a few words ("stop running today")."""
        return _LEVEL_LABELS[self]

    @property
    def checkin_title(self) -> str:
        """The heading for a warning sign at a check-in: a program is under way, so it speaks of going on."""
        return _CHECKIN_TITLES.get(self, self.label.capitalize())


_LEVEL_RANK = {
    RedFlagLevel.NONE: 0,
    RedFlagLevel.NOTE: 1,
    RedFlagLevel.REFER: 2,
    RedFlagLevel.BONE_STRESS: 3,
    RedFlagLevel.URGENT: 4,
}
_LEVEL_LABELS = {
    RedFlagLevel.NONE: "no warning sign",
    RedFlagLevel.NOTE: "worth mentioning to a clinician",
    RedFlagLevel.REFER: "see a clinician",
    RedFlagLevel.BONE_STRESS: "stop running today",
    RedFlagLevel.URGENT: "seek care today",
}
_CHECKIN_TITLES = {RedFlagLevel.REFER: "See a clinician before you go on"}


@dataclass(frozen=True)
class Sign:
    """A sign that hip mobility or strength may be part of the problem (BRIEF §2.1)."""

    id: str
    question: str
    explanation: str
    evidence: tuple[str, ...]
    region: BodyRegion
    adds_foot_block: bool = False


class FlagAsked(StrEnum):
    """When a red flag is put to the runner (BRIEF §2.2, how flags are asked)."""

    EVERY_TIME = "every-time"  # at the screening and at each check-in: it can be new since the last one
    SCREENING = "screening"  # at the screening only: it changes over weeks or months, not overnight
    HISTORY = "history"  # the runner's history: at the screening (also when updated), never at a check-in
    FROM_PROFILE = "from-profile"  # never asked: worked out from the profile's age and the signs


@dataclass(frozen=True)
class RedFlag:
    """A finding that means self-management is not the right first step (BRIEF §2.2).

    ``question`` is asked at the screening and ``checkin_question`` (worded for "since your last check-in")
    at a check-in; a flag worked out from the profile has neither. ``asked_if_sign`` limits the question to
    runners who answered yes to that sign. ``rule`` is the id of the rule in ``domain.rules`` it applies.
    """

    id: str
    level: RedFlagLevel
    question: str
    advice: str
    evidence: tuple[str, ...]
    rule: str
    asked: FlagAsked = FlagAsked.SCREENING
    checkin_question: str = ""
    asked_if_sign: str | None = None

    @property
    def history(self) -> bool:
        return self.asked is FlagAsked.HISTORY

    @property
    def from_profile(self) -> bool:
        return self.asked is FlagAsked.FROM_PROFILE

    @property
    def stays_cleared(self) -> bool:
        """Once a clinician has cleared it, it holds no more while the answer stays the same: a history
        answer, or a flag worked out from the age and the signs (a cleared 15-year-old with knee pain would
        otherwise be held until 18)."""
        return self.history or self.from_profile

    @property
    def asked_at_checkin(self) -> bool:
        return self.asked is FlagAsked.EVERY_TIME


class PerformedBy(StrEnum):
    """Who can do an assessment test (BRIEF §6)."""

    RUNNER = "runner"  # alone, with a tape measure at most
    CLINICIAN = "clinician"  # needs a goniometer or a hand-held dynamometer, and a second person


class MeasurementUnit(StrEnum):
    CM = "cm"
    DEGREES = "degrees"
    NEWTONS = "N"
    POINTS = "points"


# The assessment tests the product knows (BRIEF §6-7): the battery's ids; the content holds exactly these.
PROTOCOL_IDS: tuple[str, ...] = tuple(test.value for test in TestId)


@dataclass(frozen=True)
class TestProtocol:
    """How to do one assessment test and what to write down (BRIEF §6-7)."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    name: str
    who: PerformedBy
    equipment: tuple[str, ...]
    summary: str  # what the test tells you
    measures: str  # exactly what number to record
    unit: MeasurementUnit
    trials: int  # per side (and per direction or muscle group, where the test has several)
    counts: str  # which trial counts
    sides: bool  # True: done on the left and on the right
    steps: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Library:
    """Everything hipcoach knows, validated and cross-linked."""

    evidence: Mapping[str, Evidence]
    exercises: Mapping[str, Exercise]
    circuits: Mapping[str, Circuit]
    signs: Mapping[str, Sign]
    red_flags: Mapping[str, RedFlag]
    protocols: Mapping[str, TestProtocol]
    illustrations: Mapping[str, Illustration] = field(default_factory=dict)  # exercise id -> key poses

    def circuit_for(self, block: Block) -> Circuit:
        for circuit in self.circuits.values():
            if circuit.block is block:
                return circuit
        raise KeyError(f"no circuit for block {block.value!r}")

    def strength_exercises(self) -> list[Exercise]:
        return [self.exercises[i] for i in self.circuit_for(Block.STRENGTH).exercise_ids]
