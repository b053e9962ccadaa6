/* Draws every chart on the page from the figure JSON the server embedded beside it, or,
   on a page of many municipalities, from the figure's address the chart links. */
(function () {
  "use strict";
  function plot(el, figure) {
    window.Plotly.newPlot(el, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d"],
    }).then(function () { el.setAttribute("data-drawn", "true"); });
  }
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (!source) { return; }
      plot(el, JSON.parse(source.textContent));
    });
    document.querySelectorAll("[data-figure-src]").forEach(function (el) {
      fetch(el.getAttribute("data-figure-src"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (figure) { plot(el, figure); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
