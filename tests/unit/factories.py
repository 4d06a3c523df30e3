"""Small hand-built content for domain tests, independent of the packaged library."""

from __future__ import annotations

from hipcoach.domain.anatomy import BodyRegion
from hipcoach.domain.content import (
    Block,
    Circuit,
    Dose,
    Evidence,
    EvidenceTag,
    Exercise,
    FlagAsked,
    HipDirection,
    LadderLevel,
    Laterality,
    Library,
    Position,
    RedFlag,
    RedFlagLevel,
    Sign,
)


def exercise(exercise_id: str, block: Block, levels: int = 0, laterality=Laterality.PER_SIDE) -> Exercise:
    return Exercise(
        id=exercise_id,
        name=exercise_id.replace("-", " ").title(),
        block=block,
        summary="test exercise",
        directions=frozenset(HipDirection),
        positions=frozenset({Position.STABLE}),
        equipment=(),
        laterality=laterality,
        dose=Dose(reps_per_side=6),
        cues=("keep tall",),
        faults=("rushing",),
        regression="smaller range",
        progression="bigger range",
        evidence=("hipcoach-design",),
        ladder=tuple(LadderLevel(n, f"level {n}", f"rung {n}") for n in range(1, levels + 1)),
    )


def library() -> Library:
    exercises = [
        exercise("hip-car", Block.MOBILITY),
        exercise("leg-swing", Block.MOBILITY),
        exercise("halo", Block.STRENGTH, levels=4),
        exercise("lunge", Block.STRENGTH, levels=5),
        exercise("step-up", Block.STRENGTH, levels=5),
        exercise("dead-bug", Block.CORE, laterality=Laterality.BILATERAL),
        exercise("short-foot", Block.FOOT),
    ]
    circuits = [
        Circuit(
            "mobility", "Mobility", Block.MOBILITY, ("hip-car", "leg-swing"), 1, 30, ("hipcoach-design",)
        ),
        Circuit(
            "strength", "Strength", Block.STRENGTH, ("halo", "lunge", "step-up"), 2, 75, ("blagrove2018",)
        ),
        Circuit("core", "Core", Block.CORE, ("dead-bug",), 2, 45, ("hipcoach-design",)),
        Circuit("foot", "Foot", Block.FOOT, ("short-foot",), 2, 30, ("hipcoach-design",)),
    ]
    signs = [
        Sign("tight-hip-flexors", "Tight hip flexors?", "why", ("source-program",), BodyRegion.GROIN),
        Sign("dull-low-back-ache", "Dull low back?", "why", ("source-program",), BodyRegion.LOW_BACK),
        Sign("knee-pain", "Knee pain?", "why", ("source-program",), BodyRegion.KNEE),
        Sign("foot-pain", "Foot pain?", "why", ("source-program",), BodyRegion.FOOT, adds_foot_block=True),
    ]
    flags = [
        RedFlag(
            "saddle-numbness",
            RedFlagLevel.URGENT,
            "Saddle numbness?",
            "go now",
            ("ahcpr-lbp",),
            "screening.urgent",
            FlagAsked.EVERY_TIME,
            "Saddle numbness since?",
        ),
        RedFlag(
            "femoral-neck",
            RedFlagLevel.BONE_STRESS,
            "Groin pain on hopping?",
            "stop running",
            ("robertson-wood2017",),
            "screening.bone-stress",
            FlagAsked.EVERY_TIME,
            "Groin pain on hopping since?",
        ),
        RedFlag(
            "foot-bone",
            RedFlagLevel.BONE_STRESS,
            "Foot bone sore to press?",
            "stop running",
            ("hop-test-practice",),
            "screening.bone-stress",
            FlagAsked.EVERY_TIME,
            "Foot bone sore since?",
            asked_if_sign="foot-pain",
        ),
        RedFlag(
            "sharp-pain",
            RedFlagLevel.REFER,
            "Sharp pain?",
            "see someone",
            ("source-program",),
            "screening.refer",
            FlagAsked.EVERY_TIME,
            "Sharp pain since?",
        ),
        RedFlag(
            "cancer-history",
            RedFlagLevel.REFER,
            "Cancer ever?",
            "see someone",
            ("downie2013",),
            "screening.refer",
            FlagAsked.HISTORY,
        ),
        RedFlag(
            "missed-periods",
            RedFlagLevel.REFER,
            "Periods missing?",
            "see someone",
            ("mountjoy2023",),
            "screening.bone-health",
        ),
        RedFlag(
            "another-weak-flag", RedFlagLevel.NOTE, "Other?", "mention it", ("downie2013",), "screening.refer"
        ),
        RedFlag(
            "young-runner-pain",
            RedFlagLevel.REFER,
            "",
            "see someone",
            ("young-runner-practice",),
            "screening.young-runner",
            FlagAsked.FROM_PROFILE,
        ),
        RedFlag(
            "over-50-new-back-pain",
            RedFlagLevel.NOTE,
            "",
            "mention it",
            ("downie2013",),
            "screening.older-runner-back",
            FlagAsked.FROM_PROFILE,
        ),
    ]
    return Library(
        evidence={"hipcoach-design": Evidence("hipcoach-design", "us", EvidenceTag.DESIGN)},
        exercises={e.id: e for e in exercises},
        circuits={c.id: c for c in circuits},
        signs={s.id: s for s in signs},
        red_flags={f.id: f for f in flags},
        protocols={},
    )
