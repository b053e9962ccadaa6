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
from indicators.progress.budget import BudgetAssessment, assess_budget
from indicators.progress.figures import (
    Figures,
    actual_rates,
    band,
    figures,
    needed_rates,
    projection,
    trend_points,
    year_reached,
)
from indicators.progress.model import (
    CarbonBudget,
    PathwayKind,
    Reason,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    Wording,
)
from indicators.progress.pathways import BudgetPathway
from indicators.progress.result import Assessment
from indicators.progress.rules import MIN_TREND_POINTS, decide
from indicators.progress.series import (
    DataPoint,
    ObservationStatus,
    Series,
    at_floor,
    level_floor,
)
from indicators.progress.trend import TrendFit, fit_trend

DEFAULT_WINDOW = 5


def assess(
    target: TargetSpec,
    series: Series,
    *,
    population: Series | None = None,
    removals: Series | None = None,
    budget: CarbonBudget | None = None,
    window: int = DEFAULT_WINDOW,
    today_year: int | None = None,
    last_year: int | None = None,
    trend_model: TrendModel = TrendModel.LOG_LINEAR,
) -> Assessment:
    """Assess one target against its indicator's observations (see the module rules).
    ``last_year``: the last year that has ended; a carbon budget counts the estimates of
    the years after the latest published one up to it (``budget.assess_budget``)."""
    judged = judge(
        target,
        series,
        population=population,
        removals=removals,
        budget=budget,
        window=window,
        today_year=today_year,
        trend_model=trend_model,
    )
    found, status, reason, notes = judged.found, judged.status, judged.reason, judged.notes
    budget_result = _budget(budget, found, window, last_year)
    floor = level_floor(found.judged, found.target_value, net=removals is not None)
    draft = _draft(
        target, found, status, reason, budget_result, judged.projected, notes, floor=floor
    )
    wording = target.wording or Wording.for_kind(
        target.kind, target.better, net=removals is not None
    )
    return dataclasses.replace(
        draft,
        explanation=explain.sentence_sv(draft, wording),
        explanation_en=explain.sentence_en(draft, wording),
    )


@dataclasses.dataclass(frozen=True)
class Judged:
    """A target judged by the written rules: its figures, status and why, before any
    chart points or sentences are made."""

    found: Figures
    status: Status
    reason: Reason
    projected: tuple[float | None, float | None, float | None]
    notes: list[str]


def judge(
    target: TargetSpec,
    series: Series,
    *,
    population: Series | None = None,
    removals: Series | None = None,
    budget: CarbonBudget | None = None,
    window: int = DEFAULT_WINDOW,
    today_year: int | None = None,
    trend_model: TrendModel = TrendModel.LOG_LINEAR,
) -> Judged:
    """Steps 1-5: the series judged, base and target values, trend and pathway, and the
    written rules' status."""
    _check_inputs(target, population=population, budget=budget, window=window)
    notes: list[str] = []
    # 1-4. The series judged, base and target values, trend and pathway.
    found = figures(
        target,
        series.until(today_year),
        removals=None if removals is None else removals.until(today_year),
        population=None if population is None else population.until(today_year),
        budget=budget,
        window=window,
        trend_model=TrendModel(trend_model),
        notes=notes,
    )
    latest, ty = found.judged.latest, target.target_year
    # Only today is past the target year: the rules judge the projection meanwhile.
    if _data_pending(latest, found.target_value, ty, today_year):
        notes.append("target_year_passed_data_pending")
    if latest is not None and latest.status is not ObservationStatus.FINAL:
        notes.append(f"latest_{latest.status.value}")

    # 5. The written rules (``assess`` then writes the sentences that explain them).
    projected, low, high = projection(found.fit, latest, ty)
    status, reason = decide(
        target=target,
        latest=latest,
        base_value=found.base_value,
        base_missing=target.base_year is not None and found.base_value is None,
        target_value=found.target_value,
        latest_meets=found.latest_meets(target),
        n_window=len(found.window_points),
        fit=found.fit,
        projected=projected,
        interval=None if low is None or high is None else (low, high),
        path=found.path,
    )
    return Judged(found, status, reason, (projected, low, high), notes)


def quoted_rates(
    judged: Judged, target: TargetSpec
) -> tuple[float | None, float | None, float | None, TrendFit | None]:
    """The actual and needed yearly rates (%) ``assess`` quotes for a judged target, without
    the rest of the assessment (a list of many cities shows only these); the change
    needed a year in the target's unit (``Assessment.needed_change_per_year``: what a
    target of zero is told in, which no rate in per cent reaches); and the window's
    log-linear fit the actual rate comes from (None: fewer than two points).

    The actual rate is ``actual_rates``' log-linear one: the figures' own fit whenever
    that is log-linear too (the same points, the same model: the same fit), so the
    window is fitted once rather than three times."""
    found = judged.found
    latest = found.judged.latest
    needed_rate, needed_change = needed_rates(
        latest, found.target_value, target.target_year, found.latest_meets(target)
    )
    log_fit = (
        found.fit
        if found.model is TrendModel.LOG_LINEAR
        else fit_trend(found.window_points, TrendModel.LOG_LINEAR)
    )
    actual_rate = None if log_fit is None or log_fit.fell_back else log_fit.annual_rate_pct
    return actual_rate, needed_rate, needed_change, log_fit


def _draft(
    target: TargetSpec,
    found: Figures,
    status: Status,
    reason: Reason,
    budget: BudgetAssessment | None,
    projected: tuple[float | None, float | None, float | None],
    notes: list[str],
    *,
    floor: float | None,
) -> Assessment:
    """The assessment's numbers, before the sentences explaining them are written. The
    trend's line, its projection and their ~95 % band as shown stop at ``floor``
    (``level_floor``), which a straight line fitted to falling values would cross; the
    status was judged on the line as fitted."""
    latest, path, fit, ty = found.judged.latest, found.path, found.fit, target.target_year
    low, high = projected[1], projected[2]

    latest_meets = found.latest_meets(target)
    needed_rate, needed_change = needed_rates(latest, found.target_value, ty, latest_meets)
    actual_rate, actual_change = actual_rates(found.window_points)
    reached = None
    if found.target_value is not None and latest is not None:
        reached = year_reached(found.judged, fit, found.target_value, target.better, latest_meets)
    return Assessment(
        kind=target.kind,
        direction=target.better,
        status=status,
        reason=reason,
        explanation="",
        explanation_en="",
        unit=target.unit or ("%" if target.kind is TargetKind.SHARE else ""),
        latest=latest,
        base_year=found.base_year,
        base_value=found.base_value,
        target_year=ty,
        target_value=found.target_value,
        pathway_kind=None if path is None else path.kind,
        pathway_value_at_latest=None
        if path is None or latest is None
        else path.value_at(latest.year),
        needed_rate_pct=needed_rate,
        needed_change_per_year=needed_change,
        actual_rate_pct=actual_rate,
        actual_change_per_year=actual_change,
        trend_model=None if fit is None else fit.model,
        window_years=tuple(p.year for p in found.window_points),
        projected_value=None if projected[0] is None else at_floor(projected[0], floor),
        projected_low=None if low is None else at_floor(low, floor),
        projected_high=None if high is None else at_floor(high, floor),
        year_reached=reached,
        pathway=tuple(path.points()) if path is not None else (),
        trend=trend_points(fit, latest, ty, found.window_points, floor=floor),
        budget=budget,
        notes=tuple(notes),
        band=band(fit, latest, ty, floor=floor),
    )


def _budget(
    budget: CarbonBudget | None, found: Figures, window: int, last_year: int | None
) -> BudgetAssessment | None:
    """The carbon budget's used, remaining and run-out year, when there is a budget.

    A budget is a quantity of emitted tonnes: it is followed on the gross series as
    given, never on net or per-person values."""
    if budget is None:
        return None
    gross = found.gross
    fit = found.fit if found.judged is gross else fit_trend(gross.last(window), found.model)
    rate = found.path.annual_rate_pct if isinstance(found.path, BudgetPathway) else None
    return assess_budget(budget, gross, fit, last_year=last_year, pathway_rate_pct=rate)


def _check_inputs(
    target: TargetSpec, *, population: Series | None, budget: CarbonBudget | None, window: int
) -> None:
    """Refuse combinations the rules do not define (a caller's mistake, not the data's)."""
    if window < MIN_TREND_POINTS:
        raise ValueError(f"the trend window needs at least {MIN_TREND_POINTS} years")
    if population is not None and target.kind is not TargetKind.PER_PERSON:
        raise ValueError("a population series is only used by per_person targets")
    if target.pathway is PathwayKind.BUDGET and budget is None:
        raise ValueError("a budget pathway needs a carbon budget")
    if budget is not None and population is not None:
        raise ValueError("a carbon budget is in tonnes; it cannot follow a per-person series")


def _data_pending(
    latest: DataPoint | None, target_value: float | None, ty: int | None, today_year: int | None
) -> bool:
    """Is the target year past while its value is not yet published?"""
    if latest is None or target_value is None or ty is None or today_year is None:
        return False
    return latest.year < ty < today_year


__all__ = ["DEFAULT_WINDOW", "Assessment", "Judged", "assess", "judge", "quoted_rates"]
