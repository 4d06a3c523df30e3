// The battery form one test per screen: Back and Next, a step counter, and the first screen with a problem
// opened after a refused save. Without this script every section shows, one after the other.
(function () {
  "use strict";
  var form = document.getElementById("battery");
  if (!form) {
    return;
  }
  var steps = Array.prototype.slice.call(form.querySelectorAll(".battery-step"));
  var back = document.getElementById("step-back");
  var next = document.getElementById("step-next");
  var save = document.getElementById("step-save");
  var counter = document.getElementById("step-counter");
  if (steps.length < 2 || !back || !next || !save || !counter) {
    return;
  }
  var index = 0;

  function show(target, focus) {
    index = Math.max(0, Math.min(target, steps.length - 1));
    steps.forEach(function (step, i) {
      step.hidden = i !== index;
    });
    var heading = steps[index].querySelector("h2");
    counter.textContent = "Step " + (index + 1) + " of " + steps.length +
      (heading ? ": " + heading.textContent : "");
    back.hidden = false;
    back.disabled = index === 0;
    next.hidden = index === steps.length - 1;
    save.hidden = index !== steps.length - 1;
    if (focus && heading) {
      heading.focus();
    }
  }

  form.classList.add("stepped");
  counter.hidden = false;
  back.addEventListener("click", function () {
    show(index - 1, true);
  });
  next.addEventListener("click", function () {
    show(index + 1, true);
  });
  // Enter in a field moves on instead of saving half a battery.
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.tagName === "INPUT" && index < steps.length - 1) {
      event.preventDefault();
      show(index + 1, true);
    }
  });
  // A link in the list of problems opens the screen it names.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#step-']") : null;
    if (!link) {
      return;
    }
    var step = document.getElementById(link.getAttribute("href").slice(1));
    var found = steps.indexOf(step);
    if (found >= 0) {
      event.preventDefault();
      show(found, true);
    }
  });
  var problem = steps.findIndex(function (step) {
    return step.hasAttribute("data-problem");
  });
  show(problem >= 0 ? problem : 0, false);
})();
