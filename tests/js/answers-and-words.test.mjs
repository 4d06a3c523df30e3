// What the runner types, read against the limits the page carries, and the hints and counters said back.
// The limits are arguments: with other numbers the checks and the words follow (the page's numbers are held
// to the Python constants by tests/web/test_player_limits.py).

import assert from "node:assert/strict";
import { test } from "node:test";

import { readCount, readLoadKg, readScore } from "../../src/hipcoach/web/static/player/answers.js";
import {
  describeStep,
  formatSeconds,
  holdStarted,
  painHint,
  phaseSaid,
  rpeHint,
  scaleError,
  scaleUnit,
  setSaved,
  startedWhen,
  timerLabel,
} from "../../src/hipcoach/web/static/player/words.js";
import { LIMITS, mobilityPlan } from "./plans.mjs";

const OTHER_LIMITS = {
  scale_min: 1,
  scale_max: 7,
  max_reps: 50,
  max_load_kg: 120.5,
  pain_safe_max: 2,
  pain_acceptable_max: 4,
};

test("a 0-10 answer is a whole number within the page's scale", () => {
  assert.deepEqual(readScore(" 4 ", LIMITS), { ok: true, value: 4 });
  assert.deepEqual(readScore("0", LIMITS), { ok: true, value: 0 });
  for (const typo of ["", "11", "-1", "2.5", "two"]) {
    assert.equal(readScore(typo, LIMITS).ok, false, typo);
  }
  assert.equal(readScore("8", OTHER_LIMITS).ok, false);
  assert.equal(readScore("0", OTHER_LIMITS).ok, false);
});

test("reps may be left empty, and are at most the page's most reps", () => {
  assert.deepEqual(readCount("", LIMITS), { ok: true, value: null });
  assert.deepEqual(readCount("200", LIMITS), { ok: true, value: 200 });
  assert.equal(readCount("201", LIMITS).ok, false);
  assert.equal(readCount("51", OTHER_LIMITS).ok, false);
  assert.equal(readCount("3.5", LIMITS).ok, false);
});

test("a load takes a decimal comma, empty is bodyweight, and stops at the page's heaviest", () => {
  assert.deepEqual(readLoadKg("7,5", LIMITS), { ok: true, value: 7.5 });
  assert.deepEqual(readLoadKg(" ", LIMITS), { ok: true, value: null });
  assert.equal(readLoadKg("500.5", LIMITS).ok, false);
  assert.deepEqual(readLoadKg("120.5", OTHER_LIMITS), { ok: true, value: 120.5 });
  assert.equal(readLoadKg("121", OTHER_LIMITS).ok, false);
  assert.equal(readLoadKg("-1", LIMITS).ok, false);
});

test("the pain hint and the scale follow the limits", () => {
  assert.equal(painHint(LIMITS, ""), "0-3 is fine, 4-5 is acceptable, above 5 is too much: ease off.");
  assert.equal(
    painHint(LIMITS, " next time"),
    "0-3 is fine, 4-5 is acceptable, above 5 is too much: ease off next time."
  );
  assert.equal(painHint(OTHER_LIMITS, ""), "1-2 is fine, 3-4 is acceptable, above 4 is too much: ease off.");
  assert.equal(
    painHint({ ...LIMITS, pain_acceptable_max: 4 }, ""),
    "0-3 is fine, 4 is acceptable, above 4 is too much: ease off."
  );
  assert.equal(scaleUnit(LIMITS), "(0-10)");
  assert.equal(rpeHint(LIMITS), "0 is rest, 10 the hardest you can imagine.");
  assert.equal(
    scaleError("your pain right now", OTHER_LIMITS),
    "Please give your pain right now as a whole number from 1 to 7."
  );
});

test("countdowns read as seconds, then minutes", () => {
  assert.deepEqual([5, 59, 60, 75, 605].map(formatSeconds), ["5", "59", "1:00", "1:15", "10:05"]);
  const holds = { kind: "hold", reps: 5 };
  assert.equal(timerLabel(holds, { rep: 2, phase: "hold" }), "Rep 2 of 5: hold");
  assert.equal(timerLabel(holds, { rep: 2, phase: "gap" }), "Rep 2 of 5: get ready");
  assert.equal(timerLabel({ kind: "hold", reps: 1 }, { rep: 1, phase: "hold" }), "Hold");
  assert.equal(timerLabel({ kind: "rest", reps: 1 }, { rep: 1, phase: "rest" }), "Rest");
});

test("each rep of a hold is announced: the hold over and the wait, then the next hold", () => {
  const holds = { kind: "hold", reps: 5 };
  assert.equal(
    phaseSaid(holds, { rep: 2, phase: "gap", remaining: 3, completed: 1 }),
    "Rep 1 done. Let go. Rep 2 of 5 in 3 seconds."
  );
  assert.equal(phaseSaid(holds, { rep: 2, phase: "hold", remaining: 5, completed: 1 }), "Rep 2 of 5: hold.");
});

test("screen readers hear each step in a sentence", () => {
  const plan = mobilityPlan();
  assert.equal(
    describeStep(plan, { type: "set", index: 0, round: 2, side: "right" }),
    "Hip CARs (controlled articular rotations). Round 2 of 2, right side."
  );
  assert.equal(describeStep(plan, { type: "set", index: 3, round: 1, side: "both" }), "Dead bug. Round 1 of 1.");
  assert.equal(describeStep(plan, { type: "baseline" }), "Before you start: your pain right now.");
});

test("a set says what it saved: the reps whose hold was complete, or the seconds held", () => {
  const reps = { reps_per_side: 5, hold_seconds: 5, circles_each_direction: null };
  const plain = { reps_per_side: null, hold_seconds: 30, circles_each_direction: null };
  const circles = { reps_per_side: null, hold_seconds: null, circles_each_direction: 2 };
  assert.equal(setSaved({ reps: 5, seconds: 5 }, reps), "Saved: 5 reps, each held 5 s.");
  assert.equal(
    setSaved({ reps: 2, seconds: 5 }, reps),
    "Saved: 2 of 5 reps, each held 5 s. A rep counts once its whole hold is done."
  );
  assert.equal(setSaved({ reps: 0, seconds: 4 }, reps), "Saved: 0 of 5 reps. You held the first rep 4 s of 5.");
  assert.equal(setSaved({ reps: 0, seconds: 0 }, reps), "Saved: 0 of 5 reps.");
  assert.equal(setSaved({ reps: null, seconds: 12 }, plain), "Saved: held 12 s of 30.");
  assert.equal(setSaved({ reps: null, seconds: 30 }, plain), "Saved: held 30 s.");
  assert.equal(setSaved({ reps: 2, seconds: null }, circles), "Saved: 2 done.");
});

test("a session started on another day names the day; one of the same day only the time", () => {
  const started = new Date(2031, 0, 15, 9, 5); // fixed dates: nothing here reads today's
  const sameDay = startedWhen(started, new Date(2031, 0, 15, 18, 0));
  const dayAfter = startedWhen(started, new Date(2031, 0, 16, 8, 0));
  assert.ok(!sameDay.includes(","), sameDay);
  assert.ok(dayAfter.endsWith(`, ${sameDay}`), dayAfter);
});

test("a hold of reps says, as it starts, that each rep is held on its own with a pause between", () => {
  const held = { dose: { reps_per_side: 5, hold_seconds: 5 }, rep_rest_seconds: 3 };
  const once = { dose: { reps_per_side: null, hold_seconds: 30 }, rep_rest_seconds: 3 };
  assert.equal(
    holdStarted(held),
    "Hold started: 5 reps, each held 5 seconds, with 3 seconds to let go between reps."
  );
  assert.equal(holdStarted(once), "Hold started: 30 seconds.");
});
