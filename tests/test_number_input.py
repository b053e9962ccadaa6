"""Numbers typed the Swedish way in the workspace forms, and shown so that saving a form
again changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from indicators.forms import SwedishNumberField, format_number

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1 234,5", 1234.5),
        (f"1{NBSP}234,5", 1234.5),
        (f"1{NNBSP}234{NNBSP}567,25", 1234567.25),
        ("1234,5", 1234.5),
        ("1234.5", 1234.5),
        ("−12,5", -12.5),
        ("-0,001", -0.001),
        (" 58,5 ", 58.5),
        ("100", 100.0),
    ],
)
def test_swedish_input_is_read(typed, value):
    assert SwedishNumberField().clean(typed) == value


@pytest.mark.parametrize("typed", ["tolv", "12 34", "1,2,3", "12,5 %", "nan", "inf"])
def test_anything_else_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as refused:
        SwedishNumberField().clean(typed)
    assert refused.value.messages == ["ange ett tal, t.ex. 1 234,5."]


def test_an_empty_optional_number_is_none():
    assert SwedishNumberField(required=False).clean("  ") is None


def test_limits_are_said_in_swedish_format():
    with pytest.raises(ValidationError) as refused:
        SwedishNumberField(max_value=1000.5).clean("2 000")
    assert refused.value.messages == [f"ange ett tal som är högst 1{NBSP}000,5."]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234.5, f"1{NBSP}234,5"),
        (365010.0, f"365{NBSP}010"),
        (-85.0, "\u221285"),
        (0.1, "0,1"),
        (2024.0, f"2{NBSP}024"),
    ],
)
def test_numbers_are_shown_the_swedish_way_without_rounding(value, shown):
    assert format_number(value) == shown


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_what_is_shown_reads_back_to_the_same_number(value):
    assert SwedishNumberField().clean(format_number(value)) == value
