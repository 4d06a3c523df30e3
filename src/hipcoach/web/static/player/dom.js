/* Small DOM helpers shared by the views: find, build, announce, name a problem, read a 0-10 answer. */

import { readScore } from "./answers.js";
import { scaleError, scaleUnit } from "./words.js";

export function byId(id) {
  return document.getElementById(id);
}

/** An element with attributes and, when given, its text. */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    node.setAttribute(name, value);
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

/** Say it to screen readers: cleared first so the same words twice are still read; polite, never interrupting. */
export function announce(text) {
  const region = byId("announce");
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

export function showError(text) {
  const box = byId("step-error");
  box.textContent = text;
  box.hidden = false;
}

export function hideError() {
  byId("step-error").hidden = true;
  byId("step-error").textContent = "";
}

/** A required 0-10 question, with its hint tied to the input for screen readers. */
export function scaleField(limits, name, label, value, hint) {
  const wrap = el("div", { class: "field" });
  const input = el("input", {
    type: "number",
    inputmode: "numeric",
    id: `f-${name}`,
    name,
    min: String(limits.scale_min),
    max: String(limits.scale_max),
    step: "1",
    required: "",
  });
  const labelNode = el("label", { for: `f-${name}` }, `${label} `);
  labelNode.appendChild(el("span", { class: "unit" }, scaleUnit(limits)));
  wrap.appendChild(labelNode);
  if (hint) {
    wrap.appendChild(el("p", { class: "hint", id: `f-${name}-hint` }, hint));
    input.setAttribute("aria-describedby", `f-${name}-hint`);
  }
  if (value !== null && value !== undefined) {
    input.value = String(value);
  }
  wrap.appendChild(input);
  return wrap;
}

/** A problem named beside its input too, tied to it for screen readers; cleared by `clearFieldError`. */
function markFieldError(input, message) {
  const note = el("p", { class: "field-error", id: `${input.id}-error` }, message);
  input.insertAdjacentElement("beforebegin", note);
  input.setAttribute("aria-invalid", "true");
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  input.setAttribute("aria-describedby", [...described, note.id].join(" "));
  input.closest(".field")?.classList.add("field-invalid");
}

function clearFieldError(input) {
  byId(`${input.id}-error`)?.remove();
  input.removeAttribute("aria-invalid");
  const described = (input.getAttribute("aria-describedby") || "").split(" ");
  const kept = described.filter((id) => id && id !== `${input.id}-error`);
  if (kept.length) {
    input.setAttribute("aria-describedby", kept.join(" "));
  } else {
    input.removeAttribute("aria-describedby");
  }
  input.closest(".field")?.classList.remove("field-invalid");
}

/**
 * The answers of the scaleFields `questions` ([name, label] each) by name, or null after naming every problem
 * at once: beside each field, and together above the button, with the keyboard on the first.
 */
export function readScaleFields(limits, questions) {
  const answers = {};
  const problems = [];
  for (const [name, label] of questions) {
    const input = byId(`f-${name}`);
    clearFieldError(input);
    const answer = readScore(input.value, limits);
    if (answer.ok) {
      answers[name] = answer.value;
    } else {
      const message = scaleError(label, limits);
      markFieldError(input, message);
      problems.push({ input, message });
    }
  }
  if (problems.length === 0) {
    return answers;
  }
  showError(problems.map((problem) => problem.message).join(" "));
  problems[0].input.focus();
  return null;
}

/** The answer of a scaleField, or null after naming the problem and putting the keyboard there. */
export function readScaleField(limits, name, label) {
  const answers = readScaleFields(limits, [[name, label]]);
  return answers === null ? null : answers[name];
}

/** The big button under the step: its words and what it does (a problem named before is cleared first). */
export function setPrimary(label, action) {
  const button = byId("primary");
  button.textContent = label;
  button.onclick = () => {
    hideError();
    action();
  };
  button.disabled = false;
}

/** The step's form, shown; Enter in it presses the big button. */
export function openForm() {
  const form = byId("step-form");
  form.hidden = false;
  form.onsubmit = (event) => {
    event.preventDefault();
    byId("primary").click();
  };
  return form;
}

/** A required choice of one among `options` ([{ value, label }]), as radio buttons under a legend. */
export function choiceGroup(name, legend, options) {
  const group = el("fieldset", { id: `f-${name}` });
  group.appendChild(el("legend", {}, legend));
  for (const option of options) {
    const id = `f-${name}-${option.value}`;
    const wrap = el("div", { class: "choice" });
    const input = el("input", { type: "radio", id, name, value: option.value, required: "" });
    // Enter on a radio button submits no form in browsers; here it presses the big button, as in the fields
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        byId("primary").click();
      }
    });
    wrap.appendChild(input);
    wrap.appendChild(el("label", { for: id }, option.label));
    group.appendChild(wrap);
  }
  return group;
}

/** The value chosen in a choiceGroup, or null after naming the problem and putting the keyboard there. */
export function readChoice(name, problem) {
  const chosen = document.querySelector(`input[name="${name}"]:checked`);
  if (chosen) {
    return chosen.value;
  }
  showError(problem);
  document.querySelector(`input[name="${name}"]`).focus();
  return null;
}
