/* Filters the list of municipalities as the visitor types; works without it too. */
(function () {
  "use strict";
  var input = document.querySelector("[data-filter-target]");
  if (!input) { return; }
  var list = document.querySelector(input.getAttribute("data-filter-target"));
  // The search filters in place; pressing Enter does not send the form.
  if (input.form) {
    input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  }
  function normalise(text) {
    return text.toLocaleLowerCase("sv").normalize("NFC").trim();
  }
  input.addEventListener("input", function () {
    var query = normalise(input.value);
    list.querySelectorAll("[data-county]").forEach(function (county) {
      var hits = 0;
      county.querySelectorAll("li").forEach(function (item) {
        var match = !query || normalise(item.textContent).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { hits += 1; }
      });
      county.hidden = hits === 0;
      county.open = Boolean(query) && hits > 0;
    });
  });
})();
