"""Edge cases: empty and tiny series, flat, zero and negative values, passed target
years, missing base years, as-of assessments, and bad input refused loudly."""

from __future__ import annotations

import json

import pytest

from indicators.progress import (
    CarbonBudget,
    DataPoint,
    ObservationStatus,
    PathwayKind,
    Reason,
    Series,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    assess,
)
from indicators.progress.formatting import NBSP

ABSOLUTE = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, unit="t")
PERCENT = TargetSpec(TargetKind.PERCENT_CHANGE, 2030, value=-50, base_year=2010, unit="t")


def _json_round_trip(result) -> dict:
    return json.loads(json.dumps(result.to_dict(), allow_nan=False))


def test_an_empty_series_is_no_data_and_still_serialises() -> None:
    result = assess(PERCENT, Series())
    assert result.status is Status.NO_DATA
    data = _json_round_trip(result)
    assert data["latest"] is None
    assert data["pathway"] == []
    assert data["trend"] == []
    assert data["target_value"] is None  # −50 % of an unknown base


def test_one_value_is_insufficient_data_unless_it_already_meets_the_target() -> None:
    result = assess(ABSOLUTE, Series.from_mapping({2020: 80.0}))
    assert result.status is Status.INSUFFICIENT_DATA
    assert result.explanation == (
        "Det finns bara ett värde (2020); minst tre behövs för att bedöma trenden."
    )
    assert result.actual_rate_pct is None
    assert result.trend == ()
    assert assess(ABSOLUTE, Series.from_mapping({2020: 40.0})).status is Status.ACHIEVED


def test_all_equal_values_have_a_zero_rate_and_a_flat_projection() -> None:
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2000)
    series = Series.from_mapping({2000: 100.0, **dict.fromkeys(range(2016, 2021), 90.0)})
    result = assess(target, series)
    assert result.actual_rate_pct == pytest.approx(0.0, abs=1e-12)
    assert result.projected_value == pytest.approx(90.0)
    assert result.year_reached is None
    # 90 is 90 − 70 = 20 behind the pathway (100 → 50 over 2000–2030), band 5.
    assert result.status is Status.OFF_TRACK
    assert "var de i stort sett oförändrade" in result.explanation


def test_a_zero_value_in_the_window_falls_back_to_a_linear_trend() -> None:
    # No logarithm of 0 exists: the trend is linear and no percentage rate is quoted.
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=5.0, unit="t")
    series = Series.from_mapping({2016: 40.0, 2017: 20.0, 2018: 0.0, 2019: 10.0, 2020: 30.0})
    result = assess(target, series)
    assert result.trend_model is TrendModel.LINEAR
    assert "log_linear_fell_back_to_linear" in result.notes
    assert result.actual_rate_pct is None
    # Linear slope: Σx·y / 10 = (−80 − 20 + 0 + 10 + 60) / 10 = −3 a year; mean 20, so
    # the line gives 20 − 3·12 = −16 ≤ 5 for 2030, shown as 0: emissions do not go below
    # 0 (the line reaches it in 2024.7). Needed (5/30)^(1/10) − 1 = −16.4 % a year.
    assert result.actual_change_per_year == pytest.approx(-3.0)
    assert result.projected_value == 0.0
    assert [value for year, value in result.trend if year >= 2024] == pytest.approx(
        [20 - 3 * 6, 0, 0, 0, 0, 0, 0]
    )
    assert min(low for _year, low, _high in result.band) == 0.0
    assert result.status is Status.ON_TRACK
    assert result.explanation == (
        f"Utsläppen behöver minska med 16,4{NBSP}% per år till 2030; de senaste fem åren "
        f"(2016–2020) minskade de med 3{NBSP}t per år, vilket räcker för att nå målet om "
        "takten håller i sig."
    )


def test_negative_values_and_a_negative_target_use_linear_changes_in_the_unit() -> None:
    # Net emissions crossing zero (removals exceed emissions), target −50 t.
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=-50.0, unit="t")
    series = Series.from_mapping({2016: 40.0, 2017: 20.0, 2018: 0.0, 2019: -10.0, 2020: -30.0})
    result = assess(target, series)
    assert result.trend_model is TrendModel.LINEAR
    assert "linear_trend_for_non_positive_target" in result.notes
    assert result.actual_rate_pct is None
    assert result.needed_rate_pct is None
    # Linear slope: Σx·y / 10 = (−80 − 20 + 0 − 10 − 60) / 10 = −17 a year;
    # needed (−50 − −30) / 10 = −2 a year. Mean 4 at 2018, so 2030 gives 4 − 17·12 = −200.
    assert result.actual_change_per_year == pytest.approx(-17.0)
    assert result.needed_change_per_year == pytest.approx(-2.0)
    assert result.projected_value == pytest.approx(-200.0)
    assert result.status is Status.ON_TRACK
    assert result.explanation.startswith(
        f"Utsläppen behöver minska med 2{NBSP}t per år till 2030; de senaste fem åren "
        f"(2016–2020) minskade de med 17{NBSP}t per år"
    )


def test_a_strict_net_zero_target_uses_a_linear_trend_that_can_reach_zero() -> None:
    # Residual 0 %: target 0 t. A log-linear trend never reaches zero, so linear is used:
    # −10 a year from 10 in 2020 reaches 0 in 2021.
    target = TargetSpec(TargetKind.NET_ZERO, 2030, value=0, base_year=2010, unit="t")
    recent = {2016: 50.0, 2017: 40.0, 2018: 30.0, 2019: 20.0, 2020: 10.0}
    result = assess(target, Series.from_mapping({2010: 100.0, **recent}))
    assert result.target_value == 0.0
    assert result.trend_model is TrendModel.LINEAR
    assert "linear_trend_for_non_positive_target" in result.notes
    assert result.year_reached == 2021
    assert result.status is Status.ON_TRACK


def test_a_target_of_zero_tells_the_change_so_far_in_the_unit_as_the_needed_one() -> None:
    # No rate reaches zero, so the change needed is in tonnes a year: the change so far is
    # told in tonnes too (−10 a year), not as the −13.9 % a year its logarithm gives, so the
    # two compare like with like. Needed: (0 − 60) / 10 = −6 a year.
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=0.0, unit="t")
    result = assess(
        target, Series.from_mapping({2016: 100.0, 2017: 90.0, 2018: 80.0, 2019: 70.0, 2020: 60.0})
    )
    assert result.actual_rate_pct == pytest.approx(-12.0, abs=1.0)  # still computed
    assert not result.actual_in_percent
    assert result.explanation.startswith(
        f"Utsläppen behöver minska med 6{NBSP}t per år till 2030; de senaste fem åren "
        f"(2016–2020) minskade de med 10{NBSP}t per år"
    )
    assert "%" not in result.explanation
    percent = assess(
        PERCENT, Series.from_mapping({2010: 100.0, 2016: 90.0, 2017: 85.0, 2018: 80.0})
    )
    assert percent.actual_in_percent  # a rate needed: the change so far as a rate too


def test_a_constant_rate_pathway_to_zero_falls_back_to_linear() -> None:
    target = TargetSpec(
        TargetKind.ABSOLUTE, 2030, value=0.0, base_year=2010, pathway=PathwayKind.CONSTANT_RATE
    )
    result = assess(target, Series.from_mapping({2010: 100.0, 2020: 60.0}))
    assert result.pathway_kind is PathwayKind.LINEAR
    assert "constant_rate_fell_back_to_linear" in result.notes


def test_a_constant_rate_pathway_is_used_when_possible() -> None:
    target = TargetSpec(
        TargetKind.ABSOLUTE, 2030, value=25.0, base_year=2010, pathway=PathwayKind.CONSTANT_RATE
    )
    result = assess(target, Series.from_mapping({2010: 100.0, 2020: 60.0}))
    assert result.pathway_kind is PathwayKind.CONSTANT_RATE
    assert result.pathway_value_at_latest == pytest.approx(50.0)  # 100 · 0.25^(1/2)


def test_a_target_year_already_passed_and_met_is_achieved() -> None:
    series = Series.from_mapping({2010: 100.0, 2031: 45.0, 2032: 48.0})
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010)
    result = assess(target, series)
    assert result.status is Status.ACHIEVED
    assert result.year_reached == 2031
    assert result.needed_rate_pct is None


def test_a_target_year_passed_before_its_data_is_published_is_judged_on_the_projection() -> None:
    recent = {2024: 80.0, 2025: 75.0, 2026: 70.0, 2027: 65.0, 2028: 60.0}
    series = Series.from_mapping({2010: 100.0, **recent})
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010)
    result = assess(target, series, today_year=2032, trend_model=TrendModel.LINEAR)
    assert "target_year_passed_data_pending" in result.notes
    # −5 a year: 60 − 2·5 = 50 in 2030 on the trend.
    assert result.projected_value == pytest.approx(50.0)
    assert result.status is Status.ON_TRACK


def test_today_year_ignores_later_observations() -> None:
    series = Series.from_mapping({2010: 100.0, 2018: 80.0, 2019: 79.0, 2020: 40.0})
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010)
    assert assess(target, series).status is Status.ACHIEVED
    as_of_2019 = assess(target, series, today_year=2019)
    assert as_of_2019.latest.year == 2019
    assert as_of_2019.status is not Status.ACHIEVED


def test_a_missing_base_year_uses_the_given_base_value() -> None:
    target = TargetSpec(
        TargetKind.PERCENT_CHANGE, 2030, value=-50, base_year=1990, base_value=200.0, unit="t"
    )
    result = assess(target, Series.from_mapping({2018: 110.0, 2019: 105.0, 2020: 100.0}))
    assert result.base_value == 200.0
    assert result.target_value == pytest.approx(100.0)
    assert "base_value_from_spec" in result.notes
    assert result.status is Status.ACHIEVED


def test_a_published_base_year_wins_over_the_given_base_value() -> None:
    # Same data release for base and latest values; the given figure is only a fallback.
    target = TargetSpec(
        TargetKind.PERCENT_CHANGE, 2030, value=-50, base_year=1990, base_value=200.0
    )
    result = assess(target, Series.from_mapping({1990: 180.0, 2020: 100.0}))
    assert result.base_value == 180.0
    assert result.target_value == pytest.approx(90.0)


def test_a_missing_base_year_without_a_base_value_is_insufficient_with_its_reason() -> None:
    result = assess(PERCENT, Series.from_mapping({2018: 110.0, 2019: 105.0, 2020: 100.0}))
    assert (result.status, result.reason) == (
        Status.INSUFFICIENT_DATA,
        Reason.BASE_VALUE_MISSING,
    )
    assert result.target_value is None
    assert result.explanation_en == (
        "The value for the base year 2010 is missing from the series and was not given, "
        "so the target cannot be followed up."
    )


def test_an_estimated_latest_value_counts_and_is_mentioned() -> None:
    series = Series(
        (
            DataPoint(2010, 100.0),
            DataPoint(2019, 80.0),
            DataPoint(2020, 79.0),
            DataPoint(2021, 78.0, ObservationStatus.ESTIMATE, low=70.0, high=86.0),
        )
    )
    target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010)
    result = assess(target, series)
    assert result.window_years[-1] == 2021
    assert result.explanation.endswith("(värdet för 2021 är en uppskattning).")
    assert result.to_dict()["latest"] == {
        "year": 2021,
        "value": 78.0,
        "status": "estimate",
        "low": 70.0,
        "high": 86.0,
    }


def test_per_person_keeps_only_years_with_both_value_and_population() -> None:
    totals = Series.from_mapping({2019: 300.0, 2020: 280.0, 2021: 270.0})
    population = Series.from_mapping({2020: 140.0, 2021: 135.0, 2022: 130.0})
    target = TargetSpec(TargetKind.PER_PERSON, 2040, value=1.0)
    result = assess(target, totals, population=population)
    assert result.window_years == (2020, 2021)
    assert result.latest.value == pytest.approx(2.0)
    empty = assess(target, totals, population=Series.from_mapping({2030: 1.0}))
    assert empty.status is Status.NO_DATA
    assert empty.explanation == "Det finns inga år med både utfall och folkmängd."


def test_a_budget_pathway_starts_at_the_budget_year_and_spends_the_budget() -> None:
    series = Series.from_mapping({1990: 200.0, 2022: 110.0, 2023: 105.0, 2024: 100.0})
    target = TargetSpec(
        TargetKind.PERCENT_CHANGE, 2040, value=-85, base_year=1990, pathway=PathwayKind.BUDGET
    )
    budget = CarbonBudget(500.0, 2024, end_year=2050, unit="t")
    result = assess(target, series, budget=budget)
    assert result.pathway_kind is PathwayKind.BUDGET
    assert result.pathway[0] == (2024, 100.0)
    assert sum(v for _, v in result.pathway) == pytest.approx(500.0)
    assert result.budget is not None
    assert result.budget.used == pytest.approx(100.0)
    assert result.budget.pathway_rate_pct == pytest.approx(-20.0, abs=0.05)


def test_a_budget_already_smaller_than_a_years_emissions_falls_back_to_linear() -> None:
    series = Series.from_mapping({1990: 200.0, 2024: 100.0})
    target = TargetSpec(
        TargetKind.PERCENT_CHANGE, 2040, value=-85, base_year=1990, pathway=PathwayKind.BUDGET
    )
    result = assess(target, series, budget=CarbonBudget(50.0, 2024))
    assert result.pathway_kind is PathwayKind.LINEAR
    assert "budget_pathway_unavailable" in result.notes


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": TargetKind.ABSOLUTE, "target_year": 2030}, "needs a value"),
        ({"kind": TargetKind.ABSOLUTE, "target_year": None, "value": 1.0}, "target year"),
        ({"kind": TargetKind.PERCENT_CHANGE, "target_year": 2030, "value": -85}, "base year"),
        ({"kind": TargetKind.SHARE, "target_year": 2030, "value": 120.0}, "0–100"),
        (
            {"kind": TargetKind.ABSOLUTE, "target_year": 2030, "value": 1.0, "base_year": 2030},
            "must be before",
        ),
        (
            {"kind": TargetKind.NET_ZERO, "target_year": 2040, "value": -5, "base_year": 1990},
            "non-negative",
        ),
        ({"kind": TargetKind.ABSOLUTE, "target_year": 2030, "value": float("nan")}, "finite"),
    ],
)
def test_it_refuses_a_malformed_target(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TargetSpec(**kwargs)


def test_it_refuses_misused_inputs() -> None:
    series = Series.from_mapping({2020: 1.0})
    with pytest.raises(ValueError, match="at least 3"):
        assess(ABSOLUTE, series, window=2)
    with pytest.raises(ValueError, match="per_person"):
        assess(ABSOLUTE, series, population=series)
    budget_target = TargetSpec(TargetKind.ABSOLUTE, 2030, value=1.0, pathway=PathwayKind.BUDGET)
    with pytest.raises(ValueError, match="carbon budget"):
        assess(budget_target, series)
    with pytest.raises(ValueError, match="one value per year"):
        Series((DataPoint(2020, 1.0), DataPoint(2020, 2.0)))
    with pytest.raises(ValueError, match="below the value"):
        DataPoint(2020, 5.0, high=4.0)


def test_a_rate_too_large_for_a_float_is_left_out_rather_than_infinite() -> None:
    # Found by hypothesis: 2.2e-308 → 1.5 in one year is a rate of ~1e309 % (inf).
    target = TargetSpec(TargetKind.SHARE, 2023, value=1.5)
    series = Series.from_mapping({1998: 0.1, 2001: 99.99, 2003: 1.5, 2022: 2.2250738585072014e-308})
    result = assess(target, series, trend_model=TrendModel.LINEAR)
    assert result.needed_rate_pct is None
    json.dumps(result.to_dict(), allow_nan=False)


def test_a_budget_follows_gross_emissions_even_when_removals_are_recorded() -> None:
    emissions = Series.from_mapping({2022: 120.0, 2023: 110.0, 2024: 100.0, 2025: 90.0})
    removals = Series.from_mapping({2024: 60.0, 2025: 60.0})
    target = TargetSpec(TargetKind.NET_ZERO, 2040, value=15, base_year=2022)
    result = assess(target, emissions, removals=removals, budget=CarbonBudget(1000.0, 2024))
    assert result.latest.value == pytest.approx(30.0)  # judged net: 90 − 60
    assert result.budget.used == pytest.approx(190.0)  # budget counts gross: 100 + 90
    with pytest.raises(ValueError, match="per-person"):
        assess(
            TargetSpec(TargetKind.PER_PERSON, 2040, value=1.0),
            emissions,
            population=emissions,
            budget=CarbonBudget(1000.0, 2024),
        )
