"""The two references (Sweden's goal applied to the municipality, Klimatkollen's Paris
check) of all 290 municipalities, with only the figures the comparison shows.

``indicators.references.references_of`` runs the whole progress engine per municipality:
besides the status and the rates it finds the year the trend reaches the target, the
trend's band and points, the pathway's points and four explaining sentences (Swedish and
English for each reference). The comparison shows none of those, and for 290
municipalities they were most of the cost of building its dataset. Here the engine's
``judge`` (figures, projection, the written rules) runs, then the rates and the Paris
check's fit and totals, with the same inputs, and stops there: the numbers are the
engine's, which ``tests/compare/test_compare_references.py`` checks against
``references_of`` for every municipality of the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators import progress as p
from indicators.progress.assessment import DEFAULT_WINDOW, judge, quoted_rates
from indicators.progress.references import NATIONAL, NATIONAL_BASE_YEAR, paris_totals
from indicators.progress.rules import MIN_TREND_POINTS
from indicators.progress.trend import TrendFit


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
    reached, the band and the points to draw (the engine's ``judge``, then the rates); and
    the log-linear fit of the series' last ``DEFAULT_WINDOW`` values."""
    judged = judge(NATIONAL, series)
    actual_rate, needed_rate, _needed_change, log_fit = quoted_rates(judged, NATIONAL)
    found_national = National(
        status=judged.status,
        actual_rate_pct=actual_rate,
        needed_rate_pct=needed_rate,
        window_years=tuple(point.year for point in judged.found.window_points),
    )
    return found_national, log_fit


def _paris_of(fit: TrendFit | None) -> Paris:
    """The Paris check of the log-linear fit of the last ``DEFAULT_WINDOW`` values (None:
    too few values for a trend)."""
    if fit is None:
        return Paris(p.Status.INSUFFICIENT_DATA, None)
    _start, trend_total, path_total = paris_totals(fit)
    within = trend_total <= path_total * (1 + 1e-9)
    return Paris(
        p.Status.ON_TRACK if within else p.Status.OFF_TRACK,
        trend_total / path_total if path_total else None,
    )


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
