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


def _hip_ranges() -> str:
    return ", ".join(
        f"{direction.value} {band.low:g}-{band.high:g}"
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
            "Expected hip-abduction strength in novice runners is "
            f"{strength.RAMSKOV_INTERCEPT:.3f} - {strength.RAMSKOV_PER_YEAR:.3f} x age, plus "
            f"{strength.RAMSKOV_MALE:.3f} for men, give or take {strength.RAMSKOV_BAND:.3f} N·m per kg of "
            "body weight; below that range counts as weak.",
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
}


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

LOAD_RULES: tuple[Rule, ...] = (
    Rule(
        "load.spike-bands",
        "Each run is compared with your longest run of the previous 30 days. In a study of "
        f"{SPIKE_COHORT_RUNNERS:,} runners, single runs more than 10-30% longer went with a higher injury "
        "rate (hazard ratio 1.64), more than 30-100% longer 1.52 and more than twice as long 2.28. That is "
        "an association in a group of runners, not a forecast for you.",
        ("frandsen2025",),
    ),
    Rule(
        "load.weekly-change",
        "Weekly distance and time are shown with the change from the week before and over two weeks. Keeping "
        "to the 10% rule did not prevent injuries in a trial of novice runners; more than 30% over two weeks "
        "went with some hip injuries in another study, though the link was uncertain. Shown for context.",
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
        "When pain or tightness rises by 1 point or more within a week of a much longer run, keep your "
        "longest run and weekly distance flat until the symptoms settle back.",
        ("hipcoach-design", "frandsen2025"),
    ),
    Rule(
        "week.infer",
        "Your usual week is read from the last 8 weeks: a weekday you ran on in at least half of the weeks "
        "is a running day, the day with the longest typical run is the long run, and a day run at least 5% "
        "faster than your usual pace is a hard day.",
        ("hipcoach-design",),
    ),
    Rule(
        "week.strength-placement",
        "Strength goes in its own session: after the run on hard days (3-6 hours later where you can) or on "
        "easy days, never the day before your long run or a hard workout, and at least 48 hours apart.",
        ("petre2021", "doma2014", "strength-running-practice"),
    ),
    Rule(
        "week.mobility-placement",
        "The mobility circuit goes in at least 3 times a week, on any day, and as the warm-up before every "
        "strength session.",
        ("hipcoach-design",),
    ),
)
RULES.update((load_rule.id, load_rule) for load_rule in LOAD_RULES)
# === end of running load and the training week ============================================================
