// The countdown's ticks on a clock the test moves: what is shown, the beep as the next rep's hold begins,
// and the end, however late a tick comes (a phone that slept).

import assert from "node:assert/strict";
import { test } from "node:test";

import { Ticker } from "../../src/hipcoach/web/static/player/timers.js";

const T0 = 1_700_000_000_000;

function watch(timer) {
  const seen = { shown: [], reps: [], ended: [] };
  let now = T0;
  let running = timer;
  const ticker = new Ticker({
    running: () => running,
    now: () => now,
    show: (shownTimer, status) => seen.shown.push([status.rep, status.remaining]),
    repBegins: (rep) => seen.reps.push(rep),
    ended: (endedTimer) => {
      seen.ended.push(endedTimer.kind);
      running = null;
    },
  });
  return {
    seen,
    ticker,
    at(ms) {
      now = T0 + ms;
      ticker.tick();
    },
  };
}

const HOLDS = { kind: "hold", step: 4, ends_at_ms: T0 + 15_000, seconds: 5, reps: 3 };

test("each tick shows the rep and the seconds left, worked out from the clock", () => {
  const { seen, ticker, at } = watch(HOLDS);
  ticker.started();
  at(0);
  at(1_200);
  at(5_000);
  assert.deepEqual(seen.shown, [
    [1, 5],
    [1, 4],
    [2, 5],
  ]);
  assert.deepEqual(seen.reps, [2]); // the second rep's hold began: one beep
  assert.deepEqual(seen.ended, []);
});

test("the end is signalled once, however late the tick comes", () => {
  const { seen, at } = watch(HOLDS);
  at(3_000);
  at(60_000); // the phone slept through the rest of it
  at(61_000);
  assert.deepEqual(seen.ended, ["hold"]);
  assert.deepEqual(seen.shown.at(-1), [3, 0]);
});

test("a countdown shown for the first time mid-rep does not beep for that rep", () => {
  const { seen, ticker, at } = watch(HOLDS);
  ticker.forget(); // another step was shown, or the page was reopened
  at(7_000);
  at(8_000);
  assert.deepEqual(seen.reps, []);
  at(10_000);
  assert.deepEqual(seen.reps, [3]);
});

test("no countdown on the step shown: a tick does nothing", () => {
  const { seen, at } = watch(null);
  at(1_000);
  assert.deepEqual(seen, { shown: [], reps: [], ended: [] });
});
