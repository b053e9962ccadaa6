"""Numbers in the explanations are written the Swedish way (and the English way)."""

from __future__ import annotations

import pytest

from indicators.progress.formatting import (
    MINUS,
    NBSP,
    format_level_en,
    format_level_sv,
    format_number_en,
    format_number_sv,
    format_percent_en,
    format_percent_sv,
    level_decimals,
    swedish_count,
)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, f"1{NBSP}234,5"),
        (481807.23, 0, f"481{NBSP}807"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89"),
        (0.05, 1, "0,1"),
        (-3.25, 1, f"{MINUS}3,2"),
        (-0.04, 1, "0,0"),
        (999.96, 1, f"1{NBSP}000,0"),
    ],
)
def test_it_writes_numbers_with_decimal_comma_and_space_separated_thousands(
    value: float, decimals: int, expected: str
) -> None:
    assert format_number_sv(value, decimals) == expected


def test_it_puts_a_no_break_space_before_the_per_cent_sign() -> None:
    assert format_percent_sv(9.8) == f"9,8{NBSP}%"
    assert format_percent_sv(-2.14) == f"{MINUS}2,1{NBSP}%"


def test_english_numbers_use_comma_thousands_and_a_decimal_point() -> None:
    assert format_number_en(1234.5) == "1,234.5"
    assert format_number_en(-3.25) == "-3.2"
    assert format_percent_en(9.8) == "9.8%"


def test_levels_get_decimals_by_magnitude_and_drop_trailing_zeros() -> None:
    assert format_level_sv(72271.0845, "t") == f"72{NBSP}271{NBSP}t"
    assert format_level_sv(65.0, "%") == f"65{NBSP}%"
    assert format_level_sv(62.5, "%") == f"62,5{NBSP}%"
    assert format_level_sv(5.282186, "t") == f"5,28{NBSP}t"
    assert format_level_sv(2.0) == "2"
    assert format_level_sv(0.0, "t") == f"0{NBSP}t"
    assert level_decimals(0.0) == 0  # what the pages write a level of zero with: "0 t"
    assert format_level_en(72271.0845, "t") == "72,271 t"
    assert format_level_en(65.0, "%") == "65%"


def test_small_counts_are_written_in_words() -> None:
    assert swedish_count(5) == "fem"
    assert swedish_count(13) == "13"
