/* Tables wider than their box: a box that scrolls sideways says so ("scroll sideways for
   more columns", in the page's language, from <body data-scroll-cue>) and gets the class
   "scrolls", which draws a shadow on the side that has more. Runs again when the box
   changes size (a phone turned, a window resized). */
(function () {
  "use strict";
  var text = document.body.getAttribute("data-scroll-cue") || "";

  function cueOf(box) {
    var next = box.nextElementSibling;
    if (next && next.classList.contains("scroll-cue")) { return next; }
    var cue = document.createElement("p");
    cue.className = "scroll-cue";
    cue.textContent = text;
    box.parentNode.insertBefore(cue, box.nextSibling);
    return cue;
  }

  function mark(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("scrolls", scrolls);
    box.classList.toggle("at-start", box.scrollLeft <= 1);
    box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    if (scrolls) { cueOf(box).hidden = false; }
    else {
      var next = box.nextElementSibling;
      if (next && next.classList.contains("scroll-cue")) { next.hidden = true; }
    }
  }

  function start() {
    var boxes = document.querySelectorAll(".table-scroll");
    var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { mark(entry.target); });
    }) : null;
    boxes.forEach(function (box) {
      mark(box);
      box.addEventListener("scroll", function () { mark(box); }, { passive: true });
      if (observer) { observer.observe(box); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
