/* The countdown on screen. It keeps no time of its own: a countdown stores when it ends (ends_at_ms), and
 * every tick works out what is left from the clock, so a phone that sleeps, or a tab the browser throttles,
 * shows the right time again the moment it ticks (main.js ticks at once when the page is visible again).
 */

import { timerStatus } from "./state.js";

const TICK_MS = 250;

function phaseKey(status) {
  return `${status.rep} ${status.phase}`;
}

/**
 * `running()` gives the countdown of the step on screen (or null), `now()` the time; each tick `show`s the
 * countdown, calls `phaseBegins(timer, status)` when a hold ends and its gap begins or a rep's hold begins
 * after its gap, and `ended(timer)` when it runs out.
 */
export class Ticker {
  constructor({ running, now, show, phaseBegins, ended }) {
    Object.assign(this, { running, now, show, phaseBegins, ended });
    this.handle = null;
    this.lastPhase = null; // the rep and phase shown at the last tick; null: no beep for the first one seen
    this.tick = this.tick.bind(this);
  }

  tick() {
    const timer = this.running();
    if (!timer) {
      return;
    }
    const status = timerStatus(timer, this.now());
    this.show(timer, status);
    if (status.done) {
      this.stop();
      this.ended(timer);
      return;
    }
    const phase = phaseKey(status);
    if (this.lastPhase !== null && phase !== this.lastPhase) {
      this.phaseBegins(timer, status);
    }
    this.lastPhase = phase;
  }

  /** Tick from now on, until stopped (once, however often it is asked). */
  keepTicking() {
    if (this.handle === null) {
      this.handle = setInterval(this.tick, TICK_MS);
    }
  }

  stop() {
    if (this.handle !== null) {
      clearInterval(this.handle);
      this.handle = null;
    }
  }

  /** A countdown was started on screen: its first rep's hold (or its rest) is what the runner saw begin. */
  started() {
    const timer = this.running();
    this.lastPhase = timer ? phaseKey(timerStatus(timer, this.now())) : null;
  }

  /** Another step is shown: whatever rep it is on, no beep for it. */
  forget() {
    this.lastRep = null;
  }
}
