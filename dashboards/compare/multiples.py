"""Small multiples instead of one tangled chart: one small chart per municipality of its
emissions as an index (1990 = 100), all on the same scale, in the table's order (sort the
table to reorder them). Server-drawn SVG, no script; the index chart's table and
downloads (the same numbers) sit under them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from core.formatting import num
from core.i18n import get_language
from core.i18n import gettext as _
from core.numbers import format_number
from dashboards.charts.chart import Chart, runs_of_years
from dashboards.charts.tables import chart_texts_html, downloads_html, table_html
from dashboards.compare import figures as cf
from dashboards.compare.dataset import Municipality

WIDTH, HEIGHT, PAD = 160, 72, 4


def _scale(indices: Sequence[dict[int, float]]) -> tuple[int, int, float]:
    """The common x span (first, last year) and y top (the highest index, at least 100)."""
    years = [y for index in indices for y in index]
    top = max([100.0, *(v for index in indices for v in index.values())])
    return (min(years), max(years), top * 1.05) if years else (1990, 2024, 105.0)


@dataclass(frozen=True)
class _Words:
    """A small chart's words, translated once for the 290 of a page."""

    language: str
    value: str  # "%(name)s: index %(value)s år %(year)s (1990 = 100)"
    no_base: str  # "%(name)s: inget värde för 1990"

    @classmethod
    def translated(cls) -> _Words:
        return cls(
            language=get_language() or "sv",
            value=_("%(name)s: index %(value)s år %(year)s (1990 = 100)"),
            no_base=_("%(name)s: inget värde för 1990"),
        )


def _svg(
    name: str, index: dict[int, float], xs: dict[int, str], top: float, words: _Words
) -> tuple[str, str]:
    """The municipality's small chart and its words (its latest index; ``index``: its
    emissions indexed to 1990; ``xs``: each year's x coordinate, written)."""

    def y(value: float) -> str:
        return f"{HEIGHT - PAD - value / top * (HEIGHT - 2 * PAD):.1f}"

    base = y(100)
    parts = [f'<line class="base" x1="{PAD}" x2="{WIDTH - PAD}" y1="{base}" y2="{base}"/>']
    for run in runs_of_years(index):
        if len(run) == 1:
            parts.append(f'<circle cx="{xs[run[0]]}" cy="{y(index[run[0]])}" r="2"/>')
        else:
            points = " ".join(f"{xs[yr]},{y(index[yr])}" for yr in run)
            parts.append(f'<polyline points="{points}"/>')
    if index:
        latest = max(index)
        label = words.value % {
            "name": name,
            "value": format_number(index[latest], 0, words.language),
            "year": latest,
        }
    else:
        label = words.no_base % {"name": name}
    return (
        f'<svg class="multiple" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}">{"".join(parts)}</svg>'
    ), label


def small_multiples_html(
    rows: Sequence[Municipality], chart: Chart, *, csv_url: str, xlsx_url: str
) -> SafeString:
    """The small multiples for ``rows`` (in their order) with the index chart's words,
    table and downloads."""
    words = _Words.translated()
    language = words.language
    indices = [cf.indexed(r.totals) for r in rows]
    first, last, top = _scale(indices)
    span = max(last - first, 1)
    # Every chart has the same x axis: each year's coordinate is written once.
    years = {year for index in indices for year in index}
    xs = {year: f"{PAD + (year - first) / span * (WIDTH - 2 * PAD):.1f}" for year in years}
    cells = []
    for row, index in zip(rows, indices, strict=True):
        svg, label = _svg(row.name, index, xs, top, words)
        value = label.split(": ", 1)[1] if ": " in label else ""
        cells.append(
            f'<li><p class="multiple-name">{escape(row.name)}</p>{svg}'
            f'<p class="multiple-value" aria-hidden="true">{escape(value)}</p></li>'
        )
    title = escape(chart.title)
    parts = [
        f'<div class="chart-block" id="{escape(chart.id)}">',
        f'<h3 class="chart-title">{title}</h3>',
        '<p class="help">'
        + escape(
            _(
                "Ett litet diagram per kommun, alla på samma skala (%(first)s–%(last)s, "
                "index 0–%(top)s). Den tunna linjen är 1990 års nivå. Diagrammen står i "
                "tabellens ordning: sortera tabellen för att ordna om dem."
            )
            % {"first": first, "last": last, "top": num(top, 0, language)}
        )
        + "</p>",
        f'<ul class="multiples">{"".join(cells)}</ul>',
        chart_texts_html(chart),
        f'<details class="data-table"><summary>{escape(_("Visa tabellen med värdena"))}</summary>',
        table_html(chart.table, region_label=_("Tabell: %(title)s") % {"title": chart.title}),
        "</details>",
        downloads_html(_("Ladda ner värdena:"), chart.title, csv_url=csv_url, xlsx_url=xlsx_url),
        "</div>",
    ]
    # Safe: every text went through escape() or is a number we formatted.
    return mark_safe("".join(parts))
