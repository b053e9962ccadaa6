"""Writes to actions, their costs and follow-ups. Each service is one transaction that
records its change in the history (who, when, old → new) and bumps the cache generation.

Actions and follow-ups are drafted like all content (``cities.drafts``, through the
``content_*`` services of ``cities.services``): a new one is a draft until a city
administrator publishes it; a change to a published one (its links and cost lines
included) waits beside it, unseen by the public, until it is published; deleting a
published one is a pending change too.

Permission checks are the caller's (views and the import view ask
``cities.permissions``); services trust their caller, as the rest of the project does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actions.models import Action, ActionCost, CoBenefit, FollowUp, cost_order
from cities import drafts
from cities.models import City, Goal
from cities.services import (
    content_create,
    content_delete,
    content_publish,
    content_unpublish,
    content_update,
)
from core.cycles import Period, period_of
from indicators.models import Indicator

User = AbstractBaseUser | AnonymousUser | None

#: The fields of an action a person edits (everything but bookkeeping and links).
ACTION_FIELDS = (
    "title",
    "description",
    "responsible_body",
    "partners",
    "contact_person",
    "sector",
    "lever",
    "status",
    "stage",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "expected_reduction",
    "expected_reduction_low",
    "expected_reduction_high",
    "effect_from_year",
    "funding_source",
    "funding_status",
    "co_benefits",
    "lessons_learned",
    "share_with_other_cities",
    "source_reference",
)

FOLLOW_UP_FIELDS = (
    "date",
    "period_year",
    "period_number",
    "status",
    "progress_pct",
    "text",
    "is_effect_follow_up",
    "realised_reduction",
)


@dataclass(frozen=True)
class CostValues:
    """One line of an action's investment plan as a person entered it."""

    year: int
    investment_sek: int | None = None
    operating_sek: int | None = None
    funding_source: str = ""
    funding_status: str = ""

    def as_list(self) -> list[Any]:
        return [
            self.year,
            self.investment_sek,
            self.operating_sek,
            self.funding_source,
            self.funding_status,
        ]


def _check_fields(values: Mapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


def _links(action: Action) -> dict[str, Any]:
    """The action's links and cost lines as its people see them (a pending change
    included), in the form the drafts and the history keep them."""
    return {name: drafts.part(action, name) for name in Action.draft_parts}


def _parts(
    goals: Iterable[Goal] | None,
    indicators: Iterable[Indicator] | None,
    costs: Sequence[CostValues] | None,
) -> dict[str, Any]:
    """The parts an edit sets (``None``: leave that part as it is)."""
    parts: dict[str, Any] = {}
    if goals is not None:
        parts["goals"] = sorted(goal.pk for goal in goals)
    if indicators is not None:
        parts["indicators"] = sorted(indicator.pk for indicator in indicators)
    if costs is not None:
        parts["costs"] = sorted((line.as_list() for line in costs), key=cost_order)
    return parts


def _normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    """Co-benefits in one order, so choosing the same ones never counts as a change
    (``Action.clean`` refuses unknown ones)."""
    values = dict(values)
    chosen = values.get("co_benefits")
    if isinstance(chosen, list | tuple):
        known = [code for code in CoBenefit.values if code in chosen]
        values["co_benefits"] = known + [code for code in chosen if code not in known]
    return values


def _check_links(city: City, goals: Iterable[Goal], indicators: Iterable[Indicator]) -> None:
    """An action links only to its own city's goals and to shared or own indicators."""
    errors = {}
    if any(goal.city_id != city.pk for goal in goals):
        errors["goals"] = "Åtgärden kan bara kopplas till kommunens egna klimatmål."
    if any(ind.city_id not in (None, city.pk) for ind in indicators):
        errors["indicators"] = (
            "Åtgärden kan bara kopplas till gemensamma indikatorer och kommunens egna."
        )
    if errors:
        raise ValidationError(errors)


def _check_costs(action: Action, costs: Sequence[CostValues]) -> None:
    """Cost lines must be valid and not repeat a year and source (each such pair is one
    line of the investment plan)."""
    keys = [(c.year, c.funding_source) for c in costs]
    if len(set(keys)) != len(keys):
        raise ValidationError(
            {"costs": "Två kostnadsrader har samma år och finansiering; slå ihop dem."}
        )
    for values in costs:
        line = ActionCost(
            action=action,
            year=values.year,
            investment_sek=values.investment_sek,
            operating_sek=values.operating_sek,
            funding_source=values.funding_source,
            funding_status=values.funding_status,
        )
        # The unique line is checked above; the database would compare with stored lines.
        line.clean_fields(exclude=["action"])


@transaction.atomic
def action_create(
    *,
    city: City,
    by: User,
    values: Mapping[str, Any],
    goals: Iterable[Goal] = (),
    indicators: Iterable[Indicator] = (),
    costs: Sequence[CostValues] = (),
    publish: bool = False,
) -> Action:
    """Add an action to a city's portfolio, as a draft unless ``publish`` (the caller has
    checked that ``by`` may publish)."""
    _check_fields(values, ACTION_FIELDS)
    goals, indicators = list(goals), list(indicators)
    _check_links(city, goals, indicators)
    action = Action(city=city, **_normalised(values))
    if publish:
        action.is_published = True
        action.published_at = timezone.now()
    _check_costs(action, costs)
    return content_create(item=action, by=by, parts=_parts(goals, indicators, costs))


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: User,
    expected_version: int | None,
    values: Mapping[str, Any],
    goals: Iterable[Goal] | None = None,
    indicators: Iterable[Indicator] | None = None,
    costs: Sequence[CostValues] | None = None,
) -> Action:
    """Change an action: in place while it is a draft; for a published action the change
    (links and cost lines included) waits for publishing while the public keeps the
    published version. Refused with ``StaleEdit`` (nothing written) when someone saved a
    newer version after ``expected_version`` was read. ``None`` for goals, indicators or
    costs leaves them as they are."""
    _check_fields(values, ACTION_FIELDS)
    goals = None if goals is None else list(goals)
    indicators = None if indicators is None else list(indicators)
    _check_links(action.city, goals or [], indicators or [])
    if costs is not None:
        _check_costs(action, costs)
    content_update(
        item=action,
        changes={**_normalised(values), **_parts(goals, indicators, costs)},
        by=by,
        expected_version=action.version if expected_version is None else expected_version,
    )
    return action


@transaction.atomic
def action_delete(*, action: Action, by: User, expected_version: int | None) -> None:
    """Remove an action from the portfolio (softly: the history keeps it). A published
    action stays public until its deletion is published."""
    content_delete(
        item=action,
        by=by,
        expected_version=action.version if expected_version is None else expected_version,
    )


@transaction.atomic
def action_publish(
    *, action: Action, by: User, published: bool = True, expected_version: int | None = None
) -> Action:
    """Publish an action (its first version, its pending change or its pending deletion),
    or withdraw it to a draft."""
    if published:
        content_publish(item=action, by=by, expected_version=expected_version)
    else:
        content_unpublish(
            item=action,
            by=by,
            expected_version=action.version if expected_version is None else expected_version,
        )
    return action


# --- follow-ups -----------------------------------------------------------------------


def _period_fields(values: dict[str, Any], per_year: int) -> None:
    """Fill in the period (default: the one the follow-up's date falls in) and its end."""
    day = values.get("date") or date.today()
    values["date"] = day
    default = period_of(day, per_year)
    year = values.get("period_year") or default.year
    number = values.get("period_number") or default.number
    try:
        period = Period(year, number, per_year)
    except ValueError:
        raise ValidationError(
            {"period_number": f"Perioden ska vara 1–{per_year} i kommunens cykel."}
        ) from None
    values.update(
        period_year=period.year,
        period_number=period.number,
        periods_per_year=per_year,
        period_end=period.end,
    )


@transaction.atomic
def follow_up_create(
    *, action: Action, by: User, values: Mapping[str, Any], publish: bool = False
) -> FollowUp:
    """Record a follow-up of an action for a period of its city's cycle, as a draft
    unless ``publish`` (the caller has checked that ``by`` may publish)."""
    _check_fields(values, FOLLOW_UP_FIELDS)
    fields = dict(values)
    _period_fields(fields, action.city.follow_ups_per_year)
    follow_up = FollowUp(action=action, **fields)
    if publish:
        follow_up.is_published = True
        follow_up.published_at = timezone.now()
    return content_create(item=follow_up, by=by)


@transaction.atomic
def follow_up_update(
    *,
    follow_up: FollowUp,
    by: User,
    expected_version: int | None,
    values: Mapping[str, Any],
) -> FollowUp:
    """Change a follow-up (drafted and locked as for actions). Its period stays in the
    cycle it was reported in."""
    _check_fields(values, FOLLOW_UP_FIELDS)
    current = drafts.working(follow_up)
    fields = {
        "date": current.date,
        "period_year": current.period_year,
        "period_number": current.period_number,
        **values,
    }
    _period_fields(fields, follow_up.periods_per_year)
    fields.pop("periods_per_year")  # never changes: the cycle it was reported in
    content_update(
        item=follow_up,
        changes=fields,
        by=by,
        expected_version=follow_up.version if expected_version is None else expected_version,
    )
    return follow_up


@transaction.atomic
def follow_up_delete(*, follow_up: FollowUp, by: User, expected_version: int | None) -> None:
    content_delete(
        item=follow_up,
        by=by,
        expected_version=follow_up.version if expected_version is None else expected_version,
    )


@transaction.atomic
def follow_up_publish(
    *,
    follow_up: FollowUp,
    by: User,
    published: bool = True,
    expected_version: int | None = None,
) -> FollowUp:
    """Publish a follow-up (or its pending change or deletion), or withdraw it."""
    if published:
        content_publish(item=follow_up, by=by, expected_version=expected_version)
    else:
        content_unpublish(
            item=follow_up,
            by=by,
            expected_version=follow_up.version if expected_version is None else expected_version,
        )
    return follow_up


# --- spreadsheet import ---------------------------------------------------------------


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
                    action_create(
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
                    action_update(
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
