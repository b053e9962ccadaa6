"""Nowcast: estimates for the "lag years" that SMHI has not published yet.

SMHI (Nationella emissionsdatabasen) publishes municipal emissions about 16 months after
a year ends, and only for some years (the 2026 release: 1990, 2000, 2005, 2010, 2015,
2020–2024). In December 2026 the latest published year is 2024, so 2025 has passed but
has no value. Anything that adds years up — a carbon budget above all — must still
count that year; this module estimates it, openly, as an estimate.

Method (``theil_sen_anchored``, after Klimatkollen)
---------------------------------------------------
1. Base years: the published years from 2015 on (gaps stay gaps: 2015, 2020–2024 in the
   2026 release). With fewer than two of them, every published year from 2010 on is used
   instead (``outcome`` says ``since_2010``); with fewer than two of those there is no
   estimate (``too_few_points``).
2. Slope: the Theil–Sen slope, the median of the slopes between every pair of base
   years, (v_j − v_i) / (y_j − y_i). A median line: one odd year (a plant closing, the
   2020 pandemic dip) moves it much less than it moves a least-squares line.
3. Anchor: the line is drawn through the last published value, not through the middle of
   the base years: estimate(y) = last_value + slope × (y − last_year), for every year
   after the latest published year up to ``last_year`` (normally today's year − 1).
4. Floor: gross emissions cannot be negative, so estimates are cut at 0 (``floor``; pass
   ``floor=None`` for a series that may be negative, such as net emissions).

Klimatkollen's pipeline (Klimatbyran/territorial-data-pipeline) anchors a median
regression on the last published value in the same way, from the same base years; its
line is fitted by least absolute deviations (quantile regression at the median), while
here the slope is Theil–Sen's median of pairwise slopes. Both are median lines and agree
closely on these short series, but they are not the same estimator, so a value can
differ slightly from Klimatkollen's.

Limits (say them where an estimate is shown)
--------------------------------------------
- A straight line through the recent years: it cannot foresee a break (a pandemic, a
  new plant, a closure). The backtest in ``benchmarks/nowcast.py`` (the 2021 release's
  2015–2019 values estimating 2020 and 2021 for all 290 municipalities, compared with
  the 2026 release) gives a mean absolute percentage error of 10.5 % per municipality
  and year (10.7 % for 2020, 10.2 % for 2021), against 12.2 % for simply repeating the
  last published value. The estimates were on average 7.8 % too high: 2020 was the
  pandemic year, which no trend foresaw. Within one release (no revisions), 2023–2024
  from the 2026 release's years up to 2022: 11.1 %.
- The anchor's own noise carries into every estimate: if the last published year was
  unusually high or low, so are the estimates.
- SMHI revises history in each release. An estimate is made from one release and is
  replaced, never merged, when the next release publishes that year.
- The further from the last published year, the less it is worth; nothing here caps
  the horizon, so the caller decides how many lag years to show.

Estimates are never mixed into published values: they are separate points, each with
the status ``estimate`` when turned into a :class:`Series`.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from indicators.progress.series import DataPoint, ObservationStatus, Series, at_floor

METHOD = "theil_sen_anchored"
BASE_FROM_YEAR = 2015
FALLBACK_FROM_YEAR = 2010
MIN_BASE_POINTS = 2


class NowcastOutcome(StrEnum):
    """What the nowcast could do with a series, as a stable code for the UI."""

    SINCE_2015 = "since_2015"  # estimated from the published years since 2015
    SINCE_2010 = "since_2010"  # fewer than two since 2015: estimated from those since 2010
    UP_TO_DATE = "up_to_date"  # the latest published year is last year or later
    TOO_FEW_POINTS = "too_few_points"  # fewer than two published years since 2010
    NO_DATA = "no_data"  # nothing published at all

    @property
    def estimated(self) -> bool:
        return self in (NowcastOutcome.SINCE_2015, NowcastOutcome.SINCE_2010)


@dataclass(frozen=True)
class Nowcast:
    """Estimated values for the years after the latest published year up to ``last_year``.

    ``points`` are the estimated (year, value) pairs, one per year, in order; empty when
    nothing was estimated (``outcome`` says why). ``anchor`` is the last published
    (year, value) the line goes through, ``slope`` its change per year in the series'
    unit, ``base_years`` the published years the slope was taken from.
    """

    points: tuple[tuple[int, float], ...]
    outcome: NowcastOutcome
    last_year: int
    method: str = METHOD
    base_years: tuple[int, ...] = ()
    anchor: tuple[int, float] | None = None
    slope: float | None = None
    floor: float | None = 0.0

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(year for year, _ in self.points)

    @property
    def estimated_from(self) -> int | None:
        """The first estimated year, or None when nothing was estimated."""
        return self.points[0][0] if self.points else None

    @property
    def estimated_through(self) -> int | None:
        """The last estimated year, or None when nothing was estimated."""
        return self.points[-1][0] if self.points else None

    @property
    def fell_back(self) -> bool:
        """True when the base years reach back to 2010 for lack of values since 2015."""
        return self.outcome is NowcastOutcome.SINCE_2010

    def value(self, year: int) -> float | None:
        """The estimate for ``year``, or None when that year was not estimated."""
        for y, v in self.points:
            if y == year:
                return v
        return None

    def as_series(self) -> Series:
        """The estimates as a series of their own, every point with status ``estimate``."""
        return Series(tuple(DataPoint(y, v, ObservationStatus.ESTIMATE) for y, v in self.points))

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "method": self.method,
            "outcome": self.outcome.value,
            "last_year": self.last_year,
            "base_years": list(self.base_years),
            "anchor_year": None if self.anchor is None else self.anchor[0],
            "anchor_value": None if self.anchor is None else self.anchor[1],
            "slope": self.slope,
            "estimated_from": self.estimated_from,
            "estimated_through": self.estimated_through,
            "points": [{"year": y, "value": v} for y, v in self.points],
        }


def theil_sen_slope(points: Sequence[tuple[int, float]]) -> float:
    """The median of the slopes between every pair of points (years must differ).

    ValueError with fewer than two points: one point has no slope.
    """
    if len(points) < MIN_BASE_POINTS:
        raise ValueError("a slope needs at least two points")
    slopes = [
        (v_j - v_i) / (y_j - y_i)
        for i, (y_i, v_i) in enumerate(points)
        for y_j, v_j in points[i + 1 :]
    ]
    return statistics.median(slopes)


def nowcast(series: Series, last_year: int, *, floor: float | None = 0.0) -> Nowcast:
    """Estimate every year after ``series``' latest published year up to ``last_year``.

    ``series`` holds published values only (years may have gaps); ``last_year`` is the
    last year that has ended (normally today's year − 1), passed in so that the result
    does not depend on the clock. See the module docstring for the method and its limits.
    """
    latest = series.latest
    if latest is None:
        return Nowcast((), NowcastOutcome.NO_DATA, last_year, floor=floor)
    anchor = (latest.year, latest.value)
    if latest.year >= last_year:
        return Nowcast((), NowcastOutcome.UP_TO_DATE, last_year, anchor=anchor, floor=floor)
    base = [(p.year, p.value) for p in series if p.year >= BASE_FROM_YEAR]
    outcome = NowcastOutcome.SINCE_2015
    if len(base) < MIN_BASE_POINTS:
        base = [(p.year, p.value) for p in series if p.year >= FALLBACK_FROM_YEAR]
        outcome = NowcastOutcome.SINCE_2010
    if len(base) < MIN_BASE_POINTS:
        return Nowcast(
            (),
            NowcastOutcome.TOO_FEW_POINTS,
            last_year,
            base_years=tuple(y for y, _ in base),
            anchor=anchor,
            floor=floor,
        )
    slope = theil_sen_slope(base)
    points = []
    for year in range(latest.year + 1, last_year + 1):
        value = latest.value + slope * (year - latest.year)
        points.append((year, at_floor(value, floor)))
    return Nowcast(
        tuple(points),
        outcome,
        last_year,
        base_years=tuple(y for y, _ in base),
        anchor=anchor,
        slope=slope,
        floor=floor,
    )


__all__ = [
    "BASE_FROM_YEAR",
    "FALLBACK_FROM_YEAR",
    "METHOD",
    "Nowcast",
    "NowcastOutcome",
    "nowcast",
    "theil_sen_slope",
]
