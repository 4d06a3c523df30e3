"""Small hand-built content for domain tests, independent of the packaged library."""

from __future__ import annotations

from hipcoach.domain.content import (
    Block,
    Circuit,
    Dose,
    Evidence,
    EvidenceTag,
    Exercise,
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
        Sign("tight-hip-flexors", "Tight hip flexors?", "why", ("source-program",)),
        Sign("dull-low-back-ache", "Dull low back?", "why", ("source-program",)),
        Sign("knee-pain", "Knee pain?", "why", ("source-program",)),
        Sign("foot-pain", "Foot pain?", "why", ("source-program",), adds_foot_block=True),
    ]
    flags = [
        RedFlag("saddle-numbness", RedFlagLevel.URGENT, "Saddle numbness?", "go now", ("ahcpr-lbp",)),
        RedFlag("sharp-pain", RedFlagLevel.REFER, "Sharp pain?", "see someone", ("source-program",)),
        RedFlag("over-50-new-back-pain", RedFlagLevel.NOTE, "Over 50?", "mention it", ("downie2013",)),
        RedFlag("another-weak-flag", RedFlagLevel.NOTE, "Other?", "mention it", ("downie2013",)),
    ]
    return Library(
        evidence={"hipcoach-design": Evidence("hipcoach-design", "us", EvidenceTag.DESIGN)},
        exercises={e.id: e for e in exercises},
        circuits={c.id: c for c in circuits},
        signs={s.id: s for s in signs},
        red_flags={f.id: f for f in flags},
        protocols={},
    )
