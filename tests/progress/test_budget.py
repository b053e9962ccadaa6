"""Carbon budget follow-up: used (published + estimated lag years), remaining, and when
it runs out on the current trend — never in a year that has already passed."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.progress import (
    CarbonBudget,
    Series,
    TrendModel,
    assess_budget,
    cumulative_emissions,
    fit_trend,
)
from indicators.progress.formatting import NBSP

from .realdata import (
    co2_series,
    co2_totals_by_code,
    klimatkollen_budget_row,
    klimatkollen_budgets_by_code,
)


def _test_budget(amount: float, start_year: int = 2024) -> CarbonBudget:
    return CarbonBudget(amount, start_year, label_sv="Testbudget", label_en="Test budget", unit="t")


# --- the published sum ----------------------------------------------------------------------


def test_it_sums_the_observed_years_from_the_start_year_included() -> None:
    series = Series.from_mapping({2023: 500.0, 2024: 100.0, 2025: 90.0, 2026: 80.0})
    used = cumulative_emissions(series, 2024)
    assert used.total == pytest.approx(270.0)
    assert used.published_total == pytest.approx(270.0)
    assert used.through == 2026
    assert used.by_year == ((2024, 100.0), (2025, 190.0), (2026, 270.0))
    assert used.interpolated_years == ()


def test_a_gap_is_interpolated_for_the_sum_only_and_listed() -> None:
    # 2025 is missing: counted as (100 + 80) / 2 = 90 so the total is not too low.
    series = Series.from_mapping({2024: 100.0, 2026: 80.0})
    used = cumulative_emissions(series, 2024)
    assert used.total == pytest.approx(270.0)
    assert used.published_total == pytest.approx(180.0)
    assert used.interpolated_total == pytest.approx(90.0)
    assert used.interpolated_years == (2025,)
    # The series itself is untouched: the gap stays a gap.
    assert series.years == [2024, 2026]


def test_years_before_the_first_observation_cannot_be_filled_and_are_listed() -> None:
    series = Series.from_mapping({2026: 80.0})
    used = cumulative_emissions(series, 2024)
    assert used.total == pytest.approx(80.0)
    assert used.missing_years == (2024, 2025)
    result = assess_budget(_test_budget(1000.0), series, None, last_year=2026)
    assert result.missing_years == (2024, 2025)
    assert "För 2024–2025 finns inga publicerade värden; de ingår inte i summan." in (
        result.explanation
    )
    assert "There are no published values for 2024–2025; the sum lacks them." in (
        result.explanation_en
    )


# --- used, remaining, used up ------------------------------------------------------------------


def test_the_lag_years_are_estimated_counted_and_named() -> None:
    # Published through 2024; 2025 and 2026 have passed (last year 2026) but are not out.
    series = Series.from_mapping({2022: 120.0, 2023: 110.0, 2024: 100.0})
    trend = fit_trend(series.points, TrendModel.LINEAR)
    result = assess_budget(_test_budget(420.0), series, trend, last_year=2026)
    # Nowcast: slopes −10, −10, −10 → 2025: 90, 2026: 80 (170 t estimated).
    assert result.used_published == pytest.approx(100.0)
    assert result.used_estimated == pytest.approx(170.0)
    assert result.used == pytest.approx(270.0)
    assert result.remaining == pytest.approx(150.0)
    assert (result.observed_from, result.observed_through) == (2024, 2024)
    assert (result.estimated_from, result.estimated_through) == (2025, 2026)
    assert result.nowcast_method == "theil_sen_anchored"
    # After 2026 on the trend: 2027 70 (70), 2028 60 (130), 2029 50 (180 ≥ 150).
    assert result.runs_out_year == 2029
    assert not result.used_up
    assert result.explanation == (
        f"Testbudget: av utsläppsutrymmet på 420{NBSP}t från 2024 återstår 150{NBSP}t efter "
        f"2026. Använt: 270{NBSP}t (publicerat 2024: 100{NBSP}t, uppskattat 2025–2026: "
        f"170{NBSP}t). Uppskattningen förlänger trenden 2022–2024 från det senast publicerade "
        "värdet (2024). Med nuvarande trend tar det slut 2029."
    )
    assert result.explanation_en == (
        "Test budget: of the carbon budget of 420 t from 2024, 150 t remain after 2026. "
        "Used: 270 t (published 2024: 100 t; estimated 2025–2026: 170 t). The estimate "
        "extends the 2022–2024 trend from the last published value (2024). On the current "
        "trend it runs out in 2029."
    )


def test_a_budget_used_up_by_the_estimate_says_so_and_since_when() -> None:
    series = Series.from_mapping({2022: 100.0, 2023: 100.0, 2024: 100.0})
    trend = fit_trend(series.points, TrendModel.LINEAR)
    result = assess_budget(_test_budget(150.0), series, trend, last_year=2026)
    # 2024 100 (published), 2025 100 → 200 ≥ 150: used up in 2025, by the estimate.
    assert result.used_up
    assert (result.used_up_year, result.used_up_by) == (2025, "estimate")
    assert result.runs_out_year == 2025
    assert result.used == pytest.approx(300.0)
    assert result.remaining == 0.0
    assert result.exceeded_by == pytest.approx(150.0)
    assert result.explanation == (
        f"Testbudget: utsläppsutrymmet på 150{NBSP}t från 2024 är förbrukat; det tog slut 2025 "
        f"enligt uppskattningen. Använt: 300{NBSP}t (publicerat 2024: 100{NBSP}t, uppskattat "
        f"2025–2026: 200{NBSP}t), 150{NBSP}t mer än utrymmet. Uppskattningen förlänger trenden "
        "2022–2024 från det senast publicerade värdet (2024)."
    )
    assert result.explanation_en.startswith(
        "Test budget: the carbon budget of 150 t from 2024 is used up; it ran out in 2025 by "
        "the estimate. Used: 300 t (published 2024: 100 t; estimated 2025–2026: 200 t), "
        "150 t more than the budget."
    )


def test_a_budget_exceeded_in_the_published_years_says_when_and_remains_zero() -> None:
    # Before, remaining was reported as −120 t: a budget cannot have less than nothing
    # left, so remaining is 0 and the excess is its own number.
    series = Series.from_mapping({2024: 100.0, 2025: 90.0, 2026: 80.0})
    trend = fit_trend(series.points, TrendModel.LINEAR)
    result = assess_budget(_test_budget(150.0), series, trend, last_year=2026)
    assert result.runs_out_year == 2025
    assert (result.used_up_year, result.used_up_by) == (2025, "published")
    assert result.remaining == 0.0
    assert result.exceeded_by == pytest.approx(120.0)
    assert result.used_estimated == 0.0 and result.estimated_through is None
    assert result.explanation == (
        f"Testbudget: utsläppsutrymmet på 150{NBSP}t från 2024 är förbrukat; det tog slut 2025 "
        f"enligt publicerad statistik. Använt: 270{NBSP}t (publicerat 2024–2026: 270{NBSP}t), "
        f"120{NBSP}t mer än utrymmet."
    )
    assert result.explanation_en == (
        "Test budget: the carbon budget of 150 t from 2024 is used up; it ran out in 2025 "
        "according to published statistics. Used: 270 t (published 2024–2026: 270 t), 120 t "
        "more than the budget."
    )


def test_the_years_that_have_passed_are_counted_not_projected_into_a_past_run_out() -> None:
    # Published 2015–2020, falling 10 t a year; the budget starts in 2020.
    series = Series.from_mapping({y: 150.0 - 10 * (y - 2015) for y in range(2015, 2021)})
    trend = fit_trend(series.last(5), TrendModel.LINEAR)
    budget = _test_budget(300.0, start_year=2020)
    as_of_2025 = assess_budget(budget, series, trend, last_year=2025)
    # 2020 100 (published), 2021 90, 2022 80 → 270, 2023 70 → 340 ≥ 300 (estimated).
    assert as_of_2025.used_up
    assert (as_of_2025.used_up_year, as_of_2025.used_up_by) == (2023, "estimate")
    assert as_of_2025.remaining == 0.0
    assert "det tog slut 2023 enligt uppskattningen" in as_of_2025.explanation
    # Without "last year" the engine cannot know 2021–2025 have passed: it counts the
    # published 2020 only and projects from 2021 (the old behaviour, now documented).
    unknown = assess_budget(budget, series, trend)
    assert unknown.remaining == pytest.approx(200.0)
    assert unknown.runs_out_year == 2023
    assert unknown.estimated_through is None


def test_a_budget_that_starts_after_last_year_is_untouched() -> None:
    series = Series.from_mapping({2015: 100.0, 2020: 90.0, 2024: 80.0})
    result = assess_budget(_test_budget(500.0, start_year=2030), series, None, last_year=2025)
    assert result.used == 0.0
    assert result.remaining == 500.0
    assert result.estimated_through is None  # 2025 is estimated but not in the budget
    assert result.explanation == (
        f"Testbudget: inget av utsläppsutrymmet på 500{NBSP}t från 2030 är använt ännu. "
        "Det finns för få värden för att beräkna när det tar slut."
    )


def test_lag_years_without_an_estimate_are_named_as_missing_from_the_sum() -> None:
    # Published 1990, 2005, 2010 only: 2008–2009 are interpolated (between 2005 and 2010),
    # and after 2010 there are too few values since 2010 for an estimate.
    series = Series.from_mapping({1990: 100.0, 2005: 90.0, 2010: 80.0})
    result = assess_budget(_test_budget(1000.0, start_year=2008), series, None, last_year=2013)
    # 2008: 90 − 10·3/5 = 84, 2009: 82 (interpolated, 166); 2010: 80 (published).
    assert result.used_interpolated == pytest.approx(166.0)
    assert result.used_published == pytest.approx(80.0)
    assert result.unestimated_years == (2011, 2012, 2013)
    assert result.remaining == pytest.approx(754.0)
    assert result.explanation == (
        f"Testbudget: av utsläppsutrymmet på 1{NBSP}000{NBSP}t från 2008 återstår 754{NBSP}t "
        f"efter 2013. Använt: 246{NBSP}t (publicerat 2010: 80{NBSP}t, interpolerat 2008–2009: "
        f"166{NBSP}t). För 2011–2013 finns varken publicerad statistik eller en uppskattning "
        "(för få publicerade värden sedan 2010), så de åren saknas i summan. Det finns för få "
        "värden för att beräkna när det tar slut."
    )
    assert (
        "For 2011–2013 there are neither published statistics nor an estimate (too few "
        "published values since 2010), so the sum lacks those years."
    ) in result.explanation_en
    one_year = assess_budget(_test_budget(1000.0, start_year=2008), series, None, last_year=2011)
    assert "så det året saknas i summan." in one_year.explanation
    assert "so the sum lacks that year." in one_year.explanation_en


def test_a_budget_that_outlasts_the_trend_runs_out_never_before_2100() -> None:
    budget = CarbonBudget(1e9, 2024, unit="t")
    series = Series.from_mapping({2022: 100.0, 2023: 90.0, 2024: 80.0})
    result = assess_budget(
        budget, series, fit_trend(series.points, TrendModel.LINEAR), last_year=2024
    )
    # The linear trend reaches zero in 2032 and is never counted below zero.
    assert result.runs_out_year is None
    assert result.used == pytest.approx(80.0)
    assert result.explanation.endswith("Med nuvarande trend tar det inte slut före 2100.")


def test_without_a_trend_the_run_out_year_is_unknown() -> None:
    budget = CarbonBudget(1000.0, 2024, unit="t")
    result = assess_budget(budget, Series.from_mapping({2024: 100.0}), None, last_year=2024)
    assert result.runs_out_year is None
    assert not result.trend_available
    assert result.explanation.endswith("Det finns för få värden för att beräkna när det tar slut.")


def test_without_published_values_nothing_is_claimed_about_what_was_used() -> None:
    result = assess_budget(_test_budget(100.0), Series(), None)
    assert result.remaining == 100.0 and result.observed_through is None
    assert result.explanation == (
        "Testbudget: inga utsläpp är publicerade, så det går inte att säga hur mycket av "
        f"utsläppsutrymmet på 100{NBSP}t från 2024 som är använt."
    )


def test_the_dict_carries_every_number_and_the_years_it_covers() -> None:
    series = Series.from_mapping({2022: 120.0, 2023: 110.0, 2024: 100.0})
    data = assess_budget(_test_budget(420.0), series, None, last_year=2026).to_dict()
    assert {k: data[k] for k in ("amount", "used", "remaining")} == {
        "amount": 420.0,
        "used": pytest.approx(270.0),
        "remaining": pytest.approx(150.0),
    }
    assert data["used_published"] == pytest.approx(100.0)
    assert data["used_estimated"] == pytest.approx(170.0)
    assert (data["observed_through"], data["estimated_through"]) == (2024, 2026)
    assert data["nowcast_base_years"] == [2022, 2023, 2024]
    assert data["last_year"] == 2026


# --- real data: Umeå and all 290 municipalities ------------------------------------------------


def test_umeas_klimatkollen_budget_as_of_2025_counts_the_estimated_2024_and_2025() -> None:
    row = klimatkollen_budget_row("Umeå")
    series = co2_series("Umeå")
    # Fossil CO2, SMHI release 2024-04-18: published through 2022 (… 2020 278 090.064,
    # 2021 289 198.945, 2022 267 249.023); the budget is 534 037.912 t from 2024.
    assert series.years[-3:] == [2020, 2021, 2022]
    assert row["budget"] == pytest.approx(534037.912)
    budget = CarbonBudget.klimatkollen(float(row["budget"]))
    fit = fit_trend(series.last(5), TrendModel.LINEAR)
    # By hand (x = year − 2020): Σx·y = −2·334 900.446 − 307 883.604 + 289 198.945
    # + 2·267 249.023 = −153 987.505, Sxx = 10 → slope −15 398.75 t/yr; mean 295 464.416.
    # 2026: 295 464.416 − 6·15 398.75 = 203 071.9.
    assert fit is not None
    assert fit.predict(2026) == pytest.approx(203071.914, abs=1e-3)
    result = assess_budget(budget, series, fit, last_year=2025)
    # The nowcast (test_nowcast): 2024 242 254.009, 2025 229 756.502 → 472 010.511 used.
    assert result.used_published == 0.0 and result.observed_through is None
    assert result.used_estimated == pytest.approx(472010.511, abs=1e-3)
    assert (result.estimated_from, result.estimated_through) == (2024, 2025)
    assert result.remaining == pytest.approx(62027.401, abs=1e-3)
    assert result.used + result.remaining == pytest.approx(budget.amount, rel=1e-12)
    # 203 072 t on the trend in 2026 is more than the 62 027 t left: it runs out in 2026.
    assert result.runs_out_year == 2026
    # Klimatkollen's own figure for Umeå agrees on the year ("budgetRunsOut": 2026-04-29).
    assert str(row["budgetRunsOut"]).startswith("2026")
    assert result.explanation == (
        f"Klimatkollens fördelning: av utsläppsutrymmet på 534{NBSP}038{NBSP}t CO2 från 2024 "
        f"återstår 62{NBSP}027{NBSP}t CO2 efter 2025. Använt: 472{NBSP}011{NBSP}t CO2 "
        f"(uppskattat 2024–2025: 472{NBSP}011{NBSP}t CO2). Uppskattningen förlänger trenden "
        "2015–2022 från det senast publicerade värdet (2022). Med nuvarande trend tar det "
        "slut 2026."
    )
    assert result.explanation_en == (
        "Klimatkollen's allocation: of the carbon budget of 534,038 t CO2 from 2024, "
        "62,027 t CO2 remain after 2025. Used: 472,011 t CO2 (estimated 2024–2025: "
        "472,011 t CO2). The estimate extends the 2015–2022 trend from the last published "
        "value (2022). On the current trend it runs out in 2026."
    )
    log_fit = fit_trend(series.last(5), TrendModel.LOG_LINEAR)
    assert assess_budget(budget, series, log_fit, last_year=2025).runs_out_year == 2026


@pytest.mark.parametrize("last_year", [2022, 2025, 2030])
def test_every_municipalitys_budget_adds_up_and_never_runs_out_in_the_past(
    last_year: int,
) -> None:
    budgets = klimatkollen_budgets_by_code()  # Klimatkollen's JSON, via our parser
    totals = co2_totals_by_code()  # SMHI's CO2 Excel 2024-04-18, via our parser
    assert len(budgets) == len(totals) == 290
    used_up = 0
    for code, (amount, start, _end) in budgets.items():
        series = Series.from_mapping(totals[code])
        fit = fit_trend(series.last(5), TrendModel.LOG_LINEAR)
        result = assess_budget(
            CarbonBudget.klimatkollen(amount, start), series, fit, last_year=last_year
        )
        parts = result.used_published + result.used_interpolated + result.used_estimated
        assert result.used == pytest.approx(parts, rel=1e-12), code
        if result.remaining > 0:
            assert result.used + result.remaining == pytest.approx(amount, rel=1e-12), code
            assert result.runs_out_year is None or result.runs_out_year > last_year, code
        else:
            used_up += 1
            assert result.used >= amount, code
            assert result.used_up_year is not None and result.used_up_year <= last_year, code
        if last_year > 2022:
            # Every lag year from the budget's start is estimated (there are enough values).
            assert result.estimated_from == max(2023, start), code
            assert result.estimated_through == last_year, code
    # As of 2022 nothing of a budget from 2024 is used; as of 2025, on the estimate, 65
    # municipalities have used up Klimatkollen's allocation (5 in 2024, 60 in 2025).
    assert used_up == {2022: 0, 2025: 65, 2030: 285}[last_year]


# --- properties ----------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=int(os.environ.get("PROGRESS_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
YEARS = [1990, 2000, 2005, *range(2010, 2027)]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Series, CarbonBudget, int]:
    years = draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=12, unique=True))
    values = st.floats(0.0, 1e6, allow_nan=False).map(lambda v: round(v, 1))
    series = Series.from_mapping({y: draw(values) for y in years})
    start = draw(st.integers(2000, 2035))
    amount = draw(st.floats(0.0, 1e7, allow_nan=False).map(lambda v: round(v, 1)))
    return (
        series,
        CarbonBudget(amount, start, end_year=2050 if start < 2050 else start + 1),
        (draw(st.integers(2010, 2035))),
    )


@PROPERTY
@given(scenario=scenarios(), model=st.sampled_from(list(TrendModel)))
def test_used_and_remaining_always_add_up_to_the_budget(
    scenario: tuple[Series, CarbonBudget, int], model: TrendModel
) -> None:
    series, budget, last_year = scenario
    fit = fit_trend(series.last(5), model)
    result = assess_budget(budget, series, fit, last_year=last_year)
    latest = series.latest
    assert latest is not None
    as_of = max(last_year, latest.year)
    assert result.remaining >= 0.0 and result.exceeded_by >= 0.0
    assert result.used == pytest.approx(
        result.used_published + result.used_interpolated + result.used_estimated, rel=1e-9
    )
    if result.remaining > 0:
        assert result.used + result.remaining == pytest.approx(budget.amount, rel=1e-9)
        assert result.runs_out_year is None or result.runs_out_year > as_of
        assert result.runs_out_year is None or result.runs_out_year >= budget.start_year
    else:
        assert result.used_up
        assert result.runs_out_year == result.used_up_year
        assert result.used_up_year is None or result.used_up_year <= as_of
    if result.estimated_from is not None:
        assert latest.year < result.estimated_from <= result.estimated_through == last_year
        assert result.estimated_from >= budget.start_year
        span = (
            str(result.estimated_from)
            if result.estimated_from == result.estimated_through
            else f"{result.estimated_from}–{result.estimated_through}"
        )
        assert f"uppskattat {span}: " in result.explanation
        assert f"estimated {span}: " in result.explanation_en
    assert all(math.isfinite(v) for v in (result.used, result.remaining, result.exceeded_by))
