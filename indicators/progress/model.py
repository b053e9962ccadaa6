"""Plain data the progress engine works on: observations, series, targets and budgets.

Nothing here knows about Django. Selectors turn Observation rows into these
dataclasses; the engine returns plain data that templates and the API serialise.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    """Which way an indicator should move: emissions down, sustainable trips up."""

    LOWER_IS_BETTER = "lower_is_better"
    HIGHER_IS_BETTER = "higher_is_better"


class TargetKind(StrEnum):
    """How a target (målvärde) states its number.

    - ``absolute``: a level in the indicator's unit (e.g. at most 200 000 t CO2e in 2030).
    - ``percent_change``: a change in % against a base year (−85 means 85 % below 1990).
    - ``per_person``: a level per inhabitant (e.g. 2 t CO2e per person in 2040).
    - ``share``: a percentage 0–100, higher is better by default (sustainable trips ≥ 65 %).
    - ``net_zero``: net emissions (emissions − removals) at most a residual, given as % of
      the base year's emissions (Umeå 2040: residual 15 % of 1990, i.e. "85 % lower").
    - ``decrease``: direction only, no number ("transport emissions shall decrease").
    """

    ABSOLUTE = "absolute"
    PERCENT_CHANGE = "percent_change"
    PER_PERSON = "per_person"
    SHARE = "share"
    NET_ZERO = "net_zero"
    DECREASE = "decrease"


class PathwayKind(StrEnum):
    """The shape of the planned route (målbana) from the base value to the target value."""

    LINEAR = "linear"
    CONSTANT_RATE = "constant_rate"
    BUDGET = "budget"


class TrendModel(StrEnum):
    """The least-squares model fitted to the recent observations."""

    LINEAR = "linear"
    LOG_LINEAR = "log_linear"


class ObservationStatus(StrEnum):
    """How settled a published value is (utfall: slutligt, preliminärt, uppskattat)."""

    FINAL = "final"
    PRELIMINARY = "preliminary"
    ESTIMATE = "estimate"

    def weakest(self, other: ObservationStatus) -> ObservationStatus:
        """The less settled of two statuses: a value derived from an estimate is an estimate."""
        order = (ObservationStatus.FINAL, ObservationStatus.PRELIMINARY, ObservationStatus.ESTIMATE)
        return max(self, other, key=order.index)


class Status(StrEnum):
    """The answer to "are we on track?" for one target; the rules are in ``assessment``."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"


class Reason(StrEnum):
    """Which written rule decided a status (see ``assessment``); stable codes for the UI."""

    NO_OBSERVATIONS = "no_observations"
    BASE_VALUE_MISSING = "base_value_missing"
    LATEST_MEETS_TARGET = "latest_meets_target"
    DEADLINE_MISSED = "deadline_missed"
    TOO_FEW_POINTS = "too_few_points"
    TREND_MEETS_TARGET = "trend_meets_target"
    AHEAD_OF_PATHWAY = "ahead_of_pathway"
    TARGET_WITHIN_INTERVAL = "target_within_interval"
    NEAR_PATHWAY = "near_pathway"
    TREND_MISSES_TARGET = "trend_misses_target"
    DECREASING = "decreasing"
    MIXED_SIGNALS = "mixed_signals"
    NOT_DECREASING = "not_decreasing"


def _check_finite(name: str, value: float | None) -> None:
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
        _check_finite("value", self.value)
        _check_finite("low", self.low)
        _check_finite("high", self.high)
        if self.low is not None and self.low > self.value:
            raise ValueError(f"{self.year}: low {self.low} is above the value {self.value}")
        if self.high is not None and self.high < self.value:
            raise ValueError(f"{self.year}: high {self.high} is below the value {self.value}")


@dataclass(frozen=True)
class Series:
    """One indicator's observations for one city, at most one per year, sorted by year.

    Years without a published value are simply absent: SMHI publishes municipal
    emissions only for 1990, 2000, 2005, 2010 and later years, and the engine never
    fills such gaps (except, documented, inside a carbon budget's cumulative sum).
    """

    points: tuple[DataPoint, ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.points, key=lambda p: p.year))
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
        return cls(tuple(DataPoint(int(y), float(v), status) for y, v in values.items()))

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


@dataclass(frozen=True)
class Wording:
    """How the explanation names the measured quantity, in Swedish and English.

    Swedish adjectives agree with the noun ("utsläppen är oförändrade", "andelen är
    oförändrad"), English verbs with the number ("emissions need", "the share needs").
    """

    subject_sv: str
    pronoun_sv: str
    unchanged_sv: str
    subject_en: str
    pronoun_en: str
    plural_en: bool

    @staticmethod
    def for_kind(kind: TargetKind, direction: Direction, *, net: bool = False) -> Wording:
        """The default wording for a kind of target."""
        if kind is TargetKind.SHARE:
            return Wording("Andelen", "den", "oförändrad", "The share", "it", False)
        if kind is TargetKind.PER_PERSON:
            return Wording(
                "Utsläppen per person", "de", "oförändrade", "Emissions per person", "they", True
            )
        if net or kind is TargetKind.NET_ZERO:
            return Wording("Nettoutsläppen", "de", "oförändrade", "Net emissions", "they", True)
        if direction is Direction.HIGHER_IS_BETTER:
            return Wording("Värdet", "det", "oförändrat", "The value", "it", False)
        return Wording("Utsläppen", "de", "oförändrade", "Emissions", "they", True)


@dataclass(frozen=True)
class TargetSpec:
    """A target (målvärde): the number one goal is measured by on one indicator.

    ``value`` means, by kind: absolute and per_person, a level in ``unit`` (per inhabitant
    for per_person); share, a percentage 0–100; percent_change, the change in % against
    ``base_year`` (−85 is 85 % below); net_zero, the residual net emissions allowed as % of
    the base year's emissions (15 for "at least 85 % lower", 0 for strict net zero);
    decrease, nothing (None).

    ``base_year`` is required for percent_change and net_zero. For the other kinds it is
    optional: without it the pathway starts at the first observation. ``base_value`` is
    used only when the series has no value for ``base_year`` — a published value wins, so
    the target and the values it is compared with come from the same data release.

    ``tolerance`` is the at-risk band: a shortfall against the pathway of at most this
    fraction of the whole distance from base to target (default 10 %).
    """

    kind: TargetKind
    target_year: int | None
    value: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    direction: Direction | None = None
    pathway: PathwayKind = PathwayKind.LINEAR
    unit: str = ""
    tolerance: float = 0.1
    wording: Wording | None = None

    def __post_init__(self) -> None:
        kind = TargetKind(self.kind)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "pathway", PathwayKind(self.pathway))
        if self.direction is None:
            default = (
                Direction.HIGHER_IS_BETTER
                if kind is TargetKind.SHARE
                else Direction.LOWER_IS_BETTER
            )
            object.__setattr__(self, "direction", default)
        else:
            object.__setattr__(self, "direction", Direction(self.direction))
        _check_finite("value", self.value)
        _check_finite("base_value", self.base_value)
        if kind is TargetKind.DECREASE:
            if self.value is not None:
                raise ValueError("a 'decrease' target states a direction only; value must be None")
            if self.direction is not Direction.LOWER_IS_BETTER:
                raise ValueError("a 'decrease' target needs a lower-is-better indicator")
        else:
            if self.value is None:
                raise ValueError(f"a {kind.value!r} target needs a value")
            if self.target_year is None:
                raise ValueError(f"a {kind.value!r} target needs a target year")
        if kind in (TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO) and self.base_year is None:
            raise ValueError(f"a {kind.value!r} target needs a base year")
        if kind is TargetKind.SHARE and not 0 <= (self.value or 0) <= 100:
            raise ValueError(f"a share target is a percentage 0–100, got {self.value}")
        if kind is TargetKind.NET_ZERO:
            if (self.value or 0) < 0:
                raise ValueError("a net_zero residual is a non-negative % of the base year")
            if self.direction is not Direction.LOWER_IS_BETTER:
                raise ValueError("a net_zero target needs a lower-is-better indicator")
        if (
            self.base_year is not None
            and self.target_year is not None
            and self.base_year >= self.target_year
        ):
            raise ValueError(f"base year {self.base_year} must be before {self.target_year}")
        if self.tolerance < 0:
            raise ValueError("tolerance must be non-negative")

    @property
    def better(self) -> Direction:
        """The indicator's good direction (resolved: never None after construction)."""
        assert self.direction is not None
        return self.direction


@dataclass(frozen=True)
class CarbonBudget:
    """A carbon budget (utsläppsutrymme): the emissions a city may still emit from a year on.

    ``amount`` is in the unit of the series it is compared with (t CO2 for Klimatkollen's
    budgets, which cover fossil CO2 only, not all greenhouse gases). The budget pathway
    spends it from ``start_year`` through ``end_year``.
    """

    amount: float
    start_year: int
    end_year: int = 2050
    label_sv: str = "Koldioxidbudget"
    label_en: str = "Carbon budget"
    unit: str = "t CO2"

    def __post_init__(self) -> None:
        _check_finite("amount", self.amount)
        if self.amount < 0:
            raise ValueError("a carbon budget cannot be negative")
        if self.end_year <= self.start_year:
            raise ValueError("a carbon budget's end year must be after its start year")

    @classmethod
    def klimatkollen(cls, amount: float, start_year: int = 2024) -> CarbonBudget:
        """Klimatkollen's allocation of Uppsala University's national CO2 budget.

        A peer's derived figure, not an official table, so it is always shown under
        its own name.
        """
        return cls(
            amount=amount,
            start_year=start_year,
            label_sv="Klimatkollens fördelning",
            label_en="Klimatkollen's allocation",
        )


__all__ = [
    "CarbonBudget",
    "DataPoint",
    "Direction",
    "ObservationStatus",
    "PathwayKind",
    "Reason",
    "Series",
    "Status",
    "TargetKind",
    "TargetSpec",
    "TrendModel",
    "Wording",
    "net_series",
    "per_person_series",
]
