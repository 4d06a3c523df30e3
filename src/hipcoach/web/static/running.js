// The import status page: poll the job's JSON status while it runs, then reload to show the full result.
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  function set(id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = value;
  }
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, 3000); return; }
        set("job-status", job.status);
        set("files-done", job.files_done);
        set("files-total", job.files_total || "?");
        set("runs-added", job.runs_added);
        var bar = document.getElementById("job-progress");
        if (bar) { bar.max = job.files_total || 1; bar.value = job.files_done; }
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
