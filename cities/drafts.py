"""Drafts and publishing of content, in one place.

What a draft is (decided here, relied on everywhere):

- The columns of a row always hold what the public sees once the row is published. A
  pending change to a **published** row is kept beside it in ``draft`` (attribute name →
  JSON value) until someone who may publish applies it. Meanwhile the public keeps seeing
  the last published version: a changed value never vanishes from a public chart.
- A row that has **never been published** (``is_published=False``) is itself the draft:
  edits change its columns directly, and the public never sees it.
- Deleting a row that was never published is immediate (and soft). Deleting a
  **published** row is itself a pending change (``draft == {"_delete": True}``): the public
  keeps seeing the row until the deletion is published.
- Publishing applies the pending change (or first publishes the row); it is one action
  per item or many in one transaction (``cities.services.content_publish_many``).

Why this shape: every public reader (``.published()`` querysets, the public pages, the
anonymous API) reads plain columns of published rows and is correct by construction; no
reader needs to know drafts exist. Only the workspace, which shows people their city's
drafts, reads :func:`working` copies (the row with its pending change applied).

Models without drafts (``Indicator``: city-specific definitions are edited in place by
the city's administrators) go through the same functions and are simply always edited
directly.

**Parts.** Some content has parts kept outside its own row that are as much "what the
public sees" as its columns: an action's linked goals and indicators and its cost lines
(the investment plan). Such a model names them in ``draft_parts`` and gives, per part,
its stored state as JSON-ready data (``draft_part(name)``, normalised so equal states
compare equal), how to write it (``draft_part_set(name, value)``, called once the row is
saved) and how an unsaved working copy shows a pending state
(``show_draft_parts({name: value})``). A pending change of a published item keeps its
parts in ``draft`` beside its columns, so publishing, discarding, the history and
restoring treat them exactly like columns.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
from collections.abc import Collection
from typing import Any, Protocol, TypeGuard, TypeVar, runtime_checkable

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from cities.models import Editable

DELETE = "_delete"

# Columns that say how a row is kept, not what it says; never part of a draft.
BOOKKEEPING = frozenset(
    {
        "id",
        "is_published",
        "published_at",
        "version",
        "created_at",
        "updated_at",
        "updated_by_id",
        "deleted_at",
        "draft",
        "draft_by_id",
        "draft_at",
    }
)

Person = User | AnonymousUser
M = TypeVar("M", bound=models.Model)


@runtime_checkable
class WithParts(Protocol):
    """Content with parts kept outside its row (see the module's docstring)."""

    draft_parts: tuple[str, ...]

    def draft_part(self, name: str) -> list[Any]: ...

    def draft_part_set(self, name: str, value: list[Any]) -> None: ...

    def show_draft_parts(self, parts: dict[str, list[Any]]) -> None: ...


def plain(value: Any) -> Any:
    """A field value as JSON-ready data (dates as ISO text, decimals as text, models as ids)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def uses_drafts(instance: models.Model) -> TypeGuard[Editable]:
    """Does this kind of content keep pending changes beside its published state?"""
    return isinstance(instance, Editable)


def content_attnames(model: type[models.Model]) -> list[str]:
    """The attribute names of the fields people edit (foreign keys as ``…_id``)."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in BOOKKEEPING and not field.primary_key
    ]


def content_keys(model: type[models.Model]) -> list[str]:
    """What an edit, a draft or a restore may change: the fields people edit and the
    model's parts."""
    return [*content_attnames(model), *parts_of(model)]


def from_plain(model: type[models.Model], attname: str, value: Any) -> Any:
    """The Python value of a field stored as JSON in a draft or history snapshot."""
    field = model._meta.get_field(attname)
    assert isinstance(field, models.Field)  # a column, never a reverse relation
    return field.to_python(value) if value is not None else None


def parts_of(model: type[models.Model] | models.Model) -> tuple[str, ...]:
    """The parts (see the module's docstring) of this kind of content, if any."""
    return tuple(getattr(model, "draft_parts", ()))


def part(instance: models.Model, name: str) -> Any:
    """A part as the city's people see it: the pending state, else the stored one."""
    if has_pending(instance) and name in instance.draft:
        return instance.draft[name]
    assert isinstance(instance, WithParts)  # only content with parts names one
    return instance.draft_part(name)


def _queue_parts(instance: models.Model, values: dict[str, Any]) -> None:
    """Remember parts to write once the row itself is saved (see :func:`save_parts`)."""
    if values:
        instance.__dict__.setdefault("_unsaved_parts", {}).update(values)


def save_parts(instance: models.Model) -> None:
    """Write the parts an edit, a publish or a withdrawal changed (call after saving the
    row, inside the same transaction)."""
    for name, value in instance.__dict__.pop("_unsaved_parts", {}).items():
        assert isinstance(instance, WithParts)  # only content with parts queues them
        instance.draft_part_set(name, value)


def show_related(instance: models.Model, name: str, items: Any) -> None:
    """Make ``instance.<name>.all()`` return ``items`` (a list, or a queryset evaluated
    when read) without a query, the way a prefetch does; for unsaved working copies.
    The copy gets its own prefetch cache, so the stored row is not disturbed."""
    cache = dict(getattr(instance, "_prefetched_objects_cache", {}))
    if isinstance(items, models.QuerySet):
        query = items
    else:
        related = getattr(instance, name)
        query = related.model._default_manager.none()
        query._result_cache = list(items)
        query._prefetch_done = True
    cache[name] = query
    # The attribute Django's prefetch reads (not in the type stubs).
    instance.__dict__["_prefetched_objects_cache"] = cache


def has_pending(instance: models.Model) -> TypeGuard[Editable]:
    """Does the row have a pending change (an edit or a deletion) beside it?"""
    return uses_drafts(instance) and bool(instance.draft)


def pending_delete(instance: models.Model) -> TypeGuard[Editable]:
    """Is the row's pending change its deletion?"""
    return uses_drafts(instance) and bool(instance.draft.get(DELETE))


def working(instance: M) -> M:
    """The row as the city's people see it: with its pending change applied.

    Returns ``instance`` itself when nothing is pending, else a copy (never saved).
    """
    original = instance
    if not has_pending(instance):
        return instance
    # Model.__getstate__ copies the related-object cache, so a changed foreign key on the
    # copy does not disturb the original.
    current = copy.copy(original)
    model = type(instance)
    parts = parts_of(model)
    for attname, value in instance.draft.items():
        if attname != DELETE and attname not in parts:
            setattr(current, attname, from_plain(model, attname, value))
    pending_parts = {name: instance.draft[name] for name in parts if name in instance.draft}
    if pending_parts:
        assert isinstance(current, WithParts)
        current.show_draft_parts(pending_parts)
    return current


def pending_changes(instance: models.Model) -> dict[str, list[Any]]:
    """The pending change of a published row: ``{attname: [published, pending]}``."""
    if not has_pending(instance):
        return {}
    return {
        attname: [_published(instance, attname), value]
        for attname, value in instance.draft.items()
        if attname != DELETE
    }


def _published(instance: models.Model, attname: str) -> Any:
    """A column's or part's published state, JSON-ready."""
    if attname in parts_of(instance):
        assert isinstance(instance, WithParts)
        return instance.draft_part(attname)
    return plain(getattr(instance, attname))


def _set_draft(instance: Editable, draft: dict[str, Any], by: Person | None) -> None:
    user = by if isinstance(by, User) else None
    instance.draft = draft
    instance.draft_by = user if draft else None
    instance.draft_at = timezone.now() if draft else None


def stage(instance: models.Model, changes: dict[str, Any], *, by: Person | None) -> bool:
    """Apply an edit (``{attname: new value}``) the way drafts work; save nothing.

    A published row keeps its columns and gathers the edit in ``draft`` (a value set back
    to the published one leaves the draft); anything else is changed in place. Editing a
    row whose deletion is pending withdraws the deletion. Returns whether anything changed.
    ``changes`` may name parts (``draft_parts``) with their JSON-ready state; parts of a
    row edited in place are written by :func:`save_parts` once the row is saved.
    """
    parts = parts_of(instance)
    current = working(instance)

    def now(attname: str) -> Any:
        return part(instance, attname) if attname in parts else plain(getattr(current, attname))

    changed = {attname: value for attname, value in changes.items() if now(attname) != plain(value)}
    if not changed:
        return False
    if not uses_drafts(instance) or not instance.is_published:
        for attname, value in changed.items():
            if attname not in parts:
                setattr(instance, attname, value)
        _queue_parts(instance, {a: plain(v) for a, v in changed.items() if a in parts})
        return True
    draft = {key: value for key, value in instance.draft.items() if key != DELETE}
    for attname, value in changed.items():
        if _published(instance, attname) == plain(value):
            draft.pop(attname, None)
        else:
            draft[attname] = plain(value)
    _set_draft(instance, draft, by)
    return True


def propose_delete(instance: Editable, *, by: Person | None) -> None:
    """Mark a published row for deletion once published (replaces any pending edit)."""
    _set_draft(instance, {DELETE: True}, by)


def discard(instance: Editable) -> None:
    """Drop the pending change; the row stays as published."""
    _set_draft(instance, {}, None)


def apply(instance: Editable) -> dict[str, list[Any]]:
    """Publish: apply the pending change to the columns and mark the row published.

    Returns what changed for the public, ``{attname: [before, after]}``. A pending
    deletion is not handled here (the caller soft-deletes the row).
    """
    public: dict[str, list[Any]] = {}
    if not instance.is_published:
        public["is_published"] = [False, True]
    model = type(instance)
    parts = parts_of(model)
    for attname, value in instance.draft.items():
        if attname == DELETE:
            continue
        if attname in parts:
            public[attname] = [_published(instance, attname), value]
            _queue_parts(instance, {attname: value})
            continue
        public[attname] = [plain(getattr(instance, attname)), value]
        setattr(instance, attname, from_plain(model, attname, value))
    _set_draft(instance, {}, None)
    instance.is_published = True
    instance.published_at = timezone.now()
    return public


def withdraw(instance: Editable) -> None:
    """Unpublish: the row becomes the draft again, so a pending edit moves into its
    columns (the public no longer sees the row, so nothing needs to be kept apart)."""
    model = type(instance)
    parts = parts_of(model)
    for attname, value in instance.draft.items():
        if attname in parts:
            _queue_parts(instance, {attname: value})
        elif attname != DELETE:
            setattr(instance, attname, from_plain(model, attname, value))
    _set_draft(instance, {}, None)
    instance.is_published = False
    instance.published_at = None


def validate(instance: models.Model, *, stored: Collection[str] = ()) -> None:
    """Validate the row as it would be published (its working copy): field rules and
    database constraints. Raises ``ValidationError`` naming the fields.

    ``stored``: attribute names whose value is the one the database holds (publishing
    changes only the fields of the pending change): a foreign key among them is not
    looked up again, as the database's own foreign key vouches for it (four queries a
    value, most of the time it took to publish 350 values at once). Every rule, unique
    and check constraint is checked all the same, as ``full_clean`` does."""
    row = working(instance)
    known = {f.name for f in row._meta.concrete_fields if f.is_relation and f.attname in stored}
    # ``full_clean(exclude=known)`` would skip the constraints on those fields too.
    errors: dict[str, Any] = {}
    for check in (lambda: row.clean_fields(exclude=known), row.clean):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    # As ``full_clean``: a field that failed is left out of the constraints' checks.
    failed = {name for name in errors if name != NON_FIELD_ERRORS}
    for constraint_check in (row.validate_unique, row.validate_constraints):
        try:
            constraint_check(exclude=failed)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def working_list(items: list[M]) -> list[M]:
    """Working copies of many rows, resolving foreign keys changed in their drafts with one
    query per related model (so a list never queries per row)."""
    copies = [working(item) for item in items]
    wanted: dict[Any, set[Any]] = {}
    for item in items:
        if not has_pending(item):
            continue
        parts = parts_of(item)
        for attname, value in item.draft.items():
            if attname == DELETE or value is None or attname in parts:
                continue
            field = item._meta.get_field(attname)
            if field.is_relation:
                wanted.setdefault(field, set()).add(value)
    for field, ids in wanted.items():
        found = field.related_model._default_manager.in_bulk(ids)
        for current in copies:
            value = getattr(current, field.attname)
            if value in found:
                setattr(current, field.name, found[value])
    return copies
