"""Numbers written the Swedish way (and the English way) for the explanation sentences.

Swedish: decimal comma, a no-break space between thousands ("1 234,5"), a no-break
space before "%" ("9,8 %") and a real minus sign (U+2212). The no-break spaces keep a
number and its unit on one line when the sentence wraps. English: "1,234.5" and "9.8%".
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"


def _digits(value: float, decimals: int) -> tuple[bool, str]:
    """(negative, "1,234.5") with the sign dropped when the rounded number is zero."""
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(c not in "0.," for c in text)
    return negative, text


def format_number_sv(value: float, decimals: int = 1) -> str:
    """``1234.5`` → ``"1 234,5"`` (no-break space), ``-3.25`` → ``"−3,3"`` (with decimals=1)."""
    negative, text = _digits(value, decimals)
    text = text.replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if negative else text


def format_number_en(value: float, decimals: int = 1) -> str:
    """``1234.5`` → ``"1,234.5"``, ``-3.25`` → ``"-3.3"`` (with decimals=1)."""
    negative, text = _digits(value, decimals)
    return f"-{text}" if negative else text


def format_percent_sv(value: float, decimals: int = 1) -> str:
    """``9.8`` → ``"9,8 %"``: Swedish puts a (no-break) space before the per cent sign."""
    return f"{format_number_sv(value, decimals)}{NBSP}%"


def format_percent_en(value: float, decimals: int = 1) -> str:
    """``9.8`` → ``"9.8%"``."""
    return f"{format_number_en(value, decimals)}%"


def level_decimals(value: float) -> int:
    """Decimals worth showing for a level: 365 010 t, 62,5 %, 5,28 t per person."""
    magnitude = abs(value)
    if magnitude >= 100:
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
