"""The targets (målvärden) a goal is measured by, on an indicator."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from cities.models import Goal
from cities.services import check_fields, content_create, content_delete, content_update
from indicators.models import Indicator, Target
from indicators.services.indicators import indicator_for_city

Person = User | AnonymousUser


@transaction.atomic
def target_create(
    *,
    goal: Goal,
    indicator: Indicator,
    kind: str,
    target_year: int,
    target_value: float | None = None,
    base_year: int | None = None,
    base_value: float | None = None,
    pathway: str = "linear",
    note: str = "",
    order: int = 0,
    is_published: bool = False,
    by: Person | None = None,
) -> Target:
    """Record a target (målvärde) that measures a goal on an indicator."""
    target = Target(
        goal=goal,
        indicator=indicator,
        kind=kind,
        target_year=target_year,
        target_value=target_value,
        base_year=base_year,
        base_value=base_value,
        pathway=pathway,
        note=note,
        order=order,
        is_published=is_published,
        published_at=timezone.now() if is_published else None,
    )
    return content_create(item=target, by=by)


TARGET_FIELDS = (
    "indicator_id",
    "kind",
    "base_year",
    "base_value",
    "target_year",
    "target_value",
    "pathway",
    "note",
    "order",
)


@transaction.atomic
def target_update(
    *, target: Target, by: Person | None, expected_version: int, **fields: Any
) -> bool:
    """Change a target (målvärde). A published target keeps its published numbers until
    the change is published; returns whether anything changed."""
    check_fields(fields, TARGET_FIELDS, "target_update")
    if "indicator_id" in fields:
        indicator_for_city(fields["indicator_id"], target.goal.city_id, "indicator")
    return content_update(item=target, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def target_delete(*, target: Target, by: Person | None, expected_version: int) -> bool:
    """Delete a target (softly; a published target's deletion waits for publishing)."""
    return content_delete(item=target, by=by, expected_version=expected_version)
