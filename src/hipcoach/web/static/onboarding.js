// The weekly distance's min, max and step follow the unit picked above it. The page writes each unit's
// bounds on the input (data-max-mi, ...), the server's own range converted, so the browser allows what the
// server takes in whichever unit the runner picks; without this script the page's unit stands.
(function () {
  "use strict";
  var input = document.getElementById("weekly_distance_km");
  if (!input) return;
  document.querySelectorAll('input[name="distance_unit"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) return;
      ["min", "max", "step"].forEach(function (key) {
        var value = input.getAttribute("data-" + key + "-" + radio.value);
        if (value !== null) input.setAttribute(key, value);
      });
    });
  });
})();
