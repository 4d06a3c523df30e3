// The player's session as a runner walks it: the steps, what each button does, countdowns on a clock the
// tests move by hand, and a session reopened after a reload. Run: node --test tests/js/*.test.mjs

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  answerBaseline,
  answerEffort,
  back,
  buildSteps,
  currentSet,
  currentStep,
  endCountdown,
  findSet,
  freshState,
  goTo,
  holdStopped,
  openSession,
  resume,
  resumePoint,
  runningTimer,
  setDone,
  setsDone,
  skipExercise,
  skipRest,
  startHold,
  startRestIfDue,
  stopHold,
  timerStatus,
} from "../../src/hipcoach/web/static/player/state.js";
import { counterText } from "../../src/hipcoach/web/static/player/words.js";
import { mobilityPlan, strengthPlanWithExtraRound } from "./plans.mjs";

const T0 = 1_700_000_000_000; // any instant: the state never reads the clock itself

function start(plan) {
  return openSession(plan, freshState(plan));
}

/** The steps as short words: "set 1 left", "rest 1", "effort", for reading a sequence at a glance. */
function walk(steps) {
  return steps.map((step) =>
    step.type === "set" ? `set ${step.round} ${step.side}` : step.type === "rest" ? `rest ${step.round}` : step.type
  );
}

/** Through the pain question to the first set. */
function started(plan) {
  return answerBaseline(start(plan), 2);
}

/** A set as the draft records it. */
function set(round, side, reps, seconds) {
  return { round, side, reps, seconds, load_kg: null };
}

/** A JSON round trip: what the draft on the server gives back after a reload. */
function reloaded(state) {
  return JSON.parse(JSON.stringify(state));
}

describe("the steps of a session", () => {
  test("an extra round on the weaker side comes after the prescribed rounds, on that side only", () => {
    const steps = buildSteps(strengthPlanWithExtraRound());
    assert.deepEqual(walk(steps), [
      "baseline",
      "set 1 left",
      "set 1 right",
      "rest 1",
      "set 2 left",
      "set 2 right",
      "rest 2",
      "set 3 left",
      "effort",
      "set 1 both",
      "end",
    ]);
    const item = strengthPlanWithExtraRound().items[0];
    assert.equal(counterText(item, 3, "left"), "Extra round · left side");
    assert.equal(counterText(item, 2, "right"), "Round 2 of 2 · right side");
  });

  test("a mobility session rests between rounds only, and asks for no effort per exercise", () => {
    const steps = buildSteps(mobilityPlan());
    assert.deepEqual(walk(steps).slice(0, 6), [
      "baseline",
      "set 1 left",
      "set 1 right",
      "rest 1",
      "set 2 left",
      "set 2 right",
    ]);
    assert.equal(steps.filter((step) => step.type === "effort").length, 0);
    assert.deepEqual(walk(steps).slice(-2), ["set 1 both", "end"]); // one round: no rest
  });

  test("the sets to do count the extra round", () => {
    assert.deepEqual(setsDone(start(strengthPlanWithExtraRound())), { done: 0, total: 6 });
  });
});

describe("next, back and skip", () => {
  test("the pain before the session is kept and the first set follows", () => {
    const session = started(mobilityPlan());
    assert.equal(session.state.baseline_pain, 2);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 1, side: "left" });
  });

  test("done on a set records the prescribed circles and moves on", () => {
    const session = setDone(started(mobilityPlan()));
    assert.deepEqual(session.state.exercises[0].sets, [set(1, "left", 2, null)]);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 1, side: "right" });
  });

  test("an action returns a new session and leaves the one it was given as it was", () => {
    const before = started(mobilityPlan());
    const copy = reloaded(before.state);
    setDone(before);
    assert.deepEqual(before.state, copy);
  });

  test("back never lands in a rest, and shows the set already done", () => {
    let session = setDone(setDone(started(mobilityPlan())));
    assert.equal(currentStep(session).type, "rest");
    session = skipRest(session);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 2, side: "left" });
    session = back(session);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 1, side: "right" });
    assert.equal(findSet(session.state.exercises[0], 1, "right").reps, 2);
  });

  test("back from the first set returns to the pain question, and no further", () => {
    const first = back(started(mobilityPlan()));
    assert.equal(currentStep(first).type, "baseline");
    assert.equal(back(first).state.step, 0);
  });

  test("skip goes to the next exercise's first set, leaving the skipped sets not done", () => {
    const session = skipExercise(setDone(started(mobilityPlan())));
    assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "left" });
    assert.equal(session.state.exercises[0].sets.length, 1);
    assert.equal(session.state.exercises[1].sets.length, 0);
  });

  test("skip on a strength exercise passes its effort step; skip on the last exercise reaches the end", () => {
    let session = skipExercise(started(strengthPlanWithExtraRound()));
    assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "both" });
    session = skipExercise(session);
    assert.equal(currentStep(session).type, "end");
    assert.equal(skipExercise(session).state.step, session.state.step); // the end is the end
  });

  test("the effort step keeps the reps of each set in round-and-side order, the load on every set", () => {
    let session = started(strengthPlanWithExtraRound());
    for (let set = 0; set < 2; set++) session = setDone(session);
    session = skipRest(session);
    for (let set = 0; set < 2; set++) session = setDone(session);
    session = skipRest(session);
    session = setDone(session);
    assert.equal(currentStep(session).type, "effort");
    session = answerEffort(session, { reps: [3, 3, 3, 2, 1], loadKg: 8, pain: 2, rpe: 7 });
    const halo = session.state.exercises[0];
    const sets = halo.sets.map((s) => [s.round, s.side, s.reps, s.load_kg]);
    assert.deepEqual(sets, [
      [1, "left", 3, 8],
      [1, "right", 3, 8],
      [2, "left", 3, 8],
      [2, "right", 2, 8],
      [3, "left", 1, 8],
    ]);
    assert.deepEqual([halo.load_kg, halo.pain_during, halo.rpe], [8, 2, 7]);
    assert.deepEqual(setsDone(session), { done: 5, total: 6 });
  });
});

describe("countdowns on a clock passed in", () => {
  test("arriving on a rest starts its countdown; when it ends the next round's first set follows", () => {
    let session = setDone(setDone(started(mobilityPlan())));
    assert.equal(runningTimer(session), null);
    session = startRestIfDue(session, T0);
    const rest = runningTimer(session);
    assert.deepEqual(rest, { kind: "rest", step: 3, ends_at_ms: T0 + 30_000, seconds: 30, reps: 1, gap_seconds: 0 });
    assert.deepEqual(timerStatus(rest, T0), { done: false, rep: 1, phase: "rest", remaining: 30, completed: 0 });
    assert.equal(timerStatus(rest, T0 + 4_000).remaining, 26);
    assert.equal(timerStatus(rest, T0 + 29_001).remaining, 1);
    assert.equal(timerStatus(rest, T0 + 30_000).done, true);
    assert.equal(startRestIfDue(session, T0 + 5_000), session); // already running: it carries on
    session = endCountdown(session);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 2, side: "left" });
    assert.equal(session.state.timer, null);
  });

  test("each rep is held on its own countdown, with the plan's gap to get ready before the next", () => {
    let session = skipExercise(started(mobilityPlan())); // 5 reps, each held 5 s; 3 s between them
    session = startHold(session, T0);
    const hold = runningTimer(session);
    assert.deepEqual(hold, { kind: "hold", step: 6, ends_at_ms: T0 + 37_000, seconds: 5, reps: 5, gap_seconds: 3 });
    const at = (ms) => {
      const { rep, phase, remaining } = timerStatus(hold, T0 + ms);
      return `${rep} ${phase} ${remaining}`;
    };
    // rep 1 from 0 to 5 s, the gap to 8 s, rep 2 to 13 s, ... rep 5 from 32 s to 37 s
    assert.deepEqual(
      [0, 4_999, 5_000, 7_999, 8_000, 12_500, 13_000, 31_000, 32_000, 36_001].map(at),
      [
        "1 hold 5",
        "1 hold 1",
        "2 gap 3",
        "2 gap 1",
        "2 hold 5",
        "2 hold 1",
        "3 gap 3",
        "5 gap 1",
        "5 hold 5",
        "5 hold 1",
      ]
    );
    assert.equal(timerStatus(hold, T0 + 5_000).completed, 1);
    assert.deepEqual(timerStatus(hold, T0 + 37_000), {
      done: true,
      rep: 5,
      phase: "hold",
      remaining: 0,
      completed: 5,
    });
    session = endCountdown(session);
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 5, 5)]);
    assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "right" });
  });

  test("a plain hold has no gap: one countdown of the whole hold", () => {
    const session = startHold(skipExercise(skipExercise(started(mobilityPlan()))), T0);
    const hold = runningTimer(session);
    assert.deepEqual([hold.ends_at_ms, hold.reps, hold.gap_seconds], [T0 + 30_000, 1, 0]);
    assert.deepEqual(timerStatus(hold, T0 + 12_000), {
      done: false,
      rep: 1,
      phase: "hold",
      remaining: 18,
      completed: 0,
    });
  });

  test("a clock set back never shows more than a whole hold or gap", () => {
    const hold = runningTimer(startHold(skipExercise(started(mobilityPlan())), T0));
    assert.equal(timerStatus(hold, T0 - 60_000).remaining, 5);
  });

  test("a plain hold stopped early records the seconds held, and stays on screen to say so", () => {
    let session = skipExercise(skipExercise(started(mobilityPlan())));
    session = stopHold(startHold(session, T0), T0 + 12_000);
    assert.deepEqual(session.state.exercises[2].sets, [set(1, "left", null, 12)]);
    assert.deepEqual(currentStep(session), { type: "set", index: 2, round: 1, side: "left" });
    assert.equal(session.state.timer, null);
    assert.deepEqual(currentSet(session), set(1, "left", null, 12));
  });

  test("stopped in rep 1 after holding 4 of 5 s: no rep complete, and the 4 s are kept", () => {
    const session = stopHold(startHold(skipExercise(started(mobilityPlan())), T0), T0 + 4_200);
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 0, 4)]);
    assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "left" });
  });

  test("stopped at once, nothing was held: 0 reps, 0 s", () => {
    const session = stopHold(startHold(skipExercise(started(mobilityPlan())), T0), T0 + 300);
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 0, 0)]);
  });

  test("stopped in a later rep's hold: the reps whose hold was complete, each held its full time", () => {
    const session = stopHold(startHold(skipExercise(started(mobilityPlan())), T0), T0 + 20_000); // rep 3 held 4 s
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 2, 5)]);
  });

  test("stopped in a gap: the reps before it, all complete", () => {
    const session = stopHold(startHold(skipExercise(started(mobilityPlan())), T0), T0 + 14_000); // before rep 3
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 2, 5)]);
    assert.deepEqual(holdStopped(runningTimer(startHold(skipExercise(started(mobilityPlan())), T0)), T0 + 6_000), {
      completed: 1,
      heldSeconds: 0,
    });
  });

  test("leaving a step stops its countdown; skipping a rest records nothing", () => {
    let session = startRestIfDue(setDone(setDone(started(mobilityPlan()))), T0);
    assert.equal(back(session).state.timer, null);
    session = skipRest(session);
    assert.equal(session.state.timer, null);
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 2, side: "left" });
    assert.equal(session.state.exercises[0].sets.length, 2);
  });

  test("going to the step a countdown belongs to keeps it", () => {
    const session = startRestIfDue(setDone(setDone(started(mobilityPlan()))), T0);
    assert.notEqual(goTo(session, session.state.step).state.timer, null);
  });
});

describe("resuming after a reload", () => {
  test("a rest reopened later carries on with the time it has left by now", () => {
    const plan = mobilityPlan();
    const saved = reloaded(startRestIfDue(setDone(setDone(started(plan))), T0).state);
    const { session, ended } = resume(plan, saved, T0 + 25_000);
    assert.equal(ended, null);
    assert.equal(currentStep(session).type, "rest");
    assert.deepEqual(timerStatus(runningTimer(session), T0 + 25_000), {
      done: false,
      rep: 1,
      phase: "rest",
      remaining: 5,
      completed: 0,
    });
  });

  test("a hold of reps reopened mid-rep or mid-gap shows the rep, the phase and the seconds it has by now", () => {
    const plan = mobilityPlan();
    const saved = reloaded(startHold(skipExercise(started(plan)), T0).state);
    for (const [ms, rep, phase, remaining] of [
      [10_500, 2, "hold", 3],
      [13_500, 3, "gap", 3],
    ]) {
      const { session, ended } = resume(plan, saved, T0 + ms);
      assert.equal(ended, null);
      assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "left" });
      const status = timerStatus(runningTimer(session), T0 + ms);
      assert.deepEqual([status.rep, status.phase, status.remaining], [rep, phase, remaining]);
    }
    // and a stop after the reload records what was held before it
    const { session } = resume(plan, saved, T0 + 13_500);
    assert.deepEqual(stopHold(session, T0 + 13_500).state.exercises[1].sets, [set(1, "left", 2, 5)]);
  });

  test("a hold saved before gaps existed resumes as it was started: its reps back to back", () => {
    const plan = mobilityPlan();
    const state = startHold(skipExercise(started(plan)), T0).state;
    const older = { kind: "hold", step: state.step, ends_at_ms: T0 + 25_000, seconds: 5, reps: 5 };
    const { session } = resume(plan, reloaded({ ...state, timer: older }), T0 + 6_000);
    const status = timerStatus(runningTimer(session), T0 + 6_000);
    assert.deepEqual([status.rep, status.phase, status.remaining], [2, "hold", 4]);
  });

  test("a hold that ran out while the page was closed is recorded as done, and the next set follows", () => {
    const plan = mobilityPlan();
    const saved = reloaded(startHold(skipExercise(started(plan)), T0).state);
    const { session, ended } = resume(plan, saved, T0 + 60_000);
    assert.equal(ended.kind, "hold");
    assert.deepEqual(session.state.exercises[1].sets, [set(1, "left", 5, 5)]);
    assert.deepEqual(currentStep(session), { type: "set", index: 1, round: 1, side: "right" });
    assert.equal(session.state.timer, null);
  });

  test("a rest that ran out while the page was closed moves on to the next round", () => {
    const plan = mobilityPlan();
    const saved = reloaded(startRestIfDue(setDone(setDone(started(plan))), T0).state);
    const { session, ended } = resume(plan, saved, T0 + 31_000);
    assert.equal(ended.kind, "rest");
    assert.deepEqual(currentStep(session), { type: "set", index: 0, round: 2, side: "left" });
  });

  test("a countdown saved for another step is dropped; a step past the end is the end", () => {
    const plan = mobilityPlan();
    const elsewhere = { kind: "rest", step: 3, ends_at_ms: T0, seconds: 30, reps: 1 };
    const saved = { ...freshState(plan), step: 1, timer: elsewhere };
    const { session, ended } = resume(plan, saved, T0 + 1);
    assert.equal(ended, null);
    assert.equal(session.state.timer, null);
    assert.equal(session.state.step, 1);
    const far = resume(plan, { ...freshState(plan), step: 999 }, T0).session;
    assert.equal(currentStep(far).type, "end");
  });

  test("the answers and sets given before the reload are all still there", () => {
    const plan = mobilityPlan();
    const before = setDone(started(plan));
    const { session } = resume(plan, reloaded(before.state), T0);
    assert.deepEqual(session.state, before.state);
    assert.deepEqual(session.steps, before.steps);
  });

  test("the offer to resume says where the session was", () => {
    const plan = strengthPlanWithExtraRound();
    assert.deepEqual(resumePoint(plan, freshState(plan)), { type: "start" });
    assert.deepEqual(resumePoint(plan, { ...freshState(plan), step: 8 }), {
      type: "exercise",
      number: 1,
      count: 2,
      name: "Half-kneeling halo",
    });
    assert.deepEqual(resumePoint(plan, { ...freshState(plan), step: 10 }), { type: "end" });
    assert.deepEqual(resumePoint(plan, { ...freshState(plan), step: 50 }), { type: "end" });
  });
});
