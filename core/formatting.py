"""How numbers and targets read in the UI: Swedish number format by default (1 234,5)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MINUS = "\u2212"  # typographic minus, as Swedish typesetting and screen readers expect


def num(value: float | None, decimals: int = 0) -> str:
    """A number in the active language's format with thousands grouping ("1 234,5")."""
    if value is None:
        return "–"
    text = number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)
    return text.replace("-", MINUS)


def is_swedish() -> bool:
    """Whether the active language is Swedish (the default when none is active)."""
    return (get_language() or "sv").startswith("sv")


def pct(value: float | None, decimals: int = 1, *, signed: bool = True) -> str:
    """A percentage: Swedish puts a no-break space before the sign ("−24,2 %"), English
    does not ("−24.2%")."""
    if value is None:
        return "–"
    text = num(value, decimals)
    if signed and value > 0:
        text = "+" + text
    return text + pct_sign()


def pct_sign() -> str:
    """The per-cent sign as the active language writes it after a number: Swedish with a
    no-break space ("24,2 %"), English without ("24.2%")."""
    return "\u00a0%" if is_swedish() else "%"


def plotly_separators() -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands separator) for the
    active language: Swedish "1 234,5", English "1,234.5"."""
    return ", " if is_swedish() else ".,"


def localized_figure(figure: dict) -> dict:
    """``figure`` with the active language's number separators (the figure builders are
    plain functions with Swedish defaults; the page applies the language)."""
    return {**figure, "layout": {**figure.get("layout", {}), "separators": plotly_separators()}}


def target_summary(
    *,
    kind: str,
    unit: str,
    direction: str,
    target_year: int,
    target_value: float | None,
    base_year: int | None,
) -> str:
    """One line saying what a target asks for, e.g. "−85 % jämfört med 1990 till år 2040"."""
    bound = _("Högst") if direction == "lower" else _("Minst")
    if kind == "percent_change" and target_value is not None:
        return _("%(change)s jämfört med %(base)s till år %(year)s") % {
            "change": pct(target_value, 0),
            "base": base_year,
            "year": target_year,
        }
    if kind == "net_zero":
        if target_value is not None and base_year is not None:
            return _(
                "Nettonoll till år %(year)s: utsläppen minst %(cut)s lägre än %(base)s, "
                "resten tas upp av kolsänkor"
            ) % {"year": target_year, "cut": pct(-target_value, 0, signed=False), "base": base_year}
        return _("Nettonoll till år %(year)s") % {"year": target_year}
    if kind == "share" and target_value is not None:
        return _("%(bound)s %(value)s till år %(year)s") % {
            "bound": bound,
            "value": pct(target_value, 0, signed=False),
            "year": target_year,
        }
    if kind == "per_person" and target_value is not None:
        return _("%(bound)s %(value)s %(unit)s per invånare till år %(year)s") % {
            "bound": bound,
            "value": num(target_value, 1),
            "unit": unit,
            "year": target_year,
        }
    if kind == "absolute" and target_value is not None:
        return _("%(bound)s %(value)s %(unit)s till år %(year)s") % {
            "bound": bound,
            "value": num(target_value, 1 if abs(target_value) < 100 else 0),
            "unit": unit,
            "year": target_year,
        }
    if direction == "lower":
        return _("Ska minska till år %(year)s") % {"year": target_year}
    return _("Ska öka till år %(year)s") % {"year": target_year}
