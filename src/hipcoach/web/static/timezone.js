// The runner's time zone comes from their browser, never from the server's clock: "today", "this week" and
// "the next morning" are theirs. Fills every empty field marked data-browser-zone with this browser's IANA
// zone, names it where data-browser-zone-name asks, and shows the "use this browser's zone" buttons.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return; // a browser without Intl: the runner picks the zone from the list
  }
  if (!zone) return;
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    if (!input.value) input.value = zone;
  });
  document.querySelectorAll("[data-browser-zone-name]").forEach(function (element) {
    element.textContent = zone;
  });
  document.querySelectorAll("button[data-use-browser-zone]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-use-browser-zone"));
    if (!target || target.value === zone) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      target.value = zone;
      target.focus();
    });
  });
})();
