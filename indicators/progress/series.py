"""The observations the progress engine judges: a data point per year and a city's
series of them, and the series derived from two (net of removals, per inhabitant).

Nothing here knows about Django. Selectors turn Observation rows into these dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter


class ObservationStatus(StrEnum):
    """How settled a published value is (utfall: slutligt, preliminärt, uppskattat)."""

    FINAL = "final"
    PRELIMINARY = "preliminary"
    ESTIMATE = "estimate"

    def weakest(self, other: ObservationStatus) -> ObservationStatus:
        """The less settled of two statuses: a value derived from an estimate is an estimate."""
        order = (ObservationStatus.FINAL, ObservationStatus.PRELIMINARY, ObservationStatus.ESTIMATE)
        return max(self, other, key=order.index)


def check_finite(name: str, value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")


@dataclass(frozen=True, slots=True)
class DataPoint:
    """One observation (utfall) of an indicator for one year.

    ``low``/``high`` are an optional uncertainty range published with the value. They are
    carried through to the assessment but not used in the trend fit: the fit's own
    interval comes from the scatter of the values around the fitted line.
    """

    year: int
    value: float
    status: ObservationStatus = ObservationStatus.FINAL
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        # ``check_finite`` of each, called only for the range: a comparison of 290
        # municipalities makes a couple of thousand points, most without one.
        value, low, high = self.value, self.low, self.high
        check_finite("value", value)
        if low is not None:
            check_finite("low", low)
            if low > value:
                raise ValueError(f"{self.year}: low {low} is above the value {value}")
        if high is not None:
            check_finite("high", high)
            if high < value:
                raise ValueError(f"{self.year}: high {high} is below the value {value}")


_year = attrgetter("year")


@dataclass(frozen=True)
class Series:
    """One indicator's observations for one city, at most one per year, sorted by year.

    Years without a published value are simply absent: SMHI publishes municipal
    emissions only for 1990, 2000, 2005, 2010 and later years, and the engine never
    fills such gaps (except, documented, inside a carbon budget's cumulative sum).
    """

    points: tuple[DataPoint, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.points, key=_year))
        years = [p.year for p in ordered]
        if len(set(years)) != len(years):
            duplicates = sorted({y for y in years if years.count(y) > 1})
            raise ValueError(f"a series has at most one value per year; repeated: {duplicates}")
        object.__setattr__(self, "points", ordered)

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[int, float],
        *,
        status: ObservationStatus = ObservationStatus.FINAL,
    ) -> Series:
        """A series from ``{year: value}``, every value with the same status."""
        return cls(tuple([DataPoint(int(y), float(v), status) for y, v in values.items()]))

    def __len__(self) -> int:
        return len(self.points)

    def __iter__(self) -> Iterator[DataPoint]:
        return iter(self.points)

    @property
    def years(self) -> list[int]:
        return [p.year for p in self.points]

    @property
    def values(self) -> list[float]:
        return [p.value for p in self.points]

    @property
    def latest(self) -> DataPoint | None:
        return self.points[-1] if self.points else None

    def get(self, year: int) -> DataPoint | None:
        """The observation of ``year``, or None when that year was not published."""
        for point in self.points:
            if point.year == year:
                return point
        return None

    def last(self, n: int) -> tuple[DataPoint, ...]:
        """The ``n`` latest published observations (not the last ``n`` calendar years)."""
        return self.points[-n:] if n > 0 else ()

    def until(self, year: int | None) -> Series:
        """The observations up to and including ``year`` (all of them when year is None)."""
        if year is None:
            return self
        return Series(tuple(p for p in self.points if p.year <= year))

    def with_point(self, point: DataPoint) -> Series:
        """A copy with ``point`` added (replacing that year's value if there is one)."""
        return Series((*(p for p in self.points if p.year != point.year), point))


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def net_series(emissions: Series, removals: Series) -> Series:
    """Net emissions (nettoutsläpp): emissions − removals, for years where both exist.

    Removals (upptag) are positive tonnes taken up. Years with emissions but no recorded
    removal are left out rather than treated as zero removal, so a chart never mixes net
    and gross values in one line. The uncertainty range combines the two ranges in the
    widest way (low emissions − high removals, high emissions − low removals).
    """
    points = []
    for e in emissions:
        r = removals.get(e.year)
        if r is None:
            continue
        has_range = any(v is not None for v in (e.low, e.high, r.low, r.high))
        low = _or(e.low, e.value) - _or(r.high, r.value)
        high = _or(e.high, e.value) - _or(r.low, r.value)
        points.append(
            DataPoint(
                e.year,
                e.value - r.value,
                e.status.weakest(r.status),
                low if has_range else None,
                high if has_range else None,
            )
        )
    return Series(tuple(points))


def per_person_series(totals: Series, population: Series) -> Series:
    """Values per inhabitant: each year's total divided by that year's population.

    Only years where both the value and a positive population exist are kept: dividing
    by a neighbouring year's population would silently mix years.
    """
    points = []
    for t in totals:
        pop = population.get(t.year)
        if pop is None or pop.value <= 0:
            continue
        points.append(
            DataPoint(
                t.year,
                t.value / pop.value,
                t.status.weakest(pop.status),
                None if t.low is None else t.low / pop.value,
                None if t.high is None else t.high / pop.value,
            )
        )
    return Series(tuple(points))


def level_floor(series: Series, target_value: float | None, *, net: bool) -> float | None:
    """The lowest value a line drawn or estimated from ``series`` may show: 0 for a level
    that cannot be negative (gross emissions, a count, a share), None for one that may
    (net emissions, or a series with a value or target below zero). Both the estimates
    of the years not yet published (``nowcast``) and the trend drawn towards the target
    (its line, projection and band) stop there."""
    if net or (target_value is not None and target_value < 0):
        return None
    return None if any(point.value < 0 for point in series) else 0.0


def at_floor(value: float, floor: float | None) -> float:
    """``value``, or ``floor`` when it is below it (None: no floor)."""
    return value if floor is None or value >= floor else floor


__all__ = [
    "DataPoint",
    "ObservationStatus",
    "Series",
    "at_floor",
    "check_finite",
    "level_floor",
    "net_series",
    "per_person_series",
]
