"""The comparison's reads: a fixed set of aggregate queries for all 290 municipalities.

Each function is one query (``headline_targets`` a fixed handful), whatever the number of
municipalities, years, actions or cost lines. Published content only: the comparison
shows what the cities have published, the same for every member of the programme staff
(and so one cached copy serves them all).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum, Window

from actions.models import FOLLOWED_UP_STATUSES, Action, ActionCost, FundingStatus
from cities.models import City, Goal
from contracts.selectors import follow_up_grid
from core.cycles import CYCLES, period_of
from indicators.assessments import HeadlineStatus, main_target_statuses
from indicators.models import Indicator, Observation, SourceRelease, Target
from indicators.selectors import CONSUMPTION_PER_PERSON, POPULATION, Credit

CANCELLED = "cancelled"


@dataclass(frozen=True)
class Place:
    """A municipality as the comparison lists it."""

    pk: int
    code: str
    name: str
    slug: str
    county_code: str
    county_name: str
    is_contract_city: bool


def municipalities() -> list[Place]:
    """All municipalities with their county, by name. One query."""
    rows = City.objects.order_by("name", "code").values_list(
        "pk", "code", "name", "slug", "county_id", "county__name", "is_contract_city"
    )
    return [Place(*row) for row in rows]


@dataclass(frozen=True)
class YearValue:
    """One municipality's value of an observed indicator for one year, with its release."""

    year: int
    value: float
    credit: Credit


def _rank(covers_to: int | None, released_on: date | None, release_id: int) -> tuple:
    # The same order as ``indicators.selectors.observation_series``: the newest release
    # (data year covered, then publication date, then id) wins.
    return (covers_to or 0, released_on or date.min, release_id)


def population_and_consumption(
    *, years: Iterable[int]
) -> tuple[dict[tuple[int, int], YearValue], dict[int, YearValue]]:
    """Published inhabitants (indicator ``population``) per (city id, year) for the given
    years, from the newest release that has the year; and each municipality's latest
    published consumption-based emissions per person (SEI, t CO2e), from the newest
    release that has that year. One query for both."""
    rows = (
        Observation.objects.published()
        .filter(
            Q(indicator__key=POPULATION, year__in=sorted(set(years)))
            | Q(indicator__key=CONSUMPTION_PER_PERSON)
        )
        .order_by()  # any order: the newest release wins whatever the order
        .values_list(
            "indicator__key",
            "city_id",
            "year",
            "value",
            "release_id",
            "release__covers_to",
            "release__released_on",
            "release__name",
            "release__publisher",
        )
    )
    people: dict[tuple[int, int], tuple[tuple, tuple]] = {}
    bought: dict[int, tuple[tuple, tuple]] = {}
    for key, city_id, year, value, rid, covers_to, released_on, name, publisher in rows:
        found = (year, value, publisher, name)
        if key == POPULATION:
            rank = _rank(covers_to, released_on, rid)
            current = people.get((city_id, year))
            if current is None or rank > current[0]:
                people[(city_id, year)] = (rank, found)
        else:
            rank = (year, *_rank(covers_to, released_on, rid))
            latest = bought.get(city_id)
            if latest is None or rank > latest[0]:
                bought[city_id] = (rank, found)
    return (
        {k: _year_value(*found) for k, (_, found) in people.items()},
        {k: _year_value(*found) for k, (_, found) in bought.items()},
    )


def _year_value(year: int, value: float, publisher: str, release: str) -> YearValue:
    return YearValue(year, value, Credit(publisher, release))


def headline_targets() -> dict[int, HeadlineStatus | None]:
    """Each municipality's headline target's status and rates (``main_target_statuses``:
    those of ``main_target_assessments``), published goals only; municipalities without
    a published goal are absent. The published goals (``published_goals``) say which
    municipalities have goals and are the goals ``main_target_statuses`` judges (a fixed
    number of queries; only the goals' when none has a goal)."""
    goals = published_goals()
    with_goals = sorted({goal.city_id for goal, _targets in goals})
    if not with_goals:
        return {}
    return main_target_statuses(goals, with_goals)


#: What publishing and editing keep on a goal or target, which judging never reads (left
#: unread: some 400 timestamps parsed for nothing).
_BOOKKEEPING = (
    "published_at",
    "version",
    "created_at",
    "updated_at",
    "updated_by",
    "deleted_at",
    "draft",
    "draft_by",
    "draft_at",
)
_INDICATOR_BOOKKEEPING = ("description", "updated_at", "version", "updated_by", "deleted_at")


def published_goals() -> list[tuple[Goal, list[Target]]]:
    """Every municipality's goals as an anonymous visitor reads them (published), each
    with its published targets and their indicators, in the order of ``visible_goals``.
    Two queries: ``visible_goals`` of all 290 municipalities gave the same, but filtered
    by 290 ids and built a queryset per goal to prefetch its targets into, which cost
    more than reading them."""
    anonymous = AnonymousUser()
    goals = list(
        Goal.objects.visible_to(anonymous)
        .defer(*_BOOKKEEPING, "description")
        .order_by("city_id", "order", "id")
    )
    targets: dict[int, tuple[Goal, list[Target]]] = {goal.pk: (goal, []) for goal in goals}
    for target in (
        Target.objects.visible_to(anonymous)
        .select_related("indicator")
        .defer(*_BOOKKEEPING, *(f"indicator__{name}" for name in _INDICATOR_BOOKKEEPING))
        .order_by("goal_id", "order", "target_year", "id")
    ):
        found = targets.get(target.goal_id)
        if found is not None:  # not a target of a deleted or unpublished goal
            target.goal = found[0]
            found[1].append(target)
    return list(targets.values())


@dataclass(frozen=True)
class ActionCounts:
    """A city's published actions, and how many of those still followed up (planned,
    ongoing, paused) have a published follow-up for the current period of its cycle."""

    total: int
    needing: int
    followed: int

    @property
    def followed_share(self) -> float | None:
        return self.followed / self.needing * 100 if self.needing else None


@dataclass(frozen=True)
class CommitmentCounts:
    """The contract follow-up of a city in one year: the commitments of its published
    contract version in force then (the newest signed in or before the year), and how
    many of them have a published follow-up for the year. ``total`` 0: the version's
    text is not entered here."""

    contract_year: int
    total: int
    followed: int

    @property
    def followed_share(self) -> float | None:
        return self.followed / self.total * 100 if self.total else None


def commitment_counts(*, year: int) -> dict[int, CommitmentCounts]:
    """``CommitmentCounts`` per contract city with a published contract version signed in
    or before ``year``: the contract follow-up grid's rows as a visitor reads them
    (``contracts.selectors.follow_up_grid``; published versions and follow-ups only), so
    the grid and the comparison count the same. Its fixed handful of queries."""
    return {
        row.city.pk: CommitmentCounts(
            row.contract.year,
            len(row.commitments),
            sum(1 for c in row.commitments if c.year_follow_up is not None),
        )
        for row in follow_up_grid(year=year, user=AnonymousUser())
        if row.contract is not None
    }


def action_counts(*, today: date) -> dict[int, ActionCounts]:
    """``ActionCounts`` per city id (cities without published actions are absent). One
    aggregate query.

    "Followed up this period" uses the rule of ``core.cycles``: a follow-up covers the
    period it reports on, and the current period (by each city's own cycle) is done when
    a published follow-up covers its last day.
    """
    current = Q()
    for per_year in CYCLES:
        current |= Q(
            city__follow_ups_per_year=per_year,
            follow_ups__period_end__gte=period_of(today, per_year).end,
        )
    needing = Q(status__in=FOLLOWED_UP_STATUSES)
    published_follow_up = Q(follow_ups__is_published=True, follow_ups__deleted_at__isnull=True)
    rows = (
        Action.objects.published()
        .values("city_id")
        .annotate(
            total=Count("id", distinct=True),
            needing=Count("id", filter=needing, distinct=True),
            followed=Count("id", filter=needing & published_follow_up & current, distinct=True),
        )
        .values_list("city_id", "total", "needing", "followed")
    )
    return {
        city_id: ActionCounts(total, needing, followed)
        for city_id, total, needing, followed in rows
    }


def planned_investments() -> dict[int, dict[int, int]]:
    """Planned investments (SEK) per city id and year: the investment column of the cost
    lines of published actions that are not cancelled, leaving out lines whose funding
    was refused (the line's funding status, or the action's when the line has none). One
    aggregate query."""
    rejected = FundingStatus.REJECTED
    rows = (
        ActionCost.objects.filter(
            action__is_published=True,
            action__deleted_at__isnull=True,
            investment_sek__isnull=False,
        )
        .exclude(action__status=CANCELLED)
        .exclude(Q(funding_status=rejected) | Q(funding_status="", action__funding_status=rejected))
        .values("action__city_id", "year")
        .annotate(total=Sum("investment_sek"))
        .values_list("action__city_id", "year", "total")
    )
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for city_id, year, total in rows:
        found[city_id][year] = int(total)
    return dict(found)


def credit_of(release: SourceRelease | None) -> Credit | None:
    return Credit(release.publisher, release.name) if release is not None else None


@dataclass(frozen=True)
class KeyFigure:
    """A Kolada key figure loaded for the municipalities (a column the table may show)."""

    key: str  # the indicator's key, e.g. "kolada:N00401"
    kolada_id: str
    name: str
    unit: str


def kolada_latest() -> tuple[list[KeyFigure], dict[tuple[int, str], YearValue]]:
    """The Kolada key figures with published values (population aside: it is the
    denominator of every per-person figure), and each municipality's latest value of
    each, from the newest release that has that year. Three queries: the figures, the
    values of each municipality's latest year, their releases."""
    published = Observation.objects.published()
    figures = {
        pk: KeyFigure(key, kolada_id, name, unit)
        for pk, key, kolada_id, name, unit in Indicator.objects.shared()
        .alive()
        .exclude(kolada_id="")
        .exclude(key=POPULATION)
        .filter(Exists(published.filter(indicator_id=OuterRef("pk"))))
        .order_by("kolada_id")
        .values_list("pk", "key", "kolada_id", "name", "unit")
    }
    # Only each municipality's latest year of each figure (its releases compete below):
    # a window over the narrow rows, then the few releases, rather than a subquery per
    # row or the releases' columns joined onto every year of every municipality.
    rows = list(
        published.filter(indicator_id__in=list(figures))
        .annotate(newest=Window(Max("year"), partition_by=[F("city_id"), F("indicator_id")]))
        .filter(year=F("newest"))
        .order_by()
        .values_list("city_id", "indicator_id", "year", "value", "release_id")
    )
    releases = {
        pk: ((covers_to, released_on), Credit(publisher, name))
        for pk, covers_to, released_on, name, publisher in SourceRelease.objects.filter(
            pk__in={row[4] for row in rows}
        ).values_list("pk", "covers_to", "released_on", "name", "publisher")
    }
    chosen: dict[tuple[int, str], tuple[tuple, YearValue]] = {}
    for city_id, indicator_id, year, value, rid in rows:
        (covers_to, released_on), credit = releases[rid]
        key = (city_id, figures[indicator_id].key)
        rank = (year, *_rank(covers_to, released_on, rid))
        current = chosen.get(key)
        if current is None or rank > current[0]:
            chosen[key] = (rank, YearValue(year, value, credit))
    return list(figures.values()), {k: found for k, (_, found) in chosen.items()}
