"""The four phases of BRIEF §5 and the gates between them, with a recorded clinician override."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from hipcoach.domain import rules as R
from hipcoach.domain.progression import meaningful_change


class Phase(IntEnum):
    MOBILITY = 1
    STRENGTH = 2
    ELONGATED = 3
    MAINTENANCE = 4

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def purpose(self) -> str:
        return _PURPOSES[self]


_TITLES = {
    Phase.MOBILITY: "Phase 1 - mobility",
    Phase.STRENGTH: "Phase 2 - strength on the new range",
    Phase.ELONGATED: "Phase 3 - elongated range and power",
    Phase.MAINTENANCE: "Phase 4 - maintenance",
}
_PURPOSES = {
    Phase.MOBILITY: "Win back range in all six hip directions before loading them.",
    Phase.STRENGTH: "Build strength through the whole of the range you have regained, from stable positions.",
    Phase.ELONGATED: "Own the long, stretched positions of fast running and add power.",
    Phase.MAINTENANCE: "Keep what you built with one or two short strength sessions a week.",
}


@dataclass(frozen=True)
class SymptomReading:
    on: date
    pain: int
    tightness: int


@dataclass(frozen=True)
class PhaseProgress:
    """What has happened in the current phase: the facts the gate is judged on."""

    phase: Phase
    phase_started_on: date
    today: date
    mobility_session_dates: tuple[date, ...] = ()
    symptoms: tuple[SymptomReading, ...] = ()  # chronological check-ins since the phase began
    strength_levels: Mapping[str, tuple[int, int]] | None = None  # exercise id -> (level, top level)
    ranges_within_norms: bool | None = None  # from an assessment; None when none was done
    # A clinician's changes: exercises left out of the sessions, and those swapped (id -> the name of the one
    # done instead);
    # neither holds a ladder gate, since the runner no longer climbs that ladder (BRIEF §10).
    left_out: frozenset[str] = frozenset()
    swapped: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Gate:
    current: Phase
    next_phase: Phase | None
    is_open: bool
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    rule_id: str | None
    evidence: tuple[str, ...]


def gate(progress: PhaseProgress) -> Gate:
    """Say whether the next phase is open, with each condition that is met or still missing."""
    if progress.phase is Phase.MOBILITY:
        return _mobility_gate(progress)
    if progress.phase is Phase.STRENGTH:
        return _ladder_gate(progress, Phase.ELONGATED, "phase.strength-to-elongated", top=False)
    if progress.phase is Phase.ELONGATED:
        return _ladder_gate(progress, Phase.MAINTENANCE, "phase.maintenance", top=True)
    return Gate(Phase.MAINTENANCE, None, False, (), (), None, ())


def _mobility_gate(progress: PhaseProgress) -> Gate:
    rule = R.RULES["phase.mobility-to-strength"]
    met: list[str] = []
    unmet: list[str] = []
    if progress.ranges_within_norms:
        # The assessment stands in for the session and day counts only: pain and tightness must still settle.
        met.append(
            "your assessed hip ranges are within the reference norms (in place of the session and day counts)"
        )
    else:
        sessions = len(progress.mobility_session_dates)
        need = R.PHASE1_MIN_MOBILITY_SESSIONS
        (met if sessions >= need else unmet).append(f"{sessions} of {need} mobility sessions logged")
        days = (progress.today - progress.phase_started_on).days
        in_phase = f"{days} of {R.PHASE1_MIN_DAYS} days in this phase"
        (met if days >= R.PHASE1_MIN_DAYS else unmet).append(in_phase)
    symptom_note = _symptoms_settled(progress.symptoms)
    if symptom_note is None:
        unmet.append("no morning check-in yet to show how pain and tightness are doing")
    else:
        settled, sentence = symptom_note
        (met if settled else unmet).append(sentence)
    return Gate(Phase.MOBILITY, Phase.STRENGTH, not unmet, tuple(met), tuple(unmet), rule.id, rule.evidence)


def _symptoms_settled(readings: tuple[SymptomReading, ...]) -> tuple[bool, str] | None:
    """Pain and tightness each at or below 3/10, or meaningfully lower than at the start of the phase."""
    if not readings:
        return None
    first, last = readings[0], readings[-1]
    limit = R.PHASE1_SYMPTOM_MAX
    pain_ok = last.pain <= limit or (last.pain < first.pain and meaningful_change(first.pain, last.pain))
    tight_ok = last.tightness <= limit or (
        last.tightness < first.tightness and meaningful_change(first.tightness, last.tightness)
    )
    sentence = (
        f"latest pain {last.pain}/10 and tightness {last.tightness}/10 "
        f"(need each at {limit}/10 or below, or clearly falling)"
    )
    return pain_ok and tight_ok, sentence


def _ladder_gate(progress: PhaseProgress, target: Phase, rule_id: str, *, top: bool) -> Gate:
    rule = R.RULES[rule_id]
    met: list[str] = []
    unmet: list[str] = []
    swapped = progress.swapped or {}
    climbed = 0
    for exercise_id, (level, top_level) in sorted((progress.strength_levels or {}).items()):
        if exercise_id in progress.left_out:
            met.append(f"{exercise_id}: left out by your clinician, so it does not hold this step")
            continue
        if exercise_id in swapped:
            met.append(
                f"{exercise_id}: swapped by your clinician for {swapped[exercise_id]}, so it does not hold "
                "this step"
            )
            continue
        climbed += 1
        needed = top_level if top else min(R.PHASE3_LADDER_LEVEL, top_level)
        (met if level >= needed else unmet).append(f"{exercise_id}: level {level} of {needed} needed")
    if not climbed and not unmet:
        unmet.append(
            "no strength exercise is being climbed: your clinician has left out or swapped every one, so "
            "your clinician decides when to move on"
            if met
            else "no strength exercise has been started yet"
        )
    return Gate(progress.phase, target, not unmet, tuple(met), tuple(unmet), rule.id, rule.evidence)


@dataclass(frozen=True)
class PhaseChange:
    from_phase: Phase | None
    to_phase: Phase
    reason: str
    overridden_by: str | None = None
    override_reason: str | None = None


class InvalidOverride(ValueError):
    """A phase override without a name, a reason, or with a phase that does not exist."""


def advance(g: Gate) -> PhaseChange | None:
    """The change the gate allows, or None while it is closed."""
    if not g.is_open or g.next_phase is None:
        return None
    because = "; ".join(g.met)
    return PhaseChange(g.current, g.next_phase, f"{g.next_phase.title} unlocked: {because}.")


def override(current: Phase, to_phase: int, by: str, reason: str) -> PhaseChange:
    """A clinician's (or, for maintenance, the runner's) choice of phase, recorded with who and why."""
    if not by.strip():
        raise InvalidOverride("an override must say who made it")
    if not reason.strip():
        raise InvalidOverride("an override must say why it was made")
    try:
        target = Phase(to_phase)
    except ValueError:
        raise InvalidOverride(f"there is no phase {to_phase}; phases are 1 to 4") from None
    if target is current:
        raise InvalidOverride(f"the program is already in {current.title}")
    return PhaseChange(
        current,
        target,
        f"Set to {target.title} by {by.strip()}.",
        overridden_by=by.strip(),
        override_reason=reason.strip(),
    )
