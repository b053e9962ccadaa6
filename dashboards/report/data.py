"""The report's plain data shared by its sections: a chart as data with the table of exactly
what it plots, a table as the report keeps it, and how numbers, statuses and links read
in a printed report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from core.i18n import gettext as _
from dashboards.charts.chart import Column, Link, Table

#: A table as the report's data keeps it (see :func:`table_data`).
TableData = dict[str, Any]


@dataclass
class ChartData:
    """A chart as data, with the table of exactly what it plots.

    ``kind`` picks the builder in ``dashboards.charts.svg``: ``line`` (``observed``
    [year, value, status], ``estimated`` [year, value] of the years not published yet,
    ``pathways``, ``trend``, ``band``), ``bars`` (``years``,
    ``series`` [name, values]) or ``waterfall`` (``bars``).
    """

    id: str
    kind: str
    title: str
    desc: str
    unit: str
    table: TableData
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    observed: list[list[Any]] = field(default_factory=list)
    pathways: list[dict[str, Any]] = field(default_factory=list)
    trend: list[list[float]] = field(default_factory=list)
    band: list[list[float]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    series: list[list[Any]] = field(default_factory=list)
    bars: list[dict[str, Any]] = field(default_factory=list)
    estimated: list[list[float]] = field(default_factory=list)


def absolute(path: str) -> str:
    """A link the printed report can carry: the site's address plus the path.

    The report is built (and cached) once for every host, with ``settings.SITE_URL``;
    :func:`served_at` moves its links to the address a reader reached it at."""
    return settings.SITE_URL.rstrip("/") + path


def served_at(text: str, site: str) -> str:
    """``text`` (the report's HTML or its data as JSON) with the links :func:`absolute`
    made on ``site`` instead ("https://klimat.example.se"), so a printed report carries
    the address the site is served at, not the one it was built with."""
    built = settings.SITE_URL.rstrip("/") + "/"
    site = site.rstrip("/") + "/"
    return text if not site.strip("/") or site == built else text.replace(built, site)


def site_of(request: HttpRequest) -> str:
    """The address ``request`` reached the site at ("https://klimat.example.se")."""
    return request.build_absolute_uri("/").rstrip("/")


def status_text(status: str) -> str:
    return {
        "final": _("slutligt"),
        "preliminary": _("preliminärt"),
        "estimate": _("uppskattat"),
    }.get(status, status)


def _kind(column: Column) -> str:
    """A column's kind as the report's data names it: "num", "num1" and "num2" for
    numbers with 0, 1 and 2 decimals (kronor too), else the column's own."""
    if column.kind in ("num", "sek"):
        return f"num{column.decimals}" if column.decimals else "num"
    return column.kind


def _plain(value: Any) -> Any:
    if isinstance(value, Link):
        return {"text": value.text, "url": absolute(value.url)}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def table_data(table: Table, *, drop: Sequence[int] = ()) -> TableData:
    """``table`` as the report's plain data keeps it, and as a report saved months ago
    has it: ``{"caption", "columns": [{"label", "kind"}], "rows", "note"}``, links as
    ``{"text", "url"}`` and dates as ISO text; ``drop``: columns (by position, the index
    first) left out."""
    columns = [c for i, c in enumerate(table.all_columns) if i not in drop]
    return {
        "caption": table.caption,
        "columns": [{"label": c.label, "kind": _kind(c)} for c in columns],
        "rows": [[_plain(c.values[row]) for c in columns] for row in range(len(table.index))],
        "note": table.note,
    }
