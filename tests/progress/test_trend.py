"""The recent trend: least squares over the latest published years, gaps left as gaps."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.progress import DataPoint, Series, TrendModel, fit_trend, student_t_quantile
from indicators.progress.figures import HORIZON, year_reached
from indicators.progress.model import Direction
from indicators.progress.rules import meets
from indicators.progress.trend import student_t_cdf

#: A trend window's values (two to eight years, any sign) and the model fitted to them.
_WINDOW_VALUES = st.lists(
    st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=8,
)
_MODELS = st.sampled_from([TrendModel.LINEAR, TrendModel.LOG_LINEAR])


def _points(pairs: dict[int, float]) -> tuple[DataPoint, ...]:
    return Series.from_mapping(pairs).points


@pytest.mark.parametrize(
    ("df", "table"),
    # Two-sided 95 % critical values from any statistics table.
    [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (10, 2.228), (30, 2.042)],
)
def test_the_t_quantile_matches_the_printed_table(df: int, table: float) -> None:
    assert student_t_quantile(0.975, df) == pytest.approx(table, abs=5e-4)


@settings(max_examples=60, deadline=None, database=None)
@given(st.floats(min_value=-50, max_value=50), st.integers(min_value=1, max_value=40))
def test_the_t_distribution_is_symmetric_and_increasing(t: float, df: int) -> None:
    assert student_t_cdf(t, df) + student_t_cdf(-t, df) == pytest.approx(1.0)
    # Far in the tail the closed form is 1 ± 2e-16; monotone up to that float noise.
    assert student_t_cdf(t + 0.5, df) >= student_t_cdf(t, df) - 1e-12
    assert 0.0 <= student_t_cdf(t, df) <= 1.0


def test_a_linear_fit_recovers_an_exact_line() -> None:
    # value = 100 − 4·(year − 2016): the fit must give slope −4 and no residual error.
    fit = fit_trend(
        _points({y: 100 - 4 * (y - 2016) for y in range(2016, 2021)}), TrendModel.LINEAR
    )
    assert fit is not None
    assert fit.slope == pytest.approx(-4.0)
    assert fit.residual_se == pytest.approx(0.0, abs=1e-9)
    assert fit.predict(2030) == pytest.approx(44.0)
    assert fit.annual_rate_pct is None


def test_a_log_linear_fit_recovers_a_constant_yearly_percentage() -> None:
    # value = 1000 · 0.95^(year − 2010): −5 % a year exactly.
    pairs = {y: 1000 * 0.95 ** (y - 2010) for y in (2010, 2012, 2013, 2017, 2020)}
    fit = fit_trend(_points(pairs), TrendModel.LOG_LINEAR)
    assert fit is not None
    assert fit.model is TrendModel.LOG_LINEAR
    assert fit.annual_rate_pct == pytest.approx(-5.0)
    assert fit.predict(2030) == pytest.approx(1000 * 0.95**20)


def test_only_published_years_take_part_and_gaps_stay_gaps() -> None:
    # SMHI's early municipal years: no value is invented for 1991–1999 or 2001–2004.
    series = Series.from_mapping({1990: 500.0, 2000: 480.0, 2005: 470.0, 2010: 450.0})
    fit = fit_trend(series.last(5), TrendModel.LINEAR)
    assert fit is not None
    assert fit.years == (1990, 2000, 2005, 2010)
    # Least squares by hand: x̄ = 2001.25, Sxx = 126.5625+1.5625+14.0625+76.5625 = 218.75,
    # Sxy = Σ(x−x̄)·y = −11.25·500 − 1.25·480 + 3.75·470 + 8.75·450
    #     = −5625 − 600 + 1762.5 + 3937.5 = −525 → slope −525 / 218.75 = −2.4 a year.
    assert fit.sxx == pytest.approx(218.75)
    assert fit.slope == pytest.approx(-2.4)


def test_fewer_than_two_points_give_no_trend_and_two_points_give_no_interval() -> None:
    assert fit_trend(_points({2020: 1.0}), TrendModel.LINEAR) is None
    fit = fit_trend(_points({2020: 1.0, 2021: 2.0}), TrendModel.LINEAR)
    assert fit is not None
    assert fit.interval(2030) is None


def test_log_linear_falls_back_to_linear_for_zero_or_negative_values() -> None:
    fit = fit_trend(_points({2020: 10.0, 2021: 0.0, 2022: -5.0}), TrendModel.LOG_LINEAR)
    assert fit is not None
    assert fit.model is TrendModel.LINEAR
    assert fit.fell_back


def test_the_prediction_interval_surrounds_the_projection_and_widens_with_distance() -> None:
    fit = fit_trend(_points({2016: 95, 2017: 80, 2018: 92, 2019: 78, 2020: 85}), TrendModel.LINEAR)
    assert fit is not None
    near = fit.interval(2021)
    far = fit.interval(2030)
    assert near is not None and far is not None
    assert near[0] < fit.predict(2021) < near[1]
    assert far[1] - far[0] > near[1] - near[0]
    # By hand: slope −2.2, mean 86, residuals 4.6, −8.2, 6, −5.8, 3.4 → SSR 169.6,
    # s = √(169.6/3) = 7.519; at 2030 (x − x̄ = 12): t(3) · s · √(1 + 1/5 + 144/10)
    # = 3.1824 · 7.519 · 3.9497 = 94.51 around 86 − 26.4 = 59.6.
    assert fit.predict(2030) == pytest.approx(59.6)
    assert far[1] - fit.predict(2030) == pytest.approx(94.51, abs=0.01)


def test_a_log_linear_interval_is_asymmetric_and_positive() -> None:
    fit = fit_trend(
        _points({2016: 95, 2017: 80, 2018: 92, 2019: 78, 2020: 85}), TrendModel.LOG_LINEAR
    )
    assert fit is not None
    low, high = fit.interval(2040) or (math.nan, math.nan)
    mid = fit.predict(2040)
    assert 0 < low < mid < high
    assert high - mid > mid - low


def test_a_flat_series_has_no_direction() -> None:
    fit = fit_trend(_points(dict.fromkeys(range(2016, 2021), 80.0)), TrendModel.LINEAR)
    assert fit is not None
    assert fit.direction() == 0


@settings(max_examples=300)
@given(
    _WINDOW_VALUES,
    _MODELS,
)
def test_predict_each_gives_predict_of_each_year(values: list[float], model: TrendModel) -> None:
    # The Paris check projects every year at once; the numbers are ``predict``'s, also
    # where a steep log-linear trend is clamped (years far from the window).
    fit = fit_trend(Series.from_mapping(dict(enumerate(values, start=2015))).points, model)
    assert fit is not None
    years = [*range(2025, 2051), 1000, 5000, -3000]
    assert fit.predict_each(years) == [fit.predict(year) for year in years]


@settings(max_examples=300, deadline=None, database=None)
@given(
    _WINDOW_VALUES,
    _MODELS,
    st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.sampled_from(list(Direction)),
)
def test_the_year_reached_is_the_first_year_the_trend_meets_the_target(
    values: list[float], model: TrendModel, target: float, direction: Direction
) -> None:
    # ``year_reached`` looks no further when the trend misses the target at the horizon:
    # the same answer as trying every year after the latest.
    series = Series.from_mapping(dict(enumerate(values, start=2015)))
    fit = fit_trend(series.points, model)
    assert fit is not None
    first = series.points[-1].year + 1
    every_year = next(
        (y for y in range(first, HORIZON + 1) if meets(fit.predict(y), target, direction)), None
    )
    assert year_reached(series, fit, target, direction, latest_meets=False) == every_year


def _fit_as_before(points: tuple[DataPoint, ...], model: TrendModel) -> tuple:
    """``fit_trend``'s sums as they were written before it used lists in ``fsum`` (kept
    here so that a change of how it iterates can never change a bit of its answer)."""
    if model is TrendModel.LOG_LINEAR and any(p.value <= 0 for p in points):
        model = TrendModel.LINEAR
    xs = [float(p.year) for p in points]
    ys = [math.log(p.value) if model is TrendModel.LOG_LINEAR else p.value for p in points]
    n = len(xs)
    x_mean = math.fsum(xs) / n
    y_mean = math.fsum(ys) / n
    dx = [x - x_mean for x in xs]
    sxx = math.fsum(d * d for d in dx)
    slope = math.fsum(d * (y - y_mean) for d, y in zip(dx, ys, strict=True)) / sxx
    residual_se = None
    if n > 2:
        ssr = math.fsum((y - y_mean - slope * d) ** 2 for d, y in zip(dx, ys, strict=True))
        residual_se = math.sqrt(ssr / (n - 2))
    return model, y_mean, slope, x_mean, sxx, residual_se


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.dictionaries(
        st.integers(min_value=1990, max_value=2030),
        st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
        min_size=2,
        max_size=12,
    ),
    st.sampled_from(list(TrendModel)),
)
def test_the_fit_is_the_same_to_the_bit_as_before(values: dict[int, float], model) -> None:
    points = _points(values)
    fit = fit_trend(points, model)
    assert fit is not None
    found = (fit.model, fit.intercept, fit.slope, fit.x_mean, fit.sxx, fit.residual_se)
    assert found == _fit_as_before(points, model)
