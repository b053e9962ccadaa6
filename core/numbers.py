"""Numbers as the pages, tables, charts and explanation sentences write them, in Swedish or
English: the one number formatter.

Swedish: a no-break space between thousands and a decimal comma ("1 234,5"), a no-break
space before "%" ("9,8 %") and a real minus sign (U+2212). English: "1,234.5" and
"9.8%". The no-break spaces keep a number and its unit on one line when text wraps. A
number that rounds to zero has no sign ("−0,0" would say it fell).

Plain functions of (value, decimals, language), no Django: the pure progress engine and
the server-drawn charts use them directly; ``core.formatting`` adds the active language.
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus, as Swedish typesetting and screen readers expect
DASH = "\u2013"  # what a table shows for a missing number


def is_swedish(language: str) -> bool:
    """Whether ``language`` (a language code, "sv", "sv-se", "en") is Swedish."""
    return language.startswith("sv")


#: The format of a grouped number with each usual count of decimals, made once: the
#: comparison of 290 municipalities writes some 10 000 numbers.
_GROUPED = {decimals: f",.{decimals}f" for decimals in range(7)}


def format_number(
    value: float, decimals: int = 0, language: str = "sv", *, minus: str = MINUS
) -> str:
    """``value`` rounded to ``decimals`` and grouped in thousands, the language's way:
    ``1234.5`` → "1 234,5" (sv) or "1,234.5" (en). ``minus``: the sign of a negative
    number (the English sentences of the progress engine write a hyphen)."""
    text = format(abs(value), _GROUPED.get(decimals) or f",.{decimals}f")
    negative = value < 0 and text.strip("0.,") != ""  # no sign when it rounds to zero
    if language.startswith("sv"):  # ``is_swedish``, without a call per number
        text = text.replace(",", NBSP).replace(".", ",")
    return minus + text if negative else text


def percent_sign(language: str) -> str:
    """The per-cent sign as the language writes it after a number: Swedish with a no-break
    space ("24,2 %"), English without ("24.2%")."""
    return NBSP + "%" if is_swedish(language) else "%"


def format_percent(
    value: float,
    decimals: int = 1,
    language: str = "sv",
    *,
    signed: bool = False,
    minus: str = MINUS,
) -> str:
    """A percentage: "−24,2 %" (sv), "−24.2%" (en); with ``signed`` a rise gets a plus
    ("+9,8 %")."""
    text = format_number(value, decimals, language, minus=minus)
    if signed and value > 0:
        text = "+" + text
    return text + percent_sign(language)


def counted(count: int, one: str, many: str) -> str:
    """A count with its noun in Swedish singular or plural, for the messages written in
    Swedish only (an importer's): ``counted(1, "rad", "rader")`` is "1 rad", 2 gives
    "2 rader". A translated message uses ``ngettext`` instead."""
    return f"{count} {one if count == 1 else many}"
