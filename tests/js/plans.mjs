// Plans shaped as the server gives them (routes/player.py PlanPublic), for the player's tests.

const CARS = {
  exercise_id: "hip-cars",
  name: "Hip CARs (controlled articular rotations)",
  block: "mobility",
  summary: "Slow circles of the hip.",
  cues: ["Move slowly"],
  level: null,
  level_name: null,
  dose: { reps_per_side: null, hold_seconds: null, circles_each_direction: 2, text: "2 circles each way" },
  rounds: 2,
  rest_seconds: 30,
  rep_rest_seconds: 3,
  sides: ["left", "right"],
  logs_effort: false,
  extra_side: null,
  rounds_to_do: [
    { round: 1, sides: ["left", "right"] },
    { round: 2, sides: ["left", "right"] },
  ],
  because: [],
  figure_url: "/exercises/hip-cars/figure.svg",
};

const REPS_WITH_HOLDS = {
  ...CARS,
  exercise_id: "half-kneeling-hip-flexor-mobilisation",
  name: "Half-kneeling hip flexor mobilisation with overhead reach",
  dose: { reps_per_side: 5, hold_seconds: 5, circles_each_direction: null, text: "5 reps, 5 s holds" },
};

const PLAIN_HOLD = {
  ...CARS,
  exercise_id: "figure-four-stretch",
  name: "Figure-4 stretch",
  dose: { reps_per_side: null, hold_seconds: 30, circles_each_direction: null, text: "hold 30 s" },
};

const BOTH_SIDES_ONCE = {
  ...CARS,
  exercise_id: "dead-bug",
  name: "Dead bug",
  block: "core",
  dose: { reps_per_side: 8, hold_seconds: null, circles_each_direction: null, text: "8 reps" },
  rounds: 1,
  sides: ["both"],
  rounds_to_do: [{ round: 1, sides: ["both"] }],
};

/** A mobility session: circles, reps with holds, a plain hold, and one round of a both-sides exercise. */
export function mobilityPlan() {
  return {
    kind: "mobility",
    phase: 1,
    phase_title: "Phase 1: mobility",
    items: [CARS, REPS_WITH_HOLDS, PLAIN_HOLD, BOTH_SIDES_ONCE],
  };
}

/** A strength session whose one exercise has an extra round on the weaker (left) side, then its effort step. */
export function strengthPlanWithExtraRound() {
  return {
    kind: "strength",
    phase: 2,
    phase_title: "Phase 2: strength",
    items: [
      {
        ...CARS,
        exercise_id: "half-kneeling-halo",
        name: "Half-kneeling halo",
        block: "strength",
        level: 1,
        level_name: "Bodyweight",
        dose: { reps_per_side: 3, hold_seconds: null, circles_each_direction: null, text: "3 reps" },
        rest_seconds: 75,
        logs_effort: true,
        extra_side: "left",
        rounds_to_do: [
          { round: 1, sides: ["left", "right"] },
          { round: 2, sides: ["left", "right"] },
          { round: 3, sides: ["left"] },
        ],
        because: ["because your left hip abductors were 83% of your right"],
      },
      BOTH_SIDES_ONCE,
    ],
  };
}

/** A strength session whose lunge is at level 2 of its ladder, so a stop for pain can offer level 1. */
export function strengthPlanAtLevelTwo() {
  const lunge = {
    ...CARS,
    exercise_id: "runners-lunge",
    name: "Runner's lunge with overhead press",
    block: "strength",
    level: 2,
    level_name: "Loaded lunge",
    dose: { reps_per_side: 6, hold_seconds: null, circles_each_direction: null, text: "6 reps" },
    rest_seconds: 75,
    logs_effort: true,
    easier_levels: [
      {
        level: 1,
        level_name: "Bodyweight lunge",
        dose: { reps_per_side: 8, hold_seconds: null, circles_each_direction: null, text: "8 reps" },
      },
    ],
  };
  return { kind: "strength", phase: 2, phase_title: "Phase 2: strength", items: [PLAIN_HOLD, lunge, BOTH_SIDES_ONCE] };
}

/** The "this hurts" rule's words as the page carries them today (from hipcoach.domain.pain_stop). */
const PAIN_STOP = {
  rule_id: "session.pain-stop",
  rule:
    "Pain above 5/10 during an exercise, or pain that is sharp, shooting, burning or stinging, stops that exercise: " +
    "go on at an easier level or with a smaller range, or leave it for today. That pain counts as the exercise's " +
    "pain during, and the exercise does not count as done at the full dose.",
  kinds: ["sharp", "shooting", "burning", "stinging"],
  kinds_question: "Is the pain sharp, shooting, burning or stinging?",
  verdicts: {
    fine: "Pain up to 3/10 is fine: carry on.",
    acceptable:
      "Pain of 4-5/10 is acceptable: carry on, and say so again if it goes above 5/10 or turns sharp, shooting, " +
      "burning or stinging.",
    "too-much": "Pain above 5/10 is too much: this exercise stops here.",
    sharp: "Pain that is sharp, shooting, burning or stinging stops this exercise here, whatever its score.",
  },
  choices: {
    easier: "Go on at the easier level",
    "smaller-range": "Go on with a smaller range, only as far as it does not hurt",
    stopped: "Leave this exercise for today",
  },
};

/** The limits as the page carries them today (tests/web/test_player_limits.py holds the page to Python's). */
export const LIMITS = {
  scale_min: 0,
  scale_max: 10,
  max_reps: 200,
  max_load_kg: 500,
  pain_safe_max: 3,
  pain_acceptable_max: 5,
  pain_stop: PAIN_STOP,
};
