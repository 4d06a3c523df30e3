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

/** The limits as the page carries them today (tests/web/test_player_limits.py holds the page to Python's). */
export const LIMITS = {
  scale_min: 0,
  scale_max: 10,
  max_reps: 200,
  max_load_kg: 500,
  pain_safe_max: 3,
  pain_acceptable_max: 5,
};
