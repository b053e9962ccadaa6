"""Reads for the workspace: a city's content as its people see it (drafts applied), each
list in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from actions.models import Action, FollowUp
from cities import drafts
from cities.models import ChangeRecord, City, Goal, Membership
from contracts.models import CommitmentFollowUp, FollowUpText
from core.i18n import gettext as _
from dashboards.workspace.kinds import BY_MODEL, Kind
from indicators.models import Indicator, Observation, Target

DRAFT, CHANGED, DELETING, PUBLISHED, PLAIN = "draft", "changed", "deleting", "published", ""


def state_of(item: Any) -> tuple[str, str]:
    """Where an item stands on its way to the public, as a code and a label."""
    if not drafts.uses_drafts(item):
        return PLAIN, ""
    if not item.is_published:
        return DRAFT, _("Utkast, inte publicerat")
    if drafts.pending_delete(item):
        return DELETING, _("Publicerat, borttagning väntar på publicering")
    if drafts.has_pending(item):
        return CHANGED, _("Publicerat, ändring väntar på publicering")
    return PUBLISHED, _("Publicerat")


@dataclass
class Row:
    """One item in a workspace list: as stored (the public's version when published) and
    as the city's people see it now."""

    item: Any
    current: Any
    kind: Kind
    state: str
    state_label: str
    pending: dict[str, list[Any]] = field(default_factory=dict)
    note: str = ""
    changes: list[Any] = field(default_factory=list)  # the pending change, for reading
    may_restore: bool = False
    may_publish: bool = False
    edit_url: str = ""

    @property
    def waiting(self) -> bool:
        return self.state in (DRAFT, CHANGED, DELETING)


def rows(items: list[Any], note: str = "") -> list[Row]:
    currents = drafts.working_list(items)
    result = []
    for item, current in zip(items, currents, strict=True):
        state, label = state_of(item)
        result.append(
            Row(
                item=item,
                current=current,
                kind=BY_MODEL[type(item)],
                state=state,
                state_label=label,
                pending=drafts.pending_changes(item),
                note=note,
            )
        )
    return result


def _observations(city: City) -> QuerySet[Observation]:
    return (
        Observation.objects.in_city(city)
        .alive()
        .select_related("indicator", "release", "updated_by")
        .order_by("indicator__name", "indicator_id", "-year", "-id")
    )


def observations_for(city: City, *, indicator: Indicator | None = None) -> QuerySet:
    """The city's recorded values (all indicators, or one), by indicator, newest year
    first; turn a page of them into rows with :func:`rows`."""
    query = _observations(city)
    if indicator is not None:
        query = query.filter(indicator=indicator)
    return query


def observation_rows(city: City, *, indicator: Indicator | None = None) -> list[Row]:
    """All of them as rows: one query (one more only when drafts change a source)."""
    return rows(list(observations_for(city, indicator=indicator)))


@dataclass
class GoalRow:
    goal: Row
    targets: list[Row]


def goal_rows(city: City) -> list[GoalRow]:
    """The city's goals, each with its targets, as its people see them. 2 queries (one more
    when a draft moves a target to another indicator)."""
    targets = Target.objects.alive().select_related("indicator", "updated_by")
    goals = list(
        Goal.objects.in_city(city)
        .alive()
        .select_related("updated_by")
        .prefetch_related(Prefetch("targets", queryset=targets))
    )
    by_goal: dict[int, list[Row]] = {}
    for row in rows([target for goal in goals for target in goal.targets.all()]):
        by_goal.setdefault(row.item.goal_id, []).append(row)
    result = [GoalRow(goal=row, targets=by_goal.get(row.item.pk, [])) for row in rows(goals)]
    result.sort(key=lambda g: (g.goal.current.order, g.goal.item.pk))
    return result


def own_indicators(city: City) -> list[Indicator]:
    return list(Indicator.objects.filter(city=city).alive().order_by("name"))


def shared_indicators_in_use(city: City) -> list[Indicator]:
    """Shared indicators the city's targets or values use (one query)."""
    return list(
        Indicator.objects.shared()
        .alive()
        .filter(
            Q(targets__goal__city=city, targets__deleted_at=None)
            | Q(observations__city=city, observations__deleted_at=None)
        )
        .distinct()
        .order_by("name")
    )


def _pending_queries(city: City) -> list[QuerySet]:
    """Per kind, the city's items waiting to be published, in the order the drafts list
    shows them. Children of a deleted parent (a target of a deleted goal, a follow-up of
    a deleted action) are not listed: they come back with their parent."""
    return [
        Goal.objects.in_city(city).pending().select_related("draft_by", "updated_by"),
        Observation.objects.in_city(city)
        .pending()
        .select_related("indicator", "release", "draft_by", "updated_by")
        .order_by("indicator__name", "-year"),
        Target.objects.in_city(city)
        .pending()
        .filter(goal__deleted_at=None)
        .select_related("goal", "indicator", "draft_by", "updated_by"),
        Action.objects.in_city(city)
        .pending()
        .select_related("draft_by", "updated_by")
        .order_by("title", "id"),
        FollowUp.objects.in_city(city)
        .pending()
        .filter(action__deleted_at=None)
        .select_related("action", "draft_by", "updated_by")
        .order_by("action__title", "-period_end"),
        CommitmentFollowUp.objects.in_city(city)
        .pending()
        .select_related("commitment__section__contract", "draft_by", "updated_by")
        .order_by("-commitment__section__contract__year", "commitment__section__order", "year"),
        FollowUpText.objects.in_city(city)
        .pending()
        .select_related("contract", "draft_by", "updated_by")
        .order_by("-contract__year", "number"),
    ]


def pending_rows(city: City) -> list[Row]:
    """Everything of the city waiting to be published: new items, changes, deletions of
    goals, values, targets, actions, their follow-ups and the contract's follow-up. One
    query per kind (seven), whatever the number of drafts."""
    result = []
    for query in _pending_queries(city):
        for row in rows(list(query)):
            if isinstance(row.item, Target) and not row.item.goal.is_published:
                row.note = _("Syns för allmänheten först när också målet är publicerat.")
            elif isinstance(row.item, FollowUp) and not row.item.action.is_published:
                row.note = _("Syns för allmänheten först när också åtgärden är publicerad.")
            result.append(row)
    return result


def pending_count(city: City) -> int:
    return sum(query.count() for query in _pending_queries(city))


def trash_rows(city: City) -> list[Row]:
    """The city's deleted goals, targets, values, own indicators, actions and follow-ups,
    newest first."""
    deleted: list[Any] = [
        *Goal.objects.in_city(city).deleted().select_related("updated_by"),
        *Target.objects.in_city(city).deleted().select_related("goal", "indicator", "updated_by"),
        *Observation.objects.in_city(city)
        .deleted()
        .select_related("indicator", "release", "updated_by"),
        *Indicator.objects.filter(city=city, deleted_at__isnull=False).select_related("updated_by"),
        *Action.objects.in_city(city).deleted().select_related("updated_by"),
        *FollowUp.objects.in_city(city).deleted().select_related("action", "updated_by"),
        *CommitmentFollowUp.objects.in_city(city)
        .deleted()
        .select_related("commitment__section__contract", "updated_by"),
        *FollowUpText.objects.in_city(city).deleted().select_related("contract", "updated_by"),
    ]
    deleted.sort(key=lambda item: item.deleted_at, reverse=True)
    return rows(deleted)


def memberships(city: City) -> list[Membership]:
    return list(
        Membership.objects.filter(city=city)
        .select_related("user")
        .order_by("role", "user__email", "user__username")
    )


def city_changes(city: City) -> QuerySet[ChangeRecord]:
    """The city's history, newest first (paginate it)."""
    return ChangeRecord.objects.filter(city=city).select_related("user", "content_type")


def grid_values(
    city: City, years: list[int]
) -> tuple[list[Indicator], dict[tuple[int, int], float]]:
    """The indicators whose values the city records itself (not the emission inventory's)
    and, per (indicator id, year) of ``years``, the value its people see now (drafts
    applied; of several sources, the one changed last). Two queries."""
    indicators = list(
        Indicator.objects.available_to(city).filter(emission_substance="").order_by("name")
    )
    rows = Observation.objects.alive().filter(city=city, indicator__in=indicators, year__in=years)
    newest: dict[tuple[int, int], Observation] = {}
    for observation in drafts.working_list(list(rows.order_by("updated_at", "id"))):
        newest[(observation.indicator_id, observation.year)] = observation
    return indicators, {key: o.value for key, o in newest.items()}


def pending_counts_by_city(city_ids: list[int]) -> dict[int, int]:
    """How many items wait to be published in each of these cities (the drafts list's
    rule), one grouped query per kind whatever the number of cities."""
    queries: list[QuerySet] = [
        Goal.objects.pending(),
        Observation.objects.pending(),
        Target.objects.pending().filter(goal__deleted_at=None),
        Action.objects.pending(),
        FollowUp.objects.pending().filter(action__deleted_at=None),
        CommitmentFollowUp.objects.pending(),
        FollowUpText.objects.pending(),
    ]
    counts: dict[int, int] = {}
    for query in queries:
        path = query.city_path  # type: ignore[attr-defined]
        grouped = (
            query.filter(**{f"{path}__in": city_ids})
            .values(path)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in grouped:
            counts[row[path]] = counts.get(row[path], 0) + row["n"]
    return counts
