"""The fast number formatter of the 290-row tables writes exactly what ``num`` writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.formatting import num
from dashboards.charts.tables import fast_number


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
        st.integers(-(10**9), 10**9),
        st.sampled_from([0.0, -0.0, -0.04, -0.05, 0.05, -0.004, -1e-9, 999.95, -999.95]),
    ),
    st.integers(0, 3),
    st.sampled_from(["sv", "en", "sv-se"]),
)
def test_it_writes_what_num_writes(value, decimals, language):
    assert fast_number(value, decimals, language) == num(value, decimals, language)


def test_none_is_a_dash():
    assert fast_number(None, 1, "sv") == num(None, 1, "sv") == "\u2013"
