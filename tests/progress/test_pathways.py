"""Pathways (målbanor): linear, constant-rate and carbon-budget routes to a target."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.progress import (
    BudgetPathway,
    ConstantRatePathway,
    LinearPathway,
    PathwayKind,
    constant_rate_pct,
    make_pathway,
    solve_budget_factor,
)

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

base_years = st.integers(min_value=1950, max_value=2060)
spans = st.integers(min_value=1, max_value=100)
levels = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
positive_levels = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)
any_year = st.integers(min_value=-(10**6), max_value=10**6)


def _assert_monotone_towards_target(path, start: int, end: int) -> None:
    scale = max(abs(path.base_value), abs(path.target_value), 1.0)
    tol = 1e-9 * scale
    for year in range(start, end):
        step = path.value_at(year + 1) - path.value_at(year)
        if path.target_value <= path.base_value:
            assert step <= tol, (year, step)
        else:
            assert step >= -tol, (year, step)


# Worked by hand: from 100 in 2010 to 50 in 2030 falls 2.5 a year, so 2020 is 75.
def test_a_linear_pathway_changes_by_the_same_amount_every_year() -> None:
    path = LinearPathway(2010, 100.0, 2030, 50.0)
    assert path.value_at(2020) == pytest.approx(75.0)
    assert path.value_at(2011) - path.value_at(2010) == pytest.approx(-2.5)


# Worked by hand: 100 → 25 in 20 years is a factor 0.25^(1/20) = 0.93303 a year (−6.70 %),
# so after 10 years the value is 100 · 0.25^(1/2) = 50.
def test_a_constant_rate_pathway_changes_by_the_same_percentage_every_year() -> None:
    path = ConstantRatePathway(2010, 100.0, 2030, 25.0)
    assert path.value_at(2020) == pytest.approx(50.0)
    assert path.annual_rate_pct == pytest.approx(-6.6967, abs=1e-4)
    assert constant_rate_pct(100.0, 25.0, 20) == pytest.approx(-6.6967, abs=1e-4)


def test_value_at_holds_the_base_value_before_and_the_target_value_after() -> None:
    path = LinearPathway(2010, 100.0, 2030, 50.0)
    assert path.value_at(1900) == 100.0
    assert path.value_at(2009) == 100.0
    assert path.value_at(2031) == 50.0
    assert path.value_at(2500) == 50.0


def test_points_run_from_base_to_target_year_and_always_include_the_target_year() -> None:
    path = LinearPathway(2010, 100.0, 2030, 50.0)
    assert [y for y, _ in path.points()] == list(range(2010, 2031))
    assert path.points(step=7) == [(2010, 100.0), (2017, 82.5), (2024, 65.0), (2030, 50.0)]
    years, values = path.xy(step=10)
    assert years == [2010, 2020, 2030]
    assert values == pytest.approx([100.0, 75.0, 50.0])
    with pytest.raises(ValueError, match="step"):
        path.points(step=0)


def test_it_refuses_a_target_year_not_after_the_base_year() -> None:
    with pytest.raises(ValueError, match="must follow"):
        LinearPathway(2030, 100.0, 2030, 50.0)


def test_it_refuses_a_constant_rate_towards_zero_or_from_a_negative_value() -> None:
    with pytest.raises(ValueError, match="positive"):
        ConstantRatePathway(2010, 100.0, 2030, 0.0)
    with pytest.raises(ValueError, match="positive"):
        ConstantRatePathway(2010, -5.0, 2030, 10.0)


def test_make_pathway_builds_the_two_point_shapes_and_refuses_a_budget() -> None:
    assert isinstance(make_pathway(PathwayKind.LINEAR, 2010, 1.0, 2020, 2.0), LinearPathway)
    assert isinstance(
        make_pathway(PathwayKind.CONSTANT_RATE, 2010, 1.0, 2020, 2.0), ConstantRatePathway
    )
    with pytest.raises(ValueError, match="budget"):
        make_pathway(PathwayKind.BUDGET, 2010, 1.0, 2020, 2.0)


# Worked by hand: 100 a year from 2024 and a budget of 190 over 2024–2025 leaves 90 for
# 2025, so the factor is 0.9 (−10 % a year).
def test_a_budget_pathway_spends_exactly_the_budget() -> None:
    path = BudgetPathway(2024, 100.0, 2025, 190.0)
    assert path.factor == pytest.approx(0.9)
    assert path.annual_rate_pct == pytest.approx(-10.0)
    assert path.target_value == pytest.approx(90.0)
    assert path.cumulative() == pytest.approx(190.0)


def test_a_budget_smaller_than_the_first_years_emissions_has_no_pathway() -> None:
    with pytest.raises(ValueError, match="smaller than the first year"):
        BudgetPathway(2024, 100.0, 2050, 99.0)


def test_a_generous_budget_allows_a_rising_pathway() -> None:
    path = BudgetPathway(2024, 100.0, 2025, 250.0)
    assert path.factor == pytest.approx(1.5)
    assert solve_budget_factor(100.0, 100.0, 10) == pytest.approx(0.0, abs=1e-12)


@PROPERTY
@given(base_years, spans, levels, levels)
def test_linear_pathways_pass_through_base_and_target(
    base_year: int, span: int, base: float, target: float
) -> None:
    path = LinearPathway(base_year, base, base_year + span, target)
    assert path.value_at(base_year) == base
    assert path.value_at(base_year + span) == target
    points = path.points()
    assert points[0] == (base_year, base)
    assert points[-1] == (base_year + span, target)
    if span > 1:
        # The last step before the target lands within one step of it.
        step = abs(target - base) / span
        assert abs(path.value_at(base_year + span - 1) - target) <= step * (1 + 1e-9) + 1e-6


@PROPERTY
@given(base_years, spans, positive_levels, positive_levels)
def test_constant_rate_pathways_pass_through_base_and_target(
    base_year: int, span: int, base: float, target: float
) -> None:
    path = ConstantRatePathway(base_year, base, base_year + span, target)
    assert path.value_at(base_year) == base
    assert path.value_at(base_year + span) == target
    if span > 1:
        # One year before the target the path is one yearly factor away from it.
        yearly = abs(math.log(target / base)) / span
        last = path.value_at(base_year + span - 1)
        assert abs(math.log(last / target)) <= yearly * (1 + 1e-9) + 1e-12


@PROPERTY
@given(base_years, spans, levels, levels)
def test_linear_pathways_are_monotone_towards_the_target(
    base_year: int, span: int, base: float, target: float
) -> None:
    path = LinearPathway(base_year, base, base_year + span, target)
    _assert_monotone_towards_target(path, base_year - 3, base_year + span + 3)


@PROPERTY
@given(base_years, spans, positive_levels, positive_levels)
def test_constant_rate_pathways_are_monotone_towards_the_target(
    base_year: int, span: int, base: float, target: float
) -> None:
    path = ConstantRatePathway(base_year, base, base_year + span, target)
    _assert_monotone_towards_target(path, base_year - 3, base_year + span + 3)


@PROPERTY
@given(
    kind=st.sampled_from(["linear", "constant_rate", "budget"]),
    base_year=base_years,
    span=spans,
    base=positive_levels,
    target=positive_levels,
    year=any_year,
)
def test_value_at_is_defined_for_any_year_and_stays_between_the_ends(
    kind: str, base_year: int, span: int, base: float, target: float, year: int
) -> None:
    if kind == "linear":
        path = LinearPathway(base_year, base, base_year + span, target)
    elif kind == "constant_rate":
        path = ConstantRatePathway(base_year, base, base_year + span, target)
    else:
        path = BudgetPathway(base_year, base, base_year + span, base * (1 + target % 50))
    value = path.value_at(year)
    assert math.isfinite(value)
    lo, hi = sorted((path.base_value, path.target_value))
    tol = 1e-9 * max(abs(lo), abs(hi))
    assert lo - tol <= value <= hi + tol
    if year <= base_year:
        assert value == path.base_value
    if year >= base_year + span:
        assert value == path.target_value


@PROPERTY
@given(
    base_year=base_years,
    span=st.integers(min_value=1, max_value=80),
    start=st.floats(min_value=1.0, max_value=1e7, allow_nan=False),
    multiple=st.floats(min_value=1.0, max_value=200.0, allow_nan=False),
)
def test_a_budget_pathways_cumulative_sum_equals_the_budget(
    base_year: int, span: int, start: float, multiple: float
) -> None:
    budget = start * multiple
    path = BudgetPathway(base_year, start, base_year + span, budget)
    assert path.cumulative() == pytest.approx(budget, rel=1e-9)
    annual = math.fsum(path.value_at(y) for y in range(base_year, base_year + span + 1))
    assert annual == pytest.approx(budget, rel=1e-9)
    assert path.value_at(base_year) == start
    _assert_monotone_towards_target(path, base_year - 2, base_year + span + 2)


def test_a_constant_rate_pathway_survives_extreme_positive_values() -> None:
    # Found by hypothesis: 2.0 → 5e-324 (the quotient underflows to 0) and 5e-324 → 1.0
    # (the intermediate factor overflows). Both are computed in log space now.
    down = ConstantRatePathway(2010, 2.0, 2020, 5e-324)
    up = ConstantRatePathway(2010, 5e-324, 2020, 1.0)
    for year in range(2010, 2021):
        assert 0 <= down.value_at(year) <= 2.0
        assert 0 <= up.value_at(year) <= 1.0
    _assert_monotone_towards_target(down, 2008, 2022)
    _assert_monotone_towards_target(up, 2008, 2022)
