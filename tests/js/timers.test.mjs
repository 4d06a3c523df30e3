// The countdown's ticks on a clock the test moves: what is shown, the beep as a rep's hold ends and as the
// next one's begins, and the end, however late a tick comes (a phone that slept).

import assert from "node:assert/strict";
import { test } from "node:test";

import { Ticker } from "../../src/hipcoach/web/static/player/timers.js";

const T0 = 1_700_000_000_000;

function watch(timer) {
  const seen = { shown: [], phases: [], ended: [] };
  let now = T0;
  let running = timer;
  const ticker = new Ticker({
    running: () => running,
    now: () => now,
    show: (shownTimer, status) => seen.shown.push([status.rep, status.phase, status.remaining]),
    phaseBegins: (shownTimer, status) => seen.phases.push(`${status.rep} ${status.phase}`),
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

// three reps held 5 s, 2 s apart: rep 1 from 0 to 5 s, rep 2 from 7 s to 12 s, rep 3 from 14 s to 19 s
const HOLDS = { kind: "hold", step: 4, ends_at_ms: T0 + 19_000, seconds: 5, reps: 3, gap_seconds: 2 };

test("each tick shows the rep, its phase and the seconds left, worked out from the clock", () => {
  const { seen, ticker, at } = watch(HOLDS);
  ticker.started();
  at(0);
  at(1_200);
  at(5_000);
  at(6_500);
  at(7_000);
  assert.deepEqual(seen.shown, [
    [1, "hold", 5],
    [1, "hold", 4],
    [2, "gap", 2],
    [2, "gap", 1],
    [2, "hold", 5],
  ]);
  assert.deepEqual(seen.phases, ["2 gap", "2 hold"]); // rep 1's hold ended, then rep 2's began: a beep each
  assert.deepEqual(seen.ended, []);
});

test("the end is signalled once, however late the tick comes", () => {
  const { seen, at } = watch(HOLDS);
  at(3_000);
  at(60_000); // the phone slept through the rest of it
  at(61_000);
  assert.deepEqual(seen.ended, ["hold"]);
  assert.deepEqual(seen.shown.at(-1), [3, "hold", 0]);
});

test("a countdown shown for the first time mid-rep does not beep for that rep", () => {
  const { seen, ticker, at } = watch(HOLDS);
  ticker.forget(); // another step was shown, or the page was reopened
  at(8_000);
  at(9_000);
  assert.deepEqual(seen.phases, []);
  at(12_500);
  at(14_000);
  assert.deepEqual(seen.phases, ["3 gap", "3 hold"]);
});

test("no countdown on the step shown: a tick does nothing", () => {
  const { seen, at } = watch(null);
  at(1_000);
  assert.deepEqual(seen, { shown: [], phases: [], ended: [] });
});
