/* The grid of many values at once: a block pasted from Excel (tab-separated columns,
   one line per row) into one cell is spread over the cells to its right and below, as
   Excel itself would. Without this script the grid is a plain form: one value a cell. */
(function () {
  "use strict";
  var form = document.querySelector(".value-grid-form");
  if (!form) { return; }

  function cellAt(row, col) {
    return form.querySelector('input[data-grid-row="' + row + '"][data-grid-col="' + col + '"]');
  }

  form.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-grid-row]")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    text = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) { return; } // one value
    event.preventDefault();
    var row0 = Number(input.getAttribute("data-grid-row"));
    var col0 = Number(input.getAttribute("data-grid-col"));
    var filled = 0;
    text.split("\n").forEach(function (line, i) {
      line.split("\t").forEach(function (value, j) {
        var target = cellAt(row0 + i, col0 + j);
        if (target) {
          target.value = value.trim();
          filled += 1;
        }
      });
    });
    var status = document.getElementById("grid-paste-status");
    if (status) {
      status.textContent = status.getAttribute("data-template").replace("{n}", String(filled));
    }
  });
}());
