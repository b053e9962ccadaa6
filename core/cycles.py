"""A city's follow-up cycle: the periods a city follows up its actions and indicators in,
and when a follow-up is due or overdue. Plain functions over dates, no database.

A city follows up 1, 2, 3, 4 or 12 times a year (``City.follow_ups_per_year``, whose
choices are ``cities.models.FollowUpCycle``; Karlstad: three times, in tertials). The year
is cut into that many equal runs of whole months, each ending on the day its follow-up
is due: tertial 1 is January–April (due 30 April), half-year 2 July–December.

The rule for one action (documented here, shown on the pages):

- Every period from the one in which the action entered the portfolio needs a
  follow-up, while the action is planned, ongoing or paused.
- **Due** (att göra): the current period has no follow-up yet.
- **Overdue** (försenad): a whole period has ended since the latest follow-up, i.e. the
  previous period (or an earlier one) has none. It became overdue the day after that
  period's last day.

A follow-up counts for the period it was reported for, not the day it was written, so a
report for the first tertial written in May still covers the first tertial.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

#: The cycles a city may choose: exactly ``cities.models.FollowUpCycle`` (and the
#: ``followup_known_cycle`` constraint on follow-ups). Six (every other month) is not
#: one: it has no Swedish name and no city asked for it.
CYCLES = (1, 2, 3, 4, 12)

SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# The usual Swedish abbreviations: T1 (tertial), H1 (halvår), K1 (kvartal).
_PREFIX = {2: "H", 3: "T", 4: "K"}


def _check_cycle(per_year: int) -> None:
    if per_year not in CYCLES:
        allowed = ", ".join(str(n) for n in CYCLES[:-1]) + f" or {CYCLES[-1]}"
        raise ValueError(f"a follow-up cycle has {allowed} periods a year, not {per_year}")


@dataclass(frozen=True, order=True)
class Period:
    """One follow-up period: the ``number``-th of ``per_year`` in ``year``, e.g. the
    second tertial of 2025 (May–August, due 31 August)."""

    year: int
    number: int  # 1-based
    per_year: int

    def __post_init__(self) -> None:
        _check_cycle(self.per_year)
        if not 1 <= self.number <= self.per_year:
            raise ValueError(f"period {self.number} is not one of 1–{self.per_year}")

    @property
    def months(self) -> int:
        return 12 // self.per_year

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.number * self.months
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def due(self) -> dt.date:
        """The day the period's follow-up is due: its last day."""
        return self.end

    @property
    def key(self) -> str:
        """Stable identifier, e.g. "2025-2/3"; includes the cycle so that a city changing
        its cycle gets new periods rather than colliding with old ones."""
        return f"{self.year}-{self.number}/{self.per_year}"

    @property
    def label(self) -> str:
        """How Swedish plans name it: "2025", "H1 2025", "T2 2025", "K4 2025", "maj 2025"."""
        if self.per_year == 1:
            return str(self.year)
        if self.per_year == 12:
            return f"{SWEDISH_MONTHS[self.number - 1]} {self.year}"
        return f"{_PREFIX[self.per_year]}{self.number} {self.year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.year, self.number - 1, self.per_year)
        return Period(self.year - 1, self.per_year, self.per_year)

    def next(self) -> Period:
        if self.number < self.per_year:
            return Period(self.year, self.number + 1, self.per_year)
        return Period(self.year + 1, 1, self.per_year)


def period_of(day: dt.date, per_year: int) -> Period:
    """The period of a ``per_year`` cycle that ``day`` falls in."""
    _check_cycle(per_year)
    return Period(day.year, (day.month - 1) // (12 // per_year) + 1, per_year)


def periods_of_year(year: int, per_year: int) -> list[Period]:
    _check_cycle(per_year)
    return [Period(year, n, per_year) for n in range(1, per_year + 1)]


def reminder_window_open(day: dt.date, per_year: int, *, lead_days: int) -> bool:
    """Is ``day`` within ``lead_days`` before its period's due date (inclusive)?"""
    period = period_of(day, per_year)
    return (period.due - day).days <= lead_days


class DueState(StrEnum):
    DONE = "done"  # the current period is followed up
    DUE = "due"  # the current period still needs its follow-up
    OVERDUE = "overdue"  # a whole period has ended without one


@dataclass(frozen=True)
class FollowUpDue:
    """Where one action stands in the cycle on ``today``."""

    state: DueState
    period: Period  # the period the next follow-up is for
    due_on: dt.date  # the last day of that period
    missed: int  # whole periods ended without a follow-up (0 unless overdue)


def follow_up_due(
    *, per_year: int, today: dt.date, required_from: dt.date, latest_covered: dt.date | None
) -> FollowUpDue:
    """Whether an action needs a follow-up on ``today``.

    ``required_from`` is the day the action entered the portfolio; ``latest_covered`` is
    the last day of the latest period it has a follow-up for (None when it has none).
    Periods are compared by their last day, so follow-ups reported in an earlier cycle
    (before the city changed how often it follows up) still count.
    """
    current = period_of(today, per_year)
    first = period_of(min(required_from, today), per_year)
    if latest_covered is not None and latest_covered >= current.end:
        return FollowUpDue(DueState.DONE, current.next(), current.next().end, 0)
    # The first period the latest follow-up does not cover.
    pending = first
    if latest_covered is not None:
        covered = period_of(latest_covered, per_year)
        if covered.end > latest_covered:
            # A follow-up of an older, longer cycle ended mid-period: that period still
            # needs one.
            covered = covered.previous()
        pending = max(first, covered.next())
    if pending >= current:
        return FollowUpDue(DueState.DUE, current, current.end, 0)
    missed = 0
    period = pending
    while period < current:
        missed += 1
        period = period.next()
    return FollowUpDue(DueState.OVERDUE, pending, pending.end, missed)
