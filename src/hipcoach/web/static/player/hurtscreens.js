/* The "this hurts" screens: how much and what kind of pain, then, when the pain stops the exercise, the choice.
 *
 * Views only draw and read the page; what their buttons do is an action main.js hands in (`reportHurt`,
 * `cancelHurt`, `chooseAfterStop`). The words and the thresholds come from `limits` (the server's).
 */

import { byId, choiceGroup, el, openForm, readChoice, readScaleField, scaleField, setPrimary } from "./dom.js";
import { choicesAfterStop, verdict } from "./hurts.js";
import { currentStep, itemOf } from "./state.js";
import { choiceLabel, hurtSaidBack } from "./words.js";

/** How much does it hurt, and is it sharp? Asked over the exercise's screen; the countdown waits meanwhile. */
export function renderHurtAsk(session, limits, actions) {
  const item = itemOf(session, currentStep(session));
  byId("step-title").textContent = item.name;
  byId("counter").textContent = "This hurts";
  const form = openForm();
  form.appendChild(scaleField(limits, "hurt_pain", "How much does it hurt?", null));
  const sharp = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  form.appendChild(choiceGroup("hurt_sharp", limits.pain_stop.kinds_question, sharp));
  const cancel = el("button", { type: "button", class: "secondary", id: "hurt-cancel" }, "Back to the exercise");
  cancel.onclick = actions.cancelHurt;
  form.appendChild(cancel);
  setPrimary("Record the pain", () => {
    const pain = readScaleField(limits, "hurt_pain", "how much it hurts");
    if (pain === null) {
      return;
    }
    const answer = readChoice("hurt_sharp", `Please answer: ${limits.pain_stop.kinds_question}`);
    if (answer !== null) {
      actions.reportHurt({ pain, sharp: answer === "yes" });
    }
  });
}

/** The pain stopped the exercise: say why, and offer the easier level (where there is one), a smaller range, or
 * leaving it for today. */
export function renderStopChoice(session, hurt, limits, actions) {
  const item = itemOf(session, currentStep(session));
  byId("step-title").textContent = item.name;
  byId("counter").textContent = "Stop this exercise";
  const found = verdict(hurt.pain, hurt.sharp, limits);
  byId("dose").appendChild(el("p", { class: "warning", id: "stop-reason" }, hurtSaidBack(hurt, found, limits)));
  const form = openForm();
  const options = choicesAfterStop(session).map((value) => ({ value, label: choiceLabel(value, item, limits) }));
  form.appendChild(choiceGroup("after_stop", "What now?", options));
  setPrimary("Continue", () => {
    const choice = readChoice("after_stop", "Please choose how to go on.");
    if (choice !== null) {
      actions.chooseAfterStop(choice);
    }
  });
}
