"""How the progress report's data is drawn: its charts as inline SVG
(``dashboards.charts.svg``) and its tables as accessible HTML, numbers in the active
language's format. The report's template reaches them through the ``report`` template
tags; they read plain data, so a report frozen months ago renders the same way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.formatting import num
from core.i18n import gettext as _
from dashboards.charts import svg as svgcharts
from dashboards.charts import waterfall
from dashboards.charts.chart import TEXT_KINDS
from dashboards.charts.tables import cell

#: The report data's column kinds (``dashboards.report.data.table_data``) as a table
#: column's kind and decimals ("link", a column of links, reads as text).
_KINDS = {"num1": ("num", 1), "num2": ("num", 2), "link": ("text", 0)}


def table_html(table: Mapping[str, Any]) -> SafeString:
    """A report table as accessible HTML (caption, column headers, the first column as
    row headers, numbers right aligned) in a keyboard-scrollable region."""
    columns = table["columns"]
    caption = escape(table["caption"])
    parts = [
        f'<div class="table-scroll" role="region" aria-label="{caption}" tabindex="0">',
        f'<table class="data report-table"><caption>{caption}</caption><thead><tr>',
    ]
    kinds = [_KINDS.get(column["kind"], (column["kind"], 0)) for column in columns]
    for column, (kind, _decimals) in zip(columns, kinds, strict=True):
        css = "" if kind in TEXT_KINDS else ' class="num"'
        parts.append(f'<th scope="col"{css}>{escape(column["label"])}</th>')
    parts.append("</tr></thead><tbody>")
    for row in table["rows"]:
        parts.append("<tr>")
        for i, (value, (kind, decimals)) in enumerate(zip(row, kinds, strict=True)):
            shown = cell(value, kind, decimals)
            # A linked cell is an action's title: data, entered in Swedish.
            content = (
                f'<a href="{escape(shown.url)}" lang="sv">{escape(shown.text)}</a>'
                if shown.url
                else escape(shown.text)
            )
            tag = 'th scope="row"' if i == 0 else "td"
            end = "th" if i == 0 else "td"
            css = ' class="num"' if shown.numeric else ""
            parts.append(f"<{tag}{css}>{content}</{end}>")
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    if table.get("note"):
        parts.append(f'<p class="note">{escape(table["note"])}</p>')
    # Safe: every text above went through escape().
    return mark_safe("".join(parts))


def _number(value: float, decimals: int) -> str:
    return num(value, decimals)


def chart_svg(chart: Mapping[str, Any]) -> SafeString:
    """The chart's SVG (``dashboards.charts.svg``) from its data."""
    kind = chart["kind"]
    common = {
        "chart_id": chart["id"],
        "title": chart["title"],
        "desc": chart["desc"],
        "unit": chart["unit"],
        "number": _number,
    }
    if kind == "line":
        svg = svgcharts.line_chart(
            **common,
            observed=[svgcharts.Observed(y, v, s) for y, v, s in chart["observed"]],
            pathways=[
                svgcharts.Pathway(
                    label=path["label"],
                    points=tuple((int(y), float(v)) for y, v in path["points"]),
                    target=tuple(path["target"]) if path["target"] else None,
                    target_label=path["target_label"],
                )
                for path in chart["pathways"]
            ],
            trend=[(int(y), float(v)) for y, v in chart["trend"]],
            band=[(int(y), float(lo), float(hi)) for y, lo, hi in chart["band"]],
            # A report saved before estimates were drawn has none.
            estimated=[(int(y), float(v)) for y, v in chart.get("estimated", [])],
            words={
                "values": _("Utfall"),
                "preliminary": _("Preliminärt värde"),
                "estimate": _("Uppskattat värde"),
                "estimated": _("Uppskattat, ej publicerat ännu"),
                "trend": _("Trend"),
                "band": _("Trendens osäkerhet (95 %)"),
                "target": _("Mål"),
            },
        )
    elif kind == "bars":
        svg = svgcharts.stacked_bars(
            **common,
            years=chart["years"],
            series=[(name, values) for name, values in chart["series"]],
        )
    elif kind == "waterfall":
        svg = waterfall.gap_waterfall(
            **common,
            bars=[
                waterfall.Bar(
                    label=b["label"],
                    value=b["value"],
                    kind=b["kind"],
                    start=b.get("start", 0.0),
                    low=b.get("low"),
                    high=b.get("high"),
                )
                for b in chart["bars"]
            ],
        )
    else:
        raise ValueError(f"unknown chart kind {kind!r}")
    # Safe: the builders escape every text they write.
    return mark_safe(svg)
