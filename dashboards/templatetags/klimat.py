"""Template filters for numbers in the active language's format."""

from django import template

from core.formatting import num, pct

register = template.Library()


@register.filter(name="num")
def num_filter(value: float | None, decimals: int = 0) -> str:
    return num(value, int(decimals))


@register.filter(name="pct")
def pct_filter(value: float | None, decimals: int = 1) -> str:
    return pct(value, int(decimals))
