"""actions.selectors.follow_ups_due: the actions whose follow-up is due or overdue by
the city's cycle, for the workspace and reminders."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from actions.models import Action
from actions.selectors import follow_ups_due, follow_ups_due_for_cities
from actions.services import follow_up_create


def entered(*actions, day=datetime(2024, 1, 10)):
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(
        created_at=timezone.make_aware(day)
    )


def test_it_lists_overdue_then_due_and_skips_finished_and_followed_up(umea, action_factory):
    late = action_factory(city=umea, title="Sen", published=True, status="ongoing")
    due = action_factory(city=umea, title="Snart", status="planned")
    done = action_factory(city=umea, title="Klar för perioden", published=True, status="ongoing")
    action_factory(city=umea, title="Genomförd", published=True, status="completed")
    action_factory(city=umea, title="Avbruten", published=True, status="cancelled")
    entered(*Action.objects.all())
    follow_up_create(action=due, by=None, values={"period_year": 2024, "period_number": 1})
    follow_up_create(action=done, by=None, values={"period_year": 2024, "period_number": 2})
    rows = follow_ups_due(umea, today=date(2024, 6, 1))
    assert [(r.title, r.overdue, r.period_label, r.due.due_on) for r in rows] == [
        ("Sen", True, "T1 2024", date(2024, 4, 30)),
        ("Snart", False, "T2 2024", date(2024, 8, 31)),
    ]
    assert rows[1].is_published is False  # drafts are the city's own work too
    assert late.pk == rows[0].action_id


def test_a_draft_follow_up_counts_and_a_deleted_one_does_not(umea, action_factory):
    from actions.services import follow_up_delete

    action = action_factory(city=umea, title="Åtgärd", published=True, status="ongoing")
    entered(action)
    follow_up = follow_up_create(
        action=action, by=None, values={"period_year": 2024, "period_number": 1}
    )
    assert follow_ups_due(umea, today=date(2024, 6, 1))[0].overdue is False
    follow_up_delete(follow_up=follow_up, by=None, expected_version=follow_up.version)
    assert follow_ups_due(umea, today=date(2024, 6, 1))[0].overdue is True


def test_it_costs_one_query_whatever_the_number_of_actions(
    umea, action_factory, django_assert_num_queries
):
    for i in range(15):
        action_factory(city=umea, title=f"Åtgärd {i}", published=True, status="ongoing")
    with django_assert_num_queries(1):
        assert len(follow_ups_due(umea, today=date(2030, 1, 1))) == 15


def test_several_cities_at_once_for_reminders(
    umea, malmo, action_factory, django_assert_num_queries
):
    action_factory(city=umea, title="Umeås", published=True, status="ongoing")
    action_factory(city=malmo, title="Malmös", published=True, status="ongoing")
    with django_assert_num_queries(1):
        by_city = follow_ups_due_for_cities([umea, malmo], today=date(2030, 1, 1))
    assert [r.title for r in by_city[umea.pk]] == ["Umeås"]
    assert [r.title for r in by_city[malmo.pk]] == ["Malmös"]
