"""Dates that are only partly known: plans say "under 2024" or "december 2022" as often
as a day. Pure functions shared by the forms and the spreadsheet import/export.

A partial date is stored as its first day plus a precision ("year", "month", "day"),
written and read as ``2024``, ``2024-12`` or ``2024-12-01``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from core.cycles import SWEDISH_MONTHS

_PATTERN = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")

HINT = "skriv ett år (2024), en månad (2024-12) eller en dag (2024-12-01)"


def parse_partial_date(raw: object) -> tuple[date, str] | None:
    """``raw`` as (first day, precision); None when empty. Raises ValueError (in Swedish)
    for anything else. Spreadsheet dates and years typed as numbers are accepted."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date(), "day"
    if isinstance(raw, date):
        return raw, "day"
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))
    match = _PATTERN.match(str(raw))
    if not match:
        raise ValueError(f"'{raw}' är inget datum; {HINT}")
    year, month, day = match.groups()
    try:
        if day is not None:
            return date(int(year), int(month), int(day)), "day"
        if month is not None:
            return date(int(year), int(month), 1), "month"
        return date(int(year), 1, 1), "year"
    except ValueError:
        raise ValueError(f"'{raw}' finns inte i kalendern; {HINT}") from None


def format_partial_date(value: date | None, precision: str) -> str:
    """The machine form: ``2024``, ``2024-12`` or ``2024-12-01`` ("" for None)."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()


def describe_partial_date(value: date | None, precision: str) -> str:
    """How a page says it in Swedish: "2024", "december 2022", "1 december 2022"."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    month = SWEDISH_MONTHS[value.month - 1]
    if precision == "month":
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def partial_end(value: date, precision: str) -> date:
    """The last day a partial date can mean (2024 → 31 December 2024), for comparing a
    start with an end of different precision."""
    if precision == "year":
        return date(value.year, 12, 31)
    if precision == "month":
        next_month = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)
    return value
