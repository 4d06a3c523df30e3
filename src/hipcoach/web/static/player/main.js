/* hipcoach session player: one exercise at a time, hold and rest countdowns, the state saved as it goes.
 *
 * Native ES modules, no build step. Without them the page lists the session with a form to log it.
 *   state.js    the steps and what each action does to the session (pure; time passed in)
 *   hurts.js    "this hurts": the rule that stops an exercise, and the runner's choice after it (pure)
 *   answers.js  what the runner typed, read against the bounds the page carries (pure)
 *   words.js    the counters, hints and announcements (pure)
 *   timers.js   the countdown's ticking, from the clock each tick
 *   device.js   beeps, vibration, keeping the screen on
 *   drafts.js   the session kept on the server as it goes
 *   views.js, questions.js, hurtscreens.js, figure.js, dom.js   the page
 * This module wires them: it holds the session and applies each action's result to the page and the draft.
 */

import * as device from "./device.js";
import { announce, byId, showError } from "./dom.js";
import { DraftSaver, discardDraft, loadDraft } from "./drafts.js";
import * as hurts from "./hurts.js";
import * as sessionState from "./state.js";
import { currentStep, itemOf, runningTimer } from "./state.js";
import { Ticker } from "./timers.js";
import * as views from "./views.js";
import {
  describeStep,
  holdStarted,
  hurtSaidBack,
  phaseSaid,
  resumeDetail,
  resumeTitle,
  setSaved,
  startedWhen,
} from "./words.js";

let page = null; // what the page carries: { plan, limits, csrfToken }
let session = null; // { plan, steps, state }: see state.js
let drafts = null;
let ticker = null;
let askingHurt = false; // "This hurts" pressed: its questions are on screen and the countdown waits

function countdownStarted(started) {
  session = started;
  ticker.started();
  device.keepScreenOn();
  drafts.save();
}

function render() {
  const arrived = sessionState.startRestIfDue(session, Date.now());
  if (arrived !== session) {
    countdownStarted(arrived);
    announce(`Rest ${itemOf(session, currentStep(session)).rest_seconds} seconds.`);
  }
  views.renderStep(session, page.limits, actions);
  if (runningTimer(session)) {
    ticker.keepTicking();
    ticker.tick();
  }
}

/** Show the session after an action: draw its step, move the keyboard, say where it is, save it. */
function show(next, quiet = false) {
  askingHurt = false;
  if (!runningTimer(next)) {
    ticker.stop();
  }
  session = next;
  ticker.forget();
  const focusWasInForm = views.focusIsInForm();
  render();
  views.placeFocus(quiet, focusWasInForm);
  if (!quiet) {
    announce(describeStep(session.plan, currentStep(session)));
  }
  drafts.save();
}

function afterCountdown(timer, next) {
  device.beep(2);
  announce(timer.kind === "rest" ? `Rest over. ${describeStep(next.plan, currentStep(next))}` : "Hold done.");
  show(next, true);
}

function finish(answers) {
  session = sessionState.answerEnd(session, answers);
  views.setFinishing(true);
  views.showSaved("Saving your session…");
  drafts
    .finish()
    .then((nextPage) => {
      device.letScreenSleep();
      window.removeEventListener("pagehide", drafts.flushOnLeave);
      if (nextPage === null) {
        announce("Saved on this phone. It syncs when you're back online.");
        return; // offline: the finish stays disabled, and the outbox sends the session later
      }
      window.location.assign(nextPage);
    })
    .catch((error) => {
      views.setFinishing(false);
      views.showSaved("");
      showError(`Not saved: ${error.message}. Your answers are kept; correct it and try again.`);
    });
}

/** What the buttons of each step do (views.js and questions.js call these). */
const actions = {
  answerBaseline(pain) {
    device.keepScreenOn();
    show(sessionState.answerBaseline(session, pain));
  },
  setDone: () => show(sessionState.setDone(session)),
  next: () => show(sessionState.nextStep(session)),
  startHold() {
    countdownStarted(sessionState.startHold(session, Date.now()));
    announce(holdStarted(itemOf(session, currentStep(session))));
    render();
  },
  stopHold() {
    ticker.stop();
    const stopped = sessionState.stopHold(session, Date.now());
    const dose = itemOf(stopped, currentStep(stopped)).dose;
    announce(`Hold stopped. ${setSaved(sessionState.currentSet(stopped), dose)}`);
    show(stopped, true);
  },
  skipRest() {
    ticker.stop();
    show(sessionState.skipRest(session));
  },
  answerEffort: (answers) => show(sessionState.answerEffort(session, answers)),
  finish,
  askHurt() {
    askingHurt = true;
    ticker.stop();
    views.showHurtAsk(session, page.limits, actions);
    views.placeFocus(false, false);
    announce("This hurts: how much, and what kind of pain?");
  },
  cancelHurt: () => show(session),
  reportHurt(answers) {
    const found = hurts.verdict(answers.pain, answers.sharp, page.limits);
    const next = hurts.reportHurt(session, answers, page.limits);
    announce(hurtSaidBack(answers, found, page.limits));
    show(next, true); // the keyboard goes back to the main button
    if (hurts.stops(found)) {
      views.placeFocus(false, false); // onto the choice instead
    }
  },
  chooseAfterStop(choice) {
    show(hurts.chooseAfterStop(session, choice));
  },
};

function begin(plan, saved) {
  const resumed = sessionState.resume(plan, saved, Date.now());
  views.showStage();
  if (resumed.ended) {
    afterCountdown(resumed.ended, resumed.session); // it ran out while the page was closed
    return;
  }
  session = resumed.session;
  render();
}

function startFresh(moveFocus) {
  begin(page.plan, sessionState.freshState(page.plan));
  if (moveFocus) {
    views.focusStepTitle();
  }
}

function offerResume(draft) {
  const when = startedWhen(new Date(draft.started_at), new Date());
  const where = resumeDetail(sessionState.resumePoint(draft.plan, draft.state));
  views.offerResume(resumeTitle(draft.plan.kind, when), where, {
    resume() {
      device.unlockAudio();
      drafts.startedAt = draft.started_at;
      begin(draft.plan, draft.state);
      views.focusStepTitle();
      announce(describeStep(session.plan, currentStep(session)));
    },
    startOver() {
      discardDraft(page.csrfToken).finally(() => startFresh(true));
    },
  });
}

function wake() {
  if (document.visibilityState === "visible") {
    device.keepScreenOn();
    ticker.tick(); // the time left is worked out afresh, however long the screen slept
  }
}

function listen() {
  byId("primary").addEventListener("click", device.unlockAudio); // before any step's own action
  byId("back").addEventListener("click", () => show(sessionState.back(session)));
  byId("skip").addEventListener("click", () => {
    announce("Skipped.");
    show(sessionState.skipExercise(session));
  });
  byId("hurts").addEventListener("click", actions.askHurt);
  byId("sound").addEventListener("click", (event) => {
    device.setSound(!device.isSoundOn());
    views.showSound(event.currentTarget, device.isSoundOn());
  });
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("pageshow", wake);
  window.addEventListener("pagehide", drafts.flushOnLeave);
}

function play(plan, limits, csrfToken) {
  page = { plan, limits, csrfToken };
  drafts = new DraftSaver({ csrfToken, currentState: () => session && session.state, showSaved: views.showSaved });
  ticker = new Ticker({
    running: () => session && !askingHurt && runningTimer(session),
    now: () => Date.now(),
    show: views.showCountdown,
    phaseBegins(timer, status) {
      device.beep(1);
      announce(phaseSaid(timer, status));
    },
    ended: (timer) => afterCountdown(timer, sessionState.endCountdown(session)),
  });
  listen();
  views.showPlayer();
  // The page says whether a session is under way, so a fresh start asks the server for nothing (no 404).
  const underWay = byId("player").dataset.draft === "yes";
  (underWay ? loadDraft() : Promise.resolve(null)).then((draft) => (draft ? offerResume(draft) : startFresh(false)));
}

const planNode = byId("session-plan");
const limitsNode = byId("player-limits");
const tokenNode = document.querySelector('meta[name="csrf-token"]');
if (byId("player") && planNode && limitsNode && tokenNode) {
  play(JSON.parse(planNode.textContent), JSON.parse(limitsNode.textContent), tokenNode.getAttribute("content"));
}
// otherwise the plain list and its form stay in charge
