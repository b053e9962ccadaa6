"""Read queries for actions and follow-ups, each a fixed number of queries whatever the
number of actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from actions.models import FOLLOWED_UP_STATUSES, Action, ActionCost, FollowUp
from cities.drafts import show_related, working_list
from cities.models import City, Goal
from cities.permissions import can_view_drafts
from core.cycles import DueState, FollowUpDue, follow_up_due, period_of
from indicators.models import Indicator


def _follow_ups(*, drafts: bool) -> QuerySet[FollowUp]:
    query = FollowUp.objects.alive() if drafts else FollowUp.objects.published()
    return query.order_by("-period_end", "-date", "-id")


def as_working(actions: list[Action]) -> list[Action]:
    """The actions as the city's people see them: each with its pending change applied
    (columns, links and cost lines) and its follow-ups likewise, newest period first.
    No queries beyond those of the list, except for a pending change of links."""
    currents = working_list(actions)
    for current in currents:
        follow_ups = working_list(list(current.follow_ups.all()))
        follow_ups.sort(key=lambda f: (f.period_end, f.date, f.pk), reverse=True)
        show_related(current, "follow_ups", follow_ups)
    return currents


def portfolio_actions(*, city: City, drafts: bool, links: bool = False) -> list[Action]:
    """The city's actions with their cost lines and follow-ups, newest follow-up first;
    with ``links`` also their goals and indicators. Without ``drafts``: what the public
    sees (published actions and follow-ups as published). With ``drafts``: as the city's
    people see them (drafts included, pending changes applied: ``as_working``).
    Three queries (five with links)."""
    query = Action.objects.for_city(city).alive()
    if not drafts:
        query = query.filter(is_published=True)
    prefetches: list[Any] = [
        Prefetch("costs", queryset=ActionCost.objects.order_by("year", "funding_source")),
        Prefetch("follow_ups", queryset=_follow_ups(drafts=drafts)),
    ]
    if links:
        goals = Goal.objects.all() if drafts else Goal.objects.published()
        prefetches += [Prefetch("goals", queryset=goals), "indicators"]
    actions = list(query.order_by("title", "id").prefetch_related(*prefetches))
    return as_working(actions) if drafts else actions


def action_get(*, city: City, pk: int, user) -> Action:
    """One action of ``city`` that ``user`` may read, with everything its page shows;
    404 otherwise (a draft is not revealed to those who may not see it). The city's
    people and programme staff get it as they work on it (``as_working``); everyone else
    as published, with only published goals and follow-ups."""
    drafts = can_view_drafts(user, city)
    goals = Goal.objects.all() if drafts else Goal.objects.published()
    query = (
        Action.objects.readable_by(user)
        .filter(city=city)
        .select_related("city", "updated_by")
        .prefetch_related(
            Prefetch("goals", queryset=goals.order_by("order", "id")),
            "indicators",
            Prefetch("costs", queryset=ActionCost.objects.order_by("year", "funding_source")),
            Prefetch(
                "follow_ups",
                queryset=_follow_ups(drafts=drafts).select_related("updated_by"),
            ),
        )
    )
    try:
        action = query.get(pk=pk)
    except Action.DoesNotExist:
        raise Http404("Åtgärden finns inte.") from None
    return as_working([action])[0] if drafts else action


def action_for_edit(*, city: City, pk: int, user) -> Action:
    """An action of ``city`` that ``user`` may change, with its links and costs; 404
    when there is none (the permission check itself is the view's)."""
    try:
        return (
            Action.objects.for_city(city)
            .alive()
            .select_related("city")
            .prefetch_related("goals", "indicators", "costs")
            .get(pk=pk)
        )
    except Action.DoesNotExist:
        raise Http404("Åtgärden finns inte.") from None


def follow_up_for_edit(*, action: Action, pk: int) -> FollowUp:
    try:
        return FollowUp.objects.alive().select_related("action__city").get(action=action, pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404("Uppföljningen finns inte.") from None


def published_actions(*, city: City) -> list[Action]:
    """The city's published actions for the open API, with goals, indicators, costs and
    published follow-ups (newest first). Five queries."""
    return list(
        Action.objects.for_city(city)
        .published()
        .order_by("title", "id")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.published().order_by("order", "id")),
            "indicators",
            Prefetch("costs", queryset=ActionCost.objects.order_by("year", "funding_source")),
            Prefetch("follow_ups", queryset=_follow_ups(drafts=False)),
        )
    )


def city_goals_for_actions(*, city: City):
    """The goals an action of ``city`` may link to (its own, drafts included)."""
    return Goal.objects.filter(city=city).alive().order_by("order", "id")


def indicators_for_actions(*, city: City):
    """The indicators an action of ``city`` may link to: shared ones and its own."""
    return Indicator.objects.filter(Q(city__isnull=True) | Q(city=city)).order_by("name")


# --- follow-ups due -------------------------------------------------------------------


@dataclass(frozen=True)
class DueFollowUp:
    """An action whose follow-up is due or overdue, for the workspace and reminders."""

    action_id: int
    city_id: int
    title: str
    status: str
    is_published: bool
    due: FollowUpDue
    latest_period_end: date | None

    @property
    def overdue(self) -> bool:
        return self.due.state is DueState.OVERDUE

    @property
    def period_label(self) -> str:
        return self.due.period.label


def _due_rows(actions: Iterable[dict], cycles: dict[int, int], today: date) -> list[DueFollowUp]:
    rows = []
    tz = timezone.get_current_timezone()
    for row in actions:
        due = follow_up_due(
            per_year=cycles[row["city_id"]],
            today=today,
            required_from=row["created_at"].astimezone(tz).date(),
            latest_covered=row["latest_end"],
        )
        if due.state is DueState.DONE:
            continue
        rows.append(
            DueFollowUp(
                action_id=row["pk"],
                city_id=row["city_id"],
                title=row["title"],
                status=row["status"],
                is_published=row["is_published"],
                due=due,
                latest_period_end=row["latest_end"],
            )
        )
    # Overdue first (the longest overdue on top), then due, then by title.
    rows.sort(key=lambda r: (not r.overdue, r.due.due_on, r.title.casefold()))
    return rows


def _due_query(city_ids: Iterable[int]):
    return (
        Action.objects.alive()
        .filter(city_id__in=list(city_ids), status__in=FOLLOWED_UP_STATUSES)
        .annotate(
            latest_end=Max("follow_ups__period_end", filter=Q(follow_ups__deleted_at__isnull=True))
        )
        .values("pk", "city_id", "title", "status", "is_published", "created_at", "latest_end")
    )


def follow_ups_due(city: City, *, today: date | None = None) -> list[DueFollowUp]:
    """The city's actions whose follow-up is due (this period has none yet) or overdue
    (a whole period ended without one), by the city's cycle; drafts included, as this is
    for the city's own people (workspace, reminders). One query. Rules: ``core.cycles``.
    """
    today = today or timezone.localdate()
    return _due_rows(_due_query([city.pk]), {city.pk: city.follow_ups_per_year}, today)


def follow_ups_due_for_cities(
    cities: Iterable[City], *, today: date | None = None
) -> dict[int, list[DueFollowUp]]:
    """``follow_ups_due`` for several cities at once (reminders), in one query."""
    today = today or timezone.localdate()
    cycles = {city.pk: city.follow_ups_per_year for city in cities}
    by_city: dict[int, list[DueFollowUp]] = defaultdict(list)
    for row in _due_rows(_due_query(cycles), cycles, today):
        by_city[row.city_id].append(row)
    return dict(by_city)


def current_period_label(city: City, today: date | None = None) -> str:
    return period_of(today or timezone.localdate(), city.follow_ups_per_year).label
