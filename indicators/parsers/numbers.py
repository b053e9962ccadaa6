"""Reading numbers as Swedish files write them."""

from __future__ import annotations

import math
import re

from .text import shorten

# Thousands separators seen in Swedish files: space, no-break space, narrow no-break
# space (Excel's "1 234,5"), thin space and the apostrophe some tools use.
_GROUP_SEPARATORS = str.maketrans("", "", " \u00a0\u202f\u2009'")
_SEPARATOR = re.compile(r"\d[ \u00a0\u202f\u2009']\d")
_GROUPED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f\u2009']\d{3})+([.,]\d+)?([eE][+-]?\d+)?")
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SWEDISH = re.compile(r"[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?([eE][+-]?\d+)?")
# SMHI's CSV writes tiny values as "7,33347×10^−05" (with a real minus sign).
_TIMES_TEN = re.compile(r"(?P<mantissa>[+-]?\d+(?:[,.]\d+)?)[×xX\*]10\^(?P<exponent>[+-]?\d+)")

#: What the person is told a number should look like.
NUMBER_HINT = "förväntade ett tal, t.ex. 1 234,5 eller 1234.5"


def not_a_number(raw: object) -> str:
    """The message for a cell that should hold a number but does not."""
    return f"'{shorten(raw)}' är inte ett tal; {NUMBER_HINT}."


def formula_hint(raw: object) -> str:
    """What to add to that message when the cell holds a spreadsheet formula ("=A1*2")."""
    if isinstance(raw, str) and raw.startswith("="):
        return " Cellen innehåller en formel; klistra in värdet i stället."
    return ""


def parse_number(raw: object) -> float:
    """``raw`` (a cell: int, float or text) as a float.

    Accepts Swedish format ("1 234,5", no-break spaces, decimal comma, "1.234,5"),
    plain "1234.5", scientific "1.5e-05" and SMHI's "7,33347×10^−05"; a Unicode minus
    counts as minus. Raises ValueError for anything else, including booleans, NaN and
    infinity, so that text in a number column is never silently read as 0.
    """
    if isinstance(raw, bool):
        raise ValueError("boolean is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        value = _parse_text(raw)
    else:
        raise ValueError(f"not a number: {raw!r}")
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _parse_text(raw: str) -> float:
    text = raw.strip().replace("\u2212", "-")
    if _SEPARATOR.search(text) and not _GROUPED.fullmatch(text):
        # "12 34" is more likely two numbers or a typo than 1234: refuse it.
        raise ValueError(f"badly grouped digits: {raw!r}")
    text = text.translate(_GROUP_SEPARATORS)
    if not text:
        raise ValueError("empty")
    if _PLAIN.fullmatch(text):
        return float(text)
    if _SWEDISH.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    match = _TIMES_TEN.fullmatch(text)
    if match:
        mantissa = match["mantissa"].replace(",", ".")
        return float(f"{mantissa}e{match['exponent']}")
    raise ValueError(f"not a number: {raw!r}")


def parse_year(raw: object) -> int:
    """``raw`` as a calendar year (2024, 2024.0 or "2024"); ValueError otherwise."""
    if isinstance(raw, bool):
        raise ValueError("boolean is not a year")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*\d{4}\s*", raw):
        return int(raw)
    raise ValueError(f"not a year: {raw!r}")


def year_or_none(raw: object) -> int | None:
    """``raw`` as a calendar year (see :func:`parse_year`), or None when it is none."""
    try:
        return parse_year(raw)
    except ValueError:
        return None
