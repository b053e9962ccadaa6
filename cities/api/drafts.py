"""Reading content that is drafted: where an item stands on its way to the public
(``state``), and who reads drafts.

Anonymous visitors and people of other cities get published rows only (the published
columns, ``cities.drafts``); a city's people and programme staff also the city's drafts
and pending changes, as working copies, each marked with its ``state``.
``?published=true`` gives them the public view.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from cities import drafts
from cities.permissions import ALL_CITIES, draft_city_ids

T = TypeVar("T", bound=Model)

# Where an item stands on its way to the public.
PUBLISHED, DRAFT, CHANGED, DELETING = "published", "draft", "changed", "deleting"
STATES = (PUBLISHED, DRAFT, CHANGED, DELETING)


def state_of(item: Model) -> str:
    """``published``; ``draft`` (never published); ``changed`` (published, a change waits
    for publishing); ``deleting`` (published, its deletion waits for publishing)."""
    if not drafts.uses_drafts(item) or not item.is_published:
        return PUBLISHED if not drafts.uses_drafts(item) else DRAFT
    if drafts.pending_delete(item):
        return DELETING
    return CHANGED if drafts.has_pending(item) else PUBLISHED


#: The bookkeeping fields (``EditableFields``) as a row lists them, after its own.
BOOKKEEPING = ["version", "is_published", "state", "published_at", "updated_at"]


class EditableFields(serializers.Serializer):
    """The bookkeeping every edited item shows: its version (send it back when changing
    the item) and where it stands on its way to the public."""

    version = serializers.IntegerField(
        help_text="Skicka med versionen när du ändrar eller publicerar (optimistisk låsning)"
    )
    is_published = serializers.BooleanField(help_text="false: ett utkast som aldrig publicerats")
    state = serializers.SerializerMethodField(
        help_text="published; draft (utkast); changed (en ändring väntar på publicering); "
        "deleting (en borttagning väntar på publicering)"
    )
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, item: Model) -> str:
        # The public is not told that a change waits (it sees the published version).
        return state_of(item) if self.context.get("with_drafts") else PUBLISHED


# --- Reading: who sees drafts ---------------------------------------------------------------


def sees_drafts(request: Request, published_only: bool = False) -> bool:
    """Does this request get drafts of some city (it may and did not ask for the public
    view)?"""
    if published_only:
        return False
    ids = draft_city_ids(request.user)
    return ids is ALL_CITIES or bool(ids)


def draft_cities(request: Request) -> Any:
    """The ids of the cities whose drafts the request may read, or ``ALL_CITIES``."""
    return draft_city_ids(request.user)


def working_copies(items: list[T], *, with_drafts: bool) -> list[T]:
    """The rows as the reader should see them: working copies (pending changes applied)
    for those who see drafts, the published columns for everyone else."""
    return drafts.working_list(items) if with_drafts else items
