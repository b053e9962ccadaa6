// Follows a running import job: polls its JSON status and moves the progress bar; reloads
// the page when the job has finished. Without JavaScript the page has a refresh link.
(function () {
  "use strict";
  var box = document.querySelector(".import-progress[data-status-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector(".import-progress-text");
  var url = box.getAttribute("data-status-url");
  var format = new Intl.NumberFormat(document.documentElement.lang || "sv");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        if (job.rows_total) {
          bar.max = job.rows_total;
          bar.value = job.rows_read;
          text.textContent = job.status_label + ": " + format.format(job.rows_read) +
            " / " + format.format(job.rows_total) + " (" + job.percent + " %)";
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
