"""Carbon budget follow-up: used, remaining, and when it runs out on the current trend."""

from __future__ import annotations

import pytest

from indicators.progress import (
    CarbonBudget,
    Series,
    TrendModel,
    assess_budget,
    cumulative_emissions,
    fit_trend,
)
from indicators.progress.formatting import NBSP

from .realdata import co2_series, klimatkollen_budget_row


def test_it_sums_the_observed_years_from_the_start_year_included() -> None:
    series = Series.from_mapping({2023: 500.0, 2024: 100.0, 2025: 90.0, 2026: 80.0})
    used = cumulative_emissions(series, 2024)
    assert used.total == pytest.approx(270.0)
    assert used.through == 2026
    assert used.by_year == ((2024, 100.0), (2025, 190.0), (2026, 270.0))
    assert used.interpolated_years == ()


def test_a_gap_is_interpolated_for_the_sum_only_and_listed() -> None:
    # 2025 is missing: counted as (100 + 80) / 2 = 90 so the total is not too low.
    series = Series.from_mapping({2024: 100.0, 2026: 80.0})
    used = cumulative_emissions(series, 2024)
    assert used.total == pytest.approx(270.0)
    assert used.interpolated_years == (2025,)
    # The series itself is untouched: the gap stays a gap.
    assert series.years == [2024, 2026]


def test_years_before_the_first_observation_cannot_be_filled_and_are_listed() -> None:
    used = cumulative_emissions(Series.from_mapping({2026: 80.0}), 2024)
    assert used.total == pytest.approx(80.0)
    assert used.missing_years == (2024, 2025)


def test_a_budget_exceeded_in_the_observed_years_says_when() -> None:
    budget = CarbonBudget(150.0, 2024, label_sv="Testbudget", label_en="Test budget", unit="t")
    series = Series.from_mapping({2024: 100.0, 2025: 90.0, 2026: 80.0})
    result = assess_budget(budget, series, fit_trend(series.points, TrendModel.LINEAR))
    assert result.runs_out_year == 2025
    assert result.remaining == pytest.approx(-120.0)
    assert result.explanation == (
        f"Testbudget: utsläppsutrymmet på 150{NBSP}t från 2024 överskreds 2025."
    )


def test_a_budget_that_outlasts_the_trend_runs_out_never_before_2100() -> None:
    budget = CarbonBudget(1e9, 2024, unit="t")
    series = Series.from_mapping({2022: 100.0, 2023: 90.0, 2024: 80.0})
    result = assess_budget(budget, series, fit_trend(series.points, TrendModel.LINEAR))
    # The linear trend reaches zero in 2032 and is never counted below zero.
    assert result.runs_out_year is None
    assert result.used == pytest.approx(80.0)
    assert "tar det inte slut före 2100" in result.explanation


def test_without_a_trend_the_run_out_year_is_unknown() -> None:
    budget = CarbonBudget(1000.0, 2024, unit="t")
    result = assess_budget(budget, Series.from_mapping({2024: 100.0}), None)
    assert result.runs_out_year is None
    assert not result.trend_available
    assert result.explanation.endswith("det finns för få värden för att beräkna när det tar slut.")


def test_umeas_klimatkollen_budget_runs_out_in_2026_on_the_current_trend() -> None:
    row = klimatkollen_budget_row("Umeå")
    series = co2_series("Umeå")
    # Fossil CO2, SMHI release 2024-04-18, as in the file: the last five years are
    # 2018 334 900.446, 2019 307 883.604, 2020 278 090.064, 2021 289 198.945,
    # 2022 267 249.023; the budget is 534 037.912 t from 2024.
    assert series.years[-5:] == [2018, 2019, 2020, 2021, 2022]
    assert row["budget"] == pytest.approx(534037.912)
    budget = CarbonBudget.klimatkollen(float(row["budget"]))
    fit = fit_trend(series.last(5), TrendModel.LINEAR)
    # By hand (x = year − 2020): Σx·y = −2·334 900.446 − 307 883.604 + 289 198.945
    # + 2·267 249.023 = −153 987.505, Sxx = 10 → slope −15 398.75 t/yr; mean 295 464.416.
    # 2024: 295 464.416 − 4·15 398.75 = 233 869.4; 2025: 218 470.7; 2026: 203 071.9.
    # Running total: 233 869 (2024), 452 340 (2025) < 534 038 < 655 412 (2026).
    assert fit is not None
    assert fit.predict(2024) == pytest.approx(233869.4144)
    result = assess_budget(budget, series, fit)
    assert result.used == 0.0
    assert result.observed_through is None
    assert result.remaining == pytest.approx(534037.912)
    assert result.runs_out_year == 2026
    # Klimatkollen's own figure for Umeå agrees on the year ("budgetRunsOut": 2026-04-29).
    assert str(row["budgetRunsOut"]).startswith("2026")
    assert result.explanation == (
        f"Klimatkollens fördelning: av utsläppsutrymmet på 534{NBSP}038{NBSP}t CO2 från 2024 "
        f"återstår 534{NBSP}038{NBSP}t CO2; med nuvarande trend tar det slut 2026."
    )
    assert result.explanation_en == (
        "Klimatkollen's allocation: of the carbon budget of 534,038 t CO2 from 2024, "
        "534,038 t CO2 remain; on the current trend it runs out in 2026."
    )
    # The log-linear trend falls more slowly but the budget still runs out in 2026.
    log_fit = fit_trend(series.last(5), TrendModel.LOG_LINEAR)
    assert assess_budget(budget, series, log_fit).runs_out_year == 2026
