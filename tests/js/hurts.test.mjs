// "This hurts" in the middle of an exercise: which pain stops it (the thresholds from the page's limits, worked
// at, just below and just above them), what is recorded, the choice after a stop, and a reload in between.
// Run: node --test tests/js/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  canReport,
  chooseAfterStop,
  choicesAfterStop,
  lastHurt,
  pendingStop,
  reportHurt,
  stops,
  verdict,
  worstHurt,
  worstHurtOfSession,
} from "../../src/hipcoach/web/static/player/hurts.js";
import {
  answerBaseline,
  buildSteps,
  currentStep,
  freshState,
  goTo,
  openSession,
  resume,
  runningTimer,
  setDone,
  startHold,
  startRestIfDue,
} from "../../src/hipcoach/web/static/player/state.js";
import { choiceLabel, hurtNote, hurtSaidBack, orList } from "../../src/hipcoach/web/static/player/words.js";
import { LIMITS, mobilityPlan, strengthPlanAtLevelTwo } from "./plans.mjs";

const T0 = 1_700_000_000_000;
const LUNGE_FIRST_SET = 6; // baseline, figure-4 (2 rounds x 2 sides + a rest), then the lunge

function atLunge() {
  const plan = strengthPlanAtLevelTwo();
  return goTo(answerBaseline(openSession(plan, freshState(plan)), 1), LUNGE_FIRST_SET);
}

function reloaded(session) {
  return resume(strengthPlanAtLevelTwo(), JSON.parse(JSON.stringify(session.state)), T0).session;
}

describe("which pain stops an exercise", () => {
  test("at and below the acceptable threshold it goes on; one above, it stops", () => {
    // LIMITS: 0-3 fine, 4-5 acceptable, above 5 too much (BRIEF §5)
    assert.deepEqual(
      [0, 3, 4, 5, 6, 10].map((pain) => verdict(pain, false, LIMITS)),
      ["fine", "fine", "acceptable", "acceptable", "too-much", "too-much"]
    );
    assert.deepEqual([5, 6].map((pain) => stops(verdict(pain, false, LIMITS))), [false, true]);
  });

  test("sharp, shooting, burning or stinging pain stops whatever its score", () => {
    assert.equal(verdict(0, true, LIMITS), "sharp");
    assert.equal(verdict(2, true, LIMITS), "sharp");
    assert.ok(stops("sharp"));
  });

  test("the thresholds are the page's: with others the verdicts move", () => {
    const other = { ...LIMITS, pain_safe_max: 2, pain_acceptable_max: 4 };
    assert.deepEqual(
      [2, 3, 4, 5].map((pain) => verdict(pain, false, other)),
      ["fine", "acceptable", "acceptable", "too-much"]
    );
  });
});

describe("reporting pain during an exercise", () => {
  test("only on an exercise's sets and rests", () => {
    const plan = strengthPlanAtLevelTwo();
    const steps = buildSteps(plan);
    const session = answerBaseline(openSession(plan, freshState(plan)), 1);
    const reportable = steps.map((_, index) => canReport(goTo(session, index)));
    assert.deepEqual(
      steps.map((step) => step.type),
      ["baseline", "set", "set", "rest", "set", "set", "set", "set", "rest", "set", "set", "effort", "set", "end"]
    );
    assert.deepEqual(
      reportable,
      steps.map((step) => step.type === "set" || step.type === "rest")
    );
  });

  test("4/10, not sharp: recorded on that set, the exercise goes on where it was", () => {
    const session = reportHurt(atLunge(), { pain: 4, sharp: false }, LIMITS);
    assert.deepEqual(session.state.exercises[1].hurts, [
      { round: 1, side: "left", pain: 4, sharp: false, level: 2, choice: null },
    ]);
    assert.equal(session.state.step, LUNGE_FIRST_SET);
    assert.equal(pendingStop(session, LIMITS), null);
    assert.equal(
      hurtNote(lastHurt(session), "acceptable", LIMITS),
      `Noted: 4/10. ${LIMITS.pain_stop.verdicts.acceptable}`
    );
  });

  test("7/10 stops the exercise and waits for a choice, also after a reload", () => {
    const session = reportHurt(atLunge(), { pain: 7, sharp: false }, LIMITS);
    const pending = pendingStop(session, LIMITS);
    assert.equal(pending.pain, 7);
    assert.equal(hurtSaidBack(pending, "too-much", LIMITS), "7/10: Pain above 5/10 is too much: this exercise stops here.");
    assert.deepEqual(choicesAfterStop(session), ["easier", "smaller-range", "stopped"]);
    assert.equal(pendingStop(reloaded(session), LIMITS).pain, 7);
  });

  test("a hold under way stops and its set is not recorded", () => {
    const plan = strengthPlanAtLevelTwo();
    const holding = startHold(answerBaseline(openSession(plan, freshState(plan)), 1), T0);
    assert.ok(runningTimer(holding));
    const session = reportHurt(holding, { pain: 2, sharp: false }, LIMITS);
    assert.equal(runningTimer(session), null);
    assert.deepEqual(session.state.exercises[0].sets, []);
    assert.equal(session.state.step, 1);
  });

  test("in a rest: felt after the set just done; the rest runs on unless the pain stops the exercise", () => {
    const resting = startRestIfDue(setDone(setDone(atLunge())), T0);
    assert.equal(currentStep(resting).type, "rest");
    const mild = reportHurt(resting, { pain: 3, sharp: false }, LIMITS);
    assert.deepEqual(lastHurt(mild), { round: 1, side: "right", pain: 3, sharp: false, level: 2, choice: null });
    assert.ok(runningTimer(mild));
    const sharp = reportHurt(resting, { pain: 3, sharp: true }, LIMITS);
    assert.equal(runningTimer(sharp), null);
    assert.ok(pendingStop(sharp, LIMITS));
  });
});

describe("the choice after a stop", () => {
  test("the easier level: the lunge goes on at level 1 with its dose, on the same set", () => {
    const stopped = reportHurt(atLunge(), { pain: 7, sharp: false }, LIMITS);
    const session = chooseAfterStop(stopped, "easier");
    const lunge = session.plan.items[1];
    assert.deepEqual([lunge.level, lunge.level_name, lunge.dose.reps_per_side], [1, "Bodyweight lunge", 8]);
    assert.deepEqual(lunge.easier_levels, []);
    assert.equal(session.state.exercises[1].ladder_level, 1);
    assert.equal(lastHurt(session).choice, "easier");
    assert.equal(lastHurt(session).level, 2); // where it hurt
    assert.equal(session.state.step, LUNGE_FIRST_SET);
    assert.equal(pendingStop(session, LIMITS), null);
    assert.deepEqual(session.steps, stopped.steps);
    assert.equal(
      hurtNote(lastHurt(session), "too-much", LIMITS),
      "Stopped at 7/10. You chose: go on at the easier level."
    );
    // the level below is named where it is offered
    assert.equal(choiceLabel("easier", stopped.plan.items[1], LIMITS), "Go on at the easier level: level 1, Bodyweight lunge");
  });

  test("without a level below, no easier level is offered and asking for one changes nothing", () => {
    const plan = strengthPlanAtLevelTwo();
    const session = reportHurt(answerBaseline(openSession(plan, freshState(plan)), 1), { pain: 6, sharp: false }, LIMITS);
    assert.deepEqual(choicesAfterStop(session), ["smaller-range", "stopped"]);
    assert.equal(chooseAfterStop(session, "easier"), session);
  });

  test("a smaller range goes on at the same level; leaving it moves to the next exercise", () => {
    const stopped = reportHurt(atLunge(), { pain: 0, sharp: true }, LIMITS);
    const smaller = chooseAfterStop(stopped, "smaller-range");
    assert.equal(smaller.state.step, LUNGE_FIRST_SET);
    assert.equal(smaller.state.exercises[1].ladder_level, 2);
    assert.equal(
      hurtNote(lastHurt(smaller), "sharp", LIMITS),
      "Stopped for sharp, shooting, burning or stinging pain. You chose: go on with a smaller range, only as far as it does not hurt."
    );
    const left = chooseAfterStop(stopped, "stopped");
    assert.deepEqual(currentStep(left), { type: "set", index: 2, round: 1, side: "both" });
    assert.equal(left.state.exercises[1].hurts[0].choice, "stopped");
  });

  test("the worst pain reported is what the questions after the exercise and at the end start from", () => {
    let session = reportHurt(atLunge(), { pain: 4, sharp: false }, LIMITS);
    session = chooseAfterStop(reportHurt(session, { pain: 7, sharp: false }, LIMITS), "smaller-range");
    session = reportHurt(session, { pain: 5, sharp: false }, LIMITS);
    assert.equal(worstHurt(session.state.exercises[1]), 7);
    assert.equal(worstHurt(session.state.exercises[0]), null);
    assert.equal(worstHurtOfSession(session), 7);
    const plan = mobilityPlan();
    assert.equal(worstHurtOfSession(openSession(plan, freshState(plan))), null);
    assert.equal(worstHurt({ sets: [] }), null); // a draft from before reports existed
  });
});

test("the kinds of pain are written as a list", () => {
  assert.equal(orList(LIMITS.pain_stop.kinds), "sharp, shooting, burning or stinging");
  assert.equal(orList(["sharp"]), "sharp");
});
