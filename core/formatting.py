"""Numbers in the UI, in the active language (Swedish by default: "1 234,5"): the pure
formatter of ``core.numbers`` with the language Django has activated for the request."""

from __future__ import annotations

from core import numbers
from core.i18n import get_language
from core.numbers import DASH


def active_language() -> str:
    """The active language (Swedish when none is active)."""
    return get_language() or "sv"


def num(value: float | None, decimals: int = 0, language: str | None = None) -> str:
    """A number with thousands grouping ("1 234,5"; "–" for None), in ``language`` or
    the active one."""
    if value is None:
        return DASH
    return numbers.format_number(value, decimals, language or active_language())


def is_swedish() -> bool:
    """Whether the active language is Swedish (the default when none is active)."""
    return numbers.is_swedish(active_language())


def pct(value: float | None, decimals: int = 1, *, signed: bool = True) -> str:
    """A percentage: Swedish puts a no-break space before the sign ("−24,2 %"), English
    does not ("−24.2%"); with ``signed`` a rise gets a plus."""
    if value is None:
        return DASH
    return numbers.format_percent(value, decimals, active_language(), signed=signed)


def pct_sign() -> str:
    """The per-cent sign as the active language writes it after a number: Swedish with a
    no-break space ("24,2 %"), English without ("24.2%")."""
    return numbers.percent_sign(active_language())


def possessive(name: str) -> str:
    """``name`` as the owner of something, in the active language. Swedish adds "s" but
    not after s, x or z ("Umeås", "Formas", "Borås"); English adds "'s", or only "'" after
    an s ("Umeå's", "Formas'")."""
    name = str(name)
    if not name:
        return name
    if is_swedish():
        return name if name[-1].lower() in "sxz" else name + "s"
    return name + "'" if name[-1].lower() == "s" else name + "'s"


def plotly_separators() -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands separator) for the
    active language: Swedish "1 234,5", English "1,234.5"."""
    return ", " if is_swedish() else ".,"


def localized_figure(figure: dict) -> dict:
    """``figure`` with the active language's number separators (the figure builders are
    plain functions with Swedish defaults; the page applies the language)."""
    return {**figure, "layout": {**figure.get("layout", {}), "separators": plotly_separators()}}
