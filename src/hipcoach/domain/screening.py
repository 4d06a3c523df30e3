"""Screening: which signs fit, how serious any red flag is, whether a program may start (BRIEF §2).

Every question is answered yes or no; an answer left out is never read as a no (BRIEF §2.2, how flags are
asked). Two flags are never asked: they follow from the runner's age (from the profile) and the signs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from hipcoach.domain import rules as R  # read at call time, so a changed threshold is the one applied
from hipcoach.domain.content import RedFlag, RedFlagLevel, Sign

# The flags worked out from the profile and the signs; the content holds one entry, never asked, for each.
YOUNG_RUNNER_PAIN = "young-runner-pain"
OLDER_RUNNER_BACK_PAIN = "over-50-new-back-pain"
PROFILE_FLAG_IDS = (YOUNG_RUNNER_PAIN, OLDER_RUNNER_BACK_PAIN)


@dataclass(frozen=True)
class ScreeningAnswers:
    """Every sign and every red flag asked, answered yes (True) or no (False); the age from the profile."""

    signs: Mapping[str, bool]
    red_flags: Mapping[str, bool]
    age: int | None

    @property
    def yes_signs(self) -> frozenset[str]:
        return frozenset(sign_id for sign_id, yes in self.signs.items() if yes)

    @property
    def yes_flags(self) -> frozenset[str]:
        return frozenset(flag_id for flag_id, yes in self.red_flags.items() if yes)


@dataclass(frozen=True)
class ScreeningResult:
    signs: tuple[Sign, ...]
    red_flags: tuple[RedFlag, ...]
    level: RedFlagLevel
    explanation: tuple[str, ...]
    rules: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def program_allowed(self) -> bool:
        return self.level.rank < RedFlagLevel.REFER.rank

    @property
    def adds_foot_block(self) -> bool:
        return any(sign.adds_foot_block for sign in self.signs)

    @staticmethod
    def reason(flag: RedFlag) -> str:
        """Why the flag is up: the question answered yes, or what the profile and the signs showed."""
        return why_raised(flag)


class UnknownAnswer(ValueError):
    """An answer names a sign or red flag the library does not know, or one that is never asked."""


class Unanswered(ValueError):
    """Questions left without a yes or a no; ``ids`` names them, signs first, in the library's order."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        super().__init__(f"unanswered question(s): {', '.join(ids)}")
        self.ids = ids


class AgeUnknown(ValueError):
    """The runner's age is not known, and the age rules need it."""


def asked_at_screening(red_flags: Mapping[str, RedFlag], yes_signs: Collection[str]) -> tuple[RedFlag, ...]:
    """The red flags the screening asks: all but those worked out from the profile, and a flag tied to a sign
    only when that sign is answered yes."""
    return tuple(
        flag
        for flag in red_flags.values()
        if not flag.from_profile and (flag.asked_if_sign is None or flag.asked_if_sign in yes_signs)
    )


def asked_at_checkin(red_flags: Mapping[str, RedFlag], yes_signs: Collection[str]) -> tuple[RedFlag, ...]:
    """The red flags a check-in asks: only those that can be new since the last one (never the history),
    a flag tied to a sign only when the runner's last screening answered that sign yes."""
    return tuple(
        flag
        for flag in red_flags.values()
        if flag.asked_at_checkin and (flag.asked_if_sign is None or flag.asked_if_sign in yes_signs)
    )


def unanswered(asked: Iterable[str], answers: Mapping[str, bool]) -> tuple[str, ...]:
    """The ids of the questions asked that have no answer, in the order asked."""
    return tuple(question_id for question_id in asked if question_id not in answers)


def flags_from_profile(age: int, yes_signs: Collection[str], signs: Mapping[str, Sign]) -> frozenset[str]:
    """The flags the age raises together with the signs answered yes (BRIEF §2.2): a runner under the young
    runners' age with pain around the hip, groin, thigh or knee; one over the older runners' age with back
    pain."""
    regions = {signs[sign_id].region for sign_id in yes_signs if sign_id in signs}
    raised = set()
    if age < R.YOUNG_RUNNER_AGE_UNDER and regions & set(R.YOUNG_RUNNER_PAIN_REGIONS):
        raised.add(YOUNG_RUNNER_PAIN)
    if age > R.OLDER_RUNNER_AGE_OVER and regions & set(R.OLDER_RUNNER_PAIN_REGIONS):
        raised.add(OLDER_RUNNER_BACK_PAIN)
    return frozenset(raised)


def why_raised(flag: RedFlag) -> str:
    """The question answered yes, or, for a flag worked out from the profile, what the profile showed."""
    if flag.id == YOUNG_RUNNER_PAIN:
        return (
            f"You are under {R.YOUNG_RUNNER_AGE_UNDER} and have pain around the "
            f"{R.regions_words(R.YOUNG_RUNNER_PAIN_REGIONS)}."
        )
    if flag.id == OLDER_RUNNER_BACK_PAIN:
        return (
            f"You are over {R.OLDER_RUNNER_AGE_OVER} and have "
            f"{R.regions_words(R.OLDER_RUNNER_PAIN_REGIONS)} pain."
        )
    return flag.question


def red_flag_level(flags: Iterable[RedFlag]) -> RedFlagLevel:
    """The combined urgency of the flags present: the strongest one, with weak flags adding up."""
    flags = list(flags)
    level = max((flag.level for flag in flags), key=lambda lv: lv.rank, default=RedFlagLevel.NONE)
    notes = sum(1 for flag in flags if flag.level is RedFlagLevel.NOTE)
    if level is RedFlagLevel.NOTE and notes >= R.NOTE_FLAGS_THAT_REFER:
        return RedFlagLevel.REFER
    return level


def screen(
    answers: ScreeningAnswers, signs: Mapping[str, Sign], red_flags: Mapping[str, RedFlag]
) -> ScreeningResult:
    """Check that every question has a yes or a no, add the flags the age raises, and say what follows.

    Raises UnknownAnswer, Unanswered (naming the questions) or AgeUnknown; nothing is decided then.
    """
    unknown = sorted(
        (answers.signs.keys() - signs.keys())
        | {
            flag_id
            for flag_id in answers.red_flags
            if flag_id not in red_flags or red_flags[flag_id].from_profile
        }
    )
    if unknown:
        raise UnknownAnswer(f"unknown screening answer id(s): {', '.join(unknown)}")
    asked = (*signs, *(flag.id for flag in asked_at_screening(red_flags, answers.yes_signs)))
    missing = unanswered(asked, {**answers.signs, **answers.red_flags})
    if missing:
        raise Unanswered(missing)
    if answers.age is None:
        raise AgeUnknown("the screening needs your age: some warning signs depend on it")
    raised = answers.yes_flags | flags_from_profile(answers.age, answers.yes_signs, signs)
    return outcome(answers.yes_signs, raised, signs, red_flags)


def outcome(
    yes_signs: Collection[str],
    raised_flags: Collection[str],
    signs: Mapping[str, Sign],
    red_flags: Mapping[str, RedFlag],
) -> ScreeningResult:
    """What the signs that fit and the red flags raised mean. A stored screening is read back through here:
    it keeps the ids of its yes answers and of the flags its age raised, so a later birthday changes nothing.
    """
    matched_signs = tuple(sign for sign_id, sign in signs.items() if sign_id in yes_signs)
    matched_flags = tuple(flag for flag_id, flag in red_flags.items() if flag_id in raised_flags)
    level = red_flag_level(matched_flags)

    explanation = [_level_sentence(level, matched_flags)]
    rule_ids: list[str] = []
    if matched_flags:
        rule_ids.append("screening.red-flags-combine")
        rule_ids += (flag.rule for flag in matched_flags)
    evidence = [evidence_id for rule_id in rule_ids for evidence_id in R.RULES[rule_id].evidence]
    for flag in matched_flags:
        evidence += flag.evidence
    if level.rank < RedFlagLevel.REFER.rank:
        explanation.append(_signs_sentence(len(matched_signs)))
        rule_ids.append("screening.signs")
        evidence += R.RULES["screening.signs"].evidence
        for sign in matched_signs:
            evidence += sign.evidence
    return ScreeningResult(
        signs=matched_signs,
        red_flags=matched_flags,
        level=level,
        explanation=tuple(explanation),
        rules=tuple(dict.fromkeys(rule_ids)),
        evidence=tuple(dict.fromkeys(evidence)),
    )


def _level_sentence(level: RedFlagLevel, flags: tuple[RedFlag, ...]) -> str:
    if level is RedFlagLevel.URGENT:
        return "One of your answers needs medical care today. Please do not start the program."
    if level is RedFlagLevel.BONE_STRESS:
        return (
            "Your answers can be a sign of a stress fracture. Stop running today and see a clinician within "
            "the next few days; please do not start the program."
        )
    if level is RedFlagLevel.REFER:
        if all(f.level is RedFlagLevel.NOTE for f in flags):
            return (
                "Each of these findings alone would only be worth noting, but together they mean a "
                "clinician should look at you before you start."
            )
        return "What you told us means a clinician should assess you before you start any exercise program."
    if level is RedFlagLevel.NOTE:
        return (
            "One thing you told us is worth mentioning to a clinician at your next visit; on its own it is "
            "not a reason to stop."
        )
    return "None of the warning signs apply to you."


def _signs_sentence(count: int) -> str:
    if count == 0:
        return (
            "None of the usual signs of a hip mobility or strength problem fit. The program can still "
            "help, but the hips may not be where your trouble comes from."
        )
    if count <= 2:
        return (
            f"{count} of the signs fit. That is a reasonable case for working on hip mobility and "
            "strength; it is not a diagnosis."
        )
    return (
        f"{count} of the signs fit. That is a strong case for working on hip mobility and strength; "
        "it is still not a diagnosis."
    )
