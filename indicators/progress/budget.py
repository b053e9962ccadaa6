"""Carbon budget follow-up: how much of a budget is used, what remains, when it runs out.

- Used: the sum of the annual emissions from the budget's start year (included)
  through the latest observed year. A year missing *between* two published years is
  filled by linear interpolation between them for this sum only — a cumulative total
  needs every year, and leaving the year out would count it as zero emissions. The
  filled years are listed in ``interpolated_years``; they are never shown as values.
  (Klimatkollen's budgets start in 2024 and SMHI has published every year since 2010,
  so with real data nothing is filled.) Years at the start that have no published
  neighbour before them cannot be filled and are listed in ``missing_years``.
- Runs out: after the observed years, the trend's projected annual emissions (never
  below zero: gross emissions cannot be negative) are added year by year; the budget
  runs out in the first year the running total passes it. None means not before 2100
  (or, with ``trend_available`` False, that there were too few values for a trend).
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.progress.model import CarbonBudget
from indicators.progress.phrases import ENGLISH, SWEDISH, Language
from indicators.progress.series import Series
from indicators.progress.trend import TrendFit

HORIZON = 2100


@dataclass(frozen=True)
class BudgetAssessment:
    """Where a city stands against its carbon budget (utsläppsutrymme)."""

    label_sv: str
    label_en: str
    unit: str
    amount: float
    start_year: int
    end_year: int
    used: float
    observed_through: int | None
    remaining: float
    runs_out_year: int | None
    trend_available: bool
    interpolated_years: tuple[int, ...]
    missing_years: tuple[int, ...]
    pathway_rate_pct: float | None
    explanation: str
    explanation_en: str

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "label_sv": self.label_sv,
            "label_en": self.label_en,
            "unit": self.unit,
            "amount": self.amount,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "used": self.used,
            "observed_through": self.observed_through,
            "remaining": self.remaining,
            "runs_out_year": self.runs_out_year,
            "trend_available": self.trend_available,
            "interpolated_years": list(self.interpolated_years),
            "missing_years": list(self.missing_years),
            "pathway_rate_pct": self.pathway_rate_pct,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
        }


@dataclass(frozen=True)
class CumulativeEmissions:
    """Observed annual emissions summed year by year from a start year."""

    total: float
    through: int | None
    by_year: tuple[tuple[int, float], ...]
    interpolated_years: tuple[int, ...]
    missing_years: tuple[int, ...]


def cumulative_emissions(series: Series, start_year: int) -> CumulativeEmissions:
    """Sum the observed annual emissions from ``start_year`` through the latest year.

    ``by_year`` is the running total after each counted year.
    """
    latest = series.latest
    if latest is None or latest.year < start_year:
        return CumulativeEmissions(0.0, None, (), (), ())
    published = {p.year: p.value for p in series}
    years = sorted(published)
    running = 0.0
    by_year: list[tuple[int, float]] = []
    filled: list[int] = []
    missing: list[int] = []
    for year in range(start_year, latest.year + 1):
        if year in published:
            value = published[year]
        else:
            before = [y for y in years if y < year]
            after = [y for y in years if y > year]
            if not before:
                missing.append(year)
                continue
            y0, y1 = before[-1], after[0]
            v0, v1 = published[y0], published[y1]
            value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
            filled.append(year)
        running += value
        by_year.append((year, running))
    return CumulativeEmissions(running, latest.year, tuple(by_year), tuple(filled), tuple(missing))


def budget_runs_out(
    budget: CarbonBudget,
    used: CumulativeEmissions,
    trend: TrendFit | None,
    *,
    horizon: int = HORIZON,
) -> int | None:
    """The year the running total first passes the budget, observed or on the trend."""
    for year, running in used.by_year:
        if running > budget.amount:
            return year
    if trend is None:
        return None
    running = used.total
    first = budget.start_year if used.through is None else used.through + 1
    for year in range(first, horizon + 1):
        running += max(0.0, trend.predict(year))
        if running > budget.amount:
            return year
    return None


def assess_budget(
    budget: CarbonBudget,
    series: Series,
    trend: TrendFit | None,
    *,
    pathway_rate_pct: float | None = None,
) -> BudgetAssessment:
    """Used, remaining and run-out year of ``budget`` for an emissions ``series``."""
    used = cumulative_emissions(series, budget.start_year)
    runs_out = budget_runs_out(budget, used, trend)
    remaining = budget.amount - used.total
    sv, en = (
        _budget_sentence(budget, used, remaining, runs_out, trend is not None, lang)
        for lang in (SWEDISH, ENGLISH)
    )
    return BudgetAssessment(
        label_sv=budget.label_sv,
        label_en=budget.label_en,
        unit=budget.unit,
        amount=budget.amount,
        start_year=budget.start_year,
        end_year=budget.end_year,
        used=used.total,
        observed_through=used.through,
        remaining=remaining,
        runs_out_year=runs_out,
        trend_available=trend is not None,
        interpolated_years=used.interpolated_years,
        missing_years=used.missing_years,
        pathway_rate_pct=pathway_rate_pct,
        explanation=sv,
        explanation_en=en,
    )


def _budget_sentence(
    budget: CarbonBudget,
    used: CumulativeEmissions,
    remaining: float,
    runs_out: int | None,
    trend_available: bool,
    lang: Language,
) -> str:
    """What is left of ``budget`` and when it runs out, in ``lang`` (one sentence)."""
    label = budget.label_sv if lang is SWEDISH else budget.label_en
    amount = lang.level(budget.amount, budget.unit)
    if remaining < 0 and runs_out is not None and used.through is not None:
        return lang.say(
            "budget_exceeded",
            label=label,
            amount=amount,
            start_year=budget.start_year,
            year=runs_out,
        )
    after = lang.say("budget_after", year=used.through) if used.through is not None else ""
    if runs_out is not None:
        tail = lang.say("budget_runs_out", year=runs_out)
    elif trend_available:
        tail = lang.say("budget_lasts", year=HORIZON)
    else:
        tail = lang.say("budget_no_trend")
    return lang.say(
        "budget_remaining",
        label=label,
        amount=amount,
        start_year=budget.start_year,
        remaining=lang.level(remaining, budget.unit),
        after=after,
        tail=tail,
    )
