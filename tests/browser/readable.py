"""What a reader can see: numbers cut by their box, charts cut by the screen. Scripts run
in the page by the browser tests (``page.evaluate``)."""

from __future__ import annotations

# Every numeric table cell (and numeric column heading) whose text is not wholly in view:
# cut inside the cell, or cut by a box that scrolls sideways without saying so. A box
# that says so has the class ``scrolls`` and a visible ``.scroll-cue`` after it
# (static/js/tables.js). Cells of a visually hidden heading row are not looked at.
CUT_CELLS = """() => {
  const cut = [];
  const shown = e => e && !e.hidden && getComputedStyle(e).display !== 'none';
  for (const cell of document.querySelectorAll('td.num, th.num')) {
    const text = cell.textContent.trim();
    if (!cell.offsetParent || !text) continue;
    if (cell.scrollWidth > cell.clientWidth + 1) { cut.push('cell: ' + text); continue; }
    const r = cell.getBoundingClientRect();
    let box = cell.parentElement;
    while (box && box !== document.body) {
      const s = getComputedStyle(box);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {
      const b = box.getBoundingClientRect();
      if (b.width <= 2) continue;
      const inside = r.left >= b.left - 1 && r.right <= b.right + 1;
      const next = box.nextElementSibling;
      const cue = box.classList.contains('scrolls') && next &&
        next.classList.contains('scroll-cue') && shown(next) && next.textContent.trim();
      if (!inside && !cue) { cut.push('box: ' + text); continue; }
      if (inside && (b.left < -1 || b.right > window.innerWidth + 1)) {
        cut.push('page: ' + text);
      }
    } else if (r.left < -1 || r.right > window.innerWidth + 1) {
      cut.push('page: ' + text);
    }
  }
  return cut;
}"""

# Charts (plotly.js's, its figure in the page or linked, and the report's SVG) that stick
# out of the screen, and texts inside a plotly.js chart that stick out of the chart: a
# clipped chart.
CLIPPED_CHARTS = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  const charts = '[data-figure], [data-figure-src], svg.report-chart';
  for (const el of document.querySelectorAll(charts)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    const name = el.getAttribute('data-figure') || el.getAttribute('data-figure-src') || el.id;
    if (r.right > width + 1 || r.left < -1) {
      out.push(name + ': wider than the screen');
      continue;
    }
    for (const text of el.querySelectorAll('text')) {
      const t = text.getBoundingClientRect();
      if (t.width === 0 || !text.textContent.trim()) continue;
      if (t.left < r.left - 1 || t.right > r.right + 1) {
        out.push(name + ': ' + text.textContent.trim());
      }
    }
  }
  return out;
}"""

# The widths of the boxes around the page's tables that scroll sideways, and whether
# each says so.
SCROLLING_TABLES = """() => [...document.querySelectorAll('.table-scroll.scrolls')].map(box => {
  const next = box.nextElementSibling;
  return !!(next && next.classList.contains('scroll-cue') && !next.hidden &&
    next.getBoundingClientRect().height > 0);
})"""
