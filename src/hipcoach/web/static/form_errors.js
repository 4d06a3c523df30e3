// The error summary of a refused form: it takes the focus on load, so a screen reader reads it first, and
// each of its links focuses its field (a link to an id alone only scrolls there); a link to a group of
// radios focuses the group's first choice.
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  for (const link of summary.querySelectorAll("a[href^=\"#\"]")) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      const field = target.matches("input, select, textarea")
        ? target
        : target.querySelector("input:not([type=hidden]), select, textarea");
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  }
})();
