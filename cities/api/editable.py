"""``EditableResource``: the one base of the API's five write viewsets (goals, targets,
values, actions, follow-ups), each of which declares its serializers, services, parent,
city and role; and ``editable_schema``, their OpenAPI description."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Model
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cities.api.drafts import sees_drafts, working_copies
from cities.api.writes import (
    DELETE_RESPONSES,
    VERSION_PARAM,
    WRITE_ERRORS,
    VersionSerializer,
    check_version,
    city_from_body,
    require_edit,
    require_publish,
    require_version,
    run,
    unknown_city,
    version_from_query,
)
from cities.history import versioned
from cities.models import City
from cities.permissions import Need
from core.api.collections import Collection

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The model a resource writes.
ItemT = TypeVar("ItemT", bound=Model)


@dataclass(frozen=True)
class Parent:
    """What a new item belongs to, as the request body names it in ``field``: a city by
    its code (``model`` None), or by its id an item of ``model`` the person may read (a
    goal, an action). ``unknown``: the 400's message when the body names no such item."""

    field: str
    model: type[Model] | None = None
    unknown: StrOrPromise = ""

    def find(self, request: Request) -> Model | None:
        """The parent the body names, if it exists (found before the body is validated,
        so that the person's right is checked before anything else is said)."""
        if self.model is None:
            return city_from_body(request.data, self.field)
        raw = request.data.get(self.field) if isinstance(request.data, Mapping) else None
        if not isinstance(raw, int | str) or not str(raw).isdigit() or int(raw) >= 2**31:
            return None
        # Every parent model's manager is a ContentQuerySet's, which reads visible_to.
        readable = self.model._default_manager.visible_to(request.user)  # type: ignore[attr-defined]
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
    Generic[ItemT],
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
    model: type[ItemT]
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
        if versioned(self.model._default_manager.get(pk=pk)).deleted_at is not None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(pk, otherwise)

    # --- writing

    def get_object(self) -> ItemT:
        found: ItemT = super().get_object()
        return found

    def city_of(self, item: Model) -> City:
        city: City = attrgetter(self.city_path)(item)
        return city

    def city_of_parent(self, parent: Model) -> City:
        """The city a new item's parent (a goal, an action) belongs to."""
        city: City = attrgetter("city")(parent)
        return city

    def item_for_write(self) -> ItemT:
        """The item a change names (404 unless the person may read it), once their right
        to change it is checked (403)."""
        item = self.get_object()
        require_edit(self.request, self.city_of(item), needs=self.needs)
        return item

    def item_to_publish(self) -> ItemT:
        return self.get_object()

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        """The create service's arguments (but ``by``) from a new item's fields."""
        return {self.parent.field: parent, **data}

    def update_arguments(self, item: ItemT, data: dict[str, Any]) -> dict[str, Any]:
        """The update service's arguments (but the item, ``by`` and the version) from the
        fields sent."""
        return data

    def call(self, service: Service, item: ItemT, **kwargs: Any) -> Any:
        """Run a service on ``item`` as the person (a 409 is returned, a 400 raised)."""
        return run(
            service.function, self.names, **{service.item: item}, by=self.request.user, **kwargs
        )

    # The actions below have no docstrings: the OpenAPI schema describes each operation
    # with the resource's own docstring.

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        parent = self.parent.find(request)
        if parent is not None:
            city = parent if isinstance(parent, City) else self.city_of_parent(parent)
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
        return self.answer(item.pk)


Resource = TypeVar("Resource", bound=EditableResource[Any])


def editable_schema(
    *, list: str, retrieve: str, create: str, update: str, destroy: str, publish: str
) -> Callable[[type[Resource]], type[Resource]]:
    """The OpenAPI description of an editable resource's operations: their summaries
    (in Swedish), and bodies and answers from the resource's declarations."""

    def decorate(view: type[Resource]) -> type[Resource]:
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
