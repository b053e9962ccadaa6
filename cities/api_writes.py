"""What every resource of the API shares where content is drafted, edited and published:
who may read drafts, who may change what (``cities.permissions``, the same rules as the
forms), how a service's refusal becomes an HTTP answer, and ``EditableResource``, the one
base of the five write viewsets (goals, targets, values, actions, follow-ups).

- Reading: anonymous visitors and people of other cities get published rows only (the
  published columns, ``cities.drafts``); a city's people and programme staff also the
  city's drafts and pending changes, as working copies, each marked with its ``state``.
  ``?published=true`` gives them the public view.
- Writing goes through the services, never around them: they stage drafts, lock
  optimistically (the request carries the ``version`` it read; a newer one gives 409
  Conflict with what changed), record the history and bump the cache.
- A service's ``ValidationError`` becomes 400 with the messages on the API's field names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from cities import drafts
from cities.history import StaleEdit
from cities.models import ALL_CITIES, City
from cities.permissions import Need, can_edit, can_publish, draft_city_ids
from core.api.collections import Collection

T = TypeVar("T")

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
    return drafts.working_list(items) if with_drafts else items  # type: ignore[arg-type]


# --- Writing: permissions -------------------------------------------------------------------


def require_edit(request: Request, city: City, *, needs: str = "officer") -> None:
    """403 unless the person may change this city's content needing role ``needs``
    ("officer": values, actions, follow-ups; "admin": goals and targets)."""
    if not can_edit(request.user, city, needs=needs):  # type: ignore[arg-type]
        raise PermissionDenied(
            _("Du har inte behörighet att ändra det här i %(city)s.") % {"city": city.name}
        )


def require_publish(request: Request, city: City) -> None:
    if not can_publish(request.user, city):
        raise PermissionDenied(
            _("Bara kommunadministratörer i %(city)s kan publicera.") % {"city": city.name}
        )


def unknown_city(code: str) -> serializers.ValidationError:
    return serializers.ValidationError({"city": [_("Okänd kommunkod %(code)s.") % {"code": code}]})


def city_from_body(data: Any, field: str = "city") -> City | None:
    """The city a request body names by its code, if it names one that exists (so that
    the permission is checked before anything else is read)."""
    code = data.get(field) if isinstance(data, Mapping) else None
    if not isinstance(code, str) or not code.isdigit() or len(code) != 4:
        return None
    return City.objects.select_related("county").filter(code=code).first()


# --- Writing: services' answers as HTTP -----------------------------------------------------

#: Fields of the history that say how a row is kept, never shown as "what changed".
_BOOKKEEPING = {"pending", "updated_by_id", "published_at", "updated_at", "draft_by_id", "draft_at"}


class StaleChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Fältet som ändrats")
    yours = serializers.JSONField(help_text="Värdet när du läste (din version)")
    current = serializers.JSONField(help_text="Värdet som sparades under tiden")


class ConflictSerializer(serializers.Serializer):
    """409: someone saved a newer version after you read the item; nothing was written."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="stale")
    version = serializers.IntegerField(help_text="Den nya versionen; läs om och försök igen")
    changed_by = serializers.CharField(help_text="Vem som sparade, om det är känt")
    changes = StaleChangeSerializer(many=True)


def api_name(attname: str, names: Mapping[str, str]) -> str:
    """The API's name of a model field: from ``names``, else without ``_id``."""
    if attname in names:
        return names[attname]
    return attname[:-3] if attname.endswith("_id") else attname


def conflict(exc: StaleEdit, names: Mapping[str, str]) -> Response:
    """409 Conflict: who saved meanwhile, the new version, and each field that changed
    (as the person read it and as it is now)."""
    changes = [
        {"field": api_name(attname, names), "yours": pair[0], "current": pair[1]}
        for attname, pair in exc.changes.items()
        if attname not in _BOOKKEEPING and not attname.startswith("draft")
    ]
    body = {
        "detail": str(exc),
        "code": "stale",
        "version": exc.current.version,
        "changed_by": exc.by_whom,
        "changes": changes,
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


def invalid(exc: DjangoValidationError, names: Mapping[str, str]) -> serializers.ValidationError:
    """A service's refusal as 400, with the messages on the API's field names."""
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({"non_field_errors": exc.messages})
    errors: dict[str, list[str]] = {}
    for attname, messages in exc.message_dict.items():
        name = "non_field_errors" if attname == "__all__" else api_name(attname, names)
        errors.setdefault(name, []).extend(messages)
    return serializers.ValidationError(errors)


def run(service: Callable[..., T], names: Mapping[str, str], **kwargs: Any) -> T | Response:
    """Call a service; its ``StaleEdit`` becomes a 409 answer (returned) and its
    ``ValidationError`` a 400 (raised). Nothing is written in either case: each service
    is one transaction."""
    try:
        return service(**kwargs)
    except StaleEdit as exc:
        return conflict(exc, names)
    except DjangoValidationError as exc:
        raise invalid(exc, names) from None


def check_version(item: Model, version: int, names: Mapping[str, str]) -> Response | None:
    """For services that take no version (publishing actions): refuse with 409 when the
    item changed after the person read it."""
    if item.version == version:
        return None
    exc = StaleEdit(current=item, changes={}, by_whom=str(item.updated_by or ""))
    return conflict(exc, names)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Versionen du läste"
    )


def version_from_query(request: Request) -> int:
    """The version a DELETE names (``?version=3``), or 400."""
    raw = request.query_params.get("version", "")
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) < 2**31:
        raise serializers.ValidationError(
            {"version": [_("Ange versionen du läste, t.ex. ?version=3.")]}
        )
    return int(raw)


def require_version(data: dict[str, Any]) -> int:
    """The ``version`` of a change (taken out of ``data``), or 400."""
    if "version" not in data:
        raise serializers.ValidationError({"version": [_("Ange versionen du läste.")]})
    return data.pop("version")


VERSION_PARAM = OpenApiParameter(
    "version", int, required=True, description="Versionen du läste (optimistisk låsning)"
)

WRITE_ERRORS = {
    400: OpenApiResponse(description="Felaktiga uppgifter; meddelanden per fält (på svenska)"),
    403: OpenApiResponse(description="Inte inloggad, eller saknar behörighet i kommunen"),
    409: OpenApiResponse(
        response=ConflictSerializer,
        description="Någon sparade en nyare version efter att du läste; inget sparades",
    ),
}
DELETE_RESPONSES = {
    204: OpenApiResponse(description="Borttaget"),
    202: OpenApiResponse(description="Borttagningen väntar på publicering; till dess syns det"),
    **WRITE_ERRORS,
}


# --- One base for the resources that are written ---------------------------------------------


@dataclass(frozen=True)
class Parent:
    """What a new item belongs to, as the request body names it in ``field``: a city by
    its code (``model`` None), or by its id an item of ``model`` the person may read (a
    goal, an action). ``unknown``: the 400's message when the body names no such item."""

    field: str
    model: type[Model] | None = None
    unknown: str = ""

    def find(self, request: Request) -> Model | None:
        """The parent the body names, if it exists (found before the body is validated,
        so that the person's right is checked before anything else is said)."""
        if self.model is None:
            return city_from_body(request.data, self.field)
        raw = request.data.get(self.field) if isinstance(request.data, Mapping) else None
        if not isinstance(raw, int | str) or not str(raw).isdigit() or int(raw) >= 2**31:
            return None
        readable = self.model.objects.visible_to(request.user)  # type: ignore[attr-defined]
        return readable.select_related("city").filter(pk=int(raw)).first()

    def not_found(self, raw: Any) -> serializers.ValidationError:
        if self.model is None:
            return unknown_city(raw)
        return serializers.ValidationError({self.field: [str(self.unknown)]})


@dataclass(frozen=True)
class Service:
    """A service a write calls, and the keyword it takes the item by
    (``goal_update(goal=…)``, ``content_delete(item=…)``). ``versioned``: it is given
    the version the person read; else that version is compared before it is called
    (``check_version``)."""

    function: Callable[..., Any]
    item: str = "item"
    versioned: bool = True


class EditableResource(
    Collection,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A collection of content a city's people draft, change and publish, declared by
    each resource (goals, targets, values, actions, follow-ups):

    - reading: the public gets published rows; the city's people and programme staff
      also its drafts and pending changes, as working copies marked with their
      ``state`` (``?published=true`` gives them the public view);
    - ``serializer_class``: the item as read and as answered after a write;
      ``create_serializer`` and ``update_serializer``: the bodies of a new item and of
      a change (only the fields sent change; ``version`` is the one read);
    - ``parent``: what a new item belongs to; ``city_path``: an item's city;
      ``needs``: who may write it ("officer" or "admin"; publishing needs an
      administrator of the city);
    - ``create_service`` … ``publish_service``: the services that write, never gone
      around (each is one transaction; its ``StaleEdit`` answers 409, its
      ``ValidationError`` 400 on the API's field names, ``names``);
    - ``create_arguments`` and ``update_arguments``: a service's arguments from a body
      (by default its fields as they are).
    """

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    model: type[Model]
    names: Mapping[str, str] = {}
    needs: Need = "officer"
    parent = Parent("city")
    city_path = "city"
    create_serializer: type[serializers.Serializer]
    update_serializer: type[serializers.Serializer]
    create_service: Service
    update_service: Service
    delete_service: Service
    publish_service: Service
    #: The description of the 204 a publish answers when it removed the item (its
    #: deletion was pending); empty: a publish answers the item.
    deleted_on_publish = ""

    # --- reading

    @property
    def with_drafts(self) -> bool:
        """Does the request get drafts (it may, and did not ask ``?published=true``)?"""
        if not hasattr(self, "_with_drafts"):
            self._with_drafts = sees_drafts(self.request, self.query.get("published", False))
        return self._with_drafts

    def prepare(self, items: list) -> list:
        return working_copies(items, with_drafts=self.with_drafts)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.prepare([self.get_object()])[0]
        return Response(self.get_serializer(item).data)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "with_drafts": self.with_drafts}

    def answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        """The item as the writer now sees it (a working copy), after a write."""
        self._with_drafts = sees_drafts(self.request)
        item = self.prepare([self.get_queryset().get(pk=pk)])[0]
        return Response(self.get_serializer(item).data, status=code)

    def answer_deleted(self, pk: int, *, otherwise: int = status.HTTP_202_ACCEPTED) -> Response:
        """204 when the item is gone; else the item with ``otherwise`` (after a DELETE:
        202, its deletion waits for publishing and the public sees it until then)."""
        if self.model._default_manager.get(pk=pk).deleted_at is not None:  # type: ignore[attr-defined]
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(pk, otherwise)

    # --- writing

    def city_of(self, item: Model) -> City:
        return attrgetter(self.city_path)(item)

    def item_for_write(self) -> Model:
        """The item a change names (404 unless the person may read it), once their right
        to change it is checked (403)."""
        item = self.get_object()
        require_edit(self.request, self.city_of(item), needs=self.needs)
        return item

    def item_to_publish(self) -> Model:
        return self.get_object()

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        """The create service's arguments (but ``by``) from a new item's fields."""
        return {self.parent.field: parent, **data}

    def update_arguments(self, item: Model, data: dict[str, Any]) -> dict[str, Any]:
        """The update service's arguments (but the item, ``by`` and the version) from the
        fields sent."""
        return data

    def call(self, service: Service, item: Model, **kwargs: Any) -> Any:
        """Run a service on ``item`` as the person (a 409 is returned, a 400 raised)."""
        return run(
            service.function, self.names, **{service.item: item}, by=self.request.user, **kwargs
        )

    # The actions below have no docstrings: the OpenAPI schema describes each operation
    # with the resource's own docstring.

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parent = self.parent.find(request)
        if parent is not None:
            city = parent if isinstance(parent, City) else parent.city  # type: ignore[attr-defined]
            require_edit(request, city, needs=self.needs)
        body = self.create_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        named = data.pop(self.parent.field)
        if parent is None:
            raise self.parent.not_found(named)
        arguments = self.create_arguments(parent, data)
        made = run(self.create_service.function, self.names, by=request.user, **arguments)
        if isinstance(made, Response):
            return made
        return self.answer(made.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.item_for_write()
        body = self.update_serializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = require_version(data)
        arguments = self.update_arguments(item, data)
        done = self.call(self.update_service, item, expected_version=version, **arguments)
        if isinstance(done, Response):
            return done
        return self.answer(item.pk)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.item_for_write()
        version = version_from_query(request)
        done = self.call(self.delete_service, item, expected_version=version)
        if isinstance(done, Response):
            return done
        return self.answer_deleted(item.pk)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        item = self.item_to_publish()
        require_publish(request, self.city_of(item))
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = body.validated_data["version"]
        if self.publish_service.versioned:
            done = self.call(self.publish_service, item, expected_version=version)
        else:
            done = check_version(item, version, self.names)
            if done is None:
                done = self.call(self.publish_service, item)
        if isinstance(done, Response):
            return done
        if self.deleted_on_publish:
            return self.answer_deleted(item.pk, otherwise=status.HTTP_200_OK)
        # Actions and follow-ups document no 204 and answer the item, so publishing one
        # of their pending deletions fails (the item is gone) until they declare
        # ``deleted_on_publish`` like the others.
        return self.answer(item.pk)


def editable_schema(
    *, list: str, retrieve: str, create: str, update: str, destroy: str, publish: str
) -> Callable[[type[EditableResource]], type[EditableResource]]:
    """The OpenAPI description of an editable resource's operations: their summaries
    (in Swedish), and bodies and answers from the resource's declarations."""

    def decorate(view: type[EditableResource]) -> type[EditableResource]:
        read = view.serializer_class
        deleted = view.deleted_on_publish
        published = {204: OpenApiResponse(description=deleted)} if deleted else {}
        return extend_schema_view(
            list=extend_schema(summary=list),
            retrieve=extend_schema(summary=retrieve),
            create=extend_schema(
                summary=create,
                request=view.create_serializer,
                responses={201: read, **WRITE_ERRORS},
            ),
            partial_update=extend_schema(
                summary=update,
                request=view.update_serializer,
                responses={200: read, **WRITE_ERRORS},
            ),
            destroy=extend_schema(
                summary=destroy, parameters=[VERSION_PARAM], responses=DELETE_RESPONSES
            ),
            publish=extend_schema(
                summary=publish,
                request=VersionSerializer,
                responses={200: read, **published, **WRITE_ERRORS},
            ),
        )(view)

    return decorate
