"""A city's follow-up cycle: the year split into equal periods (Karlstad follows up three
times a year, in tertials), each ending on the date its follow-up is due.

Plain functions over dates, no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

VALID = (1, 2, 3, 4, 6, 12)


@dataclass(frozen=True)
class Period:
    """One follow-up period, e.g. the second tertial of 2025 (May–August, due 31 August)."""

    year: int
    index: int  # 1-based
    per_year: int
    start: dt.date
    due: dt.date  # the period's last day: its follow-up is due by then

    @property
    def key(self) -> str:
        """Stable identifier, e.g. "2025-2/3"; includes the cycle so that a city changing
        its cycle gets new periods rather than colliding with old ones."""
        return f"{self.year}-{self.index}/{self.per_year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.due


def period_of(day: dt.date, per_year: int) -> Period:
    """The follow-up period that ``day`` falls in, for a cycle of ``per_year`` periods."""
    if per_year not in VALID:
        raise ValueError(f"a year cannot be split into {per_year} equal periods of months")
    months = 12 // per_year
    index = (day.month - 1) // months + 1
    first_month = (index - 1) * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return Period(
        year=day.year,
        index=index,
        per_year=per_year,
        start=dt.date(day.year, first_month, 1),
        due=dt.date(day.year, last_month, last_day),
    )


def reminder_window_open(day: dt.date, per_year: int, *, lead_days: int) -> bool:
    """Is ``day`` within ``lead_days`` before its period's due date (inclusive)?"""
    period = period_of(day, per_year)
    return (period.due - day).days <= lead_days
