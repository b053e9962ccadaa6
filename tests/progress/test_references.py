"""The references every municipality is compared with: Sweden's goal applied to it and
Klimatkollen's Paris check (pure)."""

from __future__ import annotations

import pytest

from indicators.progress import Series, Status
from indicators.progress.references import (
    NATIONAL,
    carbon_law_total,
    national_reference,
    paris_check,
)


def test_the_national_reference_is_minus_85_percent_against_1990_by_2045():
    assert (NATIONAL.value, NATIONAL.base_year, NATIONAL.target_year) == (-85.0, 1990, 2045)
    found = national_reference(Series.from_mapping({1990: 1000.0, 2023: 100.0}))
    assert found.target_value == pytest.approx(150.0)
    assert found.status is Status.ACHIEVED


def test_the_carbon_law_path_sums_26_years_falling_11_72_percent():
    total = carbon_law_total(100.0)
    assert total == pytest.approx(sum(100 * 0.8828**k for k in range(26)))


def test_a_trend_falling_faster_than_the_path_is_within_it():
    falling = Series.from_mapping({2019 + k: 1000 * 0.8**k for k in range(5)})
    check = paris_check(falling)
    assert check.status is Status.ON_TRACK
    assert check.trend_total < check.path_total
    assert "inom Koldioxidlagens bana" in check.explanation
    assert "within the Carbon Law path" in check.explanation_en


def test_a_flat_trend_is_over_the_path():
    check = paris_check(Series.from_mapping({2019 + k: 1000.0 for k in range(5)}))
    assert check.status is Status.OFF_TRACK
    assert check.ratio == pytest.approx(26 * 1000 / carbon_law_total(1000.0))
    assert "gånger Koldioxidlagens bana" in check.explanation


def test_two_values_make_no_trend():
    check = paris_check(Series.from_mapping({2022: 10.0, 2023: 9.0}))
    assert check.status is Status.INSUFFICIENT_DATA
    assert check.trend_total is None
