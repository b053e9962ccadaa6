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

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ActionCost, ClimateRisk, CoBenefit, FollowUp, cost_order
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

Person = User | AnonymousUser | None

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
    "stage_dates",
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
    "kind",
    "climate_risks",
    "conflict_note",
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


def _version(item: Action | FollowUp, expected_version: int | None) -> int:
    """The version an edit was read at; None (an import, a script): the current one."""
    return item.version if expected_version is None else expected_version


def _publish(item: Action | FollowUp, *, by: Person, published: bool, expected: int | None) -> None:
    """Publish the item (its first version, its pending change or its pending deletion),
    or withdraw it to a draft."""
    if published:
        content_publish(item=item, by=by, expected_version=expected)
    else:
        content_unpublish(item=item, by=by, expected_version=_version(item, expected))


def _check_fields(values: Mapping[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


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
    risks = values.get("climate_risks")
    if isinstance(risks, list | tuple):
        known = [code for code in ClimateRisk.values if code in risks]
        values["climate_risks"] = known + [code for code in risks if code not in known]
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
    by: Person,
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
    by: Person,
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
        expected_version=_version(action, expected_version),
    )
    return action


@transaction.atomic
def action_delete(*, action: Action, by: Person, expected_version: int | None) -> None:
    """Remove an action from the portfolio (softly: the history keeps it). A published
    action stays public until its deletion is published."""
    content_delete(item=action, by=by, expected_version=_version(action, expected_version))


@transaction.atomic
def action_publish(
    *, action: Action, by: Person, published: bool = True, expected_version: int | None = None
) -> Action:
    """Publish an action (its first version, its pending change or its pending deletion),
    or withdraw it to a draft."""
    _publish(action, by=by, published=published, expected=expected_version)
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
    *, action: Action, by: Person, values: Mapping[str, Any], publish: bool = False
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
    by: Person,
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
        expected_version=_version(follow_up, expected_version),
    )
    return follow_up


@transaction.atomic
def follow_up_delete(*, follow_up: FollowUp, by: Person, expected_version: int | None) -> None:
    """Delete a follow-up (softly; a published one's deletion waits for publishing)."""
    content_delete(item=follow_up, by=by, expected_version=_version(follow_up, expected_version))


@transaction.atomic
def follow_up_publish(
    *,
    follow_up: FollowUp,
    by: Person,
    published: bool = True,
    expected_version: int | None = None,
) -> FollowUp:
    """Publish a follow-up (or its pending change or deletion), or withdraw it."""
    _publish(follow_up, by=by, published=published, expected=expected_version)
    return follow_up
