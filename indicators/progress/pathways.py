"""Pathways (målbanor): the planned route of an indicator from a base value to a target.

Three shapes:

- ``linear``: the same amount every year.
- ``constant_rate``: the same percentage every year (exponential); needs positive values.
- ``budget``: a constant-rate path from a start year and value whose cumulative
  emissions from the start year through the end year equal a carbon budget.

``value_at(year)`` is defined for every year: before the base year it is the base
value, after the target year the target value (the path is a plan between two years;
outside them it holds its end values so a chart or a comparison never falls off the
edge). ``points(step)`` samples the path from base to target year for charts, always
including both ends.

Budget accounting: the budget is compared with *annual* inventory values, so the path's
"cumulative emissions" are the sum of its annual values from the start year through
the end year, both included. Klimatkollen instead integrates a continuous exponential
to infinity (rate = start value / budget), which spends a budget more slowly in the
first years; the two agree on the budget, not on the rate. The rate has no closed form
over a finite horizon, so it is found by bisection.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from indicators.progress.model import PathwayKind


def _check_span(base_year: int, target_year: int) -> None:
    if target_year <= base_year:
        raise ValueError(f"a pathway's target year {target_year} must follow {base_year}")


def _sample(pathway: _Sampled, step: int) -> list[tuple[int, float]]:
    if step < 1:
        raise ValueError("step must be a positive number of years")
    years = list(range(pathway.base_year, pathway.target_year + 1, step))
    if years[-1] != pathway.target_year:
        years.append(pathway.target_year)
    return [(year, pathway.value_at(year)) for year in years]


class _Sampled:
    """Chart helpers shared by every pathway shape."""

    base_year: int
    target_year: int

    def value_at(self, year: float) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def points(self, step: int = 1) -> list[tuple[int, float]]:
        """(year, value) from the base year to the target year, every ``step`` years."""
        return _sample(self, step)

    def xy(self, step: int = 1) -> tuple[list[int], list[float]]:
        """The same points as two lists, the shape Plotly's ``x=`` and ``y=`` take."""
        pts = self.points(step)
        return [y for y, _ in pts], [v for _, v in pts]


@dataclass(frozen=True)
class _Between(_Sampled):
    """A path between two given points, held at its end values outside the span."""

    base_year: int
    base_value: float
    target_year: int
    target_value: float

    def __post_init__(self) -> None:
        _check_span(self.base_year, self.target_year)

    def value_at(self, year: float) -> float:
        """The planned value in ``year``; held at the end values outside the span."""
        if year <= self.base_year:
            return self.base_value
        if year >= self.target_year:
            # Returned as given so the path ends exactly on the target despite rounding.
            return self.target_value
        return self._at((year - self.base_year) / (self.target_year - self.base_year))

    def _at(self, fraction: float) -> float:  # pragma: no cover - overridden
        """The value at ``fraction`` (0–1) of the way from the base to the target."""
        raise NotImplementedError


@dataclass(frozen=True)
class LinearPathway(_Between):
    """A straight line from (base_year, base_value) to (target_year, target_value)."""

    @property
    def kind(self) -> PathwayKind:
        return PathwayKind.LINEAR

    def _at(self, fraction: float) -> float:
        return self.base_value + (self.target_value - self.base_value) * fraction


@dataclass(frozen=True)
class ConstantRatePathway(_Between):
    """An exponential path: the value changes by the same percentage every year."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.base_value <= 0 or self.target_value <= 0:
            raise ValueError("a constant-rate pathway needs positive base and target values")

    @property
    def kind(self) -> PathwayKind:
        return PathwayKind.CONSTANT_RATE

    @property
    def annual_rate_pct(self) -> float:
        """The yearly change in % (negative for a decline)."""
        return constant_rate_pct(
            self.base_value, self.target_value, self.target_year - self.base_year
        )

    def _at(self, fraction: float) -> float:
        # Interpolated in log space so no intermediate can overflow: the result always
        # lies between the two (positive) end values.
        log_base = math.log(self.base_value)
        return math.exp(log_base + (math.log(self.target_value) - log_base) * fraction)


def _log_ratio(numerator: float, denominator: float) -> float:
    # ln(a) − ln(b) rather than ln(a / b): the quotient of a tiny and a large positive
    # number can underflow to 0, whose logarithm does not exist.
    return math.log(numerator) - math.log(denominator)


def constant_rate_pct(start: float, end: float, years: float) -> float:
    """The yearly % change that takes ``start`` to ``end`` in ``years`` (both positive)."""
    if start <= 0 or end <= 0 or years <= 0:
        raise ValueError("a constant rate needs positive values and a positive number of years")
    rate = math.expm1(_log_ratio(end, start) / years) * 100
    if not math.isfinite(rate):
        raise OverflowError(f"the yearly rate from {start} to {end} overflows")
    return rate


def _annual_sum(start_value: float, factor: float, count: int) -> float:
    # A plain loop rather than the geometric-series formula, which divides by
    # (1 - factor) and loses precision just where the factor is near 1.
    return math.fsum(start_value * factor**i for i in range(count))


def solve_budget_factor(start_value: float, budget: float, years: int) -> float:
    """The yearly factor q with start_value · (1 + q + … + q^(years−1)) = budget.

    ``years`` counts the budget's years, start and end year included. Bisection, because
    the sum is increasing in q but has no closed-form inverse over a finite horizon.
    Raises ValueError when the budget is smaller than the first year's emissions: no
    constant-rate path can then stay within it.
    """
    if start_value <= 0:
        raise ValueError("a budget pathway needs positive start emissions")
    if years < 2:
        raise ValueError("a budget pathway spans at least two years")
    if budget < start_value:
        raise ValueError(
            f"the budget {budget} is smaller than the first year's emissions {start_value}"
        )
    lo, hi = 0.0, 1.0
    # A budget larger than `years` times today's emissions allows a rising path.
    while _annual_sum(start_value, hi, years) < budget:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if _annual_sum(start_value, mid, years) < budget:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@dataclass(frozen=True)
class BudgetPathway(_Sampled):
    """A constant-rate path that spends exactly a carbon budget from base to target year.

    ``base_year``/``base_value`` are the budget's start year and that year's emissions;
    ``target_year`` is the last year the budget covers. ``target_value`` (the emissions
    the path ends at) and ``factor`` (the yearly ratio) are solved from the budget.
    """

    base_year: int
    base_value: float
    target_year: int
    budget: float
    factor: float = field(init=False)
    target_value: float = field(init=False)

    def __post_init__(self) -> None:
        _check_span(self.base_year, self.target_year)
        years = self.target_year - self.base_year + 1
        factor = solve_budget_factor(self.base_value, self.budget, years)
        object.__setattr__(self, "factor", factor)
        object.__setattr__(self, "target_value", self.base_value * factor ** (years - 1))

    @property
    def kind(self) -> PathwayKind:
        return PathwayKind.BUDGET

    @property
    def annual_rate_pct(self) -> float:
        """The yearly change in % the budget allows (negative for a decline)."""
        return (self.factor - 1) * 100

    def value_at(self, year: float) -> float:
        """The planned emissions in ``year``; held at the end values outside the span."""
        if year <= self.base_year:
            return self.base_value
        if year >= self.target_year:
            return self.target_value
        return self.base_value * math.pow(self.factor, year - self.base_year)

    def cumulative(self) -> float:
        """The sum of the path's annual values, start and end year included."""
        return _annual_sum(self.base_value, self.factor, self.target_year - self.base_year + 1)


Pathway = LinearPathway | ConstantRatePathway | BudgetPathway


def make_pathway(
    kind: PathwayKind,
    base_year: int,
    base_value: float,
    target_year: int,
    target_value: float,
) -> LinearPathway | ConstantRatePathway:
    """A linear or constant-rate pathway between two points (budget paths need a budget)."""
    if kind is PathwayKind.LINEAR:
        return LinearPathway(base_year, base_value, target_year, target_value)
    if kind is PathwayKind.CONSTANT_RATE:
        return ConstantRatePathway(base_year, base_value, target_year, target_value)
    raise ValueError("build a budget pathway with BudgetPathway(start, value, end, budget)")
