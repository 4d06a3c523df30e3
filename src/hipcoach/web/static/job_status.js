// A background job's page (an import, a video analysis): poll its JSON status while it runs, write the
// fields the page marks, and reload once it has finished to show the whole result.
//   [data-status-url]     the JSON to poll; data-finished: the statuses that end the job
//   [data-field="name"]   shows the status's "name" (data-field-empty: what to show while it is 0 or empty)
//   progress[data-progress-value][data-progress-max]   the fields the bar follows
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var finished = (box.getAttribute("data-finished") || "done failed").split(" ");
  function show(status) {
    document.querySelectorAll("[data-field]").forEach(function (node) {
      var value = status[node.getAttribute("data-field")];
      var empty = node.getAttribute("data-field-empty");
      node.textContent = !value && empty !== null ? empty : value;
    });
    document.querySelectorAll("progress[data-progress-value]").forEach(function (bar) {
      bar.max = status[bar.getAttribute("data-progress-max")] || 1;
      bar.value = status[bar.getAttribute("data-progress-value")];
    });
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { window.setTimeout(poll, 3000); return; }
        show(status);
        if (finished.indexOf(status.status) >= 0) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
