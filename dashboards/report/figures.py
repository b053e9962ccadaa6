"""How the progress report's data is drawn: its charts as inline SVG
(``dashboards.svgcharts``) and its tables as accessible HTML, numbers in the active
language's format. The report's template reaches them through the ``report`` template
tags; they read plain data, so a report frozen months ago renders the same way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.formatting import num, pct
from dashboards.charts import svg as svgcharts


def _cell(value: Any, kind: str) -> tuple[str, str, bool]:
    """(text, url, numeric) of one table cell, numbers in the active language."""
    numeric = kind not in ("text", "link", "date")
    if isinstance(value, dict):
        return str(value.get("text", "")), str(value.get("url", "")), False
    if value is None or value == "":
        return ("–" if numeric else ""), "", numeric
    if kind == "num":
        return num(value), "", True
    if kind == "num1":
        return num(value, 1), "", True
    if kind == "num2":
        return num(value, 2), "", True
    if kind == "int":
        return num(value), "", True
    if kind == "pct":
        return pct(value, 1, signed=False), "", True
    if kind == "year":
        return str(value), "", True
    if kind == "date":
        parsed = parse_date(str(value))
        return (date_format(parsed, "j F Y") if parsed else str(value)), "", False
    return str(value), "", False


def table_html(table: Mapping[str, Any]) -> SafeString:
    """A report table as accessible HTML (caption, column headers, the first column as
    row headers, numbers right aligned) in a keyboard-scrollable region."""
    columns = table["columns"]
    caption = escape(table["caption"])
    parts = [
        f'<div class="table-scroll" role="region" aria-label="{caption}" tabindex="0">',
        f'<table class="data report-table"><caption>{caption}</caption><thead><tr>',
    ]
    for column in columns:
        css = "" if column["kind"] in ("text", "link", "date") else ' class="num"'
        parts.append(f'<th scope="col"{css}>{escape(column["label"])}</th>')
    parts.append("</tr></thead><tbody>")
    for row in table["rows"]:
        parts.append("<tr>")
        for i, (value, column) in enumerate(zip(row, columns, strict=True)):
            text, url, numeric = _cell(value, column["kind"])
            content = f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)
            tag = 'th scope="row"' if i == 0 else "td"
            end = "th" if i == 0 else "td"
            css = ' class="num"' if numeric else ""
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
    """The chart's SVG (``dashboards.svgcharts``) from its data."""
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
            words={
                "values": _("Utfall"),
                "preliminary": _("Preliminärt värde"),
                "estimate": _("Uppskattat värde"),
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
        svg = svgcharts.gap_waterfall(
            **common,
            bars=[
                svgcharts.Bar(
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
