"""The history of content: every create, change, delete, restore and publish, with who,
when and old → new values, written by the services that change data.

Usage inside a service (within its transaction)::

    before = snapshot(goal)
    goal.title = "…"
    save_edited(goal, by=user, expected_version=form_version)
    record_change(goal, action=ChangeAction.UPDATE, by=user, before=before)
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, Protocol, cast

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from cities import drafts
from cities.models import ChangeAction, ChangeRecord, City, Editable
from core.cache import bump_generation

# Bookkeeping fields that change on every save; they are not "what changed".
_IGNORED = {"updated_at", "created_at", "version", "updated_by"}


class StaleEdit(Exception):
    """Someone else saved the item after this person opened it; nothing was written.

    ``changes`` lists, per field, the value this person started from and the value saved
    meanwhile, so the form can show what changed.
    """

    def __init__(self, *, current: models.Model, changes: dict[str, list[Any]], by_whom: str):
        self.current = current
        self.changes = changes
        self.by_whom = by_whom
        super().__init__(
            _("%(who)s har ändrat detta efter att du öppnade det; din ändring sparades inte.")
            % {"who": by_whom or _("Någon annan")}
        )


class Versioned(Protocol):
    """A row saved with optimistic locking and deleted softly (``save_edited``):
    ``Editable`` content, and a city's own indicators, which are edited in place."""

    version: int
    updated_by: User | None
    updated_by_id: int | None
    deleted_at: datetime | None


def versioned(instance: models.Model) -> Versioned:
    """``instance`` as the versioned row every content service edits: its model has the
    columns (checked on the model: ``isinstance`` with the protocol would read each
    attribute of the row, and so load ``updated_by`` from the database, a query per save)."""
    if not _has_versions(type(instance)):
        raise TypeError(f"{type(instance).__name__} is not saved with versions")
    return cast(Versioned, instance)


@functools.cache
def _has_versions(model: type[models.Model]) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    return {"version", "updated_by", "deleted_at"} <= names


_plain = drafts.plain

# Draft bookkeeping is folded into the snapshot (see ``snapshot``), never listed itself.
_DRAFT_COLUMNS = ("draft", "draft_by_id", "draft_at")


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values as JSON-ready data (foreign keys as ids).

    For content with drafts this is the state the city's people see (the working copy:
    the row with its pending change applied, parts such as an action's cost lines
    included), plus ``pending``: the names of the fields
    still waiting to be published (``_delete`` for a pending deletion), present only when
    something is pending. So a history entry shows the edit a person made, and restoring
    an entry restores what that person saw.
    """
    data = {}
    for field in instance._meta.concrete_fields:
        data[field.attname] = _plain(getattr(instance, field.attname))
    for name in drafts.parts_of(instance):  # stored state; a pending one is folded in below
        assert isinstance(instance, drafts.WithParts)
        data[name] = instance.draft_part(name)
    if drafts.uses_drafts(instance):
        pending = data.pop("draft", None) or {}
        for column in _DRAFT_COLUMNS[1:]:
            data.pop(column, None)
        for attname, value in pending.items():
            if attname != drafts.DELETE:
                data[attname] = value
        if pending:
            data["pending"] = sorted(pending)
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs: ``{field: [old, new]}``."""
    before = before or {}
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if key not in _IGNORED and before.get(key) != value
    }


def _city_of(instance: models.Model) -> City | None:
    if isinstance(instance, City):
        return instance
    path = getattr(type(instance)._default_manager, "_queryset_class", None)
    city_path = getattr(path, "city_path", "city")
    obj: Any = instance
    for part in city_path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if isinstance(obj, City) else None


def record_change(
    instance: models.Model,
    *,
    action: ChangeAction | str,
    by: User | AnonymousUser | None,
    before: dict[str, Any] | None = None,
    changes: dict[str, list[Any]] | None = None,
    comment: str = "",
) -> ChangeRecord:
    """Write one history entry for ``instance`` (call after saving it).

    ``changes`` overrides the computed old → new values, for events whose meaning is not
    a difference of working states (publishing: what changed for the public).
    """
    after = snapshot(instance)
    user = by if isinstance(by, User) else None
    if changes is None:
        changes = diff(before, after) if action != ChangeAction.CREATE else diff({}, after)
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        city=_city_of(instance),
        action=action,
        user=user,
        label=str(instance)[:300],
        changes=changes,
        snapshot=after,
        version=getattr(instance, "version", None),
        comment=comment,
    )


def _opened_snapshot(instance: models.Model, version: int) -> dict[str, Any] | None:
    """The item as it was at ``version`` (what a person saw when they opened it)."""
    return (
        ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=instance.pk,
            version=version,
        )
        .order_by("-at", "-id")
        .values_list("snapshot", flat=True)
        .first()
    )


def save_edited(
    instance: models.Model,
    *,
    by: User | AnonymousUser | None,
    expected_version: int | None = None,
    update_fields: list[str] | None = None,
) -> None:
    """Save an edited item, refusing it if someone saved a newer version meanwhile.

    The check and the version bump are one conditional UPDATE, so two concurrent saves
    cannot both pass.
    """
    model = type(instance)
    user = by if isinstance(by, User) else None
    row = versioned(instance)
    if instance.pk is None:
        row.updated_by = user
        instance.save()
        return
    version = row.version if expected_version is None else expected_version
    claimed = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=version + 1
    )
    if not claimed:
        current = model._default_manager.get(pk=instance.pk)
        # Compare with the version the person opened (from the history) when it is known,
        # so the message lists what the other person changed; else with this person's own
        # values.
        mine = _opened_snapshot(current, version) or snapshot(instance)
        theirs = snapshot(current)
        changes = {
            key: [mine.get(key), value]
            for key, value in theirs.items()
            if key not in _IGNORED and key != "pending" and mine.get(key) != value
        }
        edited = versioned(current)
        who = str(edited.updated_by) if edited.updated_by_id else ""
        raise StaleEdit(current=current, changes=changes, by_whom=who)
    row.version = version + 1
    row.updated_by = user
    if update_fields is not None:
        update_fields = [*update_fields, "version", "updated_by", "updated_at"]
    instance.save(update_fields=update_fields)


def history_for(instance: models.Model):
    """The history of one item, newest first."""
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
    ).select_related("user")


def mark_published(
    instance: Editable,
    *,
    by: User | AnonymousUser | None,
    published: bool = True,
    expected_version: int | None = None,
) -> ChangeRecord:
    """Publish (or withdraw) one item and record it.

    Publishing applies the item's pending change (``cities.drafts.apply``); the history
    entry lists what changed for the public. Withdrawing makes the row a draft again.
    A pending deletion is published by ``cities.services.content_publish`` instead.
    """
    before = snapshot(instance)
    if published:
        public = drafts.apply(instance)
        # What the pending change did not touch is as the database holds it.
        stored = {f.attname for f in instance._meta.concrete_fields} - public.keys()
        drafts.validate(instance, stored=stored)
        save_edited(instance, by=by, expected_version=expected_version)
        drafts.save_parts(instance)
        record = record_change(instance, action=ChangeAction.PUBLISH, by=by, changes=public)
    else:
        drafts.withdraw(instance)
        save_edited(instance, by=by, expected_version=expected_version)
        drafts.save_parts(instance)
        record = record_change(instance, action=ChangeAction.UNPUBLISH, by=by, before=before)
    # What the public sees changed: cached pages and API answers must not outlive it.
    bump_generation()
    return record
