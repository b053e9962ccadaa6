"""The numbers an assessment quotes, worked out from a target and its series: the series
judged, the base and target values in its unit, the trend and the pathway (``figures``),
the rates needed and achieved, the projection, the year the target is reached, and the
points for charts. The rules deciding on them are ``rules``; ``assessment`` puts them
together, and its docstring documents the decisions taken here.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.progress.model import (
    CarbonBudget,
    Direction,
    PathwayKind,
    TargetKind,
    TargetSpec,
    TrendModel,
)
from indicators.progress.pathways import (
    BudgetPathway,
    ConstantRatePathway,
    LinearPathway,
    Pathway,
    constant_rate_pct,
)
from indicators.progress.rules import meets
from indicators.progress.series import DataPoint, Series, at_floor, net_series, per_person_series
from indicators.progress.trend import TrendFit, fit_trend

#: The last year a trend is followed to when looking for the year it reaches the target.
HORIZON = 2100


@dataclass(frozen=True)
class Figures:
    """What the rules compare and the sentences quote, worked out from the series."""

    gross: Series
    judged: Series
    base_year: int | None
    base_value: float | None
    target_value: float | None
    window_points: tuple[DataPoint, ...]
    model: TrendModel
    fit: TrendFit | None
    path: Pathway | None

    def latest_meets(self, target: TargetSpec) -> bool:
        latest = self.judged.latest
        if latest is None or self.target_value is None:
            return False
        return meets(latest.value, self.target_value, target.better)


def figures(
    target: TargetSpec,
    gross: Series,
    *,
    removals: Series | None,
    population: Series | None,
    budget: CarbonBudget | None,
    window: int,
    trend_model: TrendModel,
    notes: list[str],
) -> Figures:
    """The series to judge (net of removals, per inhabitant), the base and target values
    in its unit, the trend over the window and the pathway; notes say what was decided."""
    judged = gross
    if removals is not None:
        judged = net_series(judged, removals)
        notes.append("net_series")
    if population is not None:
        judged = per_person_series(judged, population)
        notes.append("per_person")
    base_year, base_value = _resolve_base(target, gross, judged, notes)
    target_value = _resolve_target(target, base_value)
    window_points = judged.last(window)
    model = trend_model
    if model is TrendModel.LOG_LINEAR and target_value is not None and target_value <= 0:
        # A log-linear trend can never reach a target at or below zero.
        model = TrendModel.LINEAR
        notes.append("linear_trend_for_non_positive_target")
    fit = fit_trend(window_points, model)
    if fit is not None and fit.fell_back:
        notes.append("log_linear_fell_back_to_linear")
    path = _pathway(target, base_year, base_value, target_value, budget, gross, fit, notes)
    return Figures(
        gross, judged, base_year, base_value, target_value, window_points, model, fit, path
    )


def actual_rates(window_points: tuple[DataPoint, ...]) -> tuple[float | None, float | None]:
    """The window's actual yearly rate (log-linear slope, %) and change (linear slope)."""
    log_fit = fit_trend(window_points, TrendModel.LOG_LINEAR)
    linear_fit = fit_trend(window_points, TrendModel.LINEAR)
    rate = None if log_fit is None or log_fit.fell_back else log_fit.annual_rate_pct
    return rate, None if linear_fit is None else linear_fit.slope


def needed_rates(
    latest: DataPoint | None, target_value: float | None, ty: int | None, latest_meets: bool
) -> tuple[float | None, float | None]:
    """The yearly rate (%) and change that take the latest value to the target in time."""
    if latest is None or target_value is None or ty is None or latest.year >= ty or latest_meets:
        return None, None
    change = (target_value - latest.value) / (ty - latest.year)
    rate = None
    if latest.value > 0 and target_value > 0:
        rate = _rate_or_none(latest.value, target_value, ty - latest.year)
    return rate, change


def projection(
    fit: TrendFit | None, latest: DataPoint | None, ty: int | None
) -> tuple[float | None, float | None, float | None]:
    """The trend's value for the target year and its ~95 % interval (when still ahead)."""
    if fit is None or latest is None or ty is None or ty <= latest.year:
        return None, None, None
    interval = fit.interval(ty)
    low, high = interval if interval is not None else (None, None)
    return fit.predict(ty), low, high


def trend_points(
    fit: TrendFit | None,
    latest: DataPoint | None,
    ty: int | None,
    window_points: tuple[DataPoint, ...],
    *,
    floor: float | None = None,
) -> tuple[tuple[int, float], ...]:
    """The fitted trend for the chart: from the window's first year to the target year,
    stopping at ``floor`` (``series.level_floor``) where a straight line would cross it."""
    if fit is None or latest is None:
        return ()
    end = max(latest.year, ty or latest.year)
    return tuple(
        (y, at_floor(fit.predict(y), floor)) for y in range(window_points[0].year, end + 1)
    )


def band(
    fit: TrendFit | None, latest: DataPoint | None, ty: int | None, *, floor: float | None = None
) -> tuple[tuple[int, float, float], ...]:
    """The trend's interval for every year from the latest observation to the target year,
    both edges stopping at ``floor``."""
    band: list[tuple[int, float, float]] = []
    if fit is None or latest is None or ty is None or ty <= latest.year:
        return ()
    for year in range(latest.year, ty + 1):
        interval = fit.interval(year)
        if interval is None:
            break
        low, high = interval
        band.append((year, at_floor(low, floor), at_floor(high, floor)))
    return tuple(band)


def _rate_or_none(start: float, end: float, years: int) -> float | None:
    try:
        return constant_rate_pct(start, end, years)
    except OverflowError:
        # A rate beyond ~1e300 % a year (a value rising from almost nothing) means nothing.
        return None


def _resolve_base(
    target: TargetSpec, gross: Series, judged: Series, notes: list[str]
) -> tuple[int | None, float | None]:
    if target.base_year is None:
        first = judged.points[0] if len(judged) else None
        if target.kind is TargetKind.DECREASE or first is None:
            return None, None
        return first.year, first.value
    # The goal's reference for net zero is the gross emissions of the base year.
    source = gross if target.kind is TargetKind.NET_ZERO else judged
    published = source.get(target.base_year)
    if published is not None:
        return target.base_year, published.value
    if target.base_value is not None:
        notes.append("base_value_from_spec")
        return target.base_year, target.base_value
    return target.base_year, None


def _resolve_target(target: TargetSpec, base_value: float | None) -> float | None:
    kind, value = target.kind, target.value
    if kind is TargetKind.DECREASE or value is None:
        return None
    if kind is TargetKind.PERCENT_CHANGE:
        return None if base_value is None else base_value * (1 + value / 100)
    if kind is TargetKind.NET_ZERO:
        return None if base_value is None else base_value * value / 100
    return value


def _pathway(
    target: TargetSpec,
    base_year: int | None,
    base_value: float | None,
    target_value: float | None,
    budget: CarbonBudget | None,
    judged: Series,
    fit: TrendFit | None,
    notes: list[str],
) -> Pathway | None:
    """The pathway from the base to the target, when both are known and in order."""
    ty = target.target_year
    if target_value is None or base_year is None or base_value is None or ty is None:
        return None
    if base_year >= ty:
        return None
    path, pathway_notes = _build_pathway(
        target, base_year, base_value, target_value, budget, judged, fit
    )
    notes.extend(pathway_notes)
    return path


def _build_pathway(
    target: TargetSpec,
    base_year: int,
    base_value: float,
    target_value: float,
    budget: CarbonBudget | None,
    judged: Series,
    fit: TrendFit | None,
) -> tuple[Pathway, list[str]]:
    ty = target.target_year
    assert ty is not None
    linear = LinearPathway(base_year, base_value, ty, target_value)
    if target.pathway is PathwayKind.CONSTANT_RATE:
        if base_value > 0 and target_value > 0:
            return ConstantRatePathway(base_year, base_value, ty, target_value), []
        return linear, ["constant_rate_fell_back_to_linear"]
    if target.pathway is PathwayKind.BUDGET and budget is not None:
        notes: list[str] = []
        start = budget.start_year
        published = judged.get(start)
        latest = judged.latest
        start_value = None
        if published is not None:
            start_value = published.value
        elif latest is not None and latest.year < start and fit is not None:
            start_value = fit.predict(start)
            notes.append("budget_start_from_trend")
        if start_value is None or start_value <= 0 or budget.amount < start_value:
            return linear, [*notes, "budget_pathway_unavailable"]
        return BudgetPathway(start, start_value, budget.end_year, budget.amount), notes
    return linear, []


def year_reached(
    judged: Series,
    fit: TrendFit | None,
    target_value: float,
    direction: Direction,
    latest_meets: bool,
) -> int | None:
    """The year the target is (or will be, by the trend) reached; see the documented
    decisions in ``assessment``. None: not before ``HORIZON``, or no trend."""
    if latest_meets:
        first = None
        for point in reversed(judged.points):
            if not meets(point.value, target_value, direction):
                break
            first = point.year
        return first
    latest = judged.latest
    if fit is None or latest is None:
        return None
    first = latest.year + 1
    # The trend is monotone in the year (a line, or the exponential of one) and so is
    # ``meets`` in the value: a trend that misses the target at the horizon meets it
    # either from the first year (and then moves away) or never. Two predictions then,
    # rather than one a year to 2100 (the usual case of a target not reached).
    if first <= HORIZON and not meets(fit.predict(HORIZON), target_value, direction):
        return first if meets(fit.predict(first), target_value, direction) else None
    for year in range(first, HORIZON + 1):
        if meets(fit.predict(year), target_value, direction):
            return year
    return None
