"""The follow-up cycle: periods, labels, and when a follow-up is due or overdue."""

from datetime import date

import pytest

from core.cycles import DueState, Period, follow_up_due, period_of


@pytest.mark.parametrize(
    ("day", "per_year", "label", "start", "end"),
    [
        (date(2024, 5, 15), 3, "T2 2024", date(2024, 5, 1), date(2024, 8, 31)),
        (date(2024, 1, 1), 3, "T1 2024", date(2024, 1, 1), date(2024, 4, 30)),
        (date(2024, 12, 31), 4, "K4 2024", date(2024, 10, 1), date(2024, 12, 31)),
        (date(2024, 7, 1), 2, "H2 2024", date(2024, 7, 1), date(2024, 12, 31)),
        (date(2024, 2, 10), 12, "februari 2024", date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 2, 10), 1, "2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_periods_cut_the_year_into_whole_months(day, per_year, label, start, end):
    period = period_of(day, per_year)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_periods_run_across_new_year():
    assert Period(2025, 1, 3).previous() == Period(2024, 3, 3)
    assert Period(2024, 3, 3).next() == Period(2025, 1, 3)


def test_an_unknown_cycle_is_refused():
    with pytest.raises(ValueError, match="1, 2, 3, 4 or 12"):
        period_of(date(2024, 1, 1), 5)


def due(today, *, created=date(2024, 1, 10), latest=None, per_year=3):
    return follow_up_due(
        per_year=per_year, today=today, required_from=created, latest_covered=latest
    )


def test_without_any_follow_up_the_first_tertial_is_overdue_once_it_has_ended():
    result = due(date(2024, 6, 1))
    assert result.state is DueState.OVERDUE
    assert result.period == Period(2024, 1, 3)
    assert result.due_on == date(2024, 4, 30)
    assert result.missed == 1


def test_the_current_tertial_is_due_when_the_previous_one_is_followed_up():
    result = due(date(2024, 6, 1), latest=date(2024, 4, 30))
    assert result.state is DueState.DUE
    assert result.period.label == "T2 2024"
    assert result.due_on == date(2024, 8, 31)


def test_a_followed_up_current_period_is_done():
    assert due(date(2024, 6, 1), latest=date(2024, 8, 31)).state is DueState.DONE


def test_an_action_added_this_tertial_is_due_not_overdue():
    result = due(date(2024, 6, 1), created=date(2024, 5, 20))
    assert result.state is DueState.DUE


def test_missed_periods_are_counted_across_new_year():
    result = due(date(2025, 1, 5), latest=date(2024, 4, 30))
    assert result.state is DueState.OVERDUE
    assert result.period.label == "T2 2024"
    assert result.missed == 2  # T2 and T3 of 2024


def test_a_half_year_follow_up_does_not_cover_the_tertial_it_ends_inside():
    # The city reported H1 2024 (to 30 June), then moved to tertials: T2 (May–August)
    # is not fully covered, so it is still owed.
    result = due(date(2024, 10, 1), latest=date(2024, 6, 30))
    assert result.state is DueState.OVERDUE
    assert result.period.label == "T2 2024"


def test_a_yearly_cycle_owes_last_year_in_january():
    result = due(date(2025, 1, 15), latest=None, created=date(2024, 3, 1), per_year=1)
    assert result.state is DueState.OVERDUE
    assert result.period.label == "2024"
