"""The two references (Sweden's goal applied to the municipality, Klimatkollen's Paris
check) of all 290 municipalities, with only the figures the comparison shows.

``indicators.references.references_of`` runs the whole progress engine per municipality:
besides the status and the rates it finds the year the trend reaches the target, the
trend's band and points, the pathway's points and four explaining sentences (Swedish and
English for each reference). The comparison shows none of those, and for 290
municipalities they were most of the cost of building its dataset. Here the same engine
steps run (``figures``, ``projection``, ``decide``, the rates; the Paris check's fit and
totals), in the same order and with the same inputs, and stop there: the numbers are the
engine's, which ``tests/compare/test_compare_references.py`` checks against
``references_of`` for every municipality of the demo data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators import progress as p
from indicators.progress.assessment import DEFAULT_WINDOW
from indicators.progress.figures import figures, needed_rates, projection
from indicators.progress.references import (
    CARBON_LAW_RATE_PCT,
    NATIONAL,
    NATIONAL_BASE_YEAR,
    PARIS_FIRST_YEAR,
    PARIS_LAST_YEAR,
)
from indicators.progress.rules import MIN_TREND_POINTS, decide
from indicators.progress.trend import _MAX_EXP, TrendFit, fit_trend

_PARIS_YEARS = range(PARIS_FIRST_YEAR, PARIS_LAST_YEAR + 1)

#: ``carbon_law_total``'s factor for each year 2025–2050 (the same floats it computes
#: for every municipality).
_CARBON_LAW_POWERS = tuple(
    (1 - CARBON_LAW_RATE_PCT / 100) ** (year - PARIS_FIRST_YEAR) for year in _PARIS_YEARS
)


@dataclass(frozen=True)
class National:
    """Sweden's goal applied to the municipality: what the comparison shows of it."""

    status: p.Status
    actual_rate_pct: float | None
    needed_rate_pct: float | None
    window_years: tuple[int, ...]


@dataclass(frozen=True)
class Paris:
    """Klimatkollen's Paris check: its status and the trend's total over the path's."""

    status: p.Status
    ratio: float | None


def national(series: p.Series) -> tuple[National, TrendFit | None]:
    """``progress.references.national_reference`` without the explanations, the year
    reached, the band and the points to draw (``assess``'s steps up to the rates); and
    the log-linear fit of the series' last ``DEFAULT_WINDOW`` values."""
    target = NATIONAL
    found = figures(
        target,
        series,
        removals=None,
        population=None,
        budget=None,
        window=DEFAULT_WINDOW,
        trend_model=p.TrendModel.LOG_LINEAR,
        notes=[],
    )
    latest, ty = found.judged.latest, target.target_year
    projected, low, high = projection(found.fit, latest, ty)
    latest_meets = found.latest_meets(target)
    status, _reason = decide(
        target=target,
        latest=latest,
        base_value=found.base_value,
        base_missing=target.base_year is not None and found.base_value is None,
        target_value=found.target_value,
        latest_meets=latest_meets,
        n_window=len(found.window_points),
        fit=found.fit,
        projected=projected,
        interval=None if low is None or high is None else (low, high),
        path=found.path,
    )
    needed_rate, _change = needed_rates(latest, found.target_value, ty, latest_meets)
    # ``actual_rates``' log-linear fit of the same window (its linear one is not shown):
    # the figures' own fit whenever that is log-linear too.
    log_fit = (
        found.fit
        if found.model is p.TrendModel.LOG_LINEAR
        else fit_trend(found.window_points, p.TrendModel.LOG_LINEAR)
    )
    actual_rate = None if log_fit is None or log_fit.fell_back else log_fit.annual_rate_pct
    found_national = National(
        status=status,
        actual_rate_pct=actual_rate,
        needed_rate_pct=needed_rate,
        window_years=tuple(point.year for point in found.window_points),
    )
    return found_national, log_fit


def _paris_of(fit: TrendFit | None) -> Paris:
    """The Paris check of the log-linear fit of the last ``DEFAULT_WINDOW`` values (None:
    too few values for a trend)."""
    if fit is None:
        return Paris(p.Status.INSUFFICIENT_DATA, None)
    values = [v if v >= 0.0 else 0.0 for v in _predicted(fit)]
    trend_total = math.fsum(values)
    start = values[0]
    path_total = math.fsum(start * power for power in _CARBON_LAW_POWERS)
    within = trend_total <= path_total * (1 + 1e-9)
    return Paris(
        p.Status.ON_TRACK if within else p.Status.OFF_TRACK,
        trend_total / path_total if path_total else None,
    )


def _predicted(fit: TrendFit) -> list[float]:
    """``fit.predict`` of each year 2025–2050: the same arithmetic, without a method call
    per year (290 municipalities × 26 years)."""
    a, b, x_mean = fit.intercept, fit.slope, fit.x_mean
    zs = [a + b * (year - x_mean) for year in _PARIS_YEARS]
    if fit.model is not p.TrendModel.LOG_LINEAR:
        return zs
    return [math.exp(-_MAX_EXP if z < -_MAX_EXP else _MAX_EXP if z > _MAX_EXP else z) for z in zs]


def references(totals: dict[int, float]) -> tuple[National, Paris]:
    """Both references of one municipality's territorial series (years → t CO2e). One
    fit serves both: the Paris check's trend is the national reference's window fit.

    Both read only the base year (1990) and the last ``DEFAULT_WINDOW`` values (the
    window, whose newest is the latest value): the series holds just those."""
    years = sorted(totals)
    kept = years[-DEFAULT_WINDOW:]
    if NATIONAL_BASE_YEAR in totals and NATIONAL_BASE_YEAR not in kept:
        kept.insert(0, NATIONAL_BASE_YEAR)
    series = p.Series.from_mapping({year: totals[year] for year in kept})
    found, log_fit = national(series)
    enough = len(series.last(DEFAULT_WINDOW)) >= MIN_TREND_POINTS
    return found, _paris_of(log_fit if enough else None)
