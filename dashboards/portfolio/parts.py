"""What the parts of the portfolio page share: the emissions they read, and the one way a
part makes a table (raw values, downloadable as CSV and XLSX under its slug)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise

from actions.portfolio import Money
from core.i18n import gettext as _
from dashboards.charts.chart import Column, Table

#: The emissions the portfolio is measured against: territorial greenhouse gases.
SUBSTANCE = "GGT"
#: A choice left empty (no stage, no funding status): its own column, "Ej angivet".
NOT_STATED = ""
ZERO = Money()


def table(
    slug: str, caption: str, heads: list[Column], rows: list[list[Any]], **extra: Any
) -> Table:
    """One table of the page, downloadable as CSV and XLSX under its ``slug``. Lazy
    translations (choice labels) become text, so the table pickles into the cache and
    writes into a workbook."""
    plain = [[str(v) if isinstance(v, Promise) else v for v in row] for row in rows]
    return Table.from_rows(caption, heads, plain, slug=slug, **extra)


def label(choices: Any, value: str) -> str:
    """A choice's label, "Ej angivet" for an empty one."""
    if not value:
        return _("Ej angivet")
    return str(dict(choices).get(value, value))
