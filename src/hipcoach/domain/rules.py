"""Every rule and threshold hipcoach applies, with the evidence ids behind it.

The numbers live here once, next to their source; the modules that decide things import them from here.
The content loader checks that every evidence id below exists in the evidence table, so a rule can never
cite a source the product cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    statement: str
    evidence: tuple[str, ...]


# BRIEF §5: pain during exercise 0-3 safe, 4-5 acceptable, >5 not (Silbernagel 2007; thresholds [S]).
PAIN_SAFE_MAX = 3
PAIN_ACCEPTABLE_MAX = 5
# BRIEF §5: morning after 1 point above the pre-session baseline = slightly worse, >=2 = clearly worse [D].
MORNING_SLIGHTLY_WORSE = 1
MORNING_CLEARLY_WORSE = 2
# BRIEF §5 [D]: progress after two consecutive green sessions at full dose with RPE <= 7.
GREEN_SESSIONS_TO_PROGRESS = 2
GREEN_RPE_MAX = 7
# BRIEF §5 [D]: two regressions in a row pause the program.
REGRESSIONS_TO_PAUSE = 2
# Farrar 2001, Pain 94:149-158: a change of >=2 points or >=30% on the 0-10 scale is meaningful.
MEANINGFUL_CHANGE_POINTS = 2
MEANINGFUL_CHANGE_FRACTION = 0.30
# BRIEF §5 phase 1 gate [D]: >=6 mobility sessions over >=14 days, tightness and pain <=3/10 or falling.
PHASE1_MIN_MOBILITY_SESSIONS = 6
PHASE1_MIN_DAYS = 14
PHASE1_SYMPTOM_MAX = 3
# BRIEF §5 [D]: phase 3 opens when every strength exercise reaches its third ladder level.
PHASE3_LADDER_LEVEL = 3
# BRIEF §4.5: strength 2-3 sessions a week (Blagrove 2018); rounds 2-3, rest 60-90 s [S].
STRENGTH_SESSIONS_MIN = 2
STRENGTH_SESSIONS_MAX = 3
MAINTENANCE_STRENGTH_SESSIONS_MAX = 2  # phase 4 [D]: 1-2 a week
STRENGTH_ROUNDS_MIN = 2
STRENGTH_ROUNDS_MAX = 3
MOBILITY_SESSIONS_MIN = 3  # BRIEF §4.5 [D]: 3+ a week, daily allowed
MIN_HOURS_BETWEEN_STRENGTH = 48  # BRIEF §8 [S]


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "screening.signs",
            "The more of these signs fit, the stronger the case that hip mobility and strength are part of "
            "the problem. None of them is a diagnosis.",
            ("source-program",),
        ),
        Rule(
            "screening.red-flags-combine",
            "Red flags are weighed together: one weak flag is noted, several together or any strong one "
            "mean a clinician should look first.",
            ("downie2013",),
        ),
        Rule(
            "screening.urgent",
            "Signs that can mean pressure on the nerves at the base of the spine, infection or a fracture "
            "need care today.",
            ("ahcpr-lbp", "hipcoach-design"),
        ),
        Rule(
            "screening.refer",
            "Sharp, shooting, burning or stinging pain, nerve symptoms and other listed findings need a "
            "clinician's assessment before any exercise program.",
            ("source-program", "robertson-wood2017", "downie2013"),
        ),
        Rule(
            "method.mobility-first",
            "Range comes first: restore movement in all six hip directions, then build strength across the "
            "whole new range, then core.",
            ("source-program",),
        ),
        Rule(
            "progression.progress",
            "Two sessions in a row at the full dose with pain during exercise at 3/10 or less and effort "
            "(RPE) at 7 or less: take one step up.",
            ("silbernagel2007", "pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.green-once",
            "One good session is a start; the step up comes after the second one in a row.",
            ("hipcoach-design",),
        ),
        Rule(
            "progression.incomplete",
            "A session short of the full dose, or harder than RPE 7, does not count towards a step up.",
            ("hipcoach-design", "dosing-practice"),
        ),
        Rule(
            "progression.hold",
            "Pain of 4-5/10 during exercise is acceptable but not a reason to add more; a morning one point "
            "above your baseline says the same. Stay at this level.",
            ("silbernagel2007", "pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.regress",
            "Pain above 5/10 during exercise, or a morning two or more points above your baseline, means the "
            "load was too much: step back one level.",
            ("silbernagel2007", "pain-monitoring-thresholds", "farrar2001", "hipcoach-design"),
        ),
        Rule(
            "progression.pause",
            "Two step-backs in a row, or any red flag, pause the program until a clinician has had a look.",
            ("hipcoach-design", "downie2013"),
        ),
        Rule(
            "pain.meaningful-change",
            "A change in pain counts as real when it is at least 2 points or at least 30% on the 0-10 scale.",
            ("farrar2001",),
        ),
        Rule(
            "phase.mobility-to-strength",
            "Strength work starts once at least 6 mobility sessions over at least 14 days are logged and "
            "tightness and pain are at 3/10 or below, or clearly falling.",
            ("hipcoach-design", "source-program"),
        ),
        Rule(
            "phase.strength-to-elongated",
            "Elongated-range and power work starts when every strength exercise has reached its third level.",
            ("hipcoach-design",),
        ),
        Rule(
            "phase.maintenance",
            "Maintenance (1-2 strength sessions a week) starts when every strength exercise is at its top "
            "level, or when you or your clinician choose it.",
            ("hipcoach-design",),
        ),
        Rule(
            "dose.strength-frequency",
            "Strength work 2-3 times a week, 2-3 rounds, 60-90 s rest between rounds, last reps hard with "
            "good form (RPE 6-8).",
            ("blagrove2018", "dosing-practice"),
        ),
        Rule(
            "dose.mobility-frequency",
            "The mobility circuit at least 3 times a week (daily is fine) and as the warm-up before every "
            "strength session.",
            ("hipcoach-design",),
        ),
        Rule(
            "plan.strength-spacing",
            "At least 48 hours between strength sessions.",
            ("strength-running-practice",),
        ),
        Rule(
            "plan.foot-block",
            "Occasional foot pain adds a short foot-and-ankle block: the foot often takes over work the hip "
            "should be doing.",
            ("source-program", "hipcoach-design"),
        ),
    )
}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
