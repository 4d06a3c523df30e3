"""Screening: which signs fit, how serious any red flag is, whether a program may start (BRIEF §2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from hipcoach.domain.content import RedFlag, RedFlagLevel, Sign
from hipcoach.domain.rules import RULES

# Downie 2013, BMJ 347:f7095: single weak flags barely shift the odds; several together do. Two or more
# note-level flags are therefore treated as a referral [D].
NOTE_FLAGS_THAT_REFER = 2


@dataclass(frozen=True)
class ScreeningAnswers:
    """The ids of the signs and red flags the runner answered "yes" to."""

    signs: frozenset[str]
    red_flags: frozenset[str]


@dataclass(frozen=True)
class ScreeningResult:
    signs: tuple[Sign, ...]
    red_flags: tuple[RedFlag, ...]
    level: RedFlagLevel
    explanation: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def program_allowed(self) -> bool:
        return self.level.rank < RedFlagLevel.REFER.rank

    @property
    def adds_foot_block(self) -> bool:
        return any(sign.adds_foot_block for sign in self.signs)


class UnknownAnswer(ValueError):
    """An answer names a sign or red flag the library does not know."""


def red_flag_level(flags: Iterable[RedFlag]) -> RedFlagLevel:
    """The combined urgency of the flags present: the strongest one, with weak flags adding up."""
    flags = list(flags)
    level = max((flag.level for flag in flags), key=lambda lv: lv.rank, default=RedFlagLevel.NONE)
    notes = sum(1 for flag in flags if flag.level is RedFlagLevel.NOTE)
    if level is RedFlagLevel.NOTE and notes >= NOTE_FLAGS_THAT_REFER:
        return RedFlagLevel.REFER
    return level


def screen(
    answers: ScreeningAnswers, signs: Mapping[str, Sign], red_flags: Mapping[str, RedFlag]
) -> ScreeningResult:
    """Match the answers against the library's signs and red flags and say what follows."""
    unknown = sorted((answers.signs - signs.keys()) | (answers.red_flags - red_flags.keys()))
    if unknown:
        raise UnknownAnswer(f"unknown screening answer id(s): {', '.join(unknown)}")

    matched_signs = tuple(sign for sign_id, sign in signs.items() if sign_id in answers.signs)
    matched_flags = tuple(flag for flag_id, flag in red_flags.items() if flag_id in answers.red_flags)
    level = red_flag_level(matched_flags)

    explanation = [_level_sentence(level, matched_flags)]
    evidence: list[str] = []
    if matched_flags:
        evidence += RULES["screening.red-flags-combine"].evidence
        for flag in matched_flags:
            evidence += flag.evidence
    if level.rank < RedFlagLevel.REFER.rank:
        explanation.append(_signs_sentence(len(matched_signs)))
        evidence += RULES["screening.signs"].evidence
        for sign in matched_signs:
            evidence += sign.evidence
    return ScreeningResult(
        signs=matched_signs,
        red_flags=matched_flags,
        level=level,
        explanation=tuple(explanation),
        evidence=tuple(dict.fromkeys(evidence)),
    )


def _level_sentence(level: RedFlagLevel, flags: tuple[RedFlag, ...]) -> str:
    if level is RedFlagLevel.URGENT:
        return "One of your answers needs medical care today. Please do not start the program."
    if level is RedFlagLevel.REFER:
        if sum(1 for f in flags if f.level is RedFlagLevel.NOTE) >= NOTE_FLAGS_THAT_REFER and all(
            f.level is RedFlagLevel.NOTE for f in flags
        ):
            return (
                "Each of these answers alone would only be worth noting, but together they mean a "
                "clinician should look at you before you start."
            )
        return "Some of your answers need a clinician's assessment before you start any exercise program."
    if level is RedFlagLevel.NOTE:
        return (
            "One answer is worth mentioning to a clinician at your next visit; on its own it is not a "
            "reason to stop."
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
