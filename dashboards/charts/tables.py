"""Tables as pages show them and as people download them: beside a chart (exactly the
numbers it plots), on the portfolio page, in the progress report and the comparison.

The table is ``dashboards.charts.chart.Table``. HTML numbers follow the active language
(Swedish "1 234,5", with a typographic minus, as ``core.formatting.num`` writes them); the
downloads (through ``core.downloads``) carry the plain numbers (CSV: comma-separated,
decimal point, UTF-8; XLSX: numeric cells), so they can be computed with as they are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape as plain_escape  # the standard library's: faster per call
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from core.downloads import Sheet, csv_text, xlsx_bytes
from core.formatting import active_language, localized_figure, num, pct
from core.numbers import DASH
from dashboards.charts.chart import ROUND, TEXT_KINDS, Chart, Column, Link, Table


def escape(text: object) -> str:
    """``django.utils.html.escape`` without its wrapper for lazy strings: the same text
    (the standard library's escaping of ``str(text)``), at a fraction of the cost per
    call; a page's chart blocks escape some five hundred texts."""
    return plain_escape(str(text))


#: The kinds of column whose values are numbers written with ``core.formatting.num``.
NUMBER_KINDS = ("num", "int", "sek")

# Value columns a table beside its chart may have; a wider one goes below the chart.
WIDE = 2


@dataclass(frozen=True)
class Cell:
    """One cell as a page shows it: its text (numbers in the active language), the page it
    links to, and whether it is a number (right aligned)."""

    text: str
    url: str = ""
    numeric: bool = False


def cell(value: Any, kind: str = "num", decimals: int = 0, language: str | None = None) -> Cell:
    """``value`` of a column of ``kind`` (see ``Column``) as ``language`` (default: the
    active one) shows it. A link is a :class:`Link` or, in a saved report's data,
    ``{"text", "url"}``."""
    numeric = kind not in TEXT_KINDS
    if isinstance(value, Link):
        return Cell(value.text, value.url)
    if isinstance(value, Mapping):
        return Cell(str(value.get("text", "")), str(value.get("url", "")))
    if value is None or value == "":
        return Cell(DASH if numeric else "", numeric=numeric)
    if kind in NUMBER_KINDS:
        return Cell(num(value, decimals, language), numeric=True)
    if kind == "pct":
        return Cell(pct(value, 1, signed=False), numeric=True)
    if kind == "year":
        return Cell(str(value), numeric=True)
    if kind == "date":
        day = value if isinstance(value, dt.date) else parse_date(str(value))
        return Cell(date_format(day, "j F Y") if day else str(value))
    return Cell(str(value))


def display_rows(table: Table, language: str | None = None) -> list[tuple[bool, list[Cell]]]:
    """Each row as a page shows it, the index cell first, with whether it stands out
    (``language``: default the active one)."""
    language = language or active_language()
    highlight = table.highlight or (False,) * len(table.index)
    columns = table.all_columns
    return [
        (flag, [cell(c.values[i], c.kind, c.decimals, language) for c in columns])
        for i, flag in enumerate(highlight)
    ]


def _cells_html(column: Column, language: str) -> list[str]:
    """The column's cells as ``<td>`` elements, in row order. A number (most cells of a
    chart's table) is formatted straight away: its text needs no escaping; so is a
    missing value (the gaps of a chart's lines), as ``cell`` writes it."""
    found = []
    decimals = column.decimals
    fast = column.kind in NUMBER_KINDS
    missing = f'<td class="num">{DASH}</td>' if column.kind not in TEXT_KINDS else "<td></td>"
    for value in column.values:
        if fast and type(value) in (int, float):
            found.append(f'<td class="num">{num(value, decimals, language)}</td>')
            continue
        if value is None:
            found.append(missing)
            continue
        one = cell(value, column.kind, decimals, language)
        css = ' class="num"' if one.numeric else ""
        found.append(f"<td{css}>{plain_escape(one.text)}</td>")
    return found


def _key_text(value: Any, index: Column, language: str) -> str:
    """A row's index cell text, as ``cell`` writes it (a year, the usual index of a
    chart's table, without building a ``Cell``)."""
    if index.kind == "year" and type(value) is int:
        return str(value)
    return cell(value, index.kind, index.decimals, language).text


def table_html(table: Table, *, region_label: str) -> SafeString:
    """A chart's table as accessible HTML: a caption, column and row headers, numbers right
    aligned, in a keyboard-scrollable region (it can be wider than a phone).

    Built here rather than in a template: a page has many of them and the template
    engine is several times slower at it."""
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
    language = active_language()
    index = table.all_columns[0]
    keys = [_key_text(v, index, language) for v in index.values]
    columns = [_cells_html(column, language) for column in table.columns]
    for i, key in enumerate(keys):
        parts.append(f'<tr><th scope="row">{plain_escape(key)}</th>')
        parts += [cells[i] for cells in columns]
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    # Safe: every piece of text above went through escape().
    return mark_safe("".join(parts))


def _plain(value: Any) -> Any:
    """A value as the downloads write it: a link as its text, a date as ISO text,
    decimals rounded to three places."""
    if isinstance(value, Link):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, ROUND)
    return value


def plain_rows(table: Table) -> list[list[Any]]:
    """The header, then one row per index value, as plain values for the downloads."""
    header = [table.index_label, *(c.label for c in table.columns)]
    return [header, *([_plain(key), *map(_plain, values)] for key, values in table.rows())]


def table_csv(table: Table) -> str:
    """RFC 4180 CSV for programs: comma-separated, decimal point; a header row, then one
    row per index value."""
    return csv_text(plain_rows(table))


def table_xlsx(
    table: Table, *, about: Sequence[str] = (), with_caption: bool = True, freeze: str = "B2"
) -> bytes:
    """An Excel workbook: the table on the sheet "Data" (numeric cells, the header and the
    first columns up to ``freeze`` kept in view), and on the sheet "Om data" the caption
    (``with_caption``) and ``about``: sources, notes and the like."""
    lines = [table.caption, *about] if with_caption else list(about)
    return xlsx_bytes(
        [
            Sheet("Data", plain_rows(table), heading_rows=(1,), freeze=freeze),
            Sheet("Om data", [[line] for line in lines]),
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


def chart_texts_html(chart: Chart, *, summary_id: str = "") -> str:
    """A chart's summary (its text alternative), notes and sources, escaped."""
    id_attr = f' id="{escape(summary_id)}"' if summary_id else ""
    return "".join(
        [
            f'<p{id_attr} class="chart-summary">{escape(chart.summary)}</p>',
            *(f"<p>{escape(note)}</p>" for note in chart.notes),
            *(f'<p class="source">{escape(source)}</p>' for source in chart.sources),
        ]
    )


def downloads_html(label: str, title: str, *, csv_url: str, xlsx_url: str) -> str:
    """The paragraph of a chart's CSV and Excel downloads, each link naming the chart to
    a screen reader."""
    named = f'<span class="visually-hidden"> – {escape(title)}</span>'
    return (
        f'<p class="downloads">{escape(label)} '
        f'<a href="{escape(csv_url)}" download>CSV{named}</a> · '
        f'<a href="{escape(xlsx_url)}" download>Excel{named}</a></p>'
    )


def chart_html(chart: Chart, *, csv_url: str, xlsx_url: str, labels: dict[str, str]) -> SafeString:
    """A chart's whole block: heading, the figure's placeholder and JSON, the text
    summary, notes and sources, and beside it the table with its downloads.

    Built here rather than in a template because a page has many of them and the
    template engine is several times slower at it; every text is escaped.
    """
    cid = escape(chart.id)
    title = escape(chart.title)
    css = "chart chart-tall" if chart.tall else "chart"
    # A table of more than two series is too wide to sit beside its chart: below it.
    grid = "chart-grid chart-grid-wide" if len(chart.table.columns) > WIDE else "chart-grid"
    parts = [
        f'<div class="chart-block" id="{cid}">',
        f'<h4 class="chart-title" id="{cid}-title">{title}</h4>',
        f'<div class="{grid}"><figure class="chart-figure">',
        f'<div class="{css}" data-figure="{cid}-figure" aria-labelledby="{cid}-title" '
        f'aria-describedby="{cid}-summary"></div>',
        f'<script id="{cid}-figure" type="application/json">{figure_json(chart.figure)}</script>',
        f"<figcaption>{chart_texts_html(chart, summary_id=f'{cid}-summary')}",
        '</figcaption></figure><div class="chart-table">',
        table_html(chart.table, region_label=labels["table"] % {"title": chart.title}),
        downloads_html(labels["download"], chart.title, csv_url=csv_url, xlsx_url=xlsx_url),
        "</div></div></div>",
    ]
    # Safe: every piece of text above went through escape() or figure_json().
    return mark_safe("".join(parts))
