"""Building content records from entries of the data files: one builder per kind of entry.

Each builder reads every field (so that all problems of an entry are reported together) and returns
None when the entry lacks a value the record cannot do without.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from string import Formatter

from hipcoach.content.reading import Entry
from hipcoach.domain import rules as rule_registry
from hipcoach.domain.anatomy import BodyRegion, HipDirection
from hipcoach.domain.content import (
    PROTOCOL_IDS,
    Block,
    Circuit,
    Dose,
    Evidence,
    EvidenceTag,
    Exercise,
    FlagAsked,
    KneelingCare,
    LadderLevel,
    Laterality,
    MeasurementUnit,
    PerformedBy,
    Position,
    RedFlag,
    RedFlagLevel,
    Sign,
    TestProtocol,
)

# BRIEF §4.1: each strength exercise climbs a ladder of at least four levels (stable -> elongated ->
# loaded -> power) [D]; phase 3 starts at level 3, so a shorter ladder would leave no room above it.
STRENGTH_MIN_LADDER_LEVELS = 4
RED_FLAG_LEVELS = (RedFlagLevel.NOTE, RedFlagLevel.REFER, RedFlagLevel.BONE_STRESS, RedFlagLevel.URGENT)
# A test protocol is a short list of steps [D]: enough to be concrete, few enough to follow on the floor.
PROTOCOL_STEPS_MIN = 4
PROTOCOL_STEPS_MAX = 8


def evidence_record(entry: Entry) -> Evidence | None:
    """An entry of evidence.toml."""
    evidence_id = entry.identifier()
    reference = entry.text("reference")
    tag = entry.choice("tag", EvidenceTag, "tag")
    doi = entry.text("doi", required=False)
    note = entry.text("note", required=False)
    entry.finish()
    if doi and not doi.startswith("10."):
        entry.problem(f"doi '{doi}' must start with '10.' (leave out 'https://doi.org/')")
    if entry.incomplete or tag is None:
        return None
    return Evidence(evidence_id, reference, tag, doi or None, note)


def cited_evidence(entry: Entry, known: Collection[str]) -> tuple[str, ...]:
    """The entry's ``evidence`` ids; each must be in the evidence table, and there must be at least one."""
    cited = entry.texts("evidence", if_empty="cites no evidence (add at least one id from evidence.toml)")
    for evidence_id in cited:
        if evidence_id not in known:
            entry.problem(f"unknown evidence id '{evidence_id}'")
    return cited


def exercise_record(entry: Entry, known_evidence: Collection[str]) -> Exercise | None:
    """An entry of exercises.toml, with its dose and progression ladder."""
    exercise_id = entry.identifier()
    name = entry.text("name")
    block = entry.choice("block", Block, "block")
    summary = entry.text("summary")
    directions = entry.choices("directions", HipDirection, "direction")
    positions = entry.choices("positions", Position, "position")
    equipment = entry.texts("equipment")
    laterality = entry.choice("laterality", Laterality, "laterality")
    dose = dose_of(entry, required=True)
    cues = entry.texts("cues", if_empty="has no cues")
    faults = entry.texts("faults")
    regression = entry.text("regression")
    progression = entry.text("progression")
    evidence = cited_evidence(entry, known_evidence)
    why_like_running = entry.text("why_like_running", required=False)
    default_level = entry.whole_number("default_level", default=1, minimum=1)
    ladder = ladder_of(entry)
    kneeling = kneeling_of(entry)
    entry.finish()
    check_ladder(entry, ladder, default_level)
    if block is Block.STRENGTH:
        check_strength(entry, ladder, why_like_running)
    if entry.incomplete or block is None or laterality is None or dose is None:
        return None
    return Exercise(
        id=exercise_id,
        name=name,
        block=block,
        summary=summary,
        directions=directions,
        positions=positions,
        equipment=equipment,
        laterality=laterality,
        dose=dose,
        cues=cues,
        faults=faults,
        regression=regression,
        progression=progression,
        evidence=evidence,
        why_like_running=why_like_running,
        ladder=ladder,
        default_level=default_level,
        kneeling=kneeling,
    )


def kneeling_of(entry: Entry) -> KneelingCare | None:
    """The entry's optional ``kneeling`` table: the padding cue and the standing version (BRIEF §5)."""
    table = entry.table("kneeling", required=False)
    if table is None:
        return None
    padding = table.text("padding")
    standing = table.text("standing")
    table.finish()
    return None if table.incomplete else KneelingCare(padding, standing)


def dose_of(entry: Entry, *, required: bool) -> Dose | None:
    """The entry's ``dose`` table; one with no reps, hold or circles counts as no dose at all."""
    table = entry.table("dose", required=required)
    if table is None:
        return None
    reps = table.optional_whole_number("reps_per_side")
    hold = table.optional_whole_number("hold_seconds")
    circles = table.optional_whole_number("circles_each_direction")
    table.finish()
    if table.incomplete:
        return None
    if reps is None and hold is None and circles is None:
        entry.fail("has no dose (give reps_per_side, hold_seconds or circles_each_direction)")
        return None
    # Dose.describe() reads circles as the whole measure; reps or a hold next to them would be lost.
    if circles is not None and (reps is not None or hold is not None):
        table.problem("circles_each_direction cannot be combined with reps_per_side or hold_seconds")
    return Dose(reps, hold, circles)


def ladder_of(entry: Entry) -> tuple[LadderLevel, ...]:
    """The entry's ``[[exercise.ladder]]`` levels, as written (order is checked separately)."""
    rungs: list[LadderLevel] = []
    for rung in entry.tables("ladder", "ladder level"):
        level = rung.whole_number("level", minimum=1)
        name = rung.text("name")
        description = rung.text("description")
        dose = dose_of(rung, required=False)
        rung.finish()
        rungs.append(LadderLevel(level, name, description, dose))
    return tuple(rungs)


def check_ladder(entry: Entry, ladder: Sequence[LadderLevel], default_level: int) -> None:
    """Levels run 1..n in order, and the default level is one of them."""
    levels = [rung.level for rung in ladder]
    counts = Counter(levels)
    top = max(levels, default=0)
    repeated = sorted(level for level, count in counts.items() if count > 1)
    missing = [level for level in range(1, top + 1) if level not in counts]
    for level in repeated:
        entry.problem(f"ladder repeats level {level}")
    for level in missing:
        entry.problem(f"ladder skips level {level} (levels must run 1 to {top} in order)")
    if not repeated and not missing and levels != sorted(levels):
        order = ", ".join(str(level) for level in levels)
        entry.problem(f"ladder levels are out of order ({order}); list them 1 to {top}")
    if ladder and default_level not in counts:
        entry.problem(f"default_level {default_level} is not on the ladder (levels 1 to {top})")
    if not ladder and default_level != 1:
        entry.problem(f"default_level {default_level} is set but the exercise has no ladder")


def check_strength(entry: Entry, ladder: Sequence[LadderLevel], why_like_running: str) -> None:
    """A strength exercise has a full ladder and says why it looks like running (BRIEF §3.3, §4.1)."""
    if len(ladder) < STRENGTH_MIN_LADDER_LEVELS:
        minimum = STRENGTH_MIN_LADDER_LEVELS
        entry.problem(f"a strength exercise needs at least {minimum} ladder levels, found {len(ladder)}")
    if not why_like_running:
        entry.problem("a strength exercise needs why_like_running")


def circuit_record(entry: Entry, known_evidence: Collection[str]) -> Circuit | None:
    """An entry of circuits.toml; which exercises it may hold is checked once all files are read."""
    circuit_id = entry.identifier()
    name = entry.text("name")
    block = entry.choice("block", Block, "block")
    exercise_ids = entry.texts("exercises", if_empty="lists no exercises")
    rounds = entry.whole_number("rounds", minimum=1)
    rest_seconds = entry.whole_number("rest_seconds", minimum=0)
    evidence = cited_evidence(entry, known_evidence)
    description = entry.text("description", required=False)
    entry.finish()
    if entry.incomplete or block is None:
        return None
    return Circuit(circuit_id, name, block, exercise_ids, rounds, rest_seconds, evidence, description)


def sign_record(entry: Entry, known_evidence: Collection[str]) -> Sign | None:
    """A ``[[sign]]`` entry of screening.toml."""
    sign_id = entry.identifier()
    question = entry.text("question")
    explanation = entry.text("explanation")
    evidence = cited_evidence(entry, known_evidence)
    region = entry.choice("region", BodyRegion, "region")
    adds_foot_block = entry.flag("adds_foot_block")
    entry.finish()
    if entry.incomplete or region is None:
        return None
    return Sign(sign_id, question, explanation, evidence, region, adds_foot_block)


def red_flag_record(entry: Entry, known_evidence: Collection[str]) -> RedFlag | None:
    """A ``[[red_flag]]`` entry of screening.toml; its level is note, refer, bone-stress or urgent ("none" is
    no flag). Which questions it needs follows from ``asked``; the numbers they state are filled in from the
    rules. Whether ``asked_if_sign`` names a sign is checked across the file (``validation.check_red_flags``).
    """
    flag_id = entry.identifier()
    level = entry.choice("level", RedFlagLevel, "level", allowed=RED_FLAG_LEVELS)
    rule = entry.text("rule")
    if rule and rule not in rule_registry.RULES:
        entry.problem(f"unknown rule '{rule}' (use a rule id from domain/rules.py, e.g. 'screening.refer')")
    asked = entry.choice("asked", FlagAsked, "asked", default=FlagAsked.SCREENING)
    profile_only = asked is FlagAsked.FROM_PROFILE
    question = _filled(entry, "question", required=not profile_only)
    checkin_question = _filled(entry, "checkin_question", required=asked is FlagAsked.EVERY_TIME)
    if profile_only and question:
        entry.problem("a flag worked out from the profile is never asked: leave out 'question'")
    if asked not in (None, FlagAsked.EVERY_TIME) and checkin_question:
        entry.problem("only a flag asked every time (asked = \"every-time\") has a 'checkin_question'")
    advice = _filled(entry, "advice", required=True)
    evidence = cited_evidence(entry, known_evidence)
    asked_if_sign = entry.text("asked_if_sign", required=False) or None
    if profile_only and asked_if_sign:
        entry.problem("a flag worked out from the profile is never asked: leave out 'asked_if_sign'")
    entry.finish()
    if entry.incomplete or level is None or asked is None:
        return None
    return RedFlag(flag_id, level, question, advice, evidence, rule, asked, checkin_question, asked_if_sign)


def _filled(entry: Entry, key: str, *, required: bool) -> str:
    """A text field with each ``{name}`` in it replaced by the number the rules give under that name."""
    text = entry.text(key, required=required)
    values = rule_registry.screening_text_values()
    try:
        names = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError as error:
        entry.fail(f"field '{key}' has a stray brace ({error}); write a rule's number as {{name}}")
        return ""
    unknown = [name for name in names if name not in values]
    if unknown:
        entry.fail(
            f"field '{key}' names no known number {', '.join(unknown)} (use one of {', '.join(values)})"
        )
        return ""
    return text.format_map(values)


def protocol_record(entry: Entry, known_evidence: Collection[str]) -> TestProtocol | None:
    """A ``[[test]]`` entry of assessments.toml: one assessment test's protocol."""
    protocol_id = entry.identifier()
    if protocol_id and protocol_id not in PROTOCOL_IDS:
        entry.problem(f"unknown test id '{protocol_id}' (use one of {', '.join(PROTOCOL_IDS)})")
    name = entry.text("name")
    who = entry.choice("who", PerformedBy, "who")
    equipment = entry.texts("equipment")
    summary = entry.text("summary")
    measures = entry.text("measures")
    unit = entry.choice("unit", MeasurementUnit, "unit")
    trials = entry.whole_number("trials", minimum=1)
    counts = entry.text("counts")
    sides = entry.flag("sides", default=True)
    steps = entry.texts("steps", if_empty="has no steps")
    evidence = cited_evidence(entry, known_evidence)
    entry.finish()
    if steps and not PROTOCOL_STEPS_MIN <= len(steps) <= PROTOCOL_STEPS_MAX:
        entry.problem(
            f"has {len(steps)} steps; a protocol takes {PROTOCOL_STEPS_MIN} to {PROTOCOL_STEPS_MAX}"
        )
    if entry.incomplete or who is None or unit is None:
        return None
    return TestProtocol(
        id=protocol_id,
        name=name,
        who=who,
        equipment=equipment,
        summary=summary,
        measures=measures,
        unit=unit,
        trials=trials,
        counts=counts,
        sides=sides,
        steps=steps,
        evidence=evidence,
    )
