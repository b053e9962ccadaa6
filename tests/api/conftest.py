"""Fixtures of the API tests: content of Umeå in every state a reader or writer meets
(published, draft, published with a pending change, deleted), made through the services,
and small helpers for JSON requests."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

from actions.services import action_create, action_delete, action_publish, follow_up_create
from cities.models import Goal
from cities.services import content_delete, content_publish, goal_create, goal_update
from indicators.models import Indicator, Observation, Target
from indicators.services.targets import target_create
from indicators.services.values import observation_create, observation_update


def send(client, method: str, url: str, data: Any = None, **headers: str):
    """A JSON request (``method``: post, patch, put, delete)."""
    return getattr(client, method)(url, data, content_type="application/json", headers=headers)


def csv_rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv"), response["Content-Type"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@dataclass
class Values:
    """Umeå's values of sustainable trips in every state."""

    published: Observation  # 2022, published
    changed: Observation  # 2023, published 53.0, a change to 99.0 waits
    draft: Observation  # 2024, never published
    deleted: Observation  # 2021, published, then its deletion published
    trips: Indicator


@pytest.fixture
def trips(umea_goals) -> Indicator:
    return Indicator.objects.get(key="sustainable_trips_share")


@pytest.fixture
def values(umea, trips, umea_officer, umea_admin) -> Values:
    def value(year: int, number: float) -> Observation:
        return observation_create(
            city=umea,
            indicator=trips,
            year=year,
            value=number,
            status="final",
            reference="Resvaneundersökning",
            by=umea_officer,
        )

    def publish(item: Observation) -> Observation:
        item.refresh_from_db()
        content_publish(item=item, by=umea_admin, expected_version=item.version)
        item.refresh_from_db()
        return item

    published = publish(value(2022, 52.0))
    changed = publish(value(2023, 53.0))
    observation_update(
        observation=changed, by=umea_officer, expected_version=changed.version, value=99.0
    )
    changed.refresh_from_db()
    draft = value(2024, 54.0)
    deleted = publish(value(2021, 51.0))
    content_delete(item=deleted, by=umea_officer, expected_version=deleted.version)
    publish(deleted)
    return Values(published, changed, draft, deleted, trips)


@dataclass
class GoalsInStates:
    published: Goal
    changed: Goal
    draft: Goal
    deleted: Goal
    draft_target: Target


@pytest.fixture
def goals(umea, umea_goals, umea_admin, trips) -> GoalsInStates:
    published = Goal.objects.get(city=umea, order=1)
    changed = Goal.objects.get(city=umea, order=2)
    goal_update(
        goal=changed, by=umea_admin, expected_version=changed.version, title="Hemlig ny rubrik"
    )
    changed.refresh_from_db()
    draft = goal_create(city=umea, title="Utkast: ett nytt mål", scope="area", by=umea_admin)
    draft_target = target_create(
        goal=published,
        indicator=trips,
        kind="share",
        target_year=2035,
        target_value=70.0,
        by=umea_admin,
    )
    deleted = goal_create(
        city=umea, title="Borttaget mål", scope="area", is_published=True, by=umea_admin
    )
    content_delete(item=deleted, by=umea_admin, expected_version=deleted.version)
    deleted.refresh_from_db()
    content_publish(item=deleted, by=umea_admin, expected_version=deleted.version)
    return GoalsInStates(published, changed, draft, deleted, draft_target)


@dataclass
class ActionsInStates:
    published: Any
    draft: Any
    deleted: Any
    published_follow_up: Any
    draft_follow_up: Any


@pytest.fixture
def actions(umea, umea_goals, umea_officer) -> ActionsInStates:
    published = action_create(
        city=umea,
        by=umea_officer,
        values={
            "title": "Biogasbussar",
            "sector": "Transporter",
            "status": "ongoing",
            "expected_reduction": 1200.0,
            "effect_from_year": 2026,
        },
        publish=True,
    )
    draft = action_create(city=umea, by=umea_officer, values={"title": "Hemligt utkast"})
    deleted = action_create(
        city=umea, by=umea_officer, values={"title": "Borttagen åtgärd"}, publish=True
    )
    action_delete(action=deleted, by=umea_officer, expected_version=deleted.version)
    # A deletion, like any change, reaches the public when it is published.
    deleted.refresh_from_db()
    action_publish(action=deleted, by=umea_officer, expected_version=deleted.version)
    published_follow_up = follow_up_create(
        action=published,
        by=umea_officer,
        values={"period_year": 2025, "period_number": 1, "text": "Första", "progress_pct": 10},
        publish=True,
    )
    draft_follow_up = follow_up_create(
        action=published,
        by=umea_officer,
        values={"period_year": 2025, "period_number": 2, "text": "Utkast till uppföljning"},
    )
    return ActionsInStates(published, draft, deleted, published_follow_up, draft_follow_up)
