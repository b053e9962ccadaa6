"""Small multiples instead of one tangled chart: one small chart per municipality of its
emissions as an index (1990 = 100), all on the same scale, in the table's order (sort the
table to reorder them). Server-drawn SVG, no script; the index chart's table and
downloads (the same numbers) sit under them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.formatting import num
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


def _svg(
    row: Municipality, index: dict[int, float], first: int, last: int, top: float, language: str
) -> tuple[str, str]:
    """The municipality's small chart and its words (its latest index; ``index``: its
    emissions indexed to 1990)."""
    span = max(last - first, 1)

    def x(year: int) -> float:
        return PAD + (year - first) / span * (WIDTH - 2 * PAD)

    def y(value: float) -> float:
        return HEIGHT - PAD - value / top * (HEIGHT - 2 * PAD)

    parts = [
        f'<line class="base" x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(100):.1f}" y2="{y(100):.1f}"/>'
    ]
    for run in runs_of_years(sorted(index)):
        if len(run) == 1:
            parts.append(f'<circle cx="{x(run[0]):.1f}" cy="{y(index[run[0]]):.1f}" r="2"/>')
        else:
            points = " ".join(f"{x(yr):.1f},{y(index[yr]):.1f}" for yr in run)
            parts.append(f'<polyline points="{points}"/>')
    latest = max(index) if index else None
    if latest is None:
        label = _("%(name)s: inget värde för 1990") % {"name": row.name}
    else:
        label = _("%(name)s: index %(value)s år %(year)s (1990 = 100)") % {
            "name": row.name,
            "value": num(index[latest], 0, language),
            "year": latest,
        }
    return (
        f'<svg class="multiple" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}">{"".join(parts)}</svg>'
    ), label


def small_multiples_html(
    rows: Sequence[Municipality], chart: Chart, *, csv_url: str, xlsx_url: str
) -> SafeString:
    """The small multiples for ``rows`` (in their order) with the index chart's words,
    table and downloads."""
    language = get_language() or "sv"
    indices = [cf.indexed(r.totals) for r in rows]
    first, last, top = _scale(indices)
    cells = []
    for row, index in zip(rows, indices, strict=True):
        svg, label = _svg(row, index, first, last, top, language)
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
