"""The follow-up cycles (core.cycles) are exactly the ones a city can choose
(cities.models.FollowUpCycle): each splits the year into whole-month periods, from
1 January to 31 December, without gaps."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cities.models import FollowUpCycle
from core.cycles import CYCLES, Period, period_of, periods_of_year


def test_the_module_handles_exactly_the_cycles_a_city_can_choose():
    assert sorted(CYCLES) == sorted(FollowUpCycle.values)


@pytest.mark.parametrize("per_year", FollowUpCycle.values)
def test_every_choice_of_the_city_splits_the_year_into_periods_without_gaps(per_year):
    periods = periods_of_year(2024, per_year)
    assert len(periods) == per_year
    assert periods[0].start == dt.date(2024, 1, 1)
    assert periods[-1].due == dt.date(2024, 12, 31)
    for earlier, later in itertools.pairwise(periods):
        assert later.start - earlier.end == dt.timedelta(days=1)
        assert earlier.next() == later and later.previous() == earlier
    for period in periods:
        assert period_of(period.start, per_year) == period_of(period.due, per_year) == period
        assert period.key == f"2024-{period.number}/{per_year}"
    assert len({p.label for p in periods}) == per_year


def test_six_periods_a_year_is_not_a_cycle_since_no_city_can_choose_it():
    assert 6 not in FollowUpCycle.values
    with pytest.raises(ValueError, match="1, 2, 3, 4 or 12 periods a year, not 6"):
        period_of(dt.date(2024, 3, 1), 6)
    with pytest.raises(ValueError):
        Period(2024, 1, 6)
