"""Numbers in the explanation sentences, the Swedish and the English way, written by the
one formatter (``core.numbers``; see there): "1 234,5", "9,8 %", "−3,2" and "1,234.5",
"9.8%". The English sentences write a hyphen for minus, as they always have. Levels get
the decimals worth reading and their unit ("72 271 t", "5,28 t").
"""

from __future__ import annotations

from core.numbers import MINUS, NBSP, format_number, format_percent

__all__ = [
    "EN_DASH",
    "MINUS",
    "NBSP",
    "english_count",
    "format_level_en",
    "format_level_sv",
    "format_number_en",
    "format_number_sv",
    "format_percent_en",
    "format_percent_sv",
    "level_decimals",
    "swedish_count",
]

EN_DASH = "\u2013"


def format_number_sv(value: float, decimals: int = 1) -> str:
    """``1234.5`` → ``"1 234,5"`` (no-break space), ``-3.25`` → ``"−3,2"`` (with decimals=1)."""
    return format_number(value, decimals, "sv")


def format_number_en(value: float, decimals: int = 1) -> str:
    """``1234.5`` → ``"1,234.5"``, ``-3.25`` → ``"-3.2"`` (with decimals=1)."""
    return format_number(value, decimals, "en", minus="-")


def format_percent_sv(value: float, decimals: int = 1) -> str:
    """``9.8`` → ``"9,8 %"``: Swedish puts a (no-break) space before the per cent sign."""
    return format_percent(value, decimals, "sv")


def format_percent_en(value: float, decimals: int = 1) -> str:
    """``9.8`` → ``"9.8%"``."""
    return format_percent(value, decimals, "en", minus="-")


def level_decimals(value: float) -> int:
    """Decimals worth showing for a level: 365 010 t, 62,5 %, 5,28 t per person; none for
    zero (a target of 0 t is "0 t", not "0,00 t")."""
    magnitude = abs(value)
    if magnitude >= 100 or magnitude == 0:
        return 0
    if magnitude >= 10:
        return 1
    return 2


def _strip_zero_decimals(text: str, decimal_mark: str) -> str:
    if decimal_mark not in text:
        return text
    text = text.rstrip("0")
    return text[:-1] if text.endswith(decimal_mark) else text


def format_level_sv(value: float, unit: str = "") -> str:
    """A level with sensible decimals and its unit: ``"72 271 t"``, ``"65 %"``, ``"5,28 t"``."""
    number = _strip_zero_decimals(format_number_sv(value, level_decimals(value)), ",")
    return f"{number}{NBSP}{unit}" if unit else number


def format_level_en(value: float, unit: str = "") -> str:
    """A level with sensible decimals and its unit: ``"72,271 t"``, ``"65%"``, ``"5.28 t"``."""
    number = _strip_zero_decimals(format_number_en(value, level_decimals(value)), ".")
    if not unit:
        return number
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def swedish_count(n: int) -> str:
    """Small counts in words, as Swedish prose writes them ("de senaste fem åren")."""
    words = {2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio"}
    words |= {10: "tio", 11: "elva", 12: "tolv"}
    return words.get(n, str(n))


def english_count(n: int) -> str:
    """Small counts in words ("the last five years")."""
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    words |= {9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    return words.get(n, str(n))
