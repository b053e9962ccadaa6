"""Numbers the Swedish way, mojibake, names, and formula safety (with property tests)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.downloads import looks_like_formula, safe_cell
from indicators.parsers.numbers import parse_number, parse_year
from indicators.parsers.text import (
    mojibake_message,
    name_key,
    repair_mojibake,
)

SWEDISH_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖé -", min_size=1
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567,25", 1234567.25),
        ("1.234,5", 1234.5),
        ("1234.5", 1234.5),
        ("−12,5", -12.5),
        ("7,33347×10^−05", 7.33347e-05),
        ("1.5e-05", 1.5e-05),
        ("  42  ", 42.0),
        (42, 42.0),
        (2.5, 2.5),
    ],
)
def test_numbers_are_read_the_swedish_and_the_plain_way(raw, value):
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize(
    "raw",
    ["abc", "", "1,234.5", "12 %", "12 34", "1 2345,5", "nan", "inf", True, None, "=1+1", "1,2,3"],
)
def test_text_is_never_read_as_a_number(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_swedish_formatting_round_trips(value):
    text = f"{value:,.3f}".replace(",", "\u00a0").replace(".", ",")
    assert parse_number(text) == pytest.approx(float(value))


@pytest.mark.parametrize(("raw", "year"), [(2024, 2024), (2024.0, 2024), (" 2024 ", 2024)])
def test_years_are_whole_numbers(raw, year):
    assert parse_year(raw) == year


@pytest.mark.parametrize("raw", ["24", "2024.5", 2024.5, "tjugo", None])
def test_a_non_year_is_refused(raw):
    with pytest.raises(ValueError):
        parse_year(raw)


@given(SWEDISH_TEXT)
def test_double_encoded_swedish_is_detected_and_repaired(text):
    garbled = text.encode("utf-8").decode("cp1252")
    if garbled == text:  # pure ASCII cannot be garbled
        assert mojibake_message(text) is None
    else:
        assert repair_mojibake(garbled) == text
        assert mojibake_message(garbled) is not None


@given(SWEDISH_TEXT)
def test_real_swedish_is_never_taken_for_mojibake(text):
    assert repair_mojibake(text) is None


def test_the_mojibake_message_names_the_value_and_the_fix():
    assert mojibake_message("UmeÃ¥") == (
        "'UmeÃ¥' är felkodad text (UTF-8 som lästs som Windows-1252), troligen menas 'Umeå'; "
        "spara filen som UTF-8 och ladda upp den igen"
    )


@given(SWEDISH_TEXT)
def test_name_keys_ignore_case_space_and_unicode_form(text):
    variant = "  " + unicodedata.normalize("NFD", text.upper()).replace(" ", "\u00a0 ") + " "
    assert name_key(variant) == name_key(text)


@given(st.text())
def test_safe_cell_output_never_starts_a_formula(text):
    safe = safe_cell(text)
    assert not looks_like_formula(safe)
    assert safe in (text, "'" + text)
