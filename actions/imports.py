"""A city's actions from a spreadsheet (``actions.xlsx``), written all or nothing: rows
with an id update that action, rows without one create drafts, and any problem in any
row means nothing is written."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from actions import services
from actions.models import Action
from actions.services import CostValues, Person
from cities import drafts
from cities.models import City, Goal
from indicators.models import Indicator


@dataclass
class ActionImportRow:
    """One action read from a spreadsheet row: ``pk`` None means a new action; ``costs``
    None leaves its cost lines as they are."""

    row: int
    pk: int | None
    version: int | None
    values: dict[str, Any]
    goal_ids: list[int] | None  # None: leave the links as they are
    indicator_ids: list[int] | None
    costs: list[CostValues] | None


@dataclass(frozen=True)
class ImportProblem:
    """What is wrong with a row: ``field`` is the action's field (or "" for the row)."""

    row: int
    field: str
    message: str


class ActionsImportRejected(Exception):
    """The import had problems; nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} fel; inget sparades")


@dataclass(frozen=True)
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _problems(row: int, error: ValidationError) -> list[ImportProblem]:
    if not hasattr(error, "error_dict"):
        return [ImportProblem(row, "", message) for message in error.messages]
    by_field = error.message_dict
    named = {m for field, messages in by_field.items() if field != "__all__" for m in messages}
    return [
        ImportProblem(row, "" if field == "__all__" else field, message)
        for field, messages in by_field.items()
        for message in messages
        # A database constraint repeats a rule ``clean`` already tied to its field.
        if not (field == "__all__" and message in named)
    ]


def _links(action: Action) -> dict[str, Any]:
    """The action's links and cost lines as its people see them (a pending change
    included), in the form the drafts and the history keep them."""
    return {name: drafts.part(action, name) for name in Action.draft_parts}


def _unchanged(action: Action, item: ActionImportRow, links: dict[str, Any]) -> bool:
    """Would the row change nothing the city's people see (pending changes included)?"""
    current = drafts.working(action)
    for name, value in item.values.items():
        if getattr(current, name) != value:
            return False
    if item.goal_ids is not None and sorted(item.goal_ids) != links["goals"]:
        return False
    if item.indicator_ids is not None and sorted(item.indicator_ids) != links["indicators"]:
        return False
    return item.costs is None or sorted(c.as_list() for c in item.costs) == sorted(links["costs"])


@transaction.atomic
def actions_import(*, city: City, by: Person, rows: Sequence[ActionImportRow]) -> ImportCounts:
    """Create and update a city's actions from spreadsheet rows, all or nothing.

    Rows with an id update that action (refused when it has changed since the file's
    version was exported); rows without one create drafts. An action whose values are
    all as stored is left alone, so importing an export changes nothing. Publishing is
    not imported: it stays an administrator's decision. Any problem in any row raises
    ``ActionsImportRejected`` listing every problem, and nothing is written.
    """
    problems: list[ImportProblem] = []
    ids = [item.pk for item in rows if item.pk is not None]
    existing = {
        a.pk: a
        for a in Action.objects.for_city(city)
        .alive()
        .filter(pk__in=ids)
        .prefetch_related("goals", "indicators", "costs")
    }
    links = _Links(city)
    counts = ImportCounts()
    for item in rows:
        action = existing.get(item.pk) if item.pk is not None else None
        problem = _stale_or_unknown(city, item, action)
        if problem is not None:
            problems.append(problem)
            continue
        row_goals, row_indicators = links.of(item, problems)
        if problems:
            continue  # keep checking the other rows, but write nothing more
        try:
            with transaction.atomic():
                counts = _write(city, by, item, action, row_goals, row_indicators, counts)
        except ValidationError as error:
            problems.extend(_problems(item.row, error))
    if problems:
        raise ActionsImportRejected(problems)
    return counts


class _Links:
    """The goals and indicators a city's actions may link to, read once."""

    def __init__(self, city: City):
        self.city = city
        self.goals = {g.pk: g for g in Goal.objects.filter(city=city).alive()}
        self.indicators = {
            i.pk: i
            for i in Indicator.objects.filter(Q(city__isnull=True) | Q(city=city)).only(
                "pk", "city_id"
            )
        }

    def of(
        self, item: ActionImportRow, problems: list[ImportProblem]
    ) -> tuple[list[Goal] | None, list[Indicator] | None]:
        """The row's goals and indicators (None: leave them); unknown goals are a problem."""
        row_goals = row_indicators = None
        if item.goal_ids is not None:
            row_goals = [self.goals[pk] for pk in item.goal_ids if pk in self.goals]
            unknown = sorted(set(item.goal_ids) - set(self.goals))
            if unknown:
                problems.append(
                    ImportProblem(
                        item.row,
                        "goals",
                        f"{self.city.name} har inget klimatmål med ID "
                        + ", ".join(map(str, unknown))
                        + ".",
                    )
                )
        if item.indicator_ids is not None:
            row_indicators = [
                self.indicators[pk] for pk in item.indicator_ids if pk in self.indicators
            ]
        return row_goals, row_indicators


def _stale_or_unknown(
    city: City, item: ActionImportRow, action: Action | None
) -> ImportProblem | None:
    """The problem with a row that names an action the city does not have, or one that
    changed since the file was exported."""
    if item.pk is not None and action is None:
        return ImportProblem(item.row, "id", f"{city.name} har ingen åtgärd med id {item.pk}.")
    if action is not None and item.version is not None and item.version != action.version:
        return ImportProblem(
            item.row,
            "version",
            f"Åtgärden har ändrats sedan filen exporterades (version {item.version} i "
            f"filen, {action.version} nu). Exportera på nytt och gör om ändringen.",
        )
    return None


def _write(
    city: City,
    by: Person,
    item: ActionImportRow,
    action: Action | None,
    goals: list[Goal] | None,
    indicators: list[Indicator] | None,
    counts: ImportCounts,
) -> ImportCounts:
    """Create the row's action, change it, or leave it when nothing would change."""
    if action is None:
        services.action_create(
            city=city,
            by=by,
            values=item.values,
            goals=goals or [],
            indicators=indicators or [],
            costs=item.costs or [],
        )
        return dataclasses.replace(counts, created=counts.created + 1)
    if _unchanged(action, item, _links(action)):
        return dataclasses.replace(counts, unchanged=counts.unchanged + 1)
    services.action_update(
        action=action,
        by=by,
        expected_version=action.version,
        values=item.values,
        goals=goals,
        indicators=indicators,
        costs=item.costs,
    )
    return dataclasses.replace(counts, updated=counts.updated + 1)
