"""Template helpers of the progress report: its charts (inline SVG), its tables and
its dates, read from the report's plain data (fresh or frozen alike)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from dashboards.report.figures import chart_svg, table_html

register = template.Library()


@register.simple_tag
def report_chart(chart: dict[str, Any]) -> SafeString:
    """``{% report_chart chart %}``: the chart as inline SVG."""
    return chart_svg(chart)


@register.simple_tag
def report_table(table: dict[str, Any]) -> SafeString:
    """``{% report_table table %}``: the table as accessible HTML."""
    return table_html(table)


@register.filter
def iso_datetime(value: str) -> str:
    """An ISO time as the active language writes it, in local time ("24 november 2026
    15:34")."""
    moment = parse_datetime(value or "")
    if moment is None:
        return value or ""
    return date_format(timezone.localtime(moment), "j F Y H:i")


@register.filter
def iso_date(value: str) -> str:
    """An ISO date as the active language writes it ("24 november 2026")."""
    day = parse_date(value or "")
    return date_format(day, "j F Y") if day else (value or "")
