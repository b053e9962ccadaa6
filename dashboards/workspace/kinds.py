"""The kinds of content a city's people edit in the workspace, and for each: its model, the
role editing it needs, how it is named and which service deletes it.

Views that work on any kind (delete, publish, history, restore) look the kind up here by
its URL segment, so a rule about a kind is stated once. Actions and their follow-ups
(issue 6) and the contract follow-up and its texts (issue 7) are registered beside the
workspace's own kinds: they are edited on their own pages but drafted, published,
listed among the drafts, restored and shown in the history here like the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actions.models import Action, FollowUp
from actions.services import action_delete, follow_up_delete
from cities import permissions
from cities.models import City, ContentQuerySet, Goal
from cities.permissions import Need
from cities.services import goal_delete
from contracts.models import CommitmentFollowUp, FollowUpText
from contracts.services import commitment_follow_up_delete, follow_up_text_delete
from indicators.forms import format_number
from indicators.models import Indicator, IndicatorQuerySet, Observation, Target
from indicators.services.indicators import indicator_delete
from indicators.services.targets import target_delete
from indicators.services.values import observation_delete

Deleter = Callable[..., bool]
Person = User | AnonymousUser


def _party(item: Any) -> str:
    """The contract party whose follow-up an item is (it decides who may change it)."""
    return item.commitment.party if isinstance(item, CommitmentFollowUp) else item.party


@dataclass(frozen=True)
class Kind:
    segment: str  # in URLs: /min-kommun/<stad>/<segment>/<id>/…
    model: type[models.Model]
    needs: Need  # the role needed to change it (officer: values; admin: the rest)
    label: Any  # singular, lower case, for sentences
    list_url: str  # the list the kind is shown in (takes the city's slug)
    edit_url: str  # its edit page; ``edit_link`` when that needs more than slug and id
    delete: Deleter
    publishable: bool = True
    related: tuple[str, ...] = ()  # select_related for describing an item
    # The edit page's address when it is not ``edit_url`` with the city's slug and the id.
    edit_link_of: Callable[[City, Any], str] | None = None
    # Contract follow-ups: who may change and publish depends on the item's party.
    by_party: bool = False

    def queryset(self, city: City) -> ContentQuerySet | IndicatorQuerySet:
        if self.model is Indicator:
            return Indicator.objects.filter(city=city)  # only the city's own indicators
        content = self.model._default_manager.all()
        assert isinstance(content, ContentQuerySet)
        return content.in_city(city)

    def get(self, city: City, pk: int, *, deleted: bool = False) -> Any:
        """The item of this city, alive (or, with ``deleted``, in the wastebasket)."""
        query = self.queryset(city).filter(deleted_at__isnull=not deleted)
        if self.related:
            query = query.select_related(*self.related)
        return get_object_or_404(query, pk=pk)

    def edit_link(self, city: City, item: Any) -> str:
        if self.edit_link_of is not None:
            return self.edit_link_of(city, item)
        return reverse(self.edit_url, args=[city.slug, item.pk])

    def may_change(self, user: Person, city: City, item: Any | None = None) -> bool:
        """May ``user`` change (edit, delete, discard, restore) this item of ``city``?
        Without an item: some item of this kind."""
        if self.by_party:
            if item is None:
                return permissions.can_edit(user, city) or permissions.is_programme_staff(user)
            return permissions.can_follow_up(user, city, _party(item))
        return permissions.can_edit(user, city, needs=self.needs)

    def may_publish(self, user: Person, city: City, item: Any | None = None) -> bool:
        if not self.publishable:
            return False
        if self.by_party and item is not None:
            return permissions.can_publish_follow_up(user, city, _party(item))
        return permissions.can_publish(user, city)


def _delete_observation(*, item, by, expected_version):
    return observation_delete(observation=item, by=by, expected_version=expected_version)


def _delete_goal(*, item, by, expected_version):
    return goal_delete(goal=item, by=by, expected_version=expected_version)


def _delete_target(*, item, by, expected_version):
    return target_delete(target=item, by=by, expected_version=expected_version)


def _delete_indicator(*, item, by, expected_version):
    return indicator_delete(indicator=item, by=by, expected_version=expected_version)


def _delete_action(*, item, by, expected_version):
    action_delete(action=item, by=by, expected_version=expected_version)
    return True


def _delete_follow_up(*, item, by, expected_version):
    follow_up_delete(follow_up=item, by=by, expected_version=expected_version)
    return True


def _delete_commitment_follow_up(*, item, by, expected_version):
    return commitment_follow_up_delete(follow_up=item, by=by, expected_version=expected_version)


def _delete_follow_up_text(*, item, by, expected_version):
    return follow_up_text_delete(text=item, by=by, expected_version=expected_version)


def _follow_up_link(city: City, item: FollowUp) -> str:
    return reverse("portfolio:follow-up-edit", args=[city.slug, item.action_id, item.pk])


def _commitment_follow_up_link(city: City, item: CommitmentFollowUp) -> str:
    contract = item.commitment.section.contract
    url = reverse("contracts:follow-up-edit", args=[city.slug, contract.year, item.commitment_id])
    return f"{url}?ar={item.year}"


def _follow_up_text_link(city: City, item: FollowUpText) -> str:
    return reverse(
        "contracts:text-edit", args=[city.slug, item.contract.year, item.party, item.kind]
    )


KINDS: dict[str, Kind] = {
    kind.segment: kind
    for kind in (
        Kind(
            "utfall",
            Observation,
            "officer",
            _("värde"),
            "workspace:observations",
            "workspace:observation-edit",
            _delete_observation,
            related=("indicator", "release"),
        ),
        Kind(
            "mal", Goal, "admin", _("mål"), "workspace:goals", "workspace:goal-edit", _delete_goal
        ),
        Kind(
            "malvarden",
            Target,
            "admin",
            _("målvärde"),
            "workspace:goals",
            "workspace:target-edit",
            _delete_target,
            related=("indicator", "goal"),
        ),
        Kind(
            "indikatorer",
            Indicator,
            "admin",
            _("indikator"),
            "workspace:indicators",
            "workspace:indicator-edit",
            _delete_indicator,
            publishable=False,
        ),
        Kind(
            "atgarder",
            Action,
            "officer",
            _("åtgärd"),
            "portfolio:index",
            "portfolio:edit",
            _delete_action,
        ),
        Kind(
            "uppfoljningar",
            FollowUp,
            "officer",
            _("uppföljning av åtgärd"),
            "portfolio:index",
            "portfolio:follow-up-edit",
            _delete_follow_up,
            related=("action",),
            edit_link_of=_follow_up_link,
        ),
        Kind(
            "kontraktsuppfoljningar",
            CommitmentFollowUp,
            "officer",
            _("uppföljning av åtagande"),
            "contracts:list",
            "contracts:follow-up-edit",
            _delete_commitment_follow_up,
            related=("commitment__section__contract",),
            edit_link_of=_commitment_follow_up_link,
            by_party=True,
        ),
        Kind(
            "uppfoljningstexter",
            FollowUpText,
            "officer",
            _("uppföljningstext"),
            "contracts:list",
            "contracts:text-edit",
            _delete_follow_up_text,
            related=("contract",),
            edit_link_of=_follow_up_text_link,
            by_party=True,
        ),
    )
}
BY_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS.values()}


def describe(item: models.Model) -> str:
    """A short name for an item, as lists and messages show it (from its working copy)."""
    if isinstance(item, Observation):
        return (
            f"{item.indicator.name} {item.year}: {format_number(item.value)} {item.indicator.unit}"
        )
    if isinstance(item, Target):
        return f"{item.indicator.name} {item.target_year}"
    if isinstance(item, Goal):
        return item.title
    if isinstance(item, Indicator):
        return f"{item.name} ({item.unit})"
    if isinstance(item, Action):
        return item.title
    if isinstance(item, FollowUp):
        return f"{item.action.title}, {item.period_label}: {item.get_status_display().lower()}"
    if isinstance(item, CommitmentFollowUp):
        return f"{item.commitment} ({item.year}): {item.get_status_display().lower()}"
    if isinstance(item, FollowUpText):
        contract = item.contract
        return f"{item} ({contract.title} {contract.year})"
    return str(item)


class KindConverter:
    """URL converter: only the segments of registered kinds match."""

    regex = "|".join(KINDS)

    def to_python(self, value: str) -> Kind:
        return KINDS[value]

    def to_url(self, value: Kind | str) -> str:
        return value.segment if isinstance(value, Kind) else value
