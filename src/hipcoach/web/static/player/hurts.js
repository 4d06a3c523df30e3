/* "This hurts": pain reported in the middle of an exercise, the rule that may stop it, and the runner's choice.
 *
 * Pure, like state.js: a session in, the session after the runner's action out. The thresholds and the kinds of
 * pain that stop an exercise come from `limits` (the server's PlayerLimits: pain_safe_max, pain_acceptable_max,
 * pain_stop), never typed here. The server applies the same rule again when the session is saved.
 */

import { currentStep, itemOf, skipExercise, updateExercise, withState } from "./state.js";

/** What a report means: "sharp" (any score), "too-much" (above the acceptable), "acceptable" or "fine". */
export function verdict(pain, sharp, limits) {
  if (sharp) {
    return "sharp";
  }
  if (pain > limits.pain_acceptable_max) {
    return "too-much";
  }
  return pain > limits.pain_safe_max ? "acceptable" : "fine";
}

export function stops(found) {
  return found === "sharp" || found === "too-much";
}

export function hurtsOf(exercise) {
  return exercise.hurts || []; // a draft saved before reports existed has none
}

/** "This hurts" belongs to an exercise's own screens: its sets and the rests between its rounds. */
export function canReport(session) {
  const type = currentStep(session).type;
  return type === "set" || type === "rest";
}

/**
 * Record a report on the exercise under way, at the set it was felt in (in a rest: the set just done).
 * A hold under way stops (its set is not recorded: it is done again, or not); a rest goes on unless the
 * report stops the exercise.
 */
export function reportHurt(session, { pain, sharp }, limits) {
  const step = currentStep(session);
  const at = step.type === "rest" ? session.steps[session.state.step - 1] : step;
  const item = itemOf(session, step);
  const hurt = { round: at.round, side: at.side, pain, sharp, level: item.level, choice: null };
  const timer = session.state.timer;
  const keepTimer = timer && timer.kind === "rest" && !stops(verdict(pain, sharp, limits));
  const recorded = updateExercise(session, step.index, (exercise) => ({
    ...exercise,
    hurts: [...hurtsOf(exercise), hurt],
  }));
  return keepTimer ? recorded : withState(recorded, { timer: null });
}

/** The last report on the exercise on screen, or null. */
export function lastHurt(session) {
  const step = currentStep(session);
  if (step.index === undefined) {
    return null;
  }
  const hurts = hurtsOf(session.state.exercises[step.index]);
  return hurts.length ? hurts[hurts.length - 1] : null;
}

/** The report that stopped the exercise on screen and waits for the runner's choice, or null. */
export function pendingStop(session, limits) {
  const hurt = lastHurt(session);
  return hurt && hurt.choice === null && stops(verdict(hurt.pain, hurt.sharp, limits)) ? hurt : null;
}

/** What a stop offers for the exercise on screen: its easier level only where the ladder has one. */
export function choicesAfterStop(session) {
  const item = itemOf(session, currentStep(session));
  const easier = item.easier_levels && item.easier_levels.length ? ["easier"] : [];
  return [...easier, "smaller-range", "stopped"];
}

function easierItem(item) {
  const [next, ...below] = item.easier_levels;
  return { ...item, level: next.level, level_name: next.level_name, dose: next.dose, easier_levels: below };
}

/**
 * The runner's choice after a stop: "easier" goes on at the next level down (the plan's item and the level
 * recorded change, the steps do not), "smaller-range" goes on as it was, "stopped" moves to the next exercise.
 */
export function chooseAfterStop(session, choice) {
  if (!choicesAfterStop(session).includes(choice)) {
    return session;
  }
  const index = currentStep(session).index;
  const item = session.plan.items[index];
  let level = null;
  let after = session;
  if (choice === "easier") {
    const easier = easierItem(item);
    level = easier.level;
    const items = session.plan.items.map((planned, position) => (position === index ? easier : planned));
    after = { ...session, plan: { ...session.plan, items } };
  }
  after = updateExercise(after, index, (exercise) => {
    const hurts = hurtsOf(exercise);
    const last = { ...hurts[hurts.length - 1], choice };
    return {
      ...exercise,
      ladder_level: level === null ? exercise.ladder_level : level,
      hurts: [...hurts.slice(0, -1), last],
    };
  });
  return choice === "stopped" ? skipExercise(after) : after;
}

/** The worst pain reported during an exercise, or null. */
export function worstHurt(exercise) {
  const pains = hurtsOf(exercise).map((hurt) => hurt.pain);
  return pains.length ? Math.max(...pains) : null;
}

/** The worst pain reported during the whole session, or null. */
export function worstHurtOfSession(session) {
  const worst = session.state.exercises.map(worstHurt).filter((pain) => pain !== null);
  return worst.length ? Math.max(...worst) : null;
}
