"""The two references every municipality's territorial emissions are compared with,
beside (never instead of) its own goals. Neither is the municipality's decision.

* **Sweden's national goal applied to the municipality.** The climate policy framework
  (2017) sets net zero greenhouse-gas emissions by 2045, with territorial emissions at
  least 85 % below 1990 and the rest covered by supplementary measures. Applied to a
  municipality: its territorial emissions (SMHI, all greenhouse gases, without land use)
  85 % below its own 1990 level by 2045, followed on a straight line from 1990 like any
  percent-change target (:data:`NATIONAL`).
* **Klimatkollen's Paris check.** The Carbon Law path of Klimatkollen (from the Global
  Carbon Budget 2024): emissions falling 11.72 % a year from 2025. The trend of the latest
  years (the engine's own trend, :data:`~indicators.progress.assessment.DEFAULT_WINDOW`
  values) is projected over 2025–2050 and its cumulative emissions compared with the path's
  from the same 2025 level: within the path's total is "on track", above it "off track".

Pure Python, like the rest of the engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators.progress.assessment import DEFAULT_WINDOW, assess
from indicators.progress.model import Status, TargetKind, TargetSpec, TrendModel
from indicators.progress.phrases import ENGLISH, SWEDISH, Language
from indicators.progress.result import Assessment
from indicators.progress.rules import MIN_TREND_POINTS
from indicators.progress.series import Series
from indicators.progress.trend import TrendFit, fit_trend

NATIONAL_BASE_YEAR = 1990
NATIONAL_TARGET_YEAR = 2045
NATIONAL_CHANGE_PCT = -85.0
CARBON_LAW_RATE_PCT = 11.72
PARIS_FIRST_YEAR = 2025
PARIS_LAST_YEAR = 2050

NATIONAL = TargetSpec(
    TargetKind.PERCENT_CHANGE,
    NATIONAL_TARGET_YEAR,
    value=NATIONAL_CHANGE_PCT,
    base_year=NATIONAL_BASE_YEAR,
    unit="t CO2e",
)


def national_reference(series: Series, *, today_year: int | None = None) -> Assessment:
    """Sweden's goal applied to the municipality's territorial emissions (−85 % vs 1990 by
    2045), assessed like any target."""
    return assess(NATIONAL, series, today_year=today_year)


@dataclass(frozen=True)
class ParisCheck:
    """Is the trend's cumulative emission 2025–2050 within the Carbon Law path's?"""

    status: Status
    explanation: str
    explanation_en: str
    window_years: tuple[int, ...] = ()
    start_value: float | None = None  # the trend's value in 2025, where the path starts
    trend_total: float | None = None  # t CO2e over 2025–2050 on the trend
    path_total: float | None = None  # t CO2e over 2025–2050 on the path

    @property
    def ratio(self) -> float | None:
        if self.trend_total is None or not self.path_total:
            return None
        return self.trend_total / self.path_total

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status.value,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
            "window_years": list(self.window_years),
            "start_year": PARIS_FIRST_YEAR,
            "end_year": PARIS_LAST_YEAR,
            "start_value": self.start_value,
            "trend_total": self.trend_total,
            "path_total": self.path_total,
            "rate_pct": -CARBON_LAW_RATE_PCT,
        }


#: The Carbon Law path's share of its 2025 value in each year 2025–2050.
_CARBON_LAW_FACTORS = tuple(
    (1 - CARBON_LAW_RATE_PCT / 100) ** (year - PARIS_FIRST_YEAR)
    for year in range(PARIS_FIRST_YEAR, PARIS_LAST_YEAR + 1)
)


def carbon_law_total(start_value: float) -> float:
    """The path's cumulative emissions 2025–2050 from ``start_value`` in 2025."""
    return math.fsum([start_value * factor for factor in _CARBON_LAW_FACTORS])


def paris_totals(fit: TrendFit) -> tuple[float, float, float]:
    """The trend's value in 2025, its cumulative emissions 2025–2050 (never below zero in
    a year) and the Carbon Law path's from that value."""
    values = fit.predict_each(range(PARIS_FIRST_YEAR, PARIS_LAST_YEAR + 1))
    values = [0.0 if v < 0.0 else v for v in values]  # max(v, 0.0), without the call
    start = values[0]
    return start, math.fsum(values), carbon_law_total(start)


def paris_check(series: Series, *, window: int = DEFAULT_WINDOW) -> ParisCheck:
    """Klimatkollen's Paris check of the series' trend (see the module)."""
    points = series.last(window)
    fit = fit_trend(points, TrendModel.LOG_LINEAR) if len(points) >= MIN_TREND_POINTS else None
    if fit is None:
        return ParisCheck(
            Status.INSUFFICIENT_DATA,
            SWEDISH.say("paris_no_trend"),
            ENGLISH.say("paris_no_trend"),
            tuple(p.year for p in points),
        )
    start, trend_total, path_total = paris_totals(fit)
    within = trend_total <= path_total * (1 + 1e-9)
    found = ParisCheck(
        Status.ON_TRACK if within else Status.OFF_TRACK,
        "",
        "",
        fit.years,
        start,
        trend_total,
        path_total,
    )
    return ParisCheck(
        found.status,
        _sentence(found, SWEDISH),
        _sentence(found, ENGLISH),
        found.window_years,
        start,
        trend_total,
        path_total,
    )


def _sentence(check: ParisCheck, lang: Language) -> str:
    assert check.trend_total is not None and check.path_total is not None
    values = {
        "first": check.window_years[0],
        "last": check.window_years[-1],
        "years": f"{PARIS_FIRST_YEAR}\u2013{PARIS_LAST_YEAR}",
        "years_from": PARIS_FIRST_YEAR,
        "trend": lang.level(check.trend_total, "t CO2e"),
        "path": lang.level(check.path_total, "t CO2e"),
        "rate": "\u221211,72 %" if lang.code == "sv" else "\u221211.72%",
        "times": lang.level(check.ratio or 0, "").strip(),
    }
    key = "paris_within" if check.status is Status.ON_TRACK else "paris_over"
    return lang.say(key, **values)
