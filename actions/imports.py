"""A city's actions from a spreadsheet (``actions.xlsx``), written all or nothing: rows
with an id update that action, rows without one create drafts, and any problem in any
row means nothing is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from actions import services
from actions.models import Action
from actions.services import CostValues, User
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
def actions_import(*, city: City, by: User, rows: Sequence[ActionImportRow]) -> ImportCounts:
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
    goals = {g.pk: g for g in Goal.objects.filter(city=city).alive()}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(Q(city__isnull=True) | Q(city=city)).only("pk", "city_id")
    }
    created = updated = unchanged = 0
    for item in rows:
        action = existing.get(item.pk) if item.pk is not None else None
        if item.pk is not None and action is None:
            problems.append(
                ImportProblem(item.row, "id", f"{city.name} har ingen åtgärd med id {item.pk}.")
            )
            continue
        if action is not None and item.version is not None and item.version != action.version:
            problems.append(
                ImportProblem(
                    item.row,
                    "version",
                    f"Åtgärden har ändrats sedan filen exporterades (version {item.version} i "
                    f"filen, {action.version} nu). Exportera på nytt och gör om ändringen.",
                )
            )
            continue
        row_goals = row_indicators = None
        if item.goal_ids is not None:
            row_goals = [goals[pk] for pk in item.goal_ids if pk in goals]
            unknown = sorted(set(item.goal_ids) - set(goals))
            if unknown:
                problems.append(
                    ImportProblem(
                        item.row,
                        "goals",
                        f"{city.name} har inget klimatmål med ID "
                        + ", ".join(map(str, unknown))
                        + ".",
                    )
                )
        if item.indicator_ids is not None:
            row_indicators = [indicators[pk] for pk in item.indicator_ids if pk in indicators]
        if problems:
            continue  # keep checking the other rows, but write nothing more
        try:
            with transaction.atomic():
                if action is None:
                    services.action_create(
                        city=city,
                        by=by,
                        values=item.values,
                        goals=row_goals or [],
                        indicators=row_indicators or [],
                        costs=item.costs or [],
                    )
                    created += 1
                elif _unchanged(action, item, _links(action)):
                    unchanged += 1
                else:
                    services.action_update(
                        action=action,
                        by=by,
                        expected_version=action.version,
                        values=item.values,
                        goals=row_goals,
                        indicators=row_indicators,
                        costs=item.costs,
                    )
                    updated += 1
        except ValidationError as error:
            problems.extend(_problems(item.row, error))
    if problems:
        raise ActionsImportRejected(problems)
    return ImportCounts(created, updated, unchanged)
