"""A chart's table as HTML beside the chart, and as CSV and XLSX downloads.

The table is ``dashboards.charts.figures.Table``: exactly the numbers the chart plots.
HTML numbers follow the active language (Swedish "1 234,5", with a typographic minus, as
``core.formatting.num`` writes them); the downloads carry the plain numbers
(CSV: comma-separated, decimal point, UTF-8; XLSX: numeric cells), so they can be
computed with as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.downloads import Sheet, csv_text, xlsx_bytes
from core.formatting import localized_figure, num
from dashboards.charts.figures import Chart, Table


def table_html(table: Table, *, region_label: str) -> SafeString:
    """The table as accessible HTML: a caption, column and row headers, numbers right
    aligned, in a keyboard-scrollable region (it can be wider than a phone)."""
    language = get_language() or "sv"
    parts = [
        f'<div class="table-scroll" role="region" aria-label="{escape(region_label)}" '
        'tabindex="0"><table class="data">',
        f"<caption>{escape(table.caption)}</caption><thead><tr>",
        f'<th scope="col">{escape(table.index_label)}</th>',
    ]
    for column in table.columns:
        css = "" if column.is_text else ' class="num"'
        parts.append(f'<th scope="col"{css}>{escape(column.label)}</th>')
    parts.append("</tr></thead><tbody>")
    for i, key in enumerate(table.index):
        parts.append(f'<tr><th scope="row">{escape(key)}</th>')
        for column in table.columns:
            value = column.values[i]
            if column.is_text:
                parts.append(f"<td>{escape(value) if value is not None else ''}</td>")
            else:
                text = num(value, column.decimals, language)  # type: ignore[arg-type]
                parts.append(f'<td class="num">{text}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    # Safe: every piece of text above went through escape().
    return mark_safe("".join(parts))


def _rows(table: Table) -> list[list[float | int | str | None]]:
    """The header, then one row per year (or category)."""
    header: list[float | int | str | None] = [table.index_label, *(c.label for c in table.columns)]
    return [header, *([key, *values] for key, values in table.rows())]


def table_csv(table: Table) -> str:
    """RFC 4180 CSV: a header row, then one row per year (or category)."""
    return csv_text(_rows(table))


def table_xlsx(table: Table, *, about: Sequence[str] = ()) -> bytes:
    """An Excel workbook: the table on the first sheet (numeric cells), and on a second
    sheet "Om data" the caption, sources and notes."""
    return xlsx_bytes(
        [
            Sheet("Data", _rows(table), freeze="B2"),
            Sheet("Om data", [[table.caption], *([line] for line in about)]),
        ]
    )


def chart_about(chart: Chart) -> list[str]:
    """What the download's "about" sheet says: the summary, notes and sources."""
    return [chart.summary, *chart.notes, *chart.sources]


def figure_json(figure: dict) -> str:
    """The figure as compact JSON, safe inside a ``<script type="application/json">``
    (the same escaping as Django's ``json_script``), with the active language's number
    separators."""
    text = json.dumps(localized_figure(figure), separators=(",", ":"), ensure_ascii=False)
    # str.replace, not str.translate: on long strings it is an order of magnitude faster.
    return text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")


def chart_html(chart: Chart, *, csv_url: str, xlsx_url: str, labels: dict[str, str]) -> SafeString:
    """A chart's whole block: heading, the figure's placeholder and JSON, the text
    summary, notes and sources, and beside it the table with its downloads.

    Built here rather than in a template because a page has many of them and the
    template engine is several times slower at it; every text is escaped.
    """
    cid = escape(chart.id)
    title = escape(chart.title)
    css = "chart chart-tall" if chart.tall else "chart"
    parts = [
        f'<div class="chart-block" id="{cid}">',
        f'<h4 class="chart-title" id="{cid}-title">{title}</h4>',
        '<div class="chart-grid"><figure class="chart-figure">',
        f'<div class="{css}" data-figure="{cid}-figure" aria-labelledby="{cid}-title" '
        f'aria-describedby="{cid}-summary"></div>',
        f'<script id="{cid}-figure" type="application/json">{figure_json(chart.figure)}</script>',
        f'<figcaption><p id="{cid}-summary" class="chart-summary">{escape(chart.summary)}</p>',
        *(f"<p>{escape(note)}</p>" for note in chart.notes),
        *(f'<p class="source">{escape(source)}</p>' for source in chart.sources),
        '</figcaption></figure><div class="chart-table">',
        table_html(chart.table, region_label=labels["table"] % {"title": chart.title}),
        f'<p class="downloads">{escape(labels["download"])} ',
        f'<a href="{escape(csv_url)}" download>CSV<span class="visually-hidden"> – {title}'
        "</span></a> · ",
        f'<a href="{escape(xlsx_url)}" download>Excel<span class="visually-hidden"> – {title}'
        "</span></a></p></div></div></div>",
    ]
    # Safe: every piece of text above went through escape() or figure_json().
    return mark_safe("".join(parts))
