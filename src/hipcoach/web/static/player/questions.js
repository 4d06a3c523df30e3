/* The steps that ask: pain before the session, how a strength exercise went, and the last questions.
 *
 * Each reads and checks its answers (bounds from `limits`), names a problem where it is, and hands the answers
 * to its action only when they are all good.
 */

import { readCount, readLoadKg } from "./answers.js";
import { byId, el, openForm, readScaleField, readScaleFields, scaleField, setPrimary, showError } from "./dom.js";
import { worstHurt, worstHurtOfSession } from "./hurts.js";
import { effortSets, setsDone } from "./state.js";
import { loadError, painHint, reportedHint, roundName, rpeHint, sideText } from "./words.js";

/** A pain question's value and hint: what was answered, else the worst reported with "this hurts". */
function painAnswer(answered, worst, limits, ending) {
  const hint = worst === null ? painHint(limits, ending) : `${reportedHint(worst)} ${painHint(limits, ending)}`;
  return { value: answered !== null ? answered : worst, hint };
}

export function renderBaseline(session, limits, actions) {
  byId("step-title").textContent = "Before you start";
  const form = openForm();
  const hint = "Tomorrow morning's check-in compares with this.";
  form.appendChild(scaleField(limits, "baseline_pain", "Your pain right now", session.state.baseline_pain, hint));
  setPrimary("Start the session", () => {
    const pain = readScaleField(limits, "baseline_pain", "your pain right now");
    if (pain !== null) {
      actions.answerBaseline(pain);
    }
  });
}

function repsFields(item, sets, unit, limits) {
  const group = el("fieldset", { class: "reps-done" });
  group.appendChild(el("legend", {}, `The ${unit} you did`));
  sets.forEach((done, position) => {
    const id = `f-reps-${position}`;
    const wrap = el("div", { class: "field field-inline" });
    wrap.appendChild(el("label", { for: id }, roundName(item, done.round) + sideText(done.side)));
    const input = el("input", {
      type: "number",
      inputmode: "numeric",
      id,
      min: "0",
      max: String(limits.max_reps),
      step: "1",
    });
    input.value = String(done.reps !== null ? done.reps : "");
    wrap.appendChild(input);
    group.appendChild(wrap);
  });
  return group;
}

function loadField(exercise, limits) {
  const wrap = el("div", { class: "field" });
  wrap.appendChild(el("label", { for: "f-load" }, "Load in kg (leave empty for bodyweight)"));
  const input = el("input", {
    type: "number",
    inputmode: "decimal",
    id: "f-load",
    min: "0",
    max: String(limits.max_load_kg),
    step: "0.5",
  });
  if (exercise.load_kg !== null) {
    input.value = String(exercise.load_kg);
  }
  wrap.appendChild(input);
  return wrap;
}

/** The reps of each set as typed, or null after naming the first one that is not a count. */
function readReps(count, unit, limits) {
  const reps = [];
  for (let position = 0; position < count; position++) {
    const input = byId(`f-reps-${position}`);
    const answer = readCount(input.value, limits);
    if (!answer.ok) {
      showError(`Please give the ${unit} of each set as a whole number (0 or more).`);
      input.focus();
      return null;
    }
    reps.push(answer.value);
  }
  return reps;
}

export function renderEffort(session, step, item, limits, actions) {
  const exercise = session.state.exercises[step.index];
  byId("step-title").textContent = item.name;
  byId("counter").textContent = "How did it go?";
  const form = openForm();
  const sets = effortSets(exercise);
  const unit = item.dose.circles_each_direction ? "circles each way" : "reps";
  if (sets.length) {
    form.appendChild(repsFields(item, sets, unit, limits));
  }
  form.appendChild(loadField(exercise, limits));
  const painLabel = "Pain during this exercise";
  const asked = painAnswer(exercise.pain_during, worstHurt(exercise), limits, "");
  form.appendChild(scaleField(limits, "pain_during", painLabel, asked.value, asked.hint));
  form.appendChild(scaleField(limits, "rpe", "Effort (RPE)", exercise.rpe, limits.rpe_aim_hint));
  setPrimary("Save and continue", () => {
    const reps = readReps(sets.length, unit, limits);
    if (reps === null) {
      return;
    }
    const load = readLoadKg(byId("f-load").value, limits);
    if (!load.ok) {
      showError(loadError(limits));
      byId("f-load").focus();
      return;
    }
    const scores = readScaleFields(limits, [
      ["pain_during", "the pain during this exercise"],
      ["rpe", "the effort (RPE)"],
    ]);
    if (scores === null) {
      return;
    }
    actions.answerEffort({ reps, loadKg: load.value, pain: scores.pain_during, rpe: scores.rpe });
  });
}

export function renderEnd(session, limits, actions) {
  const { done, total } = setsDone(session);
  const mobility = session.plan.kind === "mobility";
  byId("step-title").textContent = "Session done";
  byId("counter").textContent = `${done} of ${total} sets done`;
  byId("dose").appendChild(el("p", { class: "player-end-note" }, "Three last questions, then it is saved."));
  const form = openForm();
  const state = session.state;
  if (mobility) {
    const asked = painAnswer(state.pain_during, worstHurtOfSession(session), limits, " next time");
    const label = "Worst pain during the session";
    form.appendChild(scaleField(limits, "pain_during", label, asked.value, asked.hint));
  }
  form.appendChild(scaleField(limits, "rpe", "Effort of the whole session (RPE)", state.rpe, rpeHint(limits)));
  form.appendChild(scaleField(limits, "tightness", "Hip tightness now", state.tightness));
  setPrimary("Finish and save", () => {
    const answers = readScaleFields(limits, [
      ...(mobility ? [["pain_during", "the worst pain during the session"]] : []),
      ["rpe", "the effort of the session"],
      ["tightness", "your hip tightness now"],
    ]);
    if (answers === null) {
      return;
    }
    actions.finish(answers);
  });
}
