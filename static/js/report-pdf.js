// Follows a saved report's PDF job: polls its JSON status until the PDF is made, then
// shows the download link. Without JavaScript the page says to reload it.
(function () {
  "use strict";
  var box = document.querySelector(".report-pdf[data-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var link = box.querySelector(".report-pdf-link");
  var progress = box.querySelector(".report-pdf-progress");
  var text = box.querySelector(".report-pdf-text");
  var delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.ready) {
          link.hidden = false;
          if (progress) progress.remove();
          link.focus();
          return;
        }
        text.textContent = job.label;
        if (job.failed) return;
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
