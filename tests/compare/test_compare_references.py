"""The comparison's references (``dashboards.compare.references``) are the progress
engine's: the same status, rates, window and Paris ratio as ``references_of`` (which also
writes the sentences the comparison does not show), for every municipality."""

from __future__ import annotations

import pytest

from dashboards.compare.references import references
from indicators.references import references_of
from indicators.selectors import YearEmissions, emission_release, emission_totals


def _engine(totals: dict[int, float]):
    return references_of(YearEmissions(y, t, {}) for y, t in sorted(totals.items()))


def _same(totals: dict[int, float]) -> None:
    national, paris = references(totals)
    full = _engine(totals)
    assert national.status is full.national.status
    assert national.actual_rate_pct == full.national.actual_rate_pct
    assert national.needed_rate_pct == full.national.needed_rate_pct
    assert national.window_years == full.national.window_years
    assert paris.status is full.paris.status
    assert paris.ratio == full.paris.ratio


@pytest.mark.django_db
def test_every_municipality_gets_the_engines_figures(all_cities):
    totals = emission_totals(release=emission_release(substance="GGT"))
    assert len(totals) == 290
    for series in totals.values():
        _same(series)


@pytest.mark.parametrize(
    "totals",
    [
        {2022: 100.0},  # one year: no trend
        {1990: 200.0, 2022: 100.0},  # two years
        {2019: 120.0, 2020: 110.0, 2021: 100.0, 2022: 90.0, 2023: 95.0},  # no 1990
        {1990: 100.0, 2020: 10.0, 2021: 10.0, 2022: 10.0, 2023: 9.0, 2024: 8.0},  # met
        {1990: 100.0, 2020: 100.0, 2021: 120.0, 2022: 130.0, 2023: 150.0},  # rising
        {1990: 0.0, 2021: 1.0, 2022: 0.0, 2023: 2.0},  # zeros
        {2000 + i: 100.0 - i for i in range(15)},  # long, without 1990
        {1990: 50.0, **{2005 + i: 80.0 - 3 * i for i in range(12)}},  # long, with 1990
        {1990: 100.0, 2019: 40.0, 2020: 30.0, 2021: 20.0, 2022: 14.0},  # 1990 in window
    ],
)
def test_edge_cases_match_the_engine(totals):
    _same(totals)
