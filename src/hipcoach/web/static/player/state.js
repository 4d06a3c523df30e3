/* The session as a list of steps, and what each button does to it.
 *
 * Pure: no DOM, no timers, no network, no clock. A countdown's time is passed in as `now` (milliseconds since
 * 1970, what Date.now() gives). A session is { plan, steps, state }: the plan the server gave (routes/player.py
 * PlanPublic), its steps, and the state kept as the draft (services/drafts.py DraftState). Nothing here
 * changes a session in place; each function returns the session as it is after the runner's action.
 */

/** The steps of a plan: the pain question, every set of every round (rests between rounds), then the end. */
export function buildSteps(plan) {
  const steps = [{ type: "baseline" }];
  plan.items.forEach((item, index) => {
    // The server walks the rounds (the prescribed ones, then any extra round on the weaker side) so the
    // player, the command line and "done as prescribed" do the same sets.
    item.rounds_to_do.forEach((planned, position) => {
      for (const side of planned.sides) {
        steps.push({ type: "set", index, round: planned.round, side });
      }
      if (position < item.rounds_to_do.length - 1) {
        steps.push({ type: "rest", index, round: planned.round });
      }
    });
    if (item.logs_effort) {
      steps.push({ type: "effort", index });
    }
  });
  steps.push({ type: "end" });
  return steps;
}

/** The state of a session not started yet: on the first step, nothing answered, nothing done. */
export function freshState(plan) {
  return {
    version: 1,
    kind: plan.kind,
    step: 0,
    baseline_pain: null,
    exercises: plan.items.map((item) => ({
      exercise_id: item.exercise_id,
      ladder_level: item.level,
      rounds: item.rounds,
      sets: [],
      load_kg: null,
      pain_during: null,
      rpe: null,
      hurts: [],
    })),
    pain_during: null,
    rpe: null,
    tightness: null,
    timer: null,
  };
}

/** The session of a plan with a state (fresh or saved); a step past the end is the last step. */
export function openSession(plan, state) {
  const steps = buildSteps(plan);
  return { plan, steps, state: { ...state, step: clampStep(steps, state.step) } };
}

function clampStep(steps, index) {
  return Math.max(0, Math.min(index, steps.length - 1));
}

export function withState(session, changes) {
  return { ...session, state: { ...session.state, ...changes } };
}

export function currentStep(session) {
  return session.steps[session.state.step];
}

/** The exercise a step belongs to, or null for the steps outside any exercise (the first and the last). */
export function itemOf(session, step) {
  return step && step.index !== undefined ? session.plan.items[step.index] : null;
}

/** The countdown of the step the session is on, or null when none runs there. */
export function runningTimer(session) {
  const timer = session.state.timer;
  return timer && timer.step === session.state.step ? timer : null;
}

/** On to a step (kept within the steps); a countdown of another step stops. */
export function goTo(session, index) {
  const timer = session.state.timer && session.state.timer.step !== index ? null : session.state.timer;
  return withState(session, { step: clampStep(session.steps, index), timer });
}

export function nextStep(session) {
  return goTo(session, session.state.step + 1);
}

/** One step back, never into a rest: going back into a rest is never what anyone wants. */
export function back(session) {
  let index = session.state.step - 1;
  while (index > 0 && session.steps[index].type === "rest") {
    index--;
  }
  return goTo(session, index);
}

/** On to the first step of the next exercise (or the end); the sets not done stay not done. */
export function skipExercise(session) {
  const current = currentStep(session).index;
  let index = session.state.step;
  while (index < session.steps.length - 1 && session.steps[index].index === current) {
    index++;
  }
  return goTo(session, index);
}

/** The set done on that round and side, or null. */
export function findSet(exercise, round, side) {
  return exercise.sets.find((done) => done.round === round && done.side === side) || null;
}

/** The set recorded for the set step on screen, or null (none yet, or not a set step). */
export function currentSet(session) {
  const step = currentStep(session);
  return step.type === "set" ? findSet(session.state.exercises[step.index], step.round, step.side) : null;
}

export function updateExercise(session, index, change) {
  const exercises = session.state.exercises.map((exercise, position) =>
    position === index ? change(exercise) : exercise
  );
  return withState(session, { exercises });
}

/** Record a set, replacing one recorded before on the same round and side. */
function recordSet(session, index, round, side, reps, seconds) {
  return updateExercise(session, index, (exercise) => ({
    ...exercise,
    sets: [
      ...exercise.sets.filter((done) => !(done.round === round && done.side === side)),
      { round, side, reps, seconds, load_kg: null },
    ],
  }));
}

function recordStepSet(session, step, reps, seconds) {
  return recordSet(session, step.index, step.round, step.side, reps, seconds);
}

/** The pain before the session is answered: on to the first exercise. */
export function answerBaseline(session, pain) {
  return goTo(withState(session, { baseline_pain: pain }), 1);
}

/** "Done" on a set without a countdown: the prescribed reps (or circles each way) are recorded. */
export function setDone(session) {
  const step = currentStep(session);
  const dose = itemOf(session, step).dose;
  return nextStep(recordStepSet(session, step, dose.reps_per_side || dose.circles_each_direction, null));
}

// ---- countdowns: a countdown stores when it ends, and what is left is always worked out from `now` -------
//
// A hold of reps is one countdown: rep 1's hold, then for each later rep a gap (`gap_seconds`, to let go and
// get ready) and its hold; the last hold ends at `ends_at_ms`. A rest is one plain countdown.

function startCountdown(session, kind, seconds, reps, gapSeconds, now) {
  const total = seconds * reps + gapSeconds * (reps - 1);
  const timer = {
    kind,
    step: session.state.step,
    ends_at_ms: now + total * 1000,
    seconds,
    reps,
    gap_seconds: gapSeconds,
  };
  return withState(session, { timer });
}

/** Start the hold of this set: each rep's hold in turn, the plan's gap before every rep after the first. */
export function startHold(session, now) {
  const item = itemOf(session, currentStep(session));
  const reps = item.dose.reps_per_side || 1;
  return startCountdown(session, "hold", item.dose.hold_seconds, reps, reps > 1 ? item.rep_rest_seconds : 0, now);
}

/** Arriving on a rest starts its countdown (unless it already runs: a rest resumed carries on). */
export function startRestIfDue(session, now) {
  const step = currentStep(session);
  if (step.type !== "rest" || runningTimer(session)) {
    return session;
  }
  return startCountdown(session, "rest", itemOf(session, step).rest_seconds, 1, 0, now);
}

/**
 * Where a countdown is at `now`: done or not; the rep it is on; its phase ("rest" for a rest; for a hold,
 * "hold" while the rep is held, "gap" while getting ready for it); the whole seconds that phase has left;
 * and the reps whose hold is complete.
 */
export function timerStatus(timer, now) {
  const phaseOf = (phase) => (timer.kind === "rest" ? "rest" : phase);
  if (now >= timer.ends_at_ms) {
    return { done: true, rep: timer.reps, phase: phaseOf("hold"), remaining: 0, completed: timer.reps };
  }
  // A drafted timer saved before gaps existed has none: its reps follow each other at once.
  const cycle = (timer.seconds + (timer.gap_seconds || 0)) * 1000;
  const holdEnds = (rep) => timer.ends_at_ms - (timer.reps - rep) * cycle;
  let rep = 1;
  while (holdEnds(rep) <= now) {
    rep++;
  }
  const holdStarts = holdEnds(rep) - timer.seconds * 1000;
  const waiting = rep > 1 && now < holdStarts;
  const until = waiting ? holdStarts : holdEnds(rep);
  const longest = waiting ? timer.gap_seconds : timer.seconds; // a clock set back never shows more
  return {
    done: false,
    rep,
    phase: phaseOf(waiting ? "gap" : "hold"),
    remaining: Math.max(1, Math.min(longest, Math.ceil((until - now) / 1000))),
    completed: rep - 1,
  };
}

/**
 * What a hold stopped at `now` did: the reps whose hold was complete, and the whole seconds the rep under
 * way was held (0 in a gap, where no rep is under way).
 */
export function holdStopped(timer, now) {
  const status = timerStatus(timer, now);
  // whole seconds held: what the countdown of the rep under way no longer shows
  const heldSeconds = !status.done && status.phase === "hold" ? timer.seconds - status.remaining : 0;
  return { completed: status.completed, heldSeconds };
}

/** The countdown ran out: a hold records the whole set; either way the session moves on one step. */
export function endCountdown(session) {
  const timer = session.state.timer;
  let after = withState(session, { timer: null });
  if (timer.kind === "hold") {
    const step = session.steps[timer.step];
    const dose = itemOf(session, step).dose;
    after = recordStepSet(after, step, dose.reps_per_side || null, dose.hold_seconds);
  }
  return goTo(after, timer.step + 1);
}

/**
 * "Stop hold" at `now`: the set is recorded and stays on screen, saying what was recorded (words.js
 * setSaved), until the runner moves on. Reps count the reps whose hold was complete, each held its full
 * time; when not one was, the seconds the first rep was held. A plain hold records the seconds held.
 */
export function stopHold(session, now) {
  const timer = session.state.timer;
  const step = currentStep(session);
  const dose = itemOf(session, step).dose;
  const { completed, heldSeconds } = holdStopped(timer, now);
  const after = withState(session, { timer: null });
  return recordStepSet(after, step, dose.reps_per_side ? completed : null, completed ? timer.seconds : heldSeconds);
}

export function skipRest(session) {
  return nextStep(withState(session, { timer: null }));
}

// ---- the questions after an exercise and at the end -------------------------------------------------------

/** The sets of an exercise in the order the effort step asks about them: by round, then side. */
export function effortSets(exercise) {
  return exercise.sets.slice().sort((a, b) => a.round - b.round || (a.side < b.side ? -1 : a.side > b.side ? 1 : 0));
}

/** The effort step answered: `reps` in the order of effortSets, the load for every set, pain and RPE. */
export function answerEffort(session, { reps, loadKg, pain, rpe }) {
  const step = currentStep(session);
  const answered = updateExercise(session, step.index, (exercise) => {
    const asked = effortSets(exercise);
    return {
      ...exercise,
      sets: exercise.sets.map((done) => ({ ...done, reps: reps[asked.indexOf(done)], load_kg: loadKg })),
      load_kg: loadKg,
      pain_during: pain,
      rpe,
    };
  });
  return nextStep(answered);
}

/** The last questions answered (pain_during for mobility only, rpe, tightness): ready to finish. */
export function answerEnd(session, answers) {
  return withState(session, answers);
}

/** The sets done out of all the sets of the plan. */
export function setsDone(session) {
  let total = 0;
  let done = 0;
  session.plan.items.forEach((item, index) => {
    for (const planned of item.rounds_to_do) {
      total += planned.sides.length;
    }
    done += session.state.exercises[index].sets.length;
  });
  return { done, total };
}

// ---- resuming a draft ---------------------------------------------------------------------------------------

/**
 * A saved session opened again at `now`. Its countdown carries on where it is by now; one that ran out while
 * the page was closed ends as if it had been watched, and is given back as `ended` (null otherwise).
 */
export function resume(plan, saved, now) {
  const session = openSession(plan, saved);
  const timer = session.state.timer;
  if (!timer) {
    return { session, ended: null };
  }
  if (timer.step !== session.state.step) {
    return { session: withState(session, { timer: null }), ended: null };
  }
  if (now >= timer.ends_at_ms) {
    return { session: endCountdown(session), ended: timer };
  }
  return { session, ended: null };
}

/** Where a saved session was: at an exercise (its number and name), at the last questions, or not started. */
export function resumePoint(plan, saved) {
  const steps = buildSteps(plan);
  const at = steps[Math.min(saved.step, steps.length - 1)];
  if (at.index !== undefined) {
    return { type: "exercise", number: at.index + 1, count: plan.items.length, name: plan.items[at.index].name };
  }
  return { type: at.type === "end" ? "end" : "start" };
}
