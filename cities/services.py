"""Writes to goals, to content of every kind (create, edit, delete, publish, restore) and
to memberships. Each service is one transaction. (The municipalities themselves are
loaded by ``cities.reference_data``.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities import drafts
from cities.history import mark_published, record_change, save_edited, snapshot, versioned
from cities.models import (
    ChangeAction,
    ChangeRecord,
    City,
    Editable,
    Goal,
    GoalOrigin,
    Membership,
    Scope,
)
from cities.permissions import Role, forget_roles
from core.cache import bump_generation

Person = User | AnonymousUser


@dataclass(frozen=True)
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


@transaction.atomic
def goal_create(
    *,
    city: City,
    title: str,
    scope: Scope | str,
    description: str = "",
    target_year: int | None = None,
    decided_by: str = "",
    decided_on: date | None = None,
    source_reference: str = "",
    order: int = 0,
    is_published: bool = False,
    by: Person | None = None,
    origin: str = GoalOrigin.CITY,
) -> Goal:
    """Record one of a city's climate goals (``origin``: entered by the city, or imported
    from what the city reported to CDP-ICLEI)."""
    goal = Goal(
        origin=origin,
        city=city,
        title=title,
        scope=scope,
        description=description,
        target_year=target_year,
        decided_by=decided_by,
        decided_on=decided_on,
        source_reference=source_reference,
        order=order,
        is_published=is_published,
        published_at=timezone.now() if is_published else None,
    )
    return content_create(item=goal, by=by)


GOAL_FIELDS = (
    "title",
    "description",
    "scope",
    "target_year",
    "decided_by",
    "decided_on",
    "source_reference",
    "order",
)


def check_fields(fields: dict[str, Any], allowed: Iterable[str], service: str) -> None:
    """Refuse fields an edit service does not change (a caller's mistake, not a person's)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")


@transaction.atomic
def goal_update(*, goal: Goal, by: Person | None, expected_version: int, **fields: Any) -> bool:
    """Change a goal. A published goal keeps its published wording until the change is
    published; returns whether anything changed."""
    check_fields(fields, GOAL_FIELDS, "goal_update")
    return content_update(item=goal, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def goal_delete(*, goal: Goal, by: Person | None, expected_version: int) -> bool:
    """Delete a goal (softly; a published goal's deletion waits for publishing). Its
    targets go with it and come back if it is restored."""
    return content_delete(item=goal, by=by, expected_version=expected_version)


# --- Content of every kind: create, edit, delete, publish, restore ---------------------
# These are the only writers of Editable content (and of city-specific indicators): each
# goes through cities.drafts for what a draft is, save_edited for optimistic locking,
# record_change for the history, and bump_generation for the public pages' cache.


@transaction.atomic
def content_create(
    *, item: models.Model, by: Person | None, parts: dict[str, Any] | None = None
) -> Any:
    """Save a new item (a draft unless the caller publishes it) and record its creation.
    ``parts``: the item's parts (``cities.drafts``), e.g. an action's cost lines, written
    with it (the caller has validated them)."""
    item.full_clean()
    save_edited(item, by=by)
    for name, value in (parts or {}).items():
        assert isinstance(item, drafts.WithParts)  # only content with parts is given them
        item.draft_part_set(name, drafts.plain(value))
    record_change(item, action=ChangeAction.CREATE, by=by)
    bump_generation()
    return item


@transaction.atomic
def content_update(
    *,
    item: models.Model,
    changes: dict[str, Any],
    by: Person | None,
    expected_version: int,
    action: ChangeAction = ChangeAction.UPDATE,
) -> bool:
    """Edit an item (``changes``: attribute name → new value): in place when it has never
    been published, as a pending change when it has. Refuses with ``StaleEdit`` when
    someone saved a newer version than ``expected_version``, and with
    ``ValidationError`` (naming the fields) when the result would break a rule.
    Returns whether anything changed."""
    before = snapshot(item)
    if not drafts.stage(item, changes, by=by):
        return False
    drafts.validate(item)
    save_edited(item, by=by, expected_version=expected_version)
    drafts.save_parts(item)
    record_change(item, action=action, by=by, before=before)
    bump_generation()
    return True


@transaction.atomic
def content_delete(*, item: models.Model, by: Person | None, expected_version: int) -> bool:
    """Delete an item softly. A published item stays public until its deletion is
    published (the deletion is then a pending change); anything else goes at once."""
    before = snapshot(item)
    if drafts.uses_drafts(item) and item.is_published:
        if drafts.pending_delete(item):
            return False
        drafts.propose_delete(item, by=by)
        save_edited(item, by=by, expected_version=expected_version)
        record_change(item, action=ChangeAction.UPDATE, by=by, before=before)
    else:
        versioned(item).deleted_at = timezone.now()
        save_edited(item, by=by, expected_version=expected_version)
        record_change(item, action=ChangeAction.DELETE, by=by, before=before)
    bump_generation()
    return True


def _publish_one(item: Editable, *, by: Person | None, expected_version: int | None) -> bool:
    if drafts.pending_delete(item):
        before = snapshot(item)
        drafts.discard(item)
        item.deleted_at = timezone.now()
        save_edited(item, by=by, expected_version=expected_version)
        record_change(item, action=ChangeAction.DELETE, by=by, before=before)
        return True
    if item.is_published and not drafts.has_pending(item):
        return False
    mark_published(item, by=by, expected_version=expected_version)
    return True


@transaction.atomic
def content_publish(*, item: Editable, by: Person | None, expected_version: int | None) -> bool:
    """Publish one item: its first version, its pending change or its pending deletion.
    Returns False when nothing was waiting."""
    done = _publish_one(item, by=by, expected_version=expected_version)
    if done:
        bump_generation()
    return done


@transaction.atomic
def content_publish_many(*, items: Iterable[tuple[Editable, int]], by: Person | None) -> int:
    """Publish several items (each with the version the person saw) in one transaction:
    all of them or, if any was changed meanwhile (``StaleEdit``) or breaks a rule, none.
    Returns how many were published."""
    count = sum(_publish_one(item, by=by, expected_version=version) for item, version in items)
    if count:
        bump_generation()
    return count


@transaction.atomic
def content_send_back(*, item: Editable, comment: str, by: Person | None) -> ChangeRecord:
    """Send a draft back to the people who wrote it, with the reason (``comment``): the
    draft stays as it is, waiting, and the reason is kept in its history, where they see
    it (and on their start page until the item changes again)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Skriv varför utkastet skickas tillbaka.")})
    if not (drafts.has_pending(item) or not item.is_published):
        raise ValidationError(_("Det finns inget utkast att skicka tillbaka."))
    return record_change(item, action=ChangeAction.SEND_BACK, by=by, changes={}, comment=comment)


@transaction.atomic
def content_unpublish(*, item: Editable, by: Person | None, expected_version: int) -> bool:
    """Withdraw an item from the public; it becomes a draft again."""
    if not item.is_published:
        return False
    mark_published(item, by=by, published=False, expected_version=expected_version)
    bump_generation()
    return True


@transaction.atomic
def content_discard(*, item: Editable, by: Person | None, expected_version: int) -> bool:
    """Throw away the pending change of a published item; it stays as published."""
    if not drafts.has_pending(item):
        return False
    before = snapshot(item)
    drafts.discard(item)
    save_edited(item, by=by, expected_version=expected_version)
    record_change(item, action=ChangeAction.UPDATE, by=by, before=before)
    bump_generation()
    return True


# A restore never moves an item to another city or goal.
_OWNER_FIELDS = {"city_id", "goal_id"}


@transaction.atomic
def content_restore_version(
    *, item: models.Model, record: ChangeRecord, by: Person | None, expected_version: int
) -> bool:
    """Make an earlier version (a history entry's state) the current one. Like any edit
    of a published item it waits for publishing; it is recorded as a restore."""
    if record.object_id != item.pk or record.content_type.model_class() is not type(item):
        raise ValueError("the history entry belongs to another item")
    model = type(item)
    values = {
        attname: drafts.from_plain(model, attname, record.snapshot[attname])
        for attname in drafts.content_attnames(model)
        if attname in record.snapshot and attname not in _OWNER_FIELDS
    }
    values |= {
        name: record.snapshot[name] for name in drafts.parts_of(model) if name in record.snapshot
    }
    return content_update(
        item=item,
        changes=values,
        by=by,
        expected_version=expected_version,
        action=ChangeAction.RESTORE,
    )


def _deleted_parents(item: models.Model) -> dict[str, str]:
    """Foreign keys of ``item`` pointing at soft-deleted rows (which must come back first)."""
    problems = {}
    for field in item._meta.concrete_fields:
        related = field.related_model
        if not field.is_relation or related is None or not hasattr(related, "deleted_at"):
            continue
        parent = getattr(item, field.name)
        if parent is not None and parent.deleted_at is not None:
            problems[field.name] = _("%(what)s ”%(name)s” är borttagen; återställ den först.") % {
                "what": str(related._meta.verbose_name).capitalize(),
                "name": parent,
            }
    return problems


@transaction.atomic
def content_undelete(*, item: models.Model, by: Person | None) -> bool:
    """Bring back a deleted item. A published item comes back as a draft: the public sees
    it again only once it is published anew."""
    if versioned(item).deleted_at is None:
        return False
    problems = _deleted_parents(item)
    if problems:
        raise ValidationError(problems)
    before = snapshot(item)
    versioned(item).deleted_at = None
    if drafts.uses_drafts(item):
        drafts.discard(item)
        item.is_published = False
        item.published_at = None
    drafts.validate(item)
    save_edited(item, by=by)
    record_change(item, action=ChangeAction.RESTORE, by=by, before=before)
    bump_generation()
    return True


# --- People: who works for a city -------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    created_user: bool  # a new account, whose password is set from the emailed link


def _last_admin(membership: Membership) -> bool:
    return (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(city_id=membership.city_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_invite(*, city: City, email: str, role: Role | str, by: Person | None) -> Invitation:
    """Give the person with this email address a role in ``city``, creating their account
    (without a password; they set one from the invitation link) when there is none.

    Raises ``ValidationError`` on the ``email`` field when the person already holds a role
    in the city or the address belongs to several accounts.
    """
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise ValidationError(
            {
                "email": _("Flera konton har adressen %(email)s; kontakta programkontoret.")
                % {"email": email}
            }
        )
    created = not users
    if created:
        user = get_user_model().objects.create_user(username=email, email=email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    else:
        user = users[0]
    if Membership.objects.filter(user=user, city=city).exists():
        raise ValidationError(
            {"email": _("%(email)s har redan en roll i %(city)s.") % {"email": email, "city": city}}
        )
    membership = Membership.objects.create(user=user, city=city, role=role)
    record_change(membership, action=ChangeAction.CREATE, by=by)
    forget_roles(user)
    return Invitation(membership=membership, created_user=created)


@transaction.atomic
def city_admin_create(*, city: City, email: str, by: Person | None) -> Invitation:
    """Make the person with this email address an administrator of ``city``: a new account
    (without a password) when there is none, an added role, or an officer made
    administrator. How a city gets its first administrator (``create_city_admin``, the
    admin and programme staff's people page)."""
    address = get_user_model().objects.normalize_email(email.strip()).lower()
    existing = (
        Membership.objects.select_related("user", "city")
        .filter(city=city, user__email__iexact=address)
        .first()
    )
    if existing is None:
        return membership_invite(city=city, email=address, role=Role.ADMIN, by=by)
    membership_role_change(membership=existing, role=Role.ADMIN, by=by)
    return Invitation(membership=existing, created_user=False)


@transaction.atomic
def membership_role_change(*, membership: Membership, role: Role | str, by: Person | None) -> bool:
    """Change a person's role in a city. A city never loses its last administrator."""
    if membership.role == role:
        return False
    if role != Role.ADMIN and _last_admin(membership):
        raise ValidationError(
            {
                "role": _("%(city)s måste ha minst en kommunadministratör.")
                % {"city": membership.city}
            }
        )
    before = snapshot(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record_change(membership, action=ChangeAction.UPDATE, by=by, before=before)
    forget_roles(membership.user)
    return True


@transaction.atomic
def membership_remove(*, membership: Membership, by: Person | None) -> None:
    """Take away a person's role in a city (their account and their history stay)."""
    if _last_admin(membership):
        raise ValidationError(
            _("%(city)s måste ha minst en kommunadministratör.") % {"city": membership.city}
        )
    record_change(membership, action=ChangeAction.DELETE, by=by, before=snapshot(membership))
    membership.delete()
    forget_roles(membership.user)
