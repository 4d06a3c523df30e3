/* What the player shows: the step on the stage, the countdown, how saving goes, the offer to resume.
 *
 * Views only draw and read the page; what a button does is an action main.js hands in (see main.js `actions`).
 */

import { byId, el, hideError, setPrimary } from "./dom.js";
import { showFigure } from "./figure.js";
import { canReport, lastHurt, pendingStop, stops, verdict } from "./hurts.js";
import { renderHurtAsk, renderStopChoice } from "./hurtscreens.js";
import { renderBaseline, renderEffort, renderEnd } from "./questions.js";
import { currentSet, currentStep, itemOf, runningTimer } from "./state.js";
import { counterText, formatSeconds, holdLabel, hurtNote, setSaved, timerLabel } from "./words.js";

function doseView(item) {
  const dose = item.dose;
  const box = byId("dose");
  if (dose.circles_each_direction) {
    const row = el("div", { class: "circles" });
    for (const [direction, arrow] of [
      ["clockwise", "↻"],
      ["counter-clockwise", "↺"],
    ]) {
      const part = el("p", { class: "circle-count" });
      part.appendChild(el("span", { class: "big" }, String(dose.circles_each_direction)));
      part.appendChild(el("span", { "aria-hidden": "true", class: "arrow" }, ` ${arrow} `));
      part.appendChild(el("span", {}, direction));
      row.appendChild(part);
    }
    box.appendChild(row);
    box.appendChild(el("p", { class: "dose-text" }, "circles: clockwise first, then counter-clockwise"));
  } else if (dose.reps_per_side && dose.hold_seconds) {
    box.appendChild(el("p", { class: "big" }, `${dose.reps_per_side} reps`));
    box.appendChild(el("p", { class: "dose-text" }, `hold each for ${dose.hold_seconds} s`));
  } else if (dose.hold_seconds) {
    box.appendChild(el("p", { class: "big" }, `Hold ${formatSeconds(dose.hold_seconds)} s`));
  } else if (dose.reps_per_side) {
    box.appendChild(el("p", { class: "big" }, `${dose.reps_per_side} reps`));
  }
}

function notesView(item) {
  const notes = byId("notes");
  notes.appendChild(el("p", { class: "summary" }, item.summary));
  const list = el("ul", { class: "cues" });
  for (const cue of item.cues) {
    list.appendChild(el("li", {}, cue));
  }
  notes.appendChild(list);
  for (const reason of item.because || []) {
    notes.appendChild(el("p", { class: "because" }, `Changed for you ${reason}.`));
  }
}

function renderSet(session, step, item, actions) {
  byId("step-title").textContent = item.name;
  if (item.level_name) {
    byId("level").hidden = false;
    byId("level").textContent = `Level ${item.level}: ${item.level_name}`;
  }
  byId("counter").textContent = counterText(item, step.round, step.side);
  doseView(item);
  notesView(item);
  const dose = item.dose;
  const done = currentSet(session);
  const running = runningTimer(session) !== null;
  if (dose.hold_seconds && !running) {
    byId("timer").hidden = false;
    byId("timer-label").textContent = holdLabel(dose.reps_per_side || 1);
    byId("countdown").textContent = formatSeconds(dose.hold_seconds);
  }
  if (done) {
    byId("dose").appendChild(el("p", { class: "done-mark" }, setSaved(done, dose)));
    setPrimary("Next", actions.next);
  } else if (running) {
    setPrimary("Stop hold", actions.stopHold);
  } else if (dose.hold_seconds) {
    setPrimary("Start hold", actions.startHold);
  } else {
    setPrimary("Done", actions.setDone);
  }
}

function renderRest(session, item, actions) {
  const next = session.steps[session.state.step + 1];
  byId("step-title").textContent = "Rest";
  byId("counter").textContent = `Next: ${counterText(item, next.round, next.side)}`;
  byId("dose").appendChild(el("p", { class: "dose-text" }, item.name));
  setPrimary("Skip rest", actions.skipRest);
}

function clearStage() {
  byId("dose").textContent = "";
  byId("notes").textContent = "";
  byId("step-form").textContent = "";
  byId("step-form").hidden = true;
  byId("timer").hidden = true;
  byId("level").hidden = true;
  byId("counter").textContent = "";
  hideError();
}

/** The last pain report on this exercise, kept on its screens: what was said back, or what was chosen. */
function hurtNoteView(session, limits) {
  const hurt = lastHurt(session);
  if (hurt) {
    const found = verdict(hurt.pain, hurt.sharp, limits);
    const box = stops(found) ? "warning" : "notice";
    byId("dose").appendChild(el("p", { class: box, id: "hurt-note" }, hurtNote(hurt, found, limits)));
  }
}

/** Draw the step the session is on; its buttons call `actions`. */
export function renderStep(session, limits, actions) {
  clearStage();
  const step = currentStep(session);
  const item = itemOf(session, step);
  const position = item ? `Exercise ${step.index + 1} of ${session.plan.items.length} · ${item.block}` : "";
  byId("position").textContent = step.type === "end" ? "End of the session" : position;
  // a stop for pain waits for the runner's choice: nothing else to press meanwhile
  const pending = pendingStop(session, limits);
  byId("back").hidden = session.state.step === 0 || pending !== null;
  byId("skip").hidden = !item || pending !== null;
  byId("hurts").hidden = !canReport(session) || pending !== null;
  if (pending) {
    showFigure(null);
    renderStopChoice(session, pending, limits, actions);
    return;
  }
  // the figure works the side of the set (during a rest, of the set that comes next)
  const figureStep = step.type === "rest" ? session.steps[session.state.step + 1] : step;
  showFigure(step.type === "set" || step.type === "rest" ? item : null, figureStep.side);
  if (step.type === "baseline") {
    renderBaseline(session, limits, actions);
  } else if (step.type === "set") {
    renderSet(session, step, item, actions);
    hurtNoteView(session, limits);
  } else if (step.type === "rest") {
    renderRest(session, item, actions);
    hurtNoteView(session, limits);
  } else if (step.type === "effort") {
    renderEffort(session, step, item, limits, actions);
  } else {
    renderEnd(session, limits, actions);
  }
}

/** "This hurts" pressed: its questions over the exercise's screen, with no other way on than answering or back. */
export function showHurtAsk(session, limits, actions) {
  clearStage();
  for (const id of ["back", "skip", "hurts"]) {
    byId(id).hidden = true;
  }
  showFigure(null);
  renderHurtAsk(session, limits, actions);
}

export function showCountdown(timer, status) {
  byId("timer").hidden = false;
  byId("timer-label").textContent = timerLabel(timer, status);
  byId("countdown").textContent = formatSeconds(status.remaining);
}

export function showSaved(text) {
  byId("save-status").textContent = text;
}

export function showStage() {
  byId("resume").hidden = true;
  byId("stage").hidden = false;
}

/** Show the player instead of the plain list and its form (which stay for a page without the script). */
export function showPlayer() {
  byId("plain-session").hidden = true;
  byId("player").hidden = false;
}

export function focusIsInForm() {
  return byId("step-form").contains(document.activeElement);
}

/**
 * After a move: a step with questions takes the keyboard to the first one (the form sits above the buttons);
 * a field that was just answered and is gone hands the keyboard to the main button, never to the page's top.
 */
export function placeFocus(quiet, focusWasInForm) {
  const form = byId("step-form");
  const firstField = form.hidden ? null : form.querySelector("input");
  if (firstField && !quiet) {
    firstField.focus();
  } else if (focusWasInForm) {
    byId("primary").focus();
  }
}

export function focusStepTitle() {
  byId("step-title").focus();
}

export function setFinishing(busy) {
  byId("primary").disabled = busy;
}

/** The offer to resume a session under way: `resume` and `startOver` are what its two buttons do. */
export function offerResume(title, detail, { resume, startOver }) {
  byId("resume-title").textContent = title;
  byId("resume-detail").textContent = detail;
  byId("resume").hidden = false;
  byId("resume-title").focus();
  byId("resume-yes").onclick = resume;
  byId("resume-no").onclick = startOver;
}

/** The name stays the same; aria-pressed tells a screen reader whether it is on, the words tell the eye. */
export function showSound(button, on) {
  button.setAttribute("aria-pressed", on ? "true" : "false");
  byId("sound-state").textContent = on ? "on" : "off";
}
