"""Are we on track? One assessment per target, with the rules written down and tested.

``assess(target, series, ...)`` takes a target and the observations of its indicator and
returns an ``Assessment``: a status, the Swedish (and English) sentence explaining it,
and the numbers behind it (latest value, base and target values, needed and actual
yearly rates, the trend's projection for the target year with an interval, the year
the trend reaches the target, and pathway and trend points for charts).

Series prepared before judging
------------------------------
- ``today_year``: the assessment is made as of that year; later observations are
  ignored, so a past year's assessment can be reproduced.
- ``removals``: the series judged is net = emissions − removals, for years with both.
- ``population``: (per_person targets only) each total is divided by the same year's
  population, for years with both. Without it a per_person series is taken to be per
  inhabitant already (SEI publishes consumption emissions per person).
- Base value: the series' value for ``base_year`` (for net_zero: the gross emissions,
  as the goal says "85 % lower than the emissions in 1990"); only when that year is not
  published, ``TargetSpec.base_value``. Without a base year the first observation is
  the base (not for ``decrease``, which then judges the trend alone).
- Target value, in the indicator's unit: absolute/share/per_person as stated;
  percent_change base · (1 + p/100); net_zero base · residual/100.

The status rules (which status, in which order) are ``indicators.progress.rules``.

Documented decisions
--------------------
- Trend model: log-linear by default (a constant yearly percentage, the same shape as
  the needed rate and as the pathway towards a carbon budget). When a window value is
  zero or negative, or the target value is, log-linear is impossible or can never
  reach the target, and the linear fit is used instead (noted in ``notes``).
- The actual rate is the log-linear slope as %/year whatever the trend model; when it
  is impossible it is None and the text quotes the linear change per year in the unit.
- The needed rate is the constant yearly % that takes the latest value to the target
  value by the target year; None when either is not positive (then the text quotes the
  needed linear change per year). For share targets the text speaks of percentage
  points (procentenheter), not of percent of a percentage.
- Preliminary values and estimates count in the trend like final values (the newest
  year is usually preliminary, and leaving it out would always judge old data); the
  explanation says so when the latest value is not final.
- ``year_reached``: when the latest value meets the target, the first year of the
  unbroken run of observations meeting it up to the latest; otherwise the first year
  after the latest observation in which the trend meets the target; None means not
  before 2100 (or no trend: fewer than two observations).
- Budget pathway: starts at the budget's start year, at the published value of that
  year, else (data not yet published) the trend's value for it; it falls back to a
  linear pathway when no start value exists or the budget is smaller than it. A budget
  is tonnes emitted, so it is always followed on the series as given (gross), even
  when removals are passed, and it cannot be combined with a population.
"""

from __future__ import annotations

import dataclasses

from indicators.progress import explain
from indicators.progress.budget import assess_budget
from indicators.progress.model import (
    CarbonBudget,
    Direction,
    PathwayKind,
    TargetKind,
    TargetSpec,
    TrendModel,
    Wording,
)
from indicators.progress.pathways import (
    BudgetPathway,
    ConstantRatePathway,
    LinearPathway,
    Pathway,
    constant_rate_pct,
)
from indicators.progress.result import Assessment
from indicators.progress.rules import MIN_TREND_POINTS, decide, meets
from indicators.progress.series import ObservationStatus, Series, net_series, per_person_series
from indicators.progress.trend import TrendFit, fit_trend

DEFAULT_WINDOW = 5
HORIZON = 2100


def assess(
    target: TargetSpec,
    series: Series,
    *,
    population: Series | None = None,
    removals: Series | None = None,
    budget: CarbonBudget | None = None,
    window: int = DEFAULT_WINDOW,
    today_year: int | None = None,
    trend_model: TrendModel = TrendModel.LOG_LINEAR,
) -> Assessment:
    """Assess one target against its indicator's observations (see the module rules)."""
    if window < MIN_TREND_POINTS:
        raise ValueError(f"the trend window needs at least {MIN_TREND_POINTS} years")
    if population is not None and target.kind is not TargetKind.PER_PERSON:
        raise ValueError("a population series is only used by per_person targets")
    if target.pathway is PathwayKind.BUDGET and budget is None:
        raise ValueError("a budget pathway needs a carbon budget")
    if budget is not None and population is not None:
        raise ValueError("a carbon budget is in tonnes; it cannot follow a per-person series")
    notes: list[str] = []
    direction = target.better

    # 1. The series to judge: as of today_year, net of removals, per inhabitant.
    gross = series.until(today_year)
    judged = gross
    if removals is not None:
        judged = net_series(judged, removals.until(today_year))
        notes.append("net_series")
    if population is not None:
        judged = per_person_series(judged, population.until(today_year))
        notes.append("per_person")
    wording = target.wording or Wording.for_kind(target.kind, direction, net=removals is not None)

    # 2. Base and target values in the judged unit.
    base_year, base_value = _resolve_base(target, gross, judged, notes)
    target_value = _resolve_target(target, base_value)
    latest = judged.latest
    window_points = judged.last(window)

    # 3. Trend over the window, and the actual rates.
    model = TrendModel(trend_model)
    if model is TrendModel.LOG_LINEAR and target_value is not None and target_value <= 0:
        model = TrendModel.LINEAR
        notes.append("linear_trend_for_non_positive_target")
    fit = fit_trend(window_points, model)
    if fit is not None and fit.fell_back:
        notes.append("log_linear_fell_back_to_linear")
    log_fit = fit_trend(window_points, TrendModel.LOG_LINEAR)
    linear_fit = fit_trend(window_points, TrendModel.LINEAR)
    actual_rate = None if log_fit is None or log_fit.fell_back else log_fit.annual_rate_pct
    actual_change = None if linear_fit is None else linear_fit.slope

    # 4. Pathway, needed rates, projection, year reached, chart points.
    pathway = None
    if (
        target_value is not None
        and base_year is not None
        and base_value is not None
        and target.target_year is not None
        and base_year < target.target_year
    ):
        pathway = _build_pathway(target, base_year, base_value, target_value, budget, gross, fit)
        notes.extend(pathway[1])
    path = None if pathway is None else pathway[0]

    ty = target.target_year
    latest_meets = (
        latest is not None
        and target_value is not None
        and meets(latest.value, target_value, direction)
    )
    needed_rate = needed_change = None
    if latest is not None and target_value is not None and ty is not None and latest.year < ty:
        if not latest_meets:
            needed_change = (target_value - latest.value) / (ty - latest.year)
            if latest.value > 0 and target_value > 0:
                needed_rate = _rate_or_none(latest.value, target_value, ty - latest.year)
        if today_year is not None and today_year > ty:
            notes.append("target_year_passed_data_pending")

    projected = low = high = None
    if fit is not None and latest is not None and ty is not None and ty > latest.year:
        projected = fit.predict(ty)
        interval = fit.interval(ty)
        if interval is not None:
            low, high = interval

    year_reached = None
    if target_value is not None and latest is not None:
        year_reached = _year_reached(judged, fit, target_value, direction, latest_meets)

    pathway_at_latest = None if path is None or latest is None else path.value_at(latest.year)

    trend_points: tuple[tuple[int, float], ...] = ()
    if fit is not None and latest is not None:
        end = max(latest.year, ty or latest.year)
        trend_points = tuple((y, fit.predict(y)) for y in range(window_points[0].year, end + 1))

    band: list[tuple[int, float, float]] = []
    if fit is not None and latest is not None and ty is not None and ty > latest.year:
        for year in range(latest.year, ty + 1):
            interval = fit.interval(year)
            if interval is None:
                break
            band.append((year, *interval))

    budget_result = None
    if budget is not None:
        # A budget is a quantity of emitted tonnes: it is followed on the gross series as
        # given, never on net or per-person values.
        gross_fit = fit if judged is gross else fit_trend(gross.last(window), model)
        rate = path.annual_rate_pct if isinstance(path, BudgetPathway) else None
        budget_result = assess_budget(budget, gross, gross_fit, pathway_rate_pct=rate)

    if latest is not None and latest.status is not ObservationStatus.FINAL:
        notes.append(f"latest_{latest.status.value}")

    # 5. The written rules, then the sentences that explain the outcome.
    status, reason = decide(
        target=target,
        latest=latest,
        base_value=base_value,
        base_missing=target.base_year is not None and base_value is None,
        target_value=target_value,
        latest_meets=latest_meets,
        n_window=len(window_points),
        fit=fit,
        projected=projected,
        interval=None if low is None or high is None else (low, high),
        path=path,
    )

    draft = Assessment(
        kind=target.kind,
        direction=direction,
        status=status,
        reason=reason,
        explanation="",
        explanation_en="",
        unit=target.unit or ("%" if target.kind is TargetKind.SHARE else ""),
        latest=latest,
        base_year=base_year,
        base_value=base_value,
        target_year=ty,
        target_value=target_value,
        pathway_kind=None if path is None else path.kind,
        pathway_value_at_latest=pathway_at_latest,
        needed_rate_pct=needed_rate,
        needed_change_per_year=needed_change,
        actual_rate_pct=actual_rate,
        actual_change_per_year=actual_change,
        trend_model=None if fit is None else fit.model,
        window_years=tuple(p.year for p in window_points),
        projected_value=projected,
        projected_low=low,
        projected_high=high,
        year_reached=year_reached,
        pathway=tuple(path.points()) if path is not None else (),
        trend=trend_points,
        budget=budget_result,
        notes=tuple(notes),
        band=tuple(band),
    )
    return dataclasses.replace(
        draft,
        explanation=explain.sentence_sv(draft, wording),
        explanation_en=explain.sentence_en(draft, wording),
    )


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


def _year_reached(
    judged: Series,
    fit: TrendFit | None,
    target_value: float,
    direction: Direction,
    latest_meets: bool,
) -> int | None:
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
    for year in range(latest.year + 1, HORIZON + 1):
        if meets(fit.predict(year), target_value, direction):
            return year
    return None


__all__ = ["DEFAULT_WINDOW", "Assessment", "assess"]
