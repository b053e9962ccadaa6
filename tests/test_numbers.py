"""The one number formatter (core.numbers): what every page, table, chart and explanation
sentence writes, in Swedish and English, with no Django."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.numbers import MINUS, NBSP, counted, format_number, format_percent, percent_sign
from indicators.parsers.numbers import parse_number


@pytest.mark.parametrize(
    ("value", "decimals", "language", "text"),
    [
        (1234.5, 1, "sv", f"1{NBSP}234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (-1234567, 0, "sv", f"{MINUS}1{NBSP}234{NBSP}567"),
        (-1234567, 0, "en", f"{MINUS}1,234,567"),
        (481807.23, 0, "sv-se", f"481{NBSP}807"),
        (999.96, 1, "sv", f"1{NBSP}000,0"),
        (-0.04, 1, "sv", "0,0"),  # rounds to zero: no sign
        (-0.4, 0, "en", "0"),
        (0.05, 1, "sv", "0,1"),
    ],
)
def test_numbers_are_grouped_and_signed_the_languages_way(value, decimals, language, text):
    assert format_number(value, decimals, language) == text


def test_the_english_sentences_may_write_a_hyphen_for_minus():
    assert format_number(-3.25, 1, "en", minus="-") == "-3.2"
    assert format_percent(-2.14, 1, "en", minus="-") == "-2.1%"


def test_percentages_have_the_languages_sign_and_a_plus_only_when_asked():
    assert format_percent(-24.2, 1, "sv") == f"{MINUS}24,2{NBSP}%"
    assert format_percent(9.8, 1, "sv", signed=True) == f"+9,8{NBSP}%"
    assert format_percent(9.8, 1, "en") == "9.8%"
    assert (percent_sign("sv"), percent_sign("en")) == (f"{NBSP}%", "%")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_what_is_written_in_swedish_reads_back_as_the_rounded_number(value, decimals):
    text = format_number(value, decimals, "sv")
    assert parse_number(text) == pytest.approx(float(f"{value:.{decimals}f}"), abs=1e-9)


@pytest.mark.parametrize(
    ("count", "text"), [(0, "0 rader"), (1, "1 rad"), (2, "2 rader"), (11, "11 rader")]
)
def test_a_swedish_count_takes_the_singular_only_for_one(count, text):
    assert counted(count, "rad", "rader") == text
