"""Every rule and threshold hipcoach applies, with the evidence ids behind it.

The numbers live here once, next to their source; the modules that decide things import them from here.
The assessment numbers are the exception: they live in the ``hipcoach.domain.assessment`` modules, next to
the calculators that use them, and the statements below are formatted from them (those modules never import
this one).
The content loader checks that every evidence id below exists in the evidence table, so a rule can never
cite a source the product cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.domain.anatomy import BodyRegion
from hipcoach.domain.assessment import balance, change, findings, psfs, ranges, strength
from hipcoach.domain.assessment.common import Sex


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
# Counted by hipcoach.domain.progression over the earlier decisions it is given, latest first.
GREEN_SESSIONS_TO_PROGRESS = 2
GREEN_RPE_MAX = 7
# BRIEF §5 [D]: two regressions among the last four decisions (this one included) pause the program; the
# count starts afresh after a pause.
REGRESSIONS_TO_PAUSE = 2
REGRESSIONS_WINDOW = 4
# BRIEF §5 [D]: a check-in is a session's next morning only on a later calendar day in the runner's zone and
# at least this many hours after the session ended; before that, the pain about an hour after is asked.
NEXT_MORNING_MIN_HOURS = 6
# [D]: a check-in speaks for a session of its own day or up to this many days before; later, for none.
CHECKIN_WINDOW_DAYS = 2
# BRIEF §5 week to week (the model: pain should not rise week on week [S]; these numbers [D]): the mean
# morning pain of the last PAIN_TREND_DAYS days against the PAIN_TREND_DAYS before, each with at least
# PAIN_TREND_MIN_CHECKINS check-ins. A rise of 1 point holds all progression; 2 (Farrar's meaningful change)
# steps back one step.
PAIN_TREND_DAYS = 7
PAIN_TREND_MIN_CHECKINS = 3
PAIN_TREND_RISE_HOLD = 1
PAIN_TREND_RISE_REGRESS = 2
# BRIEF §5 [D]: morning pain at or above this on any check-in pauses the program (the absolute ceiling).
MORNING_PAIN_CEILING = 6
# BRIEF §5 [D]: morning pain this many points above the phase's starting baseline on this many check-ins in a
# row pauses. The starting baseline is the pain before the phase's first session (its statement says more).
PHASE_BASELINE_RISE = 2
PHASE_BASELINE_CHECKINS_IN_A_ROW = 3
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
# BRIEF §4.5 [S]: rest between strength rounds, in seconds; the strength circuit's rest is checked against it.
STRENGTH_REST_SECONDS = (60, 90)
# BRIEF §4.5 [S]: the effort to aim for in strength work, the last reps hard with form kept (2-4 in reserve).
STRENGTH_RPE_AIM = (6, 8)
MIN_HOURS_BETWEEN_STRENGTH = 48  # BRIEF §8 [S]
# [D]: the pause between the reps of a set held rep by rep (5 x 5 s): long enough to let go and set up
# again, short enough that the set stays one effort. The player times it; the runner may stop during it.
REP_REST_SECONDS = 3


_COUNT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINAL_WORDS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


def count_word(n: int) -> str:
    """A count as the texts say it: spelt out up to ten ("two"), in digits above."""
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else str(n)


def ordinal_word(n: int) -> str:
    """A position as the texts say it: spelt out up to the tenth ("second"), "11th" and so on above."""
    if 0 < n < len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def span(low: float, high: float) -> str:
    """A range as the texts write it: "4-5", or one number when both ends are the same."""
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _points(low: int, high: int | None = None) -> str:
    """Points in words: "one point", "two points", or from ``low`` to ``high`` "one to two points"."""
    if high is not None and high != low:
        return f"{count_word(low)} to {_points(high)}"
    return f"{count_word(low)} point" if low == 1 else f"{count_word(low)} points"


def pain_scale_hint(safe_max: int | None = None, acceptable_max: int | None = None) -> str:
    """The pain-during-exercise scale in one sentence: the session forms, the handout and the CLI show it.

    The numbers are the rules' own unless given (a runner's stricter ones: ``pain_stop.scale_hint``).
    """
    safe = PAIN_SAFE_MAX if safe_max is None else safe_max
    top = PAIN_ACCEPTABLE_MAX if acceptable_max is None else acceptable_max
    acceptable = span(safe + 1, top)
    return f"0-{safe} is fine, {acceptable} is acceptable, above {top} is too much: ease off next time."


def pain_after_hint() -> str:
    """The pain about an hour after a session in one sentence: what the morning check-in makes of it."""
    acceptable = span(PAIN_SAFE_MAX + 1, PAIN_ACCEPTABLE_MAX)
    return (
        f"By then pain should have settled: 0-{PAIN_SAFE_MAX} has, {acceptable} keeps you at this level, "
        f"above {PAIN_ACCEPTABLE_MAX} means a step back at the morning check-in."
    )


def rpe_aim_hint() -> str:
    """The effort to aim for in a strength exercise, in one sentence: the player asks the RPE with it."""
    return f"Aim for {span(*STRENGTH_RPE_AIM)}: the last reps hard, the form still clean."


def rpe_scale_hint() -> str:
    """The effort (RPE) scale in one sentence, with the most effort that still counts toward a step up."""
    return (
        f"0 is rest, 10 the hardest effort you can imagine; {GREEN_RPE_MAX} or less counts toward a step up."
    )


def _hip_ranges() -> str:
    return ", ".join(
        f"{direction.label} {band.low:g}-{band.high:g}"
        for direction, band in ranges.HIP_REFERENCE_DEG.items()
    )


def _y_balance_means() -> str:
    male = balance.REFERENCE_MEANS_PCT[Sex.MALE]
    female = balance.REFERENCE_MEANS_PCT[Sex.FEMALE]
    return (
        f"anterior {male.anterior:.1f}/{female.anterior:.1f}, posteromedial {male.posteromedial:.1f}/"
        f"{female.posteromedial:.1f}, posterolateral {male.posterolateral:.1f}/{female.posterolateral:.1f}"
    )


def _real_changes() -> str:
    """Each measure's real-change threshold, except the PSFS, which has a rule of its own."""
    parts = []
    for measure, threshold in change.THRESHOLDS.items():
        if measure is change.Measure.PSFS:
            continue
        size = f"{threshold.value:.1f}" if threshold.derived else f"{threshold.value:g}"
        amount = (
            f"{size} {threshold.unit} or more"
            if threshold.inclusive
            else f"more than {size} {threshold.unit}"
        )
        derived = " (derived: 1.96 x sqrt(2) x the measurement error)" if threshold.derived else ""
        parts.append(f"{measure.value} {amount}{derived}")
    return "; ".join(parts)


def _real_change_evidence() -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            evidence_id
            for measure, threshold in change.THRESHOLDS.items()
            if measure is not change.Measure.PSFS
            for evidence_id in threshold.evidence
        )
    )


# === Screening: how red flags combine, and the flags worked out from the profile (BRIEF §2.2) =============
# Downie 2013 [V]: single weak flags barely shift the odds; several together do. Two or more note-level
# flags together are therefore treated as a referral [D].
NOTE_FLAGS_THAT_REFER = 2
# [S]: a runner under 18 with hip, groin, thigh or knee pain sees a clinician first (a slipped capital
# femoral epiphysis or an apophyseal avulsion can show as knee or hip-flexor pain). Age from the profile.
YOUNG_RUNNER_AGE_UNDER = 18
YOUNG_RUNNER_PAIN_REGIONS = (BodyRegion.HIP, BodyRegion.GROIN, BodyRegion.THIGH, BodyRegion.KNEE)
# Downie 2013 [V, weak alone]: over 50 with back pain is a note, no stop. Age from the profile, the back
# pain from the signs.
OLDER_RUNNER_AGE_OVER = 50
OLDER_RUNNER_PAIN_REGIONS = (BodyRegion.LOW_BACK,)
# IOC consensus on REDs (Mountjoy 2023) [S]: periods missing for three months or more.
MISSED_PERIODS_MONTHS = 3


def or_words(words: tuple[str, ...]) -> str:
    """Words in a sentence: "hip, groin, thigh or knee", "sharp, shooting, burning or stinging"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def regions_words(regions: tuple[BodyRegion, ...]) -> str:
    return or_words(tuple(region.label for region in regions))


def screening_text_values() -> dict[str, str]:
    """The numbers the screening questions state, by the name a question writes in braces."""
    return {"missed_periods_months": count_word(MISSED_PERIODS_MONTHS)}


def _screening_rules() -> tuple[Rule, ...]:
    return (
        Rule(
            "screening.signs",
            "The more of these signs fit, the stronger the case that hip mobility and strength are part of "
            "the problem. None of them is a diagnosis.",
            ("source-program",),
        ),
        Rule(
            "screening.red-flags-combine",
            "Red flags are weighed together: one weak flag is noted, "
            f"{count_word(NOTE_FLAGS_THAT_REFER)} or more together, or any strong one, mean a clinician "
            "should look first.",
            ("downie2013", "hipcoach-design"),
        ),
        Rule(
            "screening.asked-explicitly",
            "Every warning sign is answered yes or no; an answer left out is never taken as a no, and "
            "nothing is saved until each one has an answer. Questions about your history are asked at the "
            "screening, not every morning; a check-in asks only about what can be new since the last one.",
            ("hipcoach-design",),
        ),
        Rule(
            "screening.urgent",
            "Signs that can mean pressure on the nerves at the base of the spine, infection or a fracture "
            "need care today.",
            ("ahcpr-lbp", "hipcoach-design"),
        ),
        Rule(
            "screening.bone-stress",
            "Groin pain when hopping, pain on the leg that builds as a run goes on, pain when the hip is "
            "turned fully in or out, or a foot bone that hurts to press or when hopping can mean a stress "
            "fracture: stop running today, walk only as much as pain allows, and see a clinician within "
            "days, who may order imaging. No program until then.",
            ("robertson-wood2017", "hop-test-practice", "foot-stress-fracture-practice"),
        ),
        Rule(
            "screening.refer",
            "Sharp, shooting, burning or stinging pain, nerve symptoms and other listed findings need a "
            "clinician's assessment before any exercise program.",
            ("source-program", "downie2013", "ahcpr-lbp"),
        ),
        Rule(
            "screening.bone-health",
            f"Periods missing for {count_word(MISSED_PERIODS_MONTHS)} months or more, an earlier stress "
            "fracture, or eating too little for the training: see a clinician before starting, because too "
            "little energy for the training weakens bone.",
            ("mountjoy2023",),
        ),
        Rule(
            "screening.young-runner",
            f"Runners under {YOUNG_RUNNER_AGE_UNDER} with pain around the "
            f"{regions_words(YOUNG_RUNNER_PAIN_REGIONS)} see a clinician before starting: in a growing "
            "skeleton such pain can come from the growth plate at the top of the thigh bone or from a "
            "tendon pulling on a growing bone. The age comes from your profile.",
            ("young-runner-practice",),
        ),
        Rule(
            "screening.older-runner-back",
            f"Being over {OLDER_RUNNER_AGE_OVER} with {regions_words(OLDER_RUNNER_PAIN_REGIONS)} pain is "
            "worth mentioning to a clinician, but on its own it is no reason to stop. The age comes from "
            "your profile and the back pain from the signs.",
            ("downie2013", "ahcpr-lbp"),
        ),
    )


# === end of screening ====================================================================================


def _pain_rules() -> tuple[Rule, ...]:
    """The rules on when a morning counts, missing values and morning pain across days (BRIEF §5)."""
    return (
        Rule(
            "progression.next-morning",
            "A check-in counts as the morning after a session only on a later day and at least "
            f"{NEXT_MORNING_MIN_HOURS} hours after the session ended (a session saved without a time counts "
            "from the end of its day). Until then, give the pain about an hour after the session instead. A "
            f"check-in more than {_plural(CHECKIN_WINDOW_DAYS, 'day')} after a session speaks for none.",
            ("hipcoach-design", "pain-monitoring-thresholds"),
        ),
        Rule(
            "progression.not-enough-information",
            "Without the pain during the session, the morning pain, or the pain before the session to "
            "compare the morning with, there is not enough information to move on: no step up and no "
            "change. A missing value is never read as 0, and a value that is there and calls for a step "
            "back still counts.",
            ("hipcoach-design",),
        ),
        Rule(
            "progression.week-rise-hold",
            f"When your mean morning pain over the last {PAIN_TREND_DAYS} days is "
            f"{_points(PAIN_TREND_RISE_HOLD)} or more above the {PAIN_TREND_DAYS} days before (at least "
            f"{PAIN_TREND_MIN_CHECKINS} check-ins in each), every exercise stays where it is.",
            ("pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.week-rise-regress",
            f"When your mean morning pain over the last {PAIN_TREND_DAYS} days is "
            f"{_points(PAIN_TREND_RISE_REGRESS)} or more above the {PAIN_TREND_DAYS} days before (at least "
            f"{PAIN_TREND_MIN_CHECKINS} check-ins in each), step back one level.",
            ("pain-monitoring-thresholds", "farrar2001", "hipcoach-design"),
        ),
        Rule(
            "progression.morning-ceiling",
            f"Morning pain of {MORNING_PAIN_CEILING}/10 or more at any check-in pauses the program until a "
            "clinician has had a look.",
            ("pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.phase-baseline",
            f"Morning pain {_points(PHASE_BASELINE_RISE)} or more above where this phase started, at "
            f"{count_word(PHASE_BASELINE_CHECKINS_IN_A_ROW)} check-ins in a row, pauses the program until a "
            "clinician has had a look. Where the phase started is the pain you gave before its first "
            "session, or your first morning check-in of the phase when that session has none.",
            ("farrar2001", "hipcoach-design"),
        ),
    )


def _rules() -> tuple[Rule, ...]:
    """The screening, method, progression, phase, dose and assessment rules, formatted from the constants."""
    return (
        *_screening_rules(),
        Rule(
            "method.mobility-first",
            "Range comes first: restore movement in all six hip directions, then build strength across the "
            "whole new range, then core.",
            ("source-program",),
        ),
        Rule(
            "progression.progress",
            f"{count_word(GREEN_SESSIONS_TO_PROGRESS).capitalize()} sessions in a row at the full dose "
            f"with pain during exercise at {PAIN_SAFE_MAX}/10 or less and effort (RPE) at {GREEN_RPE_MAX} "
            "or less: take one step up.",
            ("silbernagel2007", "pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.green-once",
            "One good session is a start; the step up comes after the "
            f"{ordinal_word(GREEN_SESSIONS_TO_PROGRESS)} one in a row.",
            ("hipcoach-design",),
        ),
        Rule(
            "progression.incomplete",
            f"A session short of the full dose, or harder than RPE {GREEN_RPE_MAX}, does not count towards a "
            "step up.",
            ("hipcoach-design", "dosing-practice"),
        ),
        Rule(
            "progression.hold",
            f"Pain of {span(PAIN_SAFE_MAX + 1, PAIN_ACCEPTABLE_MAX)}/10 during exercise is acceptable but "
            "not a reason to add more; a morning "
            f"{_points(MORNING_SLIGHTLY_WORSE, MORNING_CLEARLY_WORSE - 1)} above your baseline, or pain of "
            f"{span(PAIN_SAFE_MAX + 1, PAIN_ACCEPTABLE_MAX)}/10 about an hour after the session, says the "
            "same. Stay at this level.",
            ("silbernagel2007", "pain-monitoring-thresholds", "hipcoach-design"),
        ),
        Rule(
            "progression.regress",
            f"Pain above {PAIN_ACCEPTABLE_MAX}/10 during exercise, or a morning "
            f"{count_word(MORNING_CLEARLY_WORSE)} or more points above your baseline, or pain still above "
            f"{PAIN_ACCEPTABLE_MAX}/10 about an hour after the session, means the load was too much: step "
            "back one level.",
            ("silbernagel2007", "pain-monitoring-thresholds", "farrar2001", "hipcoach-design"),
        ),
        Rule(
            "progression.pause",
            f"{count_word(REGRESSIONS_TO_PAUSE).capitalize()} step-backs among your last "
            f"{count_word(REGRESSIONS_WINDOW)} sessions (counted afresh after a pause), or any red flag, "
            "pause the program until a clinician has had a look.",
            ("hipcoach-design", "downie2013"),
        ),
        *_pain_rules(),
        Rule(
            "pain.meaningful-change",
            f"A change in pain counts as real when it is at least {MEANINGFUL_CHANGE_POINTS} points or at "
            f"least {MEANINGFUL_CHANGE_FRACTION:.0%} on the 0-10 scale.",
            ("farrar2001",),
        ),
        Rule(
            "phase.mobility-to-strength",
            f"Strength work starts once at least {PHASE1_MIN_MOBILITY_SESSIONS} mobility sessions over at "
            f"least {PHASE1_MIN_DAYS} days are logged and tightness and pain are at {PHASE1_SYMPTOM_MAX}/10 "
            "or below, or clearly falling. Assessed hip ranges within the reference norms can stand in for "
            "the session and day counts, never for the pain and tightness condition.",
            ("hipcoach-design", "source-program"),
        ),
        Rule(
            "phase.strength-to-elongated",
            "Elongated-range and power work starts when every strength exercise has reached its "
            f"{ordinal_word(PHASE3_LADDER_LEVEL)} level.",
            ("hipcoach-design",),
        ),
        Rule(
            "phase.maintenance",
            f"Maintenance ({span(1, MAINTENANCE_STRENGTH_SESSIONS_MAX)} strength sessions a week) starts "
            "when every strength exercise is at its top level, or when you or your clinician choose it.",
            ("hipcoach-design",),
        ),
        Rule(
            "dose.strength-frequency",
            f"Strength work {span(STRENGTH_SESSIONS_MIN, STRENGTH_SESSIONS_MAX)} times a week, "
            f"{span(STRENGTH_ROUNDS_MIN, STRENGTH_ROUNDS_MAX)} rounds, {span(*STRENGTH_REST_SECONDS)} s rest "
            f"between rounds, last reps hard with good form (RPE {span(*STRENGTH_RPE_AIM)}).",
            ("blagrove2018", "dosing-practice"),
        ),
        Rule(
            "dose.rep-rest",
            f"In a set of held reps, each rep is held on its own with a {REP_REST_SECONDS}-second pause to "
            "let go and get ready before the next.",
            ("hipcoach-design",),
        ),
        Rule(
            "dose.mobility-frequency",
            f"The mobility circuit at least {MOBILITY_SESSIONS_MIN} times a week (daily is fine) and as the "
            "warm-up before every strength session.",
            ("hipcoach-design",),
        ),
        Rule(
            "plan.strength-spacing",
            f"At least {MIN_HOURS_BETWEEN_STRENGTH} hours between strength sessions.",
            ("strength-running-practice",),
        ),
        Rule(
            "plan.foot-block",
            "Occasional foot pain adds a short foot-and-ankle block: the foot often takes over work the hip "
            "should be doing.",
            ("source-program", "hipcoach-design"),
        ),
        Rule(
            "plan.knee-care",
            "With knee pain, every exercise done kneeling starts with padding under the knee, and each one "
            "has a standing version for when kneeling still hurts.",
            ("hipcoach-design",),
        ),
        # --- assessments (BRIEF §6) and the PSFS (BRIEF §7) -------------------------------------------
        Rule(
            "assessment.y-balance-scoring",
            f"Y-balance: practise first, then record {balance.TRIALS_PER_DIRECTION} reaches in each "
            "direction; the score is the mean of the best three or the single best, and the result says "
            "which. Reach is given as a percentage of leg length.",
            balance.BALANCE_EVIDENCE,
        ),
        Rule(
            "assessment.y-balance-reference",
            f"Average Y-balance reach in % of leg length (men/women): {_y_balance_means()}.",
            ("plisky2021",),
        ),
        Rule(
            "assessment.y-balance-anterior-asymmetry",
            f"A forward reach that differs by more than {balance.ANTERIOR_ASYMMETRY_CM:g} cm between the "
            "legs is a screening flag taken from high-school basketball players. It points to single-leg "
            "balance work; it does not measure a runner's injury risk.",
            ("plisky2006",),
        ),
        Rule(
            "assessment.y-balance-female-composite",
            f"In women, a composite reach below {balance.FEMALE_COMPOSITE_MIN_PCT:g}% of leg length is a "
            "screening flag taken from female high-school basketball players; it does not measure a runner's "
            "injury risk.",
            ("plisky2006",),
        ),
        Rule(
            "assessment.hip-range-reference",
            f"Reference hip ranges in degrees: {_hip_ranges()}. Always compare the left hip with the right.",
            ("wilson2014",),
        ),
        Rule(
            "assessment.thomas",
            "In the modified Thomas test, a thigh that stays above the horizontal (hip angle above "
            f"{ranges.THOMAS_HIP_ABOVE_HORIZONTAL_DEG:g} degrees) suggests short one-joint hip flexors, and "
            f"knee flexion below {ranges.THOMAS_KNEE_FLEXION_MIN_DEG:g} degrees suggests short two-joint hip "
            "flexors. The test is only moderately reliable "
            f"(measurement error about {change.THOMAS_SEM_DEG:g} degrees).",
            ("thomas-test", "peeler2008"),
        ),
        Rule(
            "assessment.ake-short",
            "In the active knee extension test, a knee that stays more than "
            f"{ranges.AKE_DEFICIT_SHORT_DEG[Sex.MALE]:.1f} degrees (men) or "
            f"{ranges.AKE_DEFICIT_SHORT_DEG[Sex.FEMALE]:.1f} degrees (women) short of straight means short "
            "hamstrings.",
            ("yildirim2018",),
        ),
        Rule(
            "assessment.knee-to-wall-adequate",
            f"A knee-to-wall distance of {ranges.KNEE_TO_WALL_ADEQUATE_CM:g} cm or more is taken as enough "
            "ankle range (a practice figure); compare the two sides.",
            ("knee-to-wall-practice",),
        ),
        Rule(
            "assessment.abductor-expected",
            f"Expected hip-abduction strength in novice runners, in {strength.RAMSKOV_TEST}, is "
            f"{strength.RAMSKOV_INTERCEPT:.3f} - {strength.RAMSKOV_PER_YEAR:.3f} x age, plus "
            f"{strength.RAMSKOV_MALE:.3f} for men, give or take {strength.RAMSKOV_BAND:.3f} N·m per kg of "
            "body weight; below that range counts as weak. The range holds only for that test, so "
            "hipcoach tests the abductors that way.",
            ("ramskov2014",),
        ),
        Rule(
            "assessment.lsi-pass",
            f"The weaker side should reach at least {strength.LSI_PASS_PCT:g}% of the stronger side's "
            "strength (limb symmetry index), a pass mark borrowed from rehabilitation after knee ligament "
            "surgery.",
            ("gokeler2017",),
        ),
        Rule(
            "assessment.hq-ratio",
            f"Hamstrings producing about {strength.HQ_REFERENCE_RATIO:g} of the quadriceps' torque is the "
            "conventional reference: a guide, not a cut-off.",
            ("coombs2002",),
        ),
        Rule(
            "assessment.change-beyond-error",
            "On reassessment, a change counts as real only when it is beyond measurement error: "
            f"{_real_changes()}. Smaller changes are reported as no real change.",
            _real_change_evidence(),
        ),
        Rule(
            "assessment.psfs-meaningful",
            f"The PSFS score is the mean of up to {psfs.PSFS_MAX_ACTIVITIES} activity ratings, each 0-"
            f"{psfs.PSFS_RATING_MAX}; a change of {change.PSFS_MEANINGFUL_CHANGE:g} points or more is taken "
            "as meaningful (a figure from secondary sources).",
            ("stratford1995",),
        ),
        Rule(
            "assessment.findings-to-program",
            "Test findings shape the program: short hip flexors add extension-range mobility; weak or uneven "
            "hip extensors or abductors add an extra round on the weaker side and more bridge and step-up "
            "work; short ankle or hamstring range adds soleus and hamstring mobility; a large reach "
            "difference between the legs adds single-leg balance work.",
            (findings.DESIGN,),
        ),
    )


RULES: dict[str, Rule] = {rule.id: rule for rule in _rules()}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


# === Running load and the training week (BRIEF §8) ========================================================
# Appended block, owned by hipcoach.domain.load and hipcoach.domain.week; the numbers live here once.

# Frandsen 2025 [V]: each run against the longest run of the previous 30 days; band edges in percent longer.
SPIKE_WINDOW_DAYS = 30
SPIKE_BAND_EDGES_PCT = (10.0, 30.0, 100.0)  # <=10 none; >10-30; >30-100; >100
SPIKE_HAZARD_RATIOS: tuple[tuple[float, float, float], ...] = (  # (HR, CI low, CI high) per band above 10%
    (1.64, 1.31, 2.05),
    (1.52, 1.16, 2.00),
    (2.28, 1.50, 3.48),
)
SPIKE_COHORT_RUNNERS = 5205
# BRIEF §8 [D]: nothing is judged against days the records do not reach. A run is judged for a spike only
# when the first recorded run started at least SPIKE_WINDOW_DAYS x 24 h before it; a week's change needs the
# records to cover both weeks (WEEK_CHANGE_HISTORY_DAYS), the two-week change all four weeks and a day's
# ACWR the days up to it (TREND_HISTORY_DAYS). hipcoach.domain.load defines "cover".
WEEK_CHANGE_HISTORY_DAYS = 14
TREND_HISTORY_DAYS = 28
# Nielsen 2014 [V]: >30% more distance over two weeks went with distance-related injuries; context, not alarm.
TWO_WEEK_CHANGE_CONTEXT_PCT = 30.0
# Williams 2017 [V]: exponentially weighted acute and chronic loads, decay 2/(N+1).
ACWR_ACUTE_DAYS = 7
ACWR_CHRONIC_DAYS = 28
# Gabbett 2016 [V] (team sports) and Impellizzeri 2020 [V]: quoted as context only, never applied as bands.
ACWR_TEAM_SPORT_SWEET_SPOT = (0.8, 1.3)
ACWR_TEAM_SPORT_DANGER = 1.5
ACWR_C_STATISTIC = 0.574
# [D]: symptoms after a spike. A spike in the last 14 days, a pain or tightness reading within 7 days after it
# at least 1 point above the last reading on or before the spike day, and the latest reading still that high.
SYMPTOM_SPIKE_LOOKBACK_DAYS = 14
SYMPTOM_RISE_WITHIN_DAYS = 7
SYMPTOM_RISE_POINTS = 1
# [D]: inferring the running week from the last 8 full weeks; at least 3 weeks with a run; a weekday with a
# run in at least half of those weeks is a running day; a day whose median pace is >=5% faster is a hard day.
WEEK_INFER_WEEKS = 8
WEEK_INFER_MIN_WEEKS = 3
WEEK_RUNNING_DAY_SHARE = 0.5
WEEK_HARD_PACE_FASTER_FRACTION = 0.05
# BRIEF §8 [S]: strength after the run on hard days, 3-6 h apart where possible.
STRENGTH_AFTER_RUN_HOURS = (3, 6)


def longer(pct: float) -> str:
    """How much longer a run is, as the texts say it: "twice as long" for 100%, else "30% longer"."""
    return {100.0: "twice as long", 200.0: "three times as long"}.get(pct, f"{pct:g}% longer")


def _spike_bands() -> str:
    low, middle, high = SPIKE_BAND_EDGES_PCT
    (hr_low, _, _), (hr_middle, _, _), (hr_high, _, _) = SPIKE_HAZARD_RATIOS
    return (
        f"single runs more than {low:g}-{middle:g}% longer went with a higher injury rate (hazard ratio "
        f"{hr_low:g}), more than {middle:g}-{high:g}% longer {hr_middle:g} and more than {longer(high)} "
        f"{hr_high:g}"
    )


def _within_days(days: int) -> str:
    return "a week" if days == 7 else f"{days} days"


def _share(fraction: float) -> str:
    return "half" if fraction == 0.5 else f"{fraction:.0%}"


def _load_rules() -> tuple[Rule, ...]:
    """The running-load and training-week rules, formatted from the constants above."""
    return (
        Rule(
            "load.spike-bands",
            f"Each run is compared with your longest run of the previous {SPIKE_WINDOW_DAYS} days. In a "
            f"study of {SPIKE_COHORT_RUNNERS:,} runners, {_spike_bands()}. That is an association in a group "
            "of runners, not a forecast for you.",
            ("frandsen2025",),
        ),
        Rule(
            "load.history-needed",
            "Nothing is judged against days your records do not reach. A run is compared with your longest "
            f"of the previous {SPIKE_WINDOW_DAYS} days only when your first recorded run started at least "
            f"{SPIKE_WINDOW_DAYS} days before it; until then it shows as 'not enough history', not as a "
            f"spike. The change from the week before needs {WEEK_CHANGE_HISTORY_DAYS} days of records, the "
            f"change over two weeks and the acute:chronic ratio {TREND_HISTORY_DAYS}.",
            ("hipcoach-design", "frandsen2025"),
        ),
        Rule(
            "load.weekly-change",
            "Weekly distance and time are shown with the change from the week before and over two weeks. "
            "Keeping to the 10% rule did not prevent injuries in a trial of novice runners; more than "
            f"{TWO_WEEK_CHANGE_CONTEXT_PCT:g}% over two weeks went with some hip injuries in another study, "
            "though the link was uncertain. Shown for context.",
            ("buist2008", "nielsen2014"),
        ),
        Rule(
            "load.acwr-context",
            "The acute:chronic workload ratio is shown as context only, never as an injury forecast: its "
            "'sweet spot' bands come from team sports, it predicted injury barely better than chance, and in "
            "runners a higher ratio did not go with more injuries.",
            ("williams2017", "gabbett2016", "impellizzeri2020", "frandsen2025"),
        ),
        Rule(
            "load.symptoms-after-spike",
            f"When pain or tightness rises by {_plural(SYMPTOM_RISE_POINTS, 'point')} or more within "
            f"{_within_days(SYMPTOM_RISE_WITHIN_DAYS)} of a much longer run, keep your longest run and "
            "weekly distance flat until the symptoms settle back.",
            ("hipcoach-design", "frandsen2025"),
        ),
        Rule(
            "week.infer",
            f"Your usual week is read from the last {WEEK_INFER_WEEKS} weeks: a weekday you ran on in at "
            f"least {_share(WEEK_RUNNING_DAY_SHARE)} of the weeks is a running day, the day with the longest "
            "typical run is the long run, and a day run at least "
            f"{WEEK_HARD_PACE_FASTER_FRACTION:.0%} faster than your usual pace is a hard day.",
            ("hipcoach-design",),
        ),
        Rule(
            "week.strength-placement",
            "Strength goes in its own session: after the run on hard days "
            f"({span(*STRENGTH_AFTER_RUN_HOURS)} hours later where you can) or on easy days, never the day "
            "before your long run or a hard workout, and at least "
            f"{MIN_HOURS_BETWEEN_STRENGTH} hours apart.",
            ("petre2021", "doma2014", "strength-running-practice"),
        ),
        Rule(
            "week.mobility-placement",
            f"The mobility circuit goes in at least {MOBILITY_SESSIONS_MIN} times a week, on any day, and as "
            "the warm-up before every strength session.",
            ("hipcoach-design",),
        ),
    )


LOAD_RULES: tuple[Rule, ...] = _load_rules()
RULES.update((load_rule.id, load_rule) for load_rule in LOAD_RULES)

# === end of running load and the training week ============================================================

# === Pain during an exercise, in the session (BRIEF §5 "In the session") ==================================
# Appended block, owned by hipcoach.domain.pain_stop. Pain above PAIN_ACCEPTABLE_MAX during an exercise, or
# pain of one of these kinds whatever its score, stops that exercise [S/D]: the kinds are the nerve-like pain
# the source program tells runners to stop for.
PAIN_STOP_KINDS = ("sharp", "shooting", "burning", "stinging")


def pain_stop_statement(acceptable_max: int | None = None) -> str:
    """The pain-stop rule in words, with the rules' acceptable maximum unless given (a runner's stricter one:
    ``pain_stop.rule_statement``)."""
    top = PAIN_ACCEPTABLE_MAX if acceptable_max is None else acceptable_max
    return (
        f"Pain above {top}/10 during an exercise, or pain that is "
        f"{or_words(PAIN_STOP_KINDS)}, stops that exercise: go on at an easier level or with a smaller "
        "range, or leave it for today. That pain counts as the exercise's pain during, and the exercise "
        "does not count as done at the full dose."
    )


def _pain_stop_rules() -> tuple[Rule, ...]:
    return (
        Rule(
            "session.pain-stop",
            pain_stop_statement(),
            ("silbernagel2007", "pain-monitoring-thresholds", "source-program", "hipcoach-design"),
        ),
    )


RULES.update((stop_rule.id, stop_rule) for stop_rule in _pain_stop_rules())

# === end of pain during an exercise ========================================================================

# === Pause and clearance (BRIEF §2.2 "Pause and clearance") ================================================
# Owned by hipcoach.domain.clearance. [D]: no number here; what holds is "a red flag that needs a clinician
# (refer or above)", the screening's own line, and what lifts a hold is a clearance recorded after it.


def _clearance_rules() -> tuple[Rule, ...]:
    return (
        Rule(
            "clearance.hold",
            "A warning sign that needs a clinician, at the screening or at a morning check-in, and a pause "
            "from the pain rules put your program on hold. It stays on hold until a clearance given after "
            "it is recorded: who cleared you (name and profession), on which day, and a note. Taking the "
            "screening again does not lift a hold.",
            ("hipcoach-design",),
        ),
        Rule(
            "clearance.history-flag",
            "An answer about your history, or a warning sign worked out from your age, that a clinician has "
            "already cleared does not put you on hold again at a later screening, unless the answer changes.",
            ("hipcoach-design",),
        ),
    )


RULES.update((clearance_rule.id, clearance_rule) for clearance_rule in _clearance_rules())

# === end of pause and clearance ===========================================================================


# === The caseload: what needs a clinician's attention (BRIEF §10) =========================================
# Owned by hipcoach.domain.attention. Most urgent first: a hold, morning pain rising week to week (the pain
# rules' own week-on-week numbers above), step-backs, a running spike (the spike bands above), missed
# check-ins, low adherence.
# [D]: days without a morning check-in before the caseload says so.
CASELOAD_MISSED_CHECKIN_DAYS = 3
# [D]: step-backs (regress decisions) over this many days show in the caseload.
CASELOAD_REGRESSION_DAYS = 14
# [D]: a spike run this recent shows in the caseload.
CASELOAD_SPIKE_DAYS = 7
# [D]: adherence is sessions done against sessions planned over the days before today, this many of them.
CASELOAD_ADHERENCE_DAYS = 14
# [D]: under this share of the planned sessions done is low adherence.
CASELOAD_LOW_ADHERENCE_FRACTION = 0.5
# [D]: the sparkline shows the morning check-ins of this many days.
CASELOAD_SPARKLINE_DAYS = 28


def _caseload_rules() -> tuple[Rule, ...]:
    week_rise = RULES["progression.week-rise-hold"].evidence
    regress = RULES["progression.regress"].evidence
    return (
        Rule(
            "caseload.hold",
            "A runner on hold (a warning sign that needs a clinician, or a pause from the pain rules, not "
            "yet cleared) comes first in the caseload.",
            ("hipcoach-design", *RULES["clearance.hold"].evidence),
        ),
        Rule(
            "caseload.pain-rising",
            f"Mean morning pain over the last {PAIN_TREND_DAYS} days {_points(PAIN_TREND_RISE_HOLD)} or "
            f"more above the {PAIN_TREND_DAYS} days before (at least {PAIN_TREND_MIN_CHECKINS} check-ins in "
            "each) needs attention.",
            tuple(dict.fromkeys(("hipcoach-design", *week_rise))),
        ),
        Rule(
            "caseload.regressions",
            f"A step back in the last {CASELOAD_REGRESSION_DAYS} days needs attention.",
            tuple(dict.fromkeys(("hipcoach-design", *regress))),
        ),
        Rule(
            "caseload.spike",
            f"A run in the last {CASELOAD_SPIKE_DAYS} days more than {SPIKE_BAND_EDGES_PCT[0]:g}% longer "
            f"than the longest of the {SPIKE_WINDOW_DAYS} days before it needs attention.",
            ("hipcoach-design", "frandsen2025"),
        ),
        Rule(
            "caseload.missed-checkins",
            f"No morning check-in for {CASELOAD_MISSED_CHECKIN_DAYS} days or more, while a program runs, "
            "needs attention.",
            ("hipcoach-design",),
        ),
        Rule(
            "caseload.low-adherence",
            f"Fewer than {CASELOAD_LOW_ADHERENCE_FRACTION:.0%} of the sessions planned over the "
            f"{CASELOAD_ADHERENCE_DAYS} days before today done needs attention (not while on hold).",
            ("hipcoach-design",),
        ),
    )


RULES.update((caseload_rule.id, caseload_rule) for caseload_rule in _caseload_rules())

# === end of the caseload ==================================================================================


def build_rules() -> dict[str, Rule]:
    """Every rule, its statement formatted from the constants as they are now (``RULES`` is built once)."""
    return {
        rule.id: rule
        for rule in (*_rules(), *_load_rules(), *_pain_stop_rules(), *_clearance_rules(), *_caseload_rules())
    }
