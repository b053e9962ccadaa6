"""Template filters for numbers and tables in the active language's format."""

from django import template

from core.formatting import num, pct, possessive
from dashboards.charts import tables
from dashboards.charts.chart import Table

register = template.Library()


@register.filter(name="possessive")
def possessive_filter(name: str) -> str:
    """``name|possessive``: the owner's form in the active language ("Formas", "Umeås";
    English "Formas'", "Umeå's")."""
    return possessive(name)


@register.filter(name="num")
def num_filter(value: float | None, decimals: int = 0) -> str:
    return num(value, int(decimals))


@register.filter(name="pct")
def pct_filter(value: float | None, decimals: int = 1) -> str:
    return pct(value, int(decimals))


@register.filter(name="display_rows")
def display_rows_filter(table: Table) -> list[tuple[bool, list[tables.Cell]]]:
    """``table|display_rows``: each row as the page shows it (see ``display_rows``)."""
    return tables.display_rows(table)
