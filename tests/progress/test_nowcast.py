"""Nowcast of the lag years: worked examples by hand, real SMHI data, and properties."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from indicators.progress import ObservationStatus, Series, level_floor
from indicators.progress.nowcast import NowcastOutcome, nowcast, theil_sen_slope

from .realdata import co2_series, ggt_sector_totals

# --- worked examples ----------------------------------------------------------------------


def test_it_estimates_umeas_2025_from_the_2026_release_by_hand() -> None:
    # Greenhouse gases, sum of the main sectors, SMHI's 2026 release (via Klimatkollen).
    series = Series.from_mapping(ggt_sector_totals("Umeå"))
    assert series.years == [1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024]
    result = nowcast(series, 2025)
    # Base years 2015, 2020–2024 (six points, fifteen pairs). Sorted pairwise slopes:
    # −24 202.19 (2021–22), −17 073.87 (2015–20), −14 045.27 (2015–22),
    # −12 352.45 (2015–21), −10 658.08 (2015–23), −6 473.76 (2020–22),
    # −5 574.99 (2021–23), −5 564.44 (2015–24), 34.90 (2020–23), … up to 35 184.68.
    # The median is the 8th: (365 009.52 − 415 089.51) / 9 = −5 564.443 t/yr.
    assert result.outcome is NowcastOutcome.SINCE_2015
    assert result.base_years == (2015, 2020, 2021, 2022, 2023, 2024)
    assert result.slope == pytest.approx(-5564.443, abs=1e-3)
    assert result.anchor == (2024, pytest.approx(365009.52))
    # Anchored on 2024: 365 009.52 − 5 564.443 = 359 445.077.
    assert result.points == ((2025, pytest.approx(359445.077, abs=1e-3)),)
    assert result.estimated_through == 2025
    assert result.method == "theil_sen_anchored"


def test_it_estimates_three_lag_years_from_the_2024_co2_release() -> None:
    series = co2_series("Umeå")  # fossil CO2, release 2024-04-18, published through 2022
    result = nowcast(series, 2025)
    assert result.base_years == tuple(range(2015, 2023))
    assert [year for year, _ in result.points] == [2023, 2024, 2025]
    assert result.estimated_from == 2023
    # Slope: median of 28 pairwise slopes = −12 497.507 t/yr; 267 249.023 − k · 12 497.507.
    assert result.slope == pytest.approx(-12497.507, abs=1e-3)
    assert result.value(2023) == pytest.approx(254751.516, abs=1e-3)
    assert result.value(2025) == pytest.approx(229756.502, abs=1e-3)
    assert result.value(2022) is None  # published years are never estimated


def test_a_gap_in_the_base_years_weighs_each_pair_by_its_span() -> None:
    series = Series.from_mapping({2015: 100.0, 2020: 90.0, 2021: 80.0, 2022: 85.0})
    # Slopes: 2015–20 −2, 2015–21 −3.333, 2015–22 −2.143, 2020–21 −10, 2020–22 −2.5,
    # 2021–22 +5. Sorted: −10, −3.333, −2.5, −2.143, −2, 5; median (−2.5 − 2.143) / 2.
    result = nowcast(series, 2024)
    slope = (-2.5 + -15 / 7) / 2
    assert result.slope == pytest.approx(slope)
    assert result.points == (
        (2023, pytest.approx(85.0 + slope)),
        (2024, pytest.approx(85.0 + 2 * slope)),
    )


def test_values_before_2015_do_not_move_the_estimate() -> None:
    recent = {2015: 50.0, 2016: 48.0, 2017: 47.0}
    with_history = Series.from_mapping({1990: 900.0, 2010: 10.0, **recent})
    assert nowcast(with_history, 2019).points == nowcast(Series.from_mapping(recent), 2019).points


def test_with_one_year_since_2015_it_falls_back_to_the_years_since_2010_and_says_so() -> None:
    series = Series.from_mapping({2005: 500.0, 2010: 100.0, 2012: 90.0, 2015: 80.0})
    result = nowcast(series, 2017)
    # Slopes 2010–12 −5, 2010–15 −4, 2012–15 −3.333: median −4; anchored on 2015 = 80.
    assert result.outcome is NowcastOutcome.SINCE_2010
    assert result.fell_back
    assert result.base_years == (2010, 2012, 2015)
    assert result.points == ((2016, 76.0), (2017, 72.0))


def test_with_fewer_than_two_years_since_2010_there_is_no_estimate() -> None:
    result = nowcast(Series.from_mapping({1990: 500.0, 2005: 400.0, 2010: 300.0}), 2025)
    assert result.outcome is NowcastOutcome.TOO_FEW_POINTS
    assert result.points == ()
    assert result.estimated_through is None
    assert result.base_years == (2010,)
    assert result.anchor == (2010, 300.0)


def test_nothing_is_estimated_when_last_year_is_published() -> None:
    series = Series.from_mapping({2015: 10.0, 2023: 8.0, 2024: 7.0})
    for last_year in (2024, 2023, 2000):
        result = nowcast(series, last_year)
        assert result.outcome is NowcastOutcome.UP_TO_DATE
        assert result.points == ()
        assert result.estimated_through is None


def test_an_empty_series_has_no_estimate() -> None:
    result = nowcast(Series(), 2025)
    assert result.outcome is NowcastOutcome.NO_DATA
    assert result.points == () and result.anchor is None


def test_gross_estimates_stop_at_zero_but_net_ones_may_go_below() -> None:
    series = Series.from_mapping({2015: 300.0, 2020: 100.0, 2022: 20.0})
    # Slopes −40, −40, −40: the line reaches 0 in 2022.5.
    assert nowcast(series, 2024).points == ((2023, 0.0), (2024, 0.0))
    assert nowcast(series, 2024, floor=None).points == ((2023, -20.0), (2024, -60.0))


@pytest.mark.parametrize(
    ("values", "target", "net", "floor"),
    [
        ({2015: 300.0, 2020: 100.0}, 0.0, False, 0.0),  # gross emissions, a count, a share
        ({2015: 300.0, 2020: 100.0}, None, False, 0.0),  # a target of direction only
        ({2015: 300.0, 2020: 100.0}, 0.0, True, None),  # net of removals
        ({2015: 40.0, 2020: -30.0}, -50.0, False, None),  # a net series recorded as such
        ({2015: 40.0, 2020: 30.0}, -50.0, False, None),  # a target below zero
    ],
)
def test_a_level_that_cannot_be_negative_stops_at_zero_and_no_other(
    values: dict[int, float], target: float | None, net: bool, floor: float | None
) -> None:
    assert level_floor(Series.from_mapping(values), target, net=net) == floor


def test_estimates_are_separate_points_marked_as_estimates() -> None:
    series = Series.from_mapping({2015: 10.0, 2020: 8.0})
    result = nowcast(series, 2022)
    estimates = result.as_series()
    assert estimates.years == [2021, 2022]
    assert {p.status for p in estimates} == {ObservationStatus.ESTIMATE}
    assert series.years == [2015, 2020]  # the published series is untouched
    assert result.to_dict()["estimated_through"] == 2022
    assert result.to_dict()["points"] == [
        {"year": 2021, "value": pytest.approx(7.6)},
        {"year": 2022, "value": pytest.approx(7.2)},
    ]


def test_a_slope_needs_two_points() -> None:
    with pytest.raises(ValueError, match="two points"):
        theil_sen_slope([(2020, 1.0)])


# --- properties ---------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=int(os.environ.get("PROGRESS_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# SMHI's release years and then some: gaps, old years, recent runs.
YEARS = [1990, 2000, 2005, *range(2010, 2027)]
VALUES = st.floats(min_value=0.0, max_value=1e7, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def published(draw: st.DrawFn) -> Series:
    years = draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=12, unique=True))
    return Series.from_mapping({y: draw(VALUES) for y in years})


@PROPERTY
@given(series=published(), last_year=st.integers(2000, 2035))
def test_estimates_cover_exactly_the_years_after_the_latest_published(
    series: Series, last_year: int
) -> None:
    result = nowcast(series, last_year)
    latest = series.latest
    assert latest is not None
    if result.outcome.estimated:
        assert result.years == tuple(range(latest.year + 1, last_year + 1))
        assert result.estimated_through == last_year
        assert all(value >= 0.0 and math.isfinite(value) for _, value in result.points)
        assert set(result.base_years) <= set(series.years)
    else:
        assert result.points == ()
        assert (latest.year >= last_year) == (result.outcome is NowcastOutcome.UP_TO_DATE)


@PROPERTY
@given(series=published(), last_year=st.integers(2011, 2035))
def test_the_slope_lies_between_the_steepest_fall_and_rise_of_the_base(
    series: Series, last_year: int
) -> None:
    result = nowcast(series, last_year)
    assume(result.slope is not None)
    values = dict(zip(series.years, series.values, strict=True))
    base = [(y, values[y]) for y in result.base_years]
    slopes = [(b - a) / (yb - ya) for i, (ya, a) in enumerate(base) for yb, b in base[i + 1 :]]
    assert min(slopes) - 1e-9 <= result.slope <= max(slopes) + 1e-9  # type: ignore[operator]


@PROPERTY
@given(
    intercept=st.integers(-1000, 1000),
    slope=st.integers(-50, 50),
    years=st.lists(st.integers(2015, 2024), min_size=2, max_size=10, unique=True),
    last_year=st.integers(2025, 2030),
)
def test_a_series_on_a_straight_line_is_continued_on_that_line(
    intercept: int, slope: int, years: list[int], last_year: int
) -> None:
    series = Series.from_mapping({y: float(intercept + slope * (y - 2015)) for y in years})
    result = nowcast(series, last_year, floor=None)
    assert result.slope == pytest.approx(slope)
    for year, value in result.points:
        assert value == pytest.approx(intercept + slope * (year - 2015), abs=1e-6)


@PROPERTY
@given(
    series=published(),
    last_year=st.integers(2011, 2035),
    shift=st.floats(-1e6, 1e6, allow_nan=False),
    scale=st.sampled_from([0.001, 0.37, 3.0, 1000.0]),
)
def test_estimates_move_with_the_unit_and_the_level(
    series: Series, last_year: int, shift: float, scale: float
) -> None:
    # Theil–Sen is equivariant: shifting every value shifts the line, rescaling rescales it.
    base = nowcast(series, last_year, floor=None)
    assume(base.points)
    shifted = nowcast(
        Series.from_mapping({p.year: p.value + shift for p in series}), last_year, floor=None
    )
    scaled = nowcast(
        Series.from_mapping({p.year: p.value * scale for p in series}), last_year, floor=None
    )
    for (year, value), (_, moved), (_, rescaled) in zip(
        base.points, shifted.points, scaled.points, strict=True
    ):
        tolerance = 1e-6 * max(1.0, abs(value), abs(shift))
        assert moved == pytest.approx(value + shift, abs=tolerance), year
        assert rescaled == pytest.approx(value * scale, rel=1e-9, abs=1e-6 * scale)
